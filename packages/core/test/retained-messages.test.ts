// docs/delivery-semantics.md, "Retained messages": publish({ retain: true }) delivers as usual
// and keeps the message as its topic's retained message (replacing the one before); a value of
// undefined forgets it; retained(pattern?) lists snapshots, oldest retained first; maxRetained
// bounds the store, evicting the topic retained least recently, reported once per burst and
// counted in stats(); clear() keeps retained messages.
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_MAX_RETAINED,
  type ErrorContext,
  InvalidTopicError,
  LimitExceededError,
  Message,
  PatternSyntaxError,
  RetainedEvictionError,
  SignalExchange,
} from '../src/index.js';
import { message, sleep } from './support/helpers.js';

const topicsOf = (messages: readonly Message[]): string[] => messages.map((m) => m.topic);

describe('retained messages', () => {
  it('a retained publish is delivered as usual and kept as its topic’s retained message', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    exchange.subscribe({ topicPattern: 'a/.*', handler });
    const sent = message('a/1', 21);
    await expect(exchange.publish({ message: sent, retain: true })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(handler).toHaveBeenCalledOnce();
    expect(exchange.retained()).toEqual([sent]);
    expect(exchange.retained()[0]).toBe(sent);
  });

  it('a publish without retain keeps nothing', async () => {
    const exchange = new SignalExchange();
    await exchange.publish({ message: message('a/1') });
    await exchange.publish({ message: message('a/2'), retain: false });
    expect(exchange.retained()).toEqual([]);
    expect(exchange.stats().retained).toBe(0);
  });

  it('a later retained publish replaces the topic’s retained message and becomes the most recent', async () => {
    const exchange = new SignalExchange();
    await exchange.publish({ message: message('a/1', 'old'), retain: true });
    await exchange.publish({ message: message('a/2', 'x'), retain: true });
    const newer = message('a/1', 'new');
    await exchange.publish({ message: newer, retain: true });
    expect(exchange.retained().map((m) => [m.topic, m.value])).toEqual([
      ['a/2', 'x'],
      ['a/1', 'new'],
    ]);
  });

  it('retain with a value of undefined forgets the topic’s retained message, and is still delivered', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    exchange.subscribe({ topicPattern: 'a/1', handler });
    await exchange.publish({ message: message('a/1', 1), retain: true });
    await exchange.publish({ message: message('a/2', 2), retain: true });
    // (not the helper: its default value would replace undefined)
    await exchange.publish({
      message: new Message({ topic: 'a/1', value: undefined }),
      retain: true,
    });
    expect(topicsOf(exchange.retained())).toEqual(['a/2']);
    expect(handler).toHaveBeenCalledTimes(2);
    // Forgetting a topic with nothing retained does nothing.
    await exchange.publish({
      message: new Message({ topic: 'none', value: undefined }),
      retain: true,
    });
    expect(exchange.stats().retained).toBe(1);
  });

  it('retained(pattern) lists the matching retained messages, oldest first, as a frozen snapshot', async () => {
    const exchange = new SignalExchange();
    for (const topic of ['sensors/hall/temp', 'doors/front', 'sensors/attic/temp']) {
      await exchange.publish({ message: message(topic), retain: true });
    }
    const snapshot = exchange.retained('sensors/.*');
    expect(topicsOf(snapshot)).toEqual(['sensors/hall/temp', 'sensors/attic/temp']);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot[0])).toBe(true);
    expect(topicsOf(exchange.retained(/.*temp$/))).toEqual([
      'sensors/hall/temp',
      'sensors/attic/temp',
    ]);
    await exchange.publish({ message: message('sensors/cellar/temp'), retain: true });
    expect(snapshot).toHaveLength(2); // a snapshot: later retains do not change it
  });

  it('retained(pattern) refuses a pattern subscribe would refuse, with the same error', () => {
    const exchange = new SignalExchange({ maxPatternLength: 8 });
    expect(() => exchange.retained('(')).toThrow(PatternSyntaxError);
    expect(() => exchange.retained('a'.repeat(9))).toThrow(LimitExceededError);
  });

  it('deliver with retain keeps the message too (what a bridge passes on)', async () => {
    const exchange = new SignalExchange();
    await exchange.deliver({ message: message('remote/1'), retain: true });
    expect(topicsOf(exchange.retained())).toEqual(['remote/1']);
  });

  it('onPublish observers are told whether the publish is retained', async () => {
    const exchange = new SignalExchange();
    const onPublish = vi.fn();
    exchange.observe({ onPublish });
    const sent = message('a');
    await exchange.publish({ message: sent, retain: true, publisher: 'p' });
    expect(onPublish).toHaveBeenCalledWith(sent, 'p', { retain: true });
  });

  it('a publish an observer refuses is not retained', async () => {
    const exchange = new SignalExchange();
    const refusal = new Error('refused');
    exchange.observe({
      onPublish: () => {
        throw refusal;
      },
    });
    await expect(exchange.publish({ message: message('a'), retain: true })).rejects.toBe(refusal);
    expect(exchange.retained()).toEqual([]);
  });

  it('a publish with an invalid topic is refused and not retained', async () => {
    const exchange = new SignalExchange();
    await expect(
      exchange.publish({ message: message('bad\u0000'), retain: true }),
    ).rejects.toBeInstanceOf(InvalidTopicError);
    expect(exchange.retained()).toEqual([]);
  });

  it('retain must be a boolean: anything else rejects with TypeError and keeps nothing', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    exchange.subscribe({ topicPattern: 'a', handler });
    for (const retain of ['yes', 1, null]) {
      await expect(
        exchange.publish({ message: message('a'), retain: retain as unknown as boolean }),
      ).rejects.toThrow(/^retain must be a boolean, got /);
      await expect(
        exchange.deliver({ message: message('a'), retain: retain as unknown as boolean }),
      ).rejects.toBeInstanceOf(TypeError);
    }
    expect(handler).not.toHaveBeenCalled();
    expect(exchange.retained()).toEqual([]);
  });

  it('clear() removes subscriptions and keeps retained messages', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: () => {} });
    await exchange.publish({ message: message('a'), retain: true });
    exchange.clear();
    expect(exchange.size).toBe(0);
    expect(topicsOf(exchange.retained())).toEqual(['a']);
  });
});

describe('maxRetained', () => {
  it('defaults to DEFAULT_MAX_RETAINED, reported by stats()', () => {
    expect(DEFAULT_MAX_RETAINED).toBe(10_000);
    expect(new SignalExchange().stats()).toMatchObject({
      subscriptions: 0,
      groups: 0,
      retained: 0,
      maxRetained: 10_000,
      retainedEvicted: 0,
    });
    expect(new SignalExchange({ maxRetained: Infinity }).stats().maxRetained).toBe(Infinity);
  });

  it('a new topic beyond maxRetained evicts the topic retained least recently', async () => {
    const exchange = new SignalExchange({ maxRetained: 2, onError: () => {} });
    await exchange.publish({ message: message('a'), retain: true });
    await exchange.publish({ message: message('b'), retain: true });
    await exchange.publish({ message: message('a', 'again'), retain: true }); // a is now newest
    await exchange.publish({ message: message('c'), retain: true }); // evicts b
    expect(topicsOf(exchange.retained())).toEqual(['a', 'c']);
    expect(exchange.stats()).toMatchObject({ retained: 2, retainedEvicted: 1 });
  });

  it('the evictions of one burst are reported to onError once, with the first topics named', async () => {
    const reports: [unknown, ErrorContext][] = [];
    const exchange = new SignalExchange({
      maxRetained: 3,
      onError: (error, context) => reports.push([error, context]),
    });
    const publishes = [];
    for (let i = 0; i < 20; i += 1) {
      publishes.push(exchange.publish({ message: message(`t/${i}`), retain: true }));
    }
    await Promise.all(publishes);
    expect(reports).toHaveLength(0); // reported once the event loop turns
    await sleep(5);
    expect(reports).toHaveLength(1);
    const [error, context] = reports[0]!;
    expect(error).toBeInstanceOf(RetainedEvictionError);
    const eviction = error as RetainedEvictionError;
    expect(eviction).toMatchObject({
      code: 'ERR_SIGX_RETAINED_EVICTED',
      count: 17,
      maxRetained: 3,
    });
    expect(eviction.topics).toEqual(Array.from({ length: 10 }, (_, i) => `t/${i}`));
    expect(eviction.message).toMatch(
      /^Forgot 17 retained message\(s\) to keep within maxRetained \(3\): "t\/0", .*, and 7 more/,
    );
    expect(context).toMatchObject({ phase: 'retain', subscriptionId: undefined });
    expect(context.message.topic).toBe('t/3'); // the publish that evicted first
    expect(exchange.stats().retainedEvicted).toBe(17);
    // A later burst is a new report.
    await exchange.publish({ message: message('t/late'), retain: true });
    await sleep(5);
    expect(reports).toHaveLength(2);
    expect((reports[1]![0] as RetainedEvictionError).count).toBe(1);
  });

  it('the default onError writes an eviction to console.error', async () => {
    const write = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const exchange = new SignalExchange({ maxRetained: 1 });
      await exchange.publish({ message: message('a'), retain: true });
      await exchange.publish({ message: message('b'), retain: true });
      await sleep(5);
      expect(write).toHaveBeenCalledOnce();
      expect(write.mock.calls[0]![0]).toBe('sigx: retained store was full on topic "b":');
      expect(write.mock.calls[0]![1]).toBeInstanceOf(RetainedEvictionError);
    } finally {
      write.mockRestore();
    }
  });

  it('an onError that throws while reporting an eviction is written to console.error, never thrown', async () => {
    const write = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const exchange = new SignalExchange({
        maxRetained: 1,
        onError: () => {
          throw new Error('onError broke');
        },
      });
      await exchange.publish({ message: message('a'), retain: true });
      await exchange.publish({ message: message('b'), retain: true });
      await sleep(5);
      expect(write).toHaveBeenCalledOnce();
      expect(write.mock.calls[0]![0]).toMatch(
        /^sigx: onError threw while reporting on the retained store on topic "b":/,
      );
    } finally {
      write.mockRestore();
    }
  });

  it('maxRetained must be a positive integer or Infinity', () => {
    for (const bad of [0, -1, 1.5, NaN]) {
      expect(() => new SignalExchange({ maxRetained: bad })).toThrow(
        /^maxRetained must be a positive integer or Infinity, got /,
      );
      expect(() => new SignalExchange({ maxRetained: bad })).toThrow(RangeError);
    }
    expect(() => new SignalExchange({ maxRetained: '3' as unknown as number })).toThrow(TypeError);
  });

  it('replacing a retained topic at the bound evicts nothing', async () => {
    const exchange = new SignalExchange({ maxRetained: 1 });
    await exchange.publish({ message: message('a', 1), retain: true });
    await exchange.publish({ message: message('a', 2), retain: true });
    expect(exchange.stats()).toMatchObject({ retained: 1, retainedEvicted: 0 });
  });
});
