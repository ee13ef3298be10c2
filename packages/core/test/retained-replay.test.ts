// docs/delivery-semantics.md, "Retained messages", replay: subscribe, stream and next with
// replay: 'retained' first receive the retained messages their pattern matches (routing and
// filter apply; oldest first, and newest first for next(), which resolves at once), inside the
// call, then live messages: nothing lost or doubled between, nothing delivered to others. Both
// dispatch modes, with handlerTimeout, weak handlers and AbortSignal.
import { describe, expect, it, vi } from 'vitest';
import {
  type ErrorContext,
  HandlerTimeoutError,
  type Handler,
  SignalExchange,
  UnsafePatternError,
} from '../src/index.js';
import { message, sleep } from './support/helpers.js';

async function withRetained(
  exchange: SignalExchange,
  entries: readonly (readonly [string, unknown, (string | null)?])[],
): Promise<void> {
  for (const [topic, value, publisherName = null] of entries) {
    await exchange.publish({ message: message(topic, value, publisherName), retain: true });
  }
}

describe.each(['sequential', 'concurrent'] as const)(
  'replay of retained messages (%s dispatch)',
  (dispatch) => {
    it('a subscription with replay first receives the matching retained messages, oldest first, then live ones', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [
        ['s/a', 1],
        ['other', 0],
        ['s/b', 2],
        ['s/a', 3], // replaces s/a, now the most recent
      ]);
      const seen: unknown[] = [];
      exchange.subscribe({
        topicPattern: 's/.*',
        replay: 'retained',
        handler: (_id, _p, m) => void seen.push(m.value),
      });
      expect(seen).toEqual([2, 3]); // inside subscribe
      await exchange.publish({ message: message('s/c', 4) });
      expect(seen).toEqual([2, 3, 4]);
    });

    it('a subscription without replay receives no retained message', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [['s/a', 1]]);
      const handler = vi.fn();
      exchange.subscribe({ topicPattern: 's/.*', handler });
      expect(handler).not.toHaveBeenCalled();
    });

    it('replay applies publisher routing and the filter, and passes the original publisher', async () => {
      const exchange = new SignalExchange({ dispatch });
      const publisher = { name: 'thermostat' };
      await exchange.publish({ message: message('t/1', 10, 'x'), retain: true, publisher });
      await exchange.publish({ message: message('t/2', 20, 'y'), retain: true });
      await exchange.publish({ message: message('t/3', 30, 'x'), retain: true });
      const calls: [unknown, unknown][] = [];
      exchange.subscribe({
        topicPattern: 't/.*',
        publisherName: 'x',
        filter: (_id, _p, m) => m.value !== 30,
        replay: 'retained',
        handler: (_id, p, m) => void calls.push([p, m.value]),
      });
      expect(calls).toEqual([[publisher, 10]]);
    });

    it('replay delivers nothing to the other subscriptions', async () => {
      const exchange = new SignalExchange({ dispatch });
      const other = vi.fn();
      exchange.subscribe({ topicPattern: '.*', handler: other });
      await withRetained(exchange, [['a', 1]]);
      other.mockClear();
      exchange.subscribe({ topicPattern: 'a', replay: 'retained', handler: () => {} });
      expect(other).not.toHaveBeenCalled();
    });

    it('a publish that races the subscribe is seen once', async () => {
      const exchange = new SignalExchange({ dispatch });
      const seen: unknown[] = [];
      // Published (and retained) before subscribe, resolved after: replayed, not delivered live.
      const before = exchange.publish({ message: message('r', 'before'), retain: true });
      exchange.subscribe({
        topicPattern: 'r',
        replay: 'retained',
        handler: (_id, _p, m) => void seen.push(m.value),
      });
      const after = exchange.publish({ message: message('r', 'after'), retain: true });
      await expect(before).resolves.toMatchObject({ matched: 0 });
      await expect(after).resolves.toMatchObject({ matched: 1 });
      expect(seen).toEqual(['before', 'after']);
    });

    it('a publish made by a replayed handler is live for the new subscription, not replayed too', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [['r/1', 1]]);
      const seen: unknown[] = [];
      const publishes: Promise<unknown>[] = [];
      exchange.subscribe({
        topicPattern: 'r/.*',
        replay: 'retained',
        handler: (_id, _p, m) => {
          seen.push(m.value);
          if (m.value === 1) {
            publishes.push(exchange.publish({ message: message('r/2', 2), retain: true }));
          }
        },
      });
      await Promise.all(publishes);
      expect(seen).toEqual([1, 2]);
    });

    it('a replayed handler that unsubscribes stops the replay', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [
        ['r/1', 1],
        ['r/2', 2],
      ]);
      const seen: unknown[] = [];
      const id = exchange.subscribe({
        topicPattern: 'r/.*',
        replay: 'retained',
        handler: (subscriptionId, _p, m) => {
          seen.push(m.value);
          exchange.unsubscribe(subscriptionId);
        },
      });
      expect(seen).toEqual([1]);
      expect(exchange.unsubscribe(id)).toBe(false);
    });

    it('a replayed handler or filter that throws is reported, and the replay goes on', async () => {
      const errors: [unknown, ErrorContext][] = [];
      const exchange = new SignalExchange({ dispatch, onError: (e, c) => errors.push([e, c]) });
      await withRetained(exchange, [
        ['r/1', 1],
        ['r/2', 2],
        ['r/3', 3],
      ]);
      const seen: unknown[] = [];
      const filterError = new Error('filter');
      const handlerError = new Error('handler');
      exchange.subscribe({
        subscriptionId: 'late',
        topicPattern: 'r/.*',
        replay: 'retained',
        filter: (_id, _p, m) => {
          if (m.value === 2) throw filterError;
          return true;
        },
        handler: (_id, _p, m) => {
          seen.push(m.value);
          if (m.value === 1) throw handlerError;
        },
      });
      expect(seen).toEqual([1, 3]);
      expect(errors.map(([e, c]) => [e, c.phase, c.subscriptionId, c.message.value])).toEqual([
        [handlerError, 'handler', 'late', 1],
        [filterError, 'filter', 'late', 2],
      ]);
    });

    it('a replayed handler’s promise is watched: a rejection or a timeout is reported', async () => {
      const errors: unknown[] = [];
      const exchange = new SignalExchange({ dispatch, onError: (e) => errors.push(e) });
      await withRetained(exchange, [
        ['r/1', 1],
        ['r/2', 2],
      ]);
      const rejection = new Error('rejected');
      exchange.subscribe({
        topicPattern: 'r/.*',
        replay: 'retained',
        handlerTimeout: 10,
        handler: (_id, _p, m) =>
          m.value === 1 ? Promise.reject(rejection) : new Promise(() => {}),
      });
      await sleep(30);
      expect(errors[0]).toBe(rejection);
      expect(errors[1]).toBeInstanceOf(HandlerTimeoutError);
    });

    it('an already-aborted signal replays nothing; a signal aborted during the replay stops it', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [
        ['r/1', 1],
        ['r/2', 2],
      ]);
      const aborted = vi.fn();
      exchange.subscribe({
        topicPattern: 'r/.*',
        replay: 'retained',
        signal: AbortSignal.abort(),
        handler: aborted,
      });
      expect(aborted).not.toHaveBeenCalled();
      const controller = new AbortController();
      const seen: unknown[] = [];
      exchange.subscribe({
        topicPattern: 'r/.*',
        replay: 'retained',
        signal: controller.signal,
        handler: (_id, _p, m) => {
          seen.push(m.value);
          controller.abort();
        },
      });
      expect(seen).toEqual([1]);
      expect(exchange.size).toBe(0);
    });

    it('a weak handler is replayed to like any other', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [['r', 1]]);
      const seen: unknown[] = [];
      const handler: Handler = (_id, _p, m) => void seen.push(m.value);
      exchange.subscribe({ topicPattern: 'r', replay: 'retained', weak: true, handler });
      expect(seen).toEqual([1]);
    });

    it('a stream with replay starts with the matching retained messages, then live ones', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [
        ['s/1', 1],
        ['s/2', 2],
      ]);
      const stream = exchange.stream({ topicPattern: 's/.*', replay: 'retained' });
      expect(stream.buffered).toBe(2);
      await exchange.publish({ message: message('s/3', 3) });
      const values: unknown[] = [];
      for await (const m of stream) {
        values.push(m.value);
        if (values.length === 3) break;
      }
      expect(values).toEqual([1, 2, 3]);
    });

    it('next() with replay resolves at once with the most recently retained message that passes', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [
        ['n/1', 1],
        ['n/2', 2],
        ['n/3', 3],
      ]);
      const latest = exchange.next({
        topicPattern: 'n/.*',
        replay: 'retained',
        filter: (_id, _p, m) => m.value !== 3,
      });
      expect(exchange.size).toBe(0); // settled inside next(): unsubscribed at once
      await expect(latest).resolves.toMatchObject({ topic: 'n/2', value: 2 });
    });

    it('next() with replay and no matching retained message waits for a live one', async () => {
      const exchange = new SignalExchange({ dispatch });
      await withRetained(exchange, [['other', 1]]);
      const pending = exchange.next({ topicPattern: 'n/.*', replay: 'retained' });
      expect(exchange.size).toBe(1);
      await exchange.publish({ message: message('n/1', 'live') });
      await expect(pending).resolves.toMatchObject({ value: 'live' });
    });
  },
);

describe('replay options', () => {
  it('replay must be retained', () => {
    const exchange = new SignalExchange();
    expect(() =>
      exchange.subscribe({ topicPattern: 'a', handler: () => {}, replay: 'all' as 'retained' }),
    ).toThrow(new TypeError(`replay must be 'retained', got "all"`));
  });

  it('replay cannot be used with a group', () => {
    const exchange = new SignalExchange();
    const options = { topicPattern: 'a', group: 'g', replay: 'retained' } as const;
    expect(() => exchange.subscribe({ ...options, handler: () => {} })).toThrow(
      /^replay cannot be used with group "g"/,
    );
    expect(() => exchange.stream(options)).toThrow(TypeError);
    expect(() => exchange.next(options)).toThrow(TypeError);
    expect(exchange.size).toBe(0);
  });

  it('a pattern the exchange refuses throws before anything is replayed or subscribed', async () => {
    const exchange = new SignalExchange({ unsafePatterns: 'reject' });
    await withRetained(exchange, [['aaaa', 1]]);
    const handler = vi.fn();
    expect(() =>
      exchange.subscribe({ topicPattern: '(a+)+$', replay: 'retained', handler }),
    ).toThrow(UnsafePatternError);
    expect(handler).not.toHaveBeenCalled();
    expect(exchange.size).toBe(0);
  });

  it('onSubscribe is told of the subscription before its replay', async () => {
    const exchange = new SignalExchange();
    await withRetained(exchange, [['a', 1]]);
    const log: string[] = [];
    exchange.observe({
      onSubscribe: () => log.push('subscribed'),
      onUnsubscribe: () => log.push('unsubscribed'),
    });
    await exchange.next({ topicPattern: 'a', replay: 'retained' });
    expect(log).toEqual(['subscribed', 'unsubscribed']);
  });
});
