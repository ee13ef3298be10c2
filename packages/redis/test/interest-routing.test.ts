// Interest-based routing, seen from the Redis server: a bridge PSUBSCRIBEs only to what its
// subscriptions can match (PUBLISH returns how many clients received a message, PUBSUB NUMPAT
// how many patterns are subscribed), and keeps that up to date as subscriptions come and go.
import { SignalExchange } from '@sigx/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, type RedisBridge } from '../src/index.js';
import { message, rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = rawClient(server());
});
afterAll(async () => {
  await redis?.quit();
});

/** How many clients a PUBLISH on the channel reaches (the payload is not a sigx message). */
const receivers = (channel: string): Promise<number> => redis.publish(channel, 'probe');
const patternCount = async (): Promise<number> => Number(await redis.pubsub('NUMPAT'));
/** `psub=` of the bridge's subscribing connection in CLIENT LIST. */
async function psubOf(bridge: RedisBridge): Promise<number> {
  const list = await redis.client('LIST');
  const line = String(list)
    .split('\n')
    .find((entry) => entry.includes(` name=sigx:${bridge.nodeId}:sub `));
  return Number(/ psub=(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN);
}

async function bridgeFor(exchange: SignalExchange, channelPrefix?: string): Promise<RedisBridge> {
  return connectRedis(exchange, {
    url: server().url,
    ...(channelPrefix === undefined ? {} : { channelPrefix }),
    // The probes are not sigx messages: the bridge reports and drops them.
    onError: (error) => {
      if (error.name !== 'MalformedPayloadError') throw error;
    },
  });
}

describe('interest-based routing on the server', () => {
  it('subscribes to nothing without subscriptions, then to the literal prefix of each', async () => {
    const exchange = new SignalExchange();
    const bridge = await bridgeFor(exchange);
    expect(bridge.stats().patterns).toEqual([]);
    expect(await patternCount()).toBe(0);

    exchange.subscribe({ topicPattern: 'parent/.*', handler: () => {} });
    await bridge.flush();
    expect(bridge.stats().patterns).toEqual(['sigx:parent/*']);
    expect(await psubOf(bridge)).toBe(1);
    expect(await receivers('sigx:parent/child')).toBe(1);
    expect(await receivers('sigx:parent')).toBe(0);
    expect(await receivers('sigx:other/x')).toBe(0);
    expect(await receivers('parent/child')).toBe(0);
    await bridge.close();
  });

  it('subscribes an anchored pattern to exact channels, an unindexable one to everything', async () => {
    const exchange = new SignalExchange();
    const bridge = await bridgeFor(exchange);
    const exact = exchange.subscribe({ topicPattern: 'parent/child$', handler: () => {} });
    await bridge.flush();
    expect(bridge.stats().patterns).toEqual(['sigx:parent/child']);
    expect(await receivers('sigx:parent/child')).toBe(1);
    expect(await receivers('sigx:parent/child/x')).toBe(0);

    const everything = exchange.subscribe({ topicPattern: '.*/temp', handler: () => {} });
    await bridge.flush();
    // Everything covers the exact channel: one glob, so no message arrives twice.
    expect(bridge.stats().patterns).toEqual(['sigx:*']);
    expect(await psubOf(bridge)).toBe(1);
    expect(await receivers('sigx:anything/at/all')).toBe(1);
    expect(await receivers('other:x')).toBe(0);

    exchange.unsubscribe(everything);
    await bridge.flush();
    expect(bridge.stats().patterns).toEqual(['sigx:parent/child']);
    expect(await receivers('sigx:anything/at/all')).toBe(0);
    exchange.unsubscribe(exact);
    await bridge.flush();
    expect(await patternCount()).toBe(0);
    await bridge.close();
  });

  it('counts references: a glob goes when its last subscription goes (stream and next too)', async () => {
    const exchange = new SignalExchange();
    const bridge = await bridgeFor(exchange);
    const first = exchange.subscribe({ topicPattern: 'a/.*', handler: () => {} });
    const stream = exchange.stream({ topicPattern: 'a/.*' });
    const next = exchange.next({ topicPattern: 'a/b/.*' });
    await bridge.flush();
    expect(bridge.stats().patterns).toEqual(['sigx:a/*']);
    exchange.unsubscribe(first);
    await bridge.flush();
    expect(await receivers('sigx:a/x')).toBe(1);
    await stream.return();
    await bridge.flush();
    // Only next()'s narrower pattern is left.
    expect(bridge.stats().patterns).toEqual(['sigx:a/b/*']);
    expect(await receivers('sigx:a/x')).toBe(0);
    await exchange.publish({ message: message('a/b/c', 1) });
    await next;
    await bridge.flush();
    expect(bridge.stats().patterns).toEqual([]);
    expect(await patternCount()).toBe(0);
    await bridge.close();
  });

  it('subscribes for the subscriptions the exchange had before it was bridged', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'early/.*', handler: () => {} });
    const bridge = await bridgeFor(exchange);
    // connectRedis resolves once Redis confirmed them.
    expect(await receivers('sigx:early/x')).toBe(1);
    exchange.clear();
    await bridge.flush();
    expect(await receivers('sigx:early/x')).toBe(0);
    await bridge.close();
  });

  it('uses the channel prefix, so bridges with another prefix do not see each other', async () => {
    const one = new SignalExchange();
    const two = new SignalExchange();
    const other = new SignalExchange();
    const bridges = await Promise.all([
      bridgeFor(one, 'app1:'),
      bridgeFor(two, 'app1:'),
      bridgeFor(other, 'app2:'),
    ]);
    const atTwo = record(two, 'x/.*');
    const atOther = record(other, 'x/.*');
    await Promise.all(bridges.map((bridge) => bridge.flush()));
    expect(bridges[1].stats().patterns).toEqual(['app1:x/*']);
    await one.publish({ message: message('x/1', 'hi') });
    await waitFor(() => atTwo.values.length === 1, 'the message on app1:');
    expect(atOther.values).toEqual([]);
    expect(bridges[2].stats().received).toBe(0);
    await Promise.all(bridges.map((bridge) => bridge.close()));
  });
});
