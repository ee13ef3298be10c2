// docs/delivery-semantics.md, "Queue groups": among the members of one group that a message
// reaches (pattern, publisherName and filter all pass), exactly one receives it, round-robin in
// subscription order, per group; subscriptions without a group are unaffected; several groups
// deliver once each; one call per handler function still holds; streams in a group are a work
// queue; members that leave take nothing with them. Both dispatch modes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ErrorContext,
  type Handler,
  HandlerTimeoutError,
  SignalExchange,
  type SubscriptionInfo,
} from '../src/index.js';
import { message, sleep } from './support/helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Subscribes members `ids` of `group` to `pattern`, each logging `id:value` into `log`. */
function members(
  exchange: SignalExchange,
  ids: readonly string[],
  log: string[],
  options: {
    group?: string;
    pattern?: string;
    filter?: (id: string, value: unknown) => boolean;
  } = {},
): void {
  for (const id of ids) {
    exchange.subscribe({
      subscriptionId: id,
      topicPattern: options.pattern ?? 'jobs/.*',
      group: options.group ?? 'workers',
      ...(options.filter === undefined
        ? {}
        : { filter: (_id, _p, m) => options.filter!(id, m.value) }),
      handler: (subscriptionId, _publisher, m) =>
        void log.push(`${subscriptionId}:${String(m.value)}`),
    });
  }
}

async function publishAll(exchange: SignalExchange, values: readonly unknown[], topic = 'jobs/x') {
  const results = [];
  for (const value of values)
    results.push(await exchange.publish({ message: message(topic, value) }));
  return results;
}

describe.each(['sequential', 'concurrent'] as const)('queue groups (%s dispatch)', (dispatch) => {
  it('exactly one member of a group receives each message, in turn, in subscription order', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    members(exchange, ['a', 'b', 'c'], log);
    const results = await publishAll(exchange, [1, 2, 3, 4, 5, 6, 7]);
    expect(log).toEqual(['a:1', 'b:2', 'c:3', 'a:4', 'b:5', 'c:6', 'a:7']);
    for (const result of results) expect(result).toEqual({ matched: 1, delivered: 1, failed: 0 });
  });

  it('subscriptions without a group are unaffected', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    exchange.subscribe({
      subscriptionId: 'plain',
      topicPattern: 'jobs/.*',
      handler: (id, _p, m) => void log.push(`${id}:${String(m.value)}`),
    });
    members(exchange, ['a', 'b'], log);
    const results = await publishAll(exchange, [1, 2]);
    expect(log).toEqual(['plain:1', 'a:1', 'plain:2', 'b:2']);
    expect(results[0]).toEqual({ matched: 2, delivered: 2, failed: 0 });
  });

  it('several groups that match one message each deliver it once', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    members(exchange, ['a1', 'a2'], log, { group: 'A' });
    members(exchange, ['b1', 'b2', 'b3'], log, { group: 'B' });
    await publishAll(exchange, [1, 2, 3]);
    expect(log).toEqual(['a1:1', 'b1:1', 'a2:2', 'b2:2', 'a1:3', 'b3:3']);
    expect(exchange.stats().groups).toBe(2);
  });

  it('a member whose filter rejects the message is passed over for that message', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    // b takes only even values.
    members(exchange, ['a', 'b', 'c'], log, {
      filter: (id, value) => id !== 'b' || (value as number) % 2 === 0,
    });
    await publishAll(exchange, [1, 3, 5, 6]);
    // 1 → a; 3 is b's turn, b rejects → c; 5 → a (after c); 6 → b.
    expect(log).toEqual(['a:1', 'c:3', 'a:5', 'b:6']);
  });

  it('when every member rejects the message nobody receives it and the turn stays', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    members(exchange, ['a', 'b'], log, { filter: (_id, value) => value !== 'none' });
    const results = await publishAll(exchange, [1, 'none', 2]);
    expect(log).toEqual(['a:1', 'b:2']);
    expect(results[1]).toEqual({ matched: 0, delivered: 0, failed: 0 });
  });

  it('a member whose filter throws is passed over, and the throw is reported', async () => {
    const errors: [unknown, ErrorContext][] = [];
    const exchange = new SignalExchange({ dispatch, onError: (e, c) => errors.push([e, c]) });
    const log: string[] = [];
    const boom = new Error('filter broke');
    members(exchange, ['a', 'b'], log, {
      filter: (id) => {
        if (id === 'a') throw boom;
        return true;
      },
    });
    await publishAll(exchange, [1]);
    expect(log).toEqual(['b:1']);
    expect(errors).toHaveLength(1);
    expect(errors[0]![0]).toBe(boom);
    expect(errors[0]![1]).toMatchObject({ subscriptionId: 'a', phase: 'filter' });
  });

  it('the rotation is over the members a message reaches, in subscription order', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    members(exchange, ['eu1'], log, { pattern: 'jobs/eu' });
    members(exchange, ['all'], log, { pattern: 'jobs/.*' });
    members(exchange, ['eu2'], log, { pattern: 'jobs/eu' });
    await publishAll(exchange, [1], 'jobs/us'); // only `all` is reached
    await publishAll(exchange, [2, 3], 'jobs/eu'); // the turn is after `all`: eu2, then eu1
    expect(log).toEqual(['all:1', 'eu2:2', 'eu1:3']);
  });

  it('publisher routing applies before the rotation', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    for (const [id, publisherName] of [
      ['fromX', 'x'],
      ['any', undefined],
    ] as const) {
      exchange.subscribe({
        subscriptionId: id,
        topicPattern: 'jobs/.*',
        group: 'workers',
        ...(publisherName === undefined ? {} : { publisherName }),
        handler: (sid, _p, m) => void log.push(`${sid}:${String(m.value)}`),
      });
    }
    await exchange.publish({ message: message('jobs/1', 1, 'y') }); // only `any` routes
    await exchange.publish({ message: message('jobs/1', 2, 'x') }); // after `any`: wraps to fromX
    await exchange.publish({ message: message('jobs/1', 3, 'x') });
    expect(log).toEqual(['any:1', 'fromX:2', 'any:3']);
  });

  it('one call per handler function: a chosen member sharing a plain subscription’s handler is not called twice', async () => {
    const exchange = new SignalExchange({ dispatch });
    const calls: string[] = [];
    const shared: Handler = (id, _p, m) => void calls.push(`${id}:${String(m.value)}`);
    exchange.subscribe({ subscriptionId: 'plain', topicPattern: 'jobs/.*', handler: shared });
    exchange.subscribe({
      subscriptionId: 'm1',
      topicPattern: 'jobs/.*',
      group: 'g',
      handler: shared,
    });
    exchange.subscribe({
      subscriptionId: 'm2',
      topicPattern: 'jobs/.*',
      group: 'g',
      handler: (id, _p, m) => void calls.push(`${id}:${String(m.value)}`),
    });
    const results = await publishAll(exchange, [1, 2]);
    // 1: m1 chosen, same function as plain: one call, with the first id (plain).
    expect(calls).toEqual(['plain:1', 'plain:2', 'm2:2']);
    expect(results[0]).toEqual({ matched: 2, delivered: 1, failed: 0 });
    expect(results[1]).toEqual({ matched: 2, delivered: 2, failed: 0 });
  });

  it('a member that unsubscribes or is aborted takes later messages with it to nobody: they go to the others', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    const controller = new AbortController();
    members(exchange, ['a'], log);
    exchange.subscribe({
      subscriptionId: 'b',
      topicPattern: 'jobs/.*',
      group: 'workers',
      signal: controller.signal,
      handler: (id, _p, m) => void log.push(`${id}:${String(m.value)}`),
    });
    members(exchange, ['c'], log);
    await publishAll(exchange, [1, 2]);
    controller.abort();
    await publishAll(exchange, [3]);
    exchange.unsubscribe('c');
    await publishAll(exchange, [4, 5]);
    expect(log).toEqual(['a:1', 'b:2', 'c:3', 'a:4', 'a:5']);
  });

  it('a group is forgotten when its last member leaves, and a new member starts a fresh turn', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    members(exchange, ['a', 'b'], log);
    await publishAll(exchange, [1]);
    expect(exchange.stats()).toMatchObject({ subscriptions: 2, groups: 1 });
    exchange.unsubscribe('a');
    exchange.unsubscribe('b');
    expect(exchange.stats()).toMatchObject({ subscriptions: 0, groups: 0 });
    members(exchange, ['c', 'd'], log);
    await publishAll(exchange, [2]);
    expect(log).toEqual(['a:1', 'c:2']);
  });

  it('weak members take their turn like the others', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    const handlers = ['a', 'b'].map(
      (name): Handler =>
        (_id, _p, m) =>
          void log.push(`${name}:${String(m.value)}`),
    );
    for (const handler of handlers) {
      exchange.subscribe({ topicPattern: 'jobs/.*', group: 'g', weak: true, handler });
    }
    await publishAll(exchange, [1, 2, 3]);
    expect(log).toEqual(['a:1', 'b:2', 'a:3']);
    expect(handlers).toHaveLength(2); // kept alive until here
  });

  it('a stream in a group is a work queue: every message read once, by one consumer', async () => {
    const exchange = new SignalExchange({ dispatch });
    const first = exchange.stream({ topicPattern: 'jobs/.*', group: 'queue' });
    const second = exchange.stream({ topicPattern: 'jobs/.*', group: 'queue' });
    const values = Array.from({ length: 10 }, (_, i) => i);
    await publishAll(exchange, values);
    const read = async (stream: typeof first, count: number): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (let i = 0; i < count; i += 1) out.push((await stream.next()).value!.value);
      return out;
    };
    expect(first.buffered + second.buffered).toBe(10);
    const a = await read(first, first.buffered);
    const b = await read(second, second.buffered);
    expect(a).toEqual([0, 2, 4, 6, 8]);
    expect(b).toEqual([1, 3, 5, 7, 9]);
    await first.return();
    await second.return();
  });

  it('a stream member that unsubscribes keeps what it was handed; later messages go to the others', async () => {
    const exchange = new SignalExchange({ dispatch });
    const leaving = exchange.stream({ topicPattern: 'jobs/.*', group: 'queue' });
    const staying = exchange.stream({ topicPattern: 'jobs/.*', group: 'queue' });
    await publishAll(exchange, [1, 2, 3]);
    exchange.unsubscribe(leaving.subscriptionId); // ends after its buffer is read
    await publishAll(exchange, [4, 5]);
    const leftWith: unknown[] = [];
    for await (const m of leaving) leftWith.push(m.value);
    expect(leftWith).toEqual([1, 3]);
    const stayed: unknown[] = [];
    while (staying.buffered > 0) stayed.push((await staying.next()).value!.value);
    expect(stayed).toEqual([2, 4, 5]);
    await staying.return();
  });

  it('next() in a group takes one message as a member, then the group goes on without it', async () => {
    const exchange = new SignalExchange({ dispatch });
    const log: string[] = [];
    members(exchange, ['a'], log);
    const once = exchange.next({ topicPattern: 'jobs/.*', group: 'workers' });
    await publishAll(exchange, [1, 2, 3]);
    await expect(once).resolves.toMatchObject({ value: 2 });
    expect(log).toEqual(['a:1', 'a:3']);
    expect(exchange.stats().groups).toBe(1);
  });

  it('a member that times out does not hold the turn: the next message goes to the next member', async () => {
    const errors: unknown[] = [];
    const exchange = new SignalExchange({ dispatch, onError: (e) => errors.push(e) });
    const log: string[] = [];
    exchange.subscribe({
      subscriptionId: 'stuck',
      topicPattern: 'jobs/.*',
      group: 'g',
      handlerTimeout: 20,
      handler: (id, _p, m) => {
        log.push(`${id}:${String(m.value)}`);
        return new Promise(() => {});
      },
    });
    members(exchange, ['b'], log, { group: 'g' });
    const results = await publishAll(exchange, [1, 2]);
    expect(log).toEqual(['stuck:1', 'b:2']);
    expect(results[0]).toEqual({ matched: 1, delivered: 1, failed: 1 });
    expect(errors[0]).toBeInstanceOf(HandlerTimeoutError);
  });
});

describe('queue groups and the rest of the exchange', () => {
  it('hasSubscribers, size and stats count group members like any subscription', () => {
    const exchange = new SignalExchange();
    expect(exchange.hasSubscribers('jobs/1')).toBe(false);
    members(exchange, ['a', 'b'], []);
    expect(exchange.hasSubscribers('jobs/1')).toBe(true);
    expect(exchange.size).toBe(2);
    expect(exchange.stats()).toMatchObject({ subscriptions: 2, groups: 1 });
  });

  it('clear() removes every member, and so every group', async () => {
    const exchange = new SignalExchange();
    const log: string[] = [];
    members(exchange, ['a', 'b'], log);
    exchange.clear();
    expect(exchange.stats()).toMatchObject({ subscriptions: 0, groups: 0 });
    expect(await exchange.publish({ message: message('jobs/1') })).toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
  });

  it('observe() tells bridges each subscription’s group', () => {
    const exchange = new SignalExchange();
    members(exchange, ['a'], []);
    const seen: SubscriptionInfo[] = [];
    exchange.observe({
      onSubscribe: (info) => seen.push(info),
      onUnsubscribe: (info) => seen.push(info),
    });
    exchange.subscribe({ subscriptionId: 'plain', topicPattern: 'x', handler: () => {} });
    exchange.unsubscribe('a');
    expect(seen.map(({ subscriptionId, group }) => [subscriptionId, group])).toEqual([
      ['a', 'workers'],
      ['plain', undefined],
      ['a', 'workers'],
    ]);
  });

  it('a group must be a non-empty string', () => {
    const exchange = new SignalExchange();
    for (const group of ['', 5, null, {}] as unknown[]) {
      expect(() =>
        exchange.subscribe({ topicPattern: 'x', handler: () => {}, group: group as string }),
      ).toThrow(TypeError);
      expect(() =>
        exchange.subscribe({ topicPattern: 'x', handler: () => {}, group: group as string }),
      ).toThrow(/^group must be a non-empty string, got /);
    }
    expect(() => exchange.stream({ topicPattern: 'x', group: '' })).toThrow(TypeError);
    expect(() => exchange.next({ topicPattern: 'x', group: '' })).toThrow(TypeError);
    expect(exchange.stats()).toMatchObject({ subscriptions: 0, groups: 0 });
  });

  it('a pattern the exchange refuses joins no group', () => {
    const exchange = new SignalExchange();
    expect(() =>
      exchange.subscribe({ topicPattern: '(', handler: () => {}, group: 'g' }),
    ).toThrow();
    expect(exchange.stats()).toMatchObject({ subscriptions: 0, groups: 0 });
  });

  it('a group member’s rotation survives an unrelated publish in between', async () => {
    vi.useRealTimers();
    const exchange = new SignalExchange();
    const log: string[] = [];
    members(exchange, ['a', 'b'], log);
    await publishAll(exchange, [1]);
    await exchange.publish({ message: message('other', 'x') });
    await sleep(0);
    await publishAll(exchange, [2]);
    expect(log).toEqual(['a:1', 'b:2']);
  });
});
