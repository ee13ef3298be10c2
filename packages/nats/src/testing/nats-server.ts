// startNatsServer: one nats-server on loopback, configured through a file in its own
// temporary directory, that can be stopped (cleanly or killed) and started again as it was.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNatsConfig, type ResolvedNatsConfig } from './nats-config.js';
import {
  defaultNatsServerCommand,
  forgetChild,
  freePort,
  killOnExit,
  recreateDirectory,
  removeDirectory,
  takenPort,
  temporaryDirectory,
} from './support.js';

/** A `nats-server` started by {@link startNatsServer} (or one of {@link startNatsCluster}'s). */
export interface NatsServer {
  /** Its loopback client port (kept across `stop()` and `start()`). */
  readonly port: number;
  /** `nats://127.0.0.1:<port>`: what clients connect to (TLS, when on, is negotiated). */
  readonly url: string;
  /** Whether it is running. */
  readonly running: boolean;
  /** Its route (cluster) port, when it is part of a cluster; else `undefined`. */
  readonly clusterPort: number | undefined;
  /**
   * The JetStream `store_dir`, when JetStream is on (the server keeps its data in a
   * `jetstream` folder inside it); else `undefined`. Kept across `stop()` and `start()`.
   */
  readonly storeDir: string | undefined;
  /** Its HTTP monitoring port, when monitoring is on; else `undefined`. */
  readonly monitorPort: number | undefined;
  /**
   * `http://127.0.0.1:<monitorPort>`, when monitoring is on (for `/varz`, `/connz`, `/routez`,
   * `/jsz`, `/healthz`); else `undefined`.
   */
  readonly monitorUrl: string | undefined;
  /**
   * The configuration file it runs with, in its temporary directory (written on `start()`; with
   * the directory, removed on `stop()` unless the directory holds the JetStream store).
   */
  readonly configFile: string;
  /** Its recent log output (the last 64 KiB of the current run), for diagnostics. */
  readonly output: string;
  /**
   * Stops it and waits for the process to exit. Does nothing when it is not running.
   * @param signal - `SIGTERM` (a clean shutdown, the default) or `SIGKILL` (a crash).
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /**
   * Starts it again (after `stop()`) on the same ports, with the same configuration and
   * JetStream store; resolves once it is ready (for a cluster's server: once it has rejoined).
   */
  start(): Promise<void>;
}

/** User and password authentication of {@link NatsServerOptions.auth}. */
export interface NatsUserPasswordAuth {
  /** The user name clients must give. */
  readonly user: string;
  /** Its password. */
  readonly password: string;
}

/** Token authentication of {@link NatsServerOptions.auth}. */
export interface NatsTokenAuth {
  /** The token clients must give. */
  readonly token: string;
}

/**
 * NKey authentication of {@link NatsServerOptions.auth}: clients sign the server's nonce with
 * the seed of this key (`nkeyAuthenticator(seed)` of `@nats-io/transport-node`).
 */
export interface NatsNkeyAuth {
  /** The user's public NKey (`U…`, `createUser().getPublicKey()` of `@nats-io/nkeys`). */
  readonly nkey: string;
}

/** How clients authenticate (the server's `authorization` block). */
export type NatsAuth = NatsUserPasswordAuth | NatsTokenAuth | NatsNkeyAuth;

/** TLS for client connections (the server's `tls` block). */
export interface NatsTlsOptions {
  /** The server's certificate (PEM). */
  readonly certFile: string;
  /** Its private key (PEM). */
  readonly keyFile: string;
  /** The CA that client certificates must be signed by (PEM). @default none */
  readonly caFile?: string;
  /** Whether clients must present a certificate signed by `caFile`. @default false */
  readonly verify?: boolean;
}

/** JetStream settings of {@link NatsServerOptions.jetstream}. */
export interface NatsJetStreamOptions {
  /**
   * Where the server stores streams (never removed).
   * @default a temporary directory, removed when this process exits (or, should it be killed,
   * by a later process)
   */
  readonly storeDir?: string;
}

/** Clustering of {@link NatsServerOptions.cluster}. */
export interface NatsServerClusterOptions {
  /** The cluster's name (the same on every server of the cluster). */
  readonly name: string;
  /** The route port this server listens on. @default a free one */
  readonly port?: number;
  /** The other servers' routes, such as `nats-route://127.0.0.1:6222`. */
  readonly routes: readonly string[];
}

/** Options of {@link startNatsServer}. */
export interface NatsServerOptions {
  /**
   * The program to run.
   * @default process.env.SIGX_NATS_SERVER ?? 'nats-server' (on PATH, else /usr/sbin/nats-server)
   */
  readonly command?: string;
  /** The client port. @default a free one */
  readonly port?: number;
  /** How long to wait for it to be ready. @default 10_000 */
  readonly startTimeoutMs?: number;
  /**
   * JetStream, with file storage in a temporary directory (`true`) or in `storeDir`.
   * @default false
   */
  readonly jetstream?: boolean | NatsJetStreamOptions;
  /** How clients must authenticate. @default none */
  readonly auth?: NatsAuth;
  /** TLS for client connections. @default none */
  readonly tls?: NatsTlsOptions;
  /** The largest message payload the server accepts, in bytes. @default 1 MiB (the server's) */
  readonly maxPayload?: number;
  /** Makes it a server of a cluster. @default none */
  readonly cluster?: NatsServerClusterOptions;
  /**
   * Its `server_name`. @default the server's id; with JetStream in a cluster, `sigx-<port>`
   * (JetStream needs a name that stays the same across restarts)
   */
  readonly serverName?: string;
  /** Turns on HTTP monitoring (`monitorUrl`) on a free port. @default false */
  readonly monitor?: boolean;
  /** Configuration text appended to the generated file. @default none */
  readonly extraConfig?: string;
}

/**
 * `nats-server` is not installed (or not on `PATH` nor in `/usr/sbin`): the message says how
 * to install it.
 */
export class NatsServerNotFoundError extends Error {
  /** Always `'NatsServerNotFoundError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'NatsServerNotFoundError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_NATS_SERVER_NOT_FOUND';
  /** The program that was not found. */
  readonly command: string;

  /**
   * @param command - the program that was not found.
   * @param options - `cause`: the spawn error.
   */
  constructor(command: string, options?: ErrorOptions) {
    super(
      `${command} was not found: the @sigx/nats tests, the NATS cluster example and the cross-process benchmark run a real NATS server. ` +
        'Install it (Debian/Ubuntu: `apt-get update && apt-get install -y nats-server`; macOS: `brew install nats-server`), ' +
        'or point SIGX_NATS_SERVER at the program.',
      options,
    );
    this.command = command;
  }
}

/**
 * Starts `nats-server -c <file>` on 127.0.0.1 and a free port, with a configuration file
 * written into a fresh temporary directory, and waits until it is ready ("Server is ready" in
 * its log; for a cluster's server, also its route listener). `stop()` removes that directory,
 * unless it holds the JetStream store (which a restart needs): that one goes when this process
 * exits or, should it be killed (as test runners do to their workers), when a later process
 * starts a server. The server is killed when this process exits, should the caller not stop it.
 *
 * @param options - see {@link NatsServerOptions}.
 * @returns the running server.
 * @throws (rejects) {@link NatsServerNotFoundError} when the program is missing, and `Error`
 * when it exits or does not get ready in time (with its output in the message).
 *
 * @example
 * ```ts
 * const server = await startNatsServer({ jetstream: true });
 * const nc = await connect({ servers: server.url });
 * // ...
 * await nc.close();
 * await server.stop();
 * ```
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  return launchNatsServer(options);
}

/** {@link startNatsServer}, returning the class (whose `afterStart` a cluster sets). */
export async function launchNatsServer(options: NatsServerOptions): Promise<ManagedNatsServer> {
  const command =
    options.command ?? (process.env['SIGX_NATS_SERVER'] || defaultNatsServerCommand());
  const timeout = options.startTimeoutMs ?? 10_000;
  const dir = temporaryDirectory();
  const jetstream = options.jetstream ?? false;
  const givenStore = typeof jetstream === 'object' ? jetstream.storeDir : undefined;
  const storeDir = jetstream === false ? undefined : (givenStore ?? join(dir, 'store'));
  // A free port may be taken between the probe and the start: try a few.
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    const monitorPort = options.monitor ? await freePort() : undefined;
    const cluster =
      options.cluster === undefined
        ? undefined
        : {
            name: options.cluster.name,
            port: options.cluster.port ?? (await freePort()),
            routes: options.cluster.routes,
          };
    const config: ResolvedNatsConfig = {
      port,
      monitorPort,
      serverName:
        options.serverName ??
        (cluster !== undefined && storeDir !== undefined ? `sigx-${port}` : undefined),
      storeDir,
      maxPayload: options.maxPayload,
      auth: options.auth,
      tls: options.tls,
      cluster,
      extraConfig: options.extraConfig,
    };
    const keepDir = storeDir !== undefined && givenStore === undefined;
    const server = new ManagedNatsServer(command, config, dir, keepDir, timeout);
    try {
      await server.start();
      return server;
    } catch (error) {
      const taken = takenPort(error);
      const chosenByUs =
        taken !== undefined &&
        ((taken === port && options.port === undefined) ||
          taken === monitorPort ||
          (taken === cluster?.port && options.cluster?.port === undefined));
      if (!chosenByUs || attempt === 5) {
        removeDirectory(dir);
        throw error;
      }
    }
  }
}

const outputLimit = 64 * 1024;

/** The {@link NatsServer} implementation. */
export class ManagedNatsServer implements NatsServer {
  readonly port: number;
  readonly url: string;
  readonly clusterPort: number | undefined;
  readonly storeDir: string | undefined;
  readonly monitorPort: number | undefined;
  readonly monitorUrl: string | undefined;
  readonly configFile: string;
  /** Run after each start once the server is ready (a cluster waits for its routes here). */
  afterStart: (() => Promise<void>) | undefined;
  readonly #command: string;
  readonly #dir: string;
  readonly #keepDir: boolean;
  readonly #config: string;
  readonly #timeout: number;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #output = '';

  /**
   * @param dir - its temporary directory, for the configuration file (and the JetStream store
   * when `keepDir`: then it stays when the server stops).
   */
  constructor(
    command: string,
    config: ResolvedNatsConfig,
    dir: string,
    keepDir: boolean,
    timeout: number,
  ) {
    this.#command = command;
    this.#dir = dir;
    this.#keepDir = keepDir;
    this.#config = renderNatsConfig(config);
    this.port = config.port;
    this.url = `nats://127.0.0.1:${config.port}`;
    this.clusterPort = config.cluster?.port;
    this.storeDir = config.storeDir;
    this.monitorPort = config.monitorPort;
    this.monitorUrl =
      config.monitorPort === undefined ? undefined : `http://127.0.0.1:${config.monitorPort}`;
    this.configFile = join(dir, 'nats.conf');
    this.#timeout = timeout;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  get output(): string {
    return this.#output;
  }

  async start(): Promise<void> {
    if (this.#child !== undefined) return;
    recreateDirectory(this.#dir);
    if (this.storeDir !== undefined) mkdirSync(this.storeDir, { recursive: true });
    writeFileSync(this.configFile, this.#config);
    const child = spawn(this.#command, ['-c', this.configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#output = '';
    killOnExit(child);
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
    // It logs to stderr; read both (unread pipes would fill up and block it).
    const onData = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-outputLimit);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    // "Server is ready" comes once clients can connect, but the route listener (where a
    // clustered server may still fail on a taken port) starts after it.
    const markers = ['Server is ready'];
    if (this.clusterPort !== undefined) markers.push('Listening for route connections on');
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            done(
              new Error(
                `${this.#command} was not ready within ${this.#timeout} ms:\n${this.#output}`,
              ),
            ),
          this.#timeout,
        );
        const check = (): void => {
          if (markers.every((marker) => this.#output.includes(marker))) done();
        };
        const onError = (error: NodeJS.ErrnoException): void =>
          done(
            error.code === 'ENOENT'
              ? new NatsServerNotFoundError(this.#command, { cause: error })
              : error,
          );
        const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
          // Let the last output arrive before it goes into the message.
          void this.#exited.then(() =>
            done(
              new Error(
                `${this.#command} exited (${signal ?? code}) before it was ready:\n${this.#output}`,
              ),
            ),
          );
        };
        const done = (error?: Error): void => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          child.off('error', onError);
          child.off('exit', onExit);
          if (error === undefined) resolve();
          else reject(error);
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        child.once('error', onError);
        child.once('exit', onExit);
      });
    } catch (error) {
      if (child.pid !== undefined) {
        child.kill('SIGKILL');
        await this.#exited;
      }
      this.#forget(child);
      throw error;
    }
    child.once('exit', () => this.#forget(child));
    await this.afterStart?.();
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    const exited = this.#exited;
    child.kill(signal);
    await exited;
    this.#forget(child);
  }

  #forget(child: ChildProcess): void {
    forgetChild(child);
    if (this.#child !== child) return;
    this.#child = undefined;
    if (!this.#keepDir) removeDirectory(this.#dir);
  }
}
