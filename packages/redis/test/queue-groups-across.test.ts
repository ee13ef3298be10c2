// Queue groups across processes: a group is per exchange. Redis pub/sub sends every message to
// every subscribed bridge, so each exchange's group takes its own copy (one member each), and
// grouped subscriptions drive a bridge's Redis subscriptions like any other.
import type { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { message, useRedisServer, waitFor, useBridges } from './support/helpers.js';

const server = useRedisServer();
const bridged = useBridges(server);

/** Subscribes `count` members of `group` to `pattern`; each records the values it takes. */
function members(exchange: SignalExchange, pattern: string, group: string, count: number) {
  return Array.from({ length: count }, () => {
    const values: unknown[] = [];
    const subscriptionId = exchange.subscribe({
      topicPattern: pattern,
      group,
      handler: (_id, _publisher, m) => void values.push(m.value),
    });
    return { subscriptionId, values };
  });
}

describe('queue groups across processes', () => {
  it("queue groups are per exchange: each process's group receives its own copy", async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const c = await bridged('node-c');
    const atA = members(a.exchange, 'jobs/.*', 'workers', 2);
    const atB = members(b.exchange, 'jobs/.*', 'workers', 2);
    const atC = members(c.exchange, 'jobs/.*', 'workers', 1);
    await Promise.all([b.bridge.flush(), c.bridge.flush()]);
    expect(b.bridge.stats().patterns).toEqual(['sigx:jobs/*']);

    for (const job of [1, 2, 3, 4]) {
      await a.exchange.publish({ message: message(`jobs/${job}`, job) });
    }
    await waitFor(
      () => atB.flatMap((m) => m.values).length === 4 && atC[0]!.values.length === 4,
      'every job at B and C',
    );
    // One member per exchange per message, in turn: four copies in each exchange.
    expect(atA.map((m) => m.values)).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(atB.map((m) => m.values)).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(atC[0]!.values).toEqual([1, 2, 3, 4]);
    expect(b.bridge.stats()).toMatchObject({ received: 4, duplicates: 0 });
  });

  it('grouped subscriptions keep the Redis subscription while a member is left', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const [first, second] = members(b.exchange, 'jobs/.*', 'workers', 2);
    await b.bridge.flush();
    expect(b.bridge.stats().patterns).toEqual(['sigx:jobs/*']);

    b.exchange.unsubscribe(first!.subscriptionId);
    await b.bridge.flush();
    expect(b.bridge.stats().patterns).toEqual(['sigx:jobs/*']);
    await a.exchange.publish({ message: message('jobs/1', 'to the one left') });
    await waitFor(() => second!.values.length === 1, 'the job at the member left');
    expect(first!.values).toEqual([]);

    b.exchange.unsubscribe(second!.subscriptionId);
    await b.bridge.flush();
    expect(b.bridge.stats().patterns).toEqual([]);
  });
});
