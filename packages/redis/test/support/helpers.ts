// Shared helpers of the @sigx/redis tests: a real redis-server per test file, waiting for
// conditions (never for fixed times), and message factories.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Message, SignalExchange } from '@sigx/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  connectRedis,
  type RedisBridge,
  type RedisBridgeOptions,
  type RedisBridgeStats,
} from '../../src/index.js';
import { startRedisServer, type RedisServer } from '../../src/testing.js';

/**
 * Starts a redis-server for the test file (before all its tests) and stops it afterwards.
 * Without redis-server installed, every test of the file fails with RedisServerNotFoundError,
 * whose message says how to install it.
 * @returns a getter of the running server.
 */
export function useRedisServer(): () => RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('redis-server did not start (see beforeAll)');
    return server;
  };
}

/**
 * Bridged exchanges on the file's redis-server, closed after each test.
 * @param server - the getter {@link useRedisServer} returned.
 * @returns `bridged(nodeId, options)`: a new exchange and its bridge, whose `onError` throws
 * unless `options` gives one.
 */
export function useBridges(
  server: () => RedisServer,
): (
  nodeId: string,
  options?: Omit<RedisBridgeOptions, 'url' | 'nodeId'>,
) => Promise<{ exchange: SignalExchange; bridge: RedisBridge }> {
  const bridges: RedisBridge[] = [];
  afterEach(async () => {
    await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
  });
  return async (nodeId, options = {}) => {
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, {
      url: server().url,
      nodeId,
      onError: (error) => {
        throw error;
      },
      ...options,
    });
    bridges.push(bridge);
    return { exchange, bridge };
  };
}

/**
 * Waits until `condition()` is true, checking every few milliseconds.
 * @throws an Error naming `what` after `timeoutMs`.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A message on `topic`. */
export function message<V>(
  topic: string,
  value: V,
  publisherName: string | null = null,
): Message<V> {
  return new Message<V>({ publisherName, topic, value });
}

/** What a subscription received: the messages and the `publisher` arguments. */
export interface Received {
  readonly messages: Message[];
  readonly publishers: unknown[];
  readonly values: unknown[];
}

/** Subscribes `pattern` on `exchange` and records what arrives. */
export function record(exchange: SignalExchange, pattern: string | RegExp): Received {
  const received: Received = { messages: [], publishers: [], values: [] };
  exchange.subscribe({
    topicPattern: pattern,
    handler: (_id, publisher, m) => {
      received.messages.push(m);
      received.publishers.push(publisher);
      received.values.push(m.value);
    },
  });
  return received;
}

/** A plain ioredis client on the server, closed with `quit()` by the caller. */
export function rawClient(server: Pick<RedisServer, 'url'>): Redis {
  return new Redis(server.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/**
 * What a promise rejects with.
 * @throws an Error when it resolves instead.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (reason: unknown) => reason,
  );
}

/** A fixture running in its own Node process, and the lines it prints. */
export interface FixtureProcess {
  readonly child: ChildProcess;
  /**
   * The next line it prints.
   * @throws an Error (after killing it) when no line comes within `timeoutMs`, or when it exits.
   */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Writes a line to its stdin. */
  send(line: string): void;
  /** Kills it if it still runs. */
  kill(): void;
}

// From the repository root, where tsx (a root devDependency) resolves.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Runs `test/fixtures/<name>` in a child Node process (through tsx, on the sources), so that a
 * hang in it cannot hang the test: `nextLine` gives up, kills it and fails.
 */
export function startFixture(name: string, args: readonly string[]): FixtureProcess {
  const script = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@sigx/source', script, ...args],
    { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return {
    child,
    async nextLine(timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          kill();
          reject(new Error(`${name} printed nothing for ${timeoutMs} ms: it was killed`));
        }, timeoutMs);
      });
      try {
        const { value, done } = await Promise.race([lines.next(), timeout]);
        if (done === true) throw new Error(`${name} exited (${child.exitCode}) before a line`);
        return value as string;
      } finally {
        clearTimeout(timer);
      }
    },
    send: (line) => void child.stdin!.write(`${line}\n`),
    kill,
  };
}

/**
 * Resets the connection named `name` in `CLIENT LIST` (a bridge's `sigx:<nodeId>:pub` or
 * `:sub`), as Redis does to a client it kills.
 * @returns its client id.
 * @throws an Error when no such connection exists.
 */
export async function killClient(admin: Redis, name: string): Promise<number> {
  const list = String(await admin.client('LIST'));
  const id = new RegExp(`^id=(\\d+) .*? name=${name} `, 'm').exec(list)?.[1];
  if (id === undefined) throw new Error(`no connection named ${name} in CLIENT LIST`);
  await admin.client('KILL', 'ID', id);
  return Number(id);
}

/** A status line of `fixtures/flooding-publisher.ts`, printed every 100 ms and at the end. */
export interface FloodStatus {
  readonly final: boolean;
  readonly ticks: number;
  readonly published: number;
  readonly stats: RedisBridgeStats;
  readonly errors: string[];
}

/**
 * Reads the flooding publisher's status lines. A stuck event loop prints nothing: 5 s without
 * a line (one is due every 100 ms) kills the child and fails the test.
 * @param node - the fixture process.
 * @param errors - where each line's reported errors are collected.
 * @returns a function reading the next status.
 */
export function floodStatusReader(
  node: FixtureProcess,
  errors: string[],
): () => Promise<FloodStatus> {
  return async () => {
    const status = JSON.parse(await node.nextLine(5_000)) as FloodStatus;
    errors.push(...status.errors);
    return status;
  };
}

/**
 * Makes (or resets) the ACL user `limited`, without a password, that may use every command but
 * only the given channel patterns (`&sigx:ok/*`); Redis 7 compares a PSUBSCRIBE glob with them
 * literally.
 * @param admin - a connection allowed to run ACL.
 * @param server - the server, for the URL.
 * @param channels - the user's channel patterns, each starting with `&`.
 * @returns the URL of the server as that user.
 */
export async function limitedUser(
  admin: Redis,
  server: RedisServer,
  ...channels: string[]
): Promise<string> {
  await admin.call(
    'ACL',
    'SETUSER',
    'limited',
    'on',
    'nopass',
    'resetchannels',
    ...channels,
    '+@all',
  );
  return server.url.replace('redis://', 'redis://limited:any@');
}
