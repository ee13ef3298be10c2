// startNatsCluster: a full mesh of nats-servers on loopback, ready once every server has a
// route to every other one (and, with JetStream, knows the meta leader).
import {
  launchNatsServer,
  type ManagedNatsServer,
  type NatsServer,
  type NatsServerOptions,
} from './nats-server.js';
import { freePort, getJson, takenPort, waitUntil } from './support.js';

/** Options of {@link startNatsCluster}; the others apply to every server. */
export interface NatsClusterOptions extends Omit<
  NatsServerOptions,
  'port' | 'cluster' | 'serverName' | 'jetstream' | 'monitor'
> {
  /** How many servers. @default 3 */
  readonly size?: number;
  /** The cluster's name; the servers are named `<name>-1`, `<name>-2`, … @default 'sigx' */
  readonly name?: string;
  /** JetStream on every server (clustered, each with its own temporary store). @default false */
  readonly jetstream?: boolean;
}

/** A cluster started by {@link startNatsCluster}. */
export interface NatsCluster {
  /** The cluster's name. */
  readonly name: string;
  /**
   * Its servers (each with HTTP monitoring on). Stopping one and starting it again makes it
   * rejoin: its `start()` resolves once the routes between the running servers are up again.
   */
  readonly servers: readonly NatsServer[];
  /** The servers' client URLs, in the order of `servers`. */
  readonly urls: readonly string[];
  /**
   * Resolves once every running server has a route to every other running one (and, with
   * JetStream, reports itself healthy: it knows the meta leader and is current).
   * @returns nothing; rejects when that does not happen within the start timeout.
   */
  ready(): Promise<void>;
  /**
   * Stops every server.
   * @param signal - `SIGTERM` (a clean shutdown, the default) or `SIGKILL` (a crash).
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

interface Routez {
  readonly server_id: string;
  readonly routes?: readonly { readonly remote_id: string }[] | null;
}

/**
 * Starts `size` servers on loopback with routes to each other (a full mesh), and resolves once
 * the routes are up (and, with JetStream, once every server knows the meta leader).
 *
 * @param options - see {@link NatsClusterOptions}.
 * @returns the running cluster.
 * @throws (rejects) {@link NatsServerNotFoundError} when the program is missing, and `Error`
 * when a server exits, or the cluster does not form, in time (with the output in the message).
 *
 * @example
 * ```ts
 * const cluster = await startNatsCluster({ size: 3 });
 * const a = await connect({ servers: cluster.urls[0] });
 * const c = await connect({ servers: cluster.urls[2] });
 * // ...
 * await cluster.stop();
 * ```
 */
export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const { size = 3, name = 'sigx', jetstream = false, ...serverOptions } = options;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be at least 1: ${size}`);
  const timeout = options.startTimeoutMs ?? 10_000;
  // The route ports must be known before the first server starts: should one be taken by
  // then, start the whole cluster again on other ports.
  for (let attempt = 1; ; attempt += 1) {
    const clusterPorts: number[] = [];
    while (clusterPorts.length < size) {
      const port = await freePort();
      if (!clusterPorts.includes(port)) clusterPorts.push(port);
    }
    const routes = clusterPorts.map((port) => `nats-route://127.0.0.1:${port}`);
    const started = await Promise.allSettled(
      clusterPorts.map((port, i) =>
        launchNatsServer({
          ...serverOptions,
          jetstream,
          monitor: true,
          serverName: `${name}-${i + 1}`,
          cluster: { name, port, routes: routes.filter((_, j) => j !== i) },
        }),
      ),
    );
    const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s) => s.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(servers.map((server) => server.stop('SIGKILL')));
      const taken = takenPort(failure.reason);
      if (taken === undefined || !clusterPorts.includes(taken) || attempt === 5) {
        throw failure.reason;
      }
      continue;
    }
    const cluster = new ManagedCluster(name, servers, jetstream, timeout);
    try {
      await cluster.ready();
    } catch (error) {
      await cluster.stop('SIGKILL');
      throw error;
    }
    for (const server of servers) server.afterStart = () => cluster.ready();
    return cluster;
  }
}

class ManagedCluster implements NatsCluster {
  readonly name: string;
  readonly servers: readonly ManagedNatsServer[];
  readonly urls: readonly string[];
  readonly #jetstream: boolean;
  readonly #timeout: number;

  constructor(
    name: string,
    servers: readonly ManagedNatsServer[],
    jetstream: boolean,
    timeout: number,
  ) {
    this.name = name;
    this.servers = servers;
    this.urls = servers.map((server) => server.url);
    this.#jetstream = jetstream;
    this.#timeout = timeout;
  }

  async ready(): Promise<void> {
    let last = '';
    await waitUntil(
      async () => {
        const running = this.servers.filter((server) => server.running);
        const routez = (await Promise.all(
          running.map((server) => getJson(`${server.monitorUrl!}/routez`)),
        )) as Routez[];
        const ids = routez.map((r) => r.server_id);
        const missing = routez.flatMap((r, i) => {
          const remote = new Set((r.routes ?? []).map((route) => route.remote_id));
          const absent = ids.filter((id, j) => j !== i && !remote.has(id)).length;
          return absent === 0 ? [] : [`${running[i]!.url} lacks ${absent} route(s)`];
        });
        if (this.#jetstream && missing.length === 0) {
          const health = await Promise.all(
            running.map(async (server) => {
              const response = await fetch(`${server.monitorUrl!}/healthz`, {
                signal: AbortSignal.timeout(2_000),
              });
              return response.ok ? undefined : `${server.url}: ${await response.text()}`;
            }),
          );
          missing.push(...health.filter((h) => h !== undefined));
        }
        last = missing.join('; ');
        return missing.length === 0;
      },
      this.#timeout,
      () =>
        `the NATS cluster ${this.name} did not form within ${this.#timeout} ms (${last}):\n` +
        this.servers.map((server) => `--- ${server.url}\n${server.output}`).join('\n'),
    );
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop(signal)));
  }
}
