// What a bridge keeps per sender (for duplicate suppression) is bounded: node and run ids are
// refused past 256 and 64 characters, and the senders remembered are the most recent 10 000,
// fewer when their ids are long (at most 4 MiB of them), so forged senders cannot fill the
// heap.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, defaultCodec } from '../src/index.js';
import { rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

const forged = (node: string, run: string): string =>
  defaultCodec.encode({
    v: 1,
    node,
    run,
    seq: 1,
    topic: 'p/1',
    publisherName: null,
    messageId: run,
    created: 0,
    value: 1,
    previousValue: null,
  }) as string;

describe('what a bridge keeps per sender', () => {
  it('refuses ids past their bounds', async () => {
    const exchange = new SignalExchange();
    const errors: Error[] = [];
    const bridge = await connectRedis(exchange, {
      url: server().url,
      onError: (error) => errors.push(error),
    });
    const got = record(exchange, 'p/.*');
    await bridge.flush();
    const redis = rawClient(server());
    await redis.publish('sigx:p/1', forged('n'.repeat(100_000), 'run'));
    await redis.publish('sigx:p/1', forged('node', 'r'.repeat(65)));
    await redis.publish('sigx:p/1', forged('n'.repeat(256), 'r'.repeat(64)));
    await waitFor(() => got.values.length === 1, 'the record within bounds');
    expect(errors.map((error) => [error.name, error.message])).toEqual([
      [
        'MalformedPayloadError',
        'Dropped a malformed payload on Redis channel "sigx:p/1": its node id is longer than 256 characters',
      ],
      [
        'MalformedPayloadError',
        'Dropped a malformed payload on Redis channel "sigx:p/1": its run id is longer than 64 characters',
      ],
    ]);
    expect(bridge.stats()).toMatchObject({ malformed: 2, received: 1, peers: 1 });
    await redis.quit();
    await bridge.close();
  });

  it('remembers at most 10 000 senders, and fewer with long ids', { timeout: 60_000 }, async () => {
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url: server().url });
    const got = record(exchange, 'p/.*');
    await bridge.flush();
    const redis = rawClient(server());
    const send = async (count: number, id: (i: number) => [string, string]): Promise<void> => {
      for (let start = 0; start < count; start += 1_000) {
        const pipeline = redis.pipeline();
        for (let i = start; i < Math.min(count, start + 1_000); i += 1) {
          pipeline.publish('sigx:p/1', forged(...id(i)));
        }
        await pipeline.exec();
      }
    };
    await send(12_000, (i) => [`node-${i}`, `run-${i}`]);
    await waitFor(() => got.values.length === 12_000, '12 000 senders', 30_000);
    expect(bridge.stats().peers).toBe(10_000);

    // Ids at their bounds: 4 MiB holds fewer of them.
    const long = (i: number): [string, string] => [`${i}`.padEnd(256, 'n'), `${i}`.padEnd(64, 'r')];
    await send(10_000, long);
    await waitFor(() => got.values.length === 22_000, '10 000 senders with long ids', 30_000);
    const { peers } = bridge.stats();
    expect(peers).toBeLessThan(10_000);
    expect(peers).toBeGreaterThan(2_000);
    // The most recent are those remembered: the last one's resend is a duplicate.
    await redis.publish('sigx:p/1', forged(...long(9_999)));
    await waitFor(() => bridge.stats().duplicates === 1, 'the duplicate of the last sender');
    expect(bridge.stats().malformed).toBe(0);
    await redis.quit();
    await bridge.close();
  });
});
