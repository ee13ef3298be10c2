// close(): the bridge stops sending and receiving, lets what it handed over reach Redis,
// closes both of its connections (and only those), and is idempotent.
import { SignalExchange } from '@sigx/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedis, RedisConnectionError } from '../src/index.js';
import { startRedisServer } from '../src/testing.js';
import { message, rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

async function sigxClients(): Promise<string[]> {
  const redis = rawClient(server());
  const list = String(await redis.client('LIST'));
  await redis.quit();
  return [...list.matchAll(/ name=(sigx:\S*)/g)].map((match) => match[1]!);
}

describe('close()', () => {
  it('stops forwarding and receiving, and closes both connections', async () => {
    const a = new SignalExchange();
    const b = new SignalExchange();
    const bridgeA = await connectRedis(a, { url: server().url, nodeId: 'closing-a' });
    const bridgeB = await connectRedis(b, { url: server().url, nodeId: 'closing-b' });
    const atA = record(a, 'c/.*');
    const atB = record(b, 'c/.*');
    await Promise.all([bridgeA.flush(), bridgeB.flush()]);
    expect(await sigxClients()).toEqual(
      expect.arrayContaining(['sigx:closing-a:pub', 'sigx:closing-a:sub', 'sigx:closing-b:pub']),
    );

    await a.publish({ message: message('c/1', 'before') });
    await waitFor(() => atB.values.length === 1, 'the message before close');
    const closing = bridgeA.close();
    expect(bridgeA.close()).toBe(closing);
    await closing;
    expect(bridgeA.stats().connected).toBe(false);
    expect((await sigxClients()).filter((name) => name.startsWith('sigx:closing-a'))).toEqual([]);

    // a is local again: its publishes no longer go out, b's no longer come in.
    await a.publish({ message: message('c/2', 'after, from a') });
    await b.publish({ message: message('c/3', 'after, from b') });
    await bridgeB.flush();
    await b.publish({ message: message('c/4', 'marker') });
    expect(atA.values).toEqual(['before', 'after, from a']);
    expect(atB.values).toEqual(['before', 'after, from b', 'marker']);
    expect(bridgeA.stats().sent).toBe(1);
    await bridgeA.flush(); // resolves at once after close
    await bridgeB.close();
  });

  it('waits for the messages handed over just before', async () => {
    const a = new SignalExchange();
    const b = new SignalExchange();
    const bridgeA = await connectRedis(a, { url: server().url });
    const bridgeB = await connectRedis(b, { url: server().url });
    const atB = record(b, 'w/.*');
    await bridgeB.flush();
    for (let i = 0; i < 200; i += 1) void a.publish({ message: message('w/x', i) });
    await bridgeA.close();
    expect(bridgeA.stats()).toMatchObject({ sent: 200, inFlight: 0, buffered: 0, dropped: 0 });
    await waitFor(() => atB.values.length === 200, 'all 200 at B');
    expect(atB.values).toEqual([...Array.from({ length: 200 }).keys()]);
    await bridgeB.close();
  });

  it('drops (counts and reports) what is still buffered when Redis is unreachable', async () => {
    const own = await startRedisServer();
    const errors: Error[] = [];
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url: own.url, onError: (e) => errors.push(e) });
    await own.stop();
    await waitFor(() => !bridge.stats().connected, 'the bridge to notice');
    await exchange.publish({ message: message('x', 1) });
    await exchange.publish({ message: message('x', 2) });
    expect(bridge.stats().buffered).toBe(2);
    await bridge.close();
    expect(bridge.stats()).toMatchObject({ buffered: 0, dropped: 2 });
    const last = errors.at(-1)!;
    expect(last).toBeInstanceOf(RedisConnectionError);
    // The client's last error, when it has reported one by then (ECONNREFUSED, ECONNRESET: a
    // matter of timing), is the cause, and its message follows.
    const cause = last.cause instanceof Error ? `: ${last.cause.message}` : '';
    expect(last.message).toBe(
      `Redis publisher connection was not up at close(): 2 buffered message(s) were dropped${cause}`,
    );
  });

  it('never closes a client given as the client option', async () => {
    const client = new Redis(server().url);
    const exchange = new SignalExchange();
    const errors: Error[] = [];
    const bridge = await connectRedis(exchange, {
      client,
      nodeId: 'from-client',
      onError: (error) => errors.push(error),
    });
    record(exchange, 'k/.*');
    await bridge.flush();
    // The bridge's own connections (made with client.duplicate()) receive it.
    expect(await client.publish('sigx:k/1', 'not a sigx message')).toBe(1);
    await waitFor(() => errors.length === 1, 'the malformed report');
    expect(await sigxClients()).toEqual(
      expect.arrayContaining(['sigx:from-client:pub', 'sigx:from-client:sub']),
    );
    await bridge.close();
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });
});
