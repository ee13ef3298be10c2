// The nats-server configuration file a test server runs with: everything in one file rather
// than a long command line, so that a restart runs with exactly the same settings.

/** What a configuration file says, with every port and directory already chosen. */
export interface ResolvedNatsConfig {
  readonly port: number;
  readonly monitorPort: number | undefined;
  readonly serverName: string | undefined;
  readonly storeDir: string | undefined;
  readonly maxPayload: number | undefined;
  readonly auth:
    | { readonly user: string; readonly password: string }
    | { readonly token: string }
    | { readonly nkey: string }
    | undefined;
  readonly tls:
    | {
        readonly certFile: string;
        readonly keyFile: string;
        readonly caFile?: string | undefined;
        readonly verify?: boolean | undefined;
      }
    | undefined;
  readonly cluster:
    | { readonly name: string; readonly port: number; readonly routes: readonly string[] }
    | undefined;
  readonly extraConfig: string | undefined;
}

/** A double-quoted string of the configuration language (whose escapes are JSON's). */
const quote = (value: string): string => JSON.stringify(value);

/** The text of the configuration file. */
export function renderNatsConfig(config: ResolvedNatsConfig): string {
  const lines = [
    '# Written by @sigx/nats/testing.',
    `listen: ${quote(`127.0.0.1:${config.port}`)}`,
  ];
  if (config.serverName !== undefined) lines.push(`server_name: ${quote(config.serverName)}`);
  if (config.monitorPort !== undefined) {
    lines.push(`http: ${quote(`127.0.0.1:${config.monitorPort}`)}`);
  }
  if (config.maxPayload !== undefined) lines.push(`max_payload: ${config.maxPayload}`);
  if (config.storeDir !== undefined) {
    lines.push(`jetstream {`, `  store_dir: ${quote(config.storeDir)}`, `}`);
  }
  const { auth, tls, cluster } = config;
  if (auth !== undefined) {
    lines.push('authorization {');
    if ('token' in auth) lines.push(`  token: ${quote(auth.token)}`);
    else if ('nkey' in auth) lines.push(`  users = [ { nkey: ${quote(auth.nkey)} } ]`);
    else lines.push(`  user: ${quote(auth.user)}`, `  password: ${quote(auth.password)}`);
    lines.push('}');
  }
  if (tls !== undefined) {
    lines.push('tls {', `  cert_file: ${quote(tls.certFile)}`, `  key_file: ${quote(tls.keyFile)}`);
    if (tls.caFile !== undefined) lines.push(`  ca_file: ${quote(tls.caFile)}`);
    if (tls.verify !== undefined) lines.push(`  verify: ${tls.verify}`);
    lines.push('}');
  }
  if (cluster !== undefined) {
    lines.push(
      'cluster {',
      `  name: ${quote(cluster.name)}`,
      `  listen: ${quote(`127.0.0.1:${cluster.port}`)}`,
      `  routes = [${cluster.routes.map(quote).join(', ')}]`,
      '}',
    );
  }
  if (config.extraConfig !== undefined) lines.push(config.extraConfig);
  return `${lines.join('\n')}\n`;
}
