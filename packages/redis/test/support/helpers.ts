// Shared helpers of the @sigx/redis tests: a real redis-server per test file, waiting for
// conditions (never for fixed times), and message factories.
import { Message, type SignalExchange } from '@sigx/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
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
