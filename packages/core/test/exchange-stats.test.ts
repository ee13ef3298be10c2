// stats(): every counter of docs/observing-an-exchange.md ("Counters"), each moved by the
// event it counts and by nothing else.
import { describe, expect, it } from 'vitest';
import { Message, SignalExchange, mqtt } from '../src/index.js';
import { message, sleep } from './support/helpers.js';

const quiet = { onError: () => {} };

describe('stats()', () => {
  it('starts at zero, frozen, with the memo of the matcher', () => {
    const stats = new SignalExchange({ cacheSize: 50 }).stats();
    expect(stats).toEqual({
      subscriptions: 0,
      groups: 0,
      streams: 0,
      retained: 0,
      maxRetained: 10_000,
      retainedEvicted: 0,
      publishes: 0,
      delivers: 0,
      refused: 0,
      matched: 0,
      delivered: 0,
      failed: 0,
      timedOut: 0,
      filterErrors: 0,
      fanOut: { mean: 0, max: 0 },
      memo: { hits: 0, misses: 0, size: 0, max: 50 },
    });
    expect(Object.isFrozen(stats)).toBe(true);
    expect(Object.isFrozen(stats.fanOut)).toBe(true);
    expect(Object.isFrozen(stats.memo)).toBe(true);
  });

  it('counts publishes and delivers apart, and matched, delivered and fan-out over both', async () => {
    const exchange = new SignalExchange();
    const shared = (): void => {};
    exchange.subscribe({ topicPattern: 'a/.*', handler: shared });
    exchange.subscribe({ topicPattern: 'a/b', handler: shared }); // same handler: one call
    exchange.subscribe({ topicPattern: 'a/b', handler: () => {} });
    await exchange.publish({ message: message('a/b') }); // matched 3, delivered 2
    await exchange.publish({ message: message('a/c') }); // matched 1, delivered 1
    await exchange.deliver({ message: message('z') }); // matched 0
    const stats = exchange.stats();
    expect(stats).toMatchObject({ publishes: 2, delivers: 1, refused: 0 });
    expect(stats).toMatchObject({ matched: 4, delivered: 3, failed: 0 });
    expect(stats.fanOut).toEqual({ mean: 4 / 3, max: 3 });
  });

  it('counts the refused publishes and delivers, which count nowhere else', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: '.*', handler: () => {} });
    await expect(exchange.publish({ message: message('bad\0topic') })).rejects.toThrow();
    await expect(exchange.deliver({ message: 'not a message' } as never)).rejects.toThrow();
    await expect(exchange.publish(null as never)).rejects.toThrow();
    const stop = exchange.observe({
      onPublish: () => {
        throw new Error('refused');
      },
    });
    await expect(exchange.publish({ message: message('ok') })).rejects.toThrow('refused');
    stop();
    expect(exchange.stats()).toMatchObject({
      refused: 4,
      publishes: 0,
      delivers: 0,
      matched: 0,
      delivered: 0,
    });
  });

  it('counts failed handler calls: thrown, rejected and timed out (also in timedOut)', async () => {
    const exchange = new SignalExchange(quiet);
    exchange.subscribe({
      topicPattern: 't',
      handler: () => {
        throw new Error('thrown');
      },
    });
    exchange.subscribe({ topicPattern: 't', handler: () => Promise.reject(new Error('rejected')) });
    exchange.subscribe({
      topicPattern: 't',
      handler: () => new Promise(() => {}),
      handlerTimeout: 5,
    });
    exchange.subscribe({ topicPattern: 't', handler: async () => {} });
    const result = await exchange.publish({ message: message('t') });
    expect(result).toEqual({ matched: 4, delivered: 4, failed: 3 });
    expect(exchange.stats()).toMatchObject({ delivered: 4, failed: 3, timedOut: 1 });
  });

  it('does not count a late settlement after a timeout as another failure', async () => {
    const exchange = new SignalExchange(quiet);
    exchange.subscribe({
      topicPattern: 't',
      handler: () => sleep(20).then(() => Promise.reject(new Error('late'))),
      handlerTimeout: 5,
    });
    await exchange.publish({ message: message('t') });
    await sleep(40);
    expect(exchange.stats()).toMatchObject({ failed: 1, timedOut: 1 });
  });

  it('counts filter errors, thrown or a thenable, and not rejections by a filter', async () => {
    const exchange = new SignalExchange(quiet);
    const handler = (): void => {};
    exchange.subscribe({
      topicPattern: 't',
      handler,
      filter: () => {
        throw new Error('filter');
      },
    });
    exchange.subscribe({
      topicPattern: 't',
      handler,
      filter: (() => Promise.resolve(true)) as never,
    });
    exchange.subscribe({ topicPattern: 't', handler, filter: () => false });
    await exchange.publish({ message: message('t') });
    expect(exchange.stats()).toMatchObject({ filterErrors: 2, matched: 0, delivered: 0 });
  });

  it('counts streams, groups and subscriptions while they live', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 's' });
    const id = exchange.subscribe({ topicPattern: 'g', group: 'workers', handler: () => {} });
    const pending = exchange.next({ topicPattern: 'n' });
    expect(exchange.stats()).toMatchObject({ subscriptions: 3, streams: 1, groups: 1 });
    await stream.return();
    exchange.unsubscribe(id);
    await exchange.publish({ message: message('n') });
    await pending;
    expect(exchange.stats()).toMatchObject({ subscriptions: 0, streams: 0, groups: 0 });
    // An already-aborted stream never counts.
    exchange.stream({ topicPattern: 's', signal: AbortSignal.abort() });
    expect(exchange.stats().streams).toBe(0);
  });

  it('counts replayed handler calls in delivered, not as publishes', () => {
    const exchange = new SignalExchange();
    void exchange.publish({ message: message('r/1'), retain: true });
    void exchange.publish({ message: message('r/2'), retain: true });
    exchange.subscribe({ topicPattern: mqtt('r/+'), handler: () => {}, replay: 'retained' });
    expect(exchange.stats()).toMatchObject({ publishes: 2, delivered: 2, retained: 2 });
  });

  it("reports the memo's hits and misses, and keeps every counter through clear()", async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'm', handler: () => {} });
    await exchange.publish({ message: message('m') });
    await exchange.publish({ message: new Message({ topic: 'm', value: 2 }) });
    expect(exchange.stats().memo).toMatchObject({ hits: 1, misses: 1, size: 1 });
    exchange.clear();
    expect(exchange.stats()).toMatchObject({ publishes: 2, matched: 2, subscriptions: 0 });
  });
});
