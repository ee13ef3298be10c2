// Shared helpers of the @sigx/redis tests: a real redis-server per test file, bridges closed
// after each test, fixtures in child processes, message factories and Redis admin steps. What the
// NATS tests share with these is in @sigx/test-support.
import { Message, type SignalExchange } from '@sigx/core';
import {
  startFixture as startFixtureAt,
  useBridges as useBridgesOf,
  useServer,
  type FixtureProcess,
} from '@sigx/test-support';
import { Redis } from 'ioredis';
import {
  connectRedis,
  type RedisBridge,
  type RedisBridgeOptions,
  type RedisBridgeStats,
} from '../../src/index.js';
import { startRedisServer, type RedisServer } from '../../src/testing.js';

export { rejectionOf, waitFor, type FixtureProcess } from '@sigx/test-support';

/**
 * Starts a redis-server for the test file (before all its tests) and stops it afterwards.
 * Without redis-server installed, every test of the file fails with RedisServerNotFoundError,
 * whose message says how to install it.
 * @returns a getter of the running server.
 */
export function useRedisServer(): () => RedisServer {
  return useServer(() => startRedisServer(), 'redis-server');
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
  return useBridgesOf((exchange, options: Omit<RedisBridgeOptions, 'url'>) =>
    connectRedis(exchange, { url: server().url, ...options }),
  );
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

/** Runs `test/fixtures/<name>` in a child Node process (see @sigx/test-support). */
export function startFixture(name: string, args: readonly string[]): FixtureProcess {
  return startFixtureAt(new URL(`../fixtures/${name}`, import.meta.url), args);
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
