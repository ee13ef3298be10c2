// A record whose sequence number its sender has already passed is a duplicate (a resend after
// a connection loss whose first copy did arrive, or a message caught by two globs while the
// subscriptions change): dropped and counted, never delivered twice. Senders are told apart by
// their run id, not their node id, so a restarted process that reuses a node id still gets
// through.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, defaultCodec, RemotePublisher } from '../src/index.js';
import { rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

const wire = (run: string, seq: number, value: unknown): string =>
  defaultCodec.encode({
    v: 1,
    node: 'same-node',
    run,
    seq,
    topic: 'd/1',
    publisherName: null,
    messageId: `${run}-${seq}`,
    created: 0,
    value,
    previousValue: null,
  }) as string;

describe('duplicate suppression', () => {
  it('drops what a sender has already sent, per run', async () => {
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url: server().url });
    const received = record(exchange, 'd/.*');
    await bridge.flush();
    const redis = rawClient(server());
    const sends: [string, number, string][] = [
      ['run-1', 1, 'first'],
      ['run-1', 1, 'resent first'],
      ['run-1', 2, 'second'],
      ['run-1', 1, 'late copy of first'],
      ['run-2', 1, 'a new run of the same node'],
      ['run-1', 3, 'third'],
    ];
    for (const [run, seq, value] of sends) await redis.publish('sigx:d/1', wire(run, seq, value));
    await waitFor(() => received.values.includes('third'), 'the last message');
    expect(received.values).toEqual(['first', 'second', 'a new run of the same node', 'third']);
    expect(
      received.publishers.every((p) => p instanceof RemotePublisher && p.nodeId === 'same-node'),
    ).toBe(true);
    expect(bridge.stats()).toMatchObject({ received: 4, duplicates: 2, malformed: 0 });
    await redis.quit();
    await bridge.close();
  });
});
