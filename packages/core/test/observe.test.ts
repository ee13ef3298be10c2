// The extension point for bridges (such as @sigx/redis): `observe` tells an observer of every
// accepted publish (before anything is dispatched; a throw refuses the publish) and of every
// subscription that comes and goes; `deliver` dispatches a message that came from elsewhere to
// the local subscriptions without telling the publish observers, so a bridge never loops.
import { describe, expect, it, vi } from 'vitest';
import {
  InvalidTopicError,
  type Message,
  SignalExchange,
  type ExchangeObserver,
  type SubscriptionInfo,
} from '../src/index.js';
import { message } from './support/helpers.js';

describe('observe: publishes', () => {
  it('tells onPublish of each valid message and its publisher, before any filter or handler', async () => {
    const exchange = new SignalExchange();
    const log: string[] = [];
    exchange.subscribe({
      topicPattern: 'a',
      filter: () => (log.push('filter'), true),
      handler: () => void log.push('handler'),
    });
    const publisher = { name: 'p' };
    const onPublish = vi.fn((m: Message, p: unknown) => {
      log.push(`observed ${m.topic} ${p === publisher}`);
    });
    exchange.observe({ onPublish });
    const sent = message('a');
    await exchange.publish({ publisher, message: sent });
    expect(log).toEqual(['observed a true', 'filter', 'handler']);
    expect(onPublish).toHaveBeenCalledWith(sent, publisher, { retain: false });
  });

  it('is called synchronously inside publish, in publish order, also without subscribers', () => {
    const exchange = new SignalExchange();
    const topics: string[] = [];
    exchange.observe({ onPublish: (m) => void topics.push(m.topic) });
    void exchange.publish({ message: message('a') });
    void exchange.publish({ message: message('b') });
    expect(topics).toEqual(['a', 'b']);
  });

  it('is not told of a publish refused for its topic or its message', async () => {
    const exchange = new SignalExchange();
    const onPublish = vi.fn();
    exchange.observe({ onPublish });
    await expect(exchange.publish({ message: message('bad\0topic') })).rejects.toThrow(
      InvalidTopicError,
    );
    await expect(exchange.publish({ message: 'x' as unknown as Message })).rejects.toThrow(
      TypeError,
    );
    expect(onPublish).not.toHaveBeenCalled();
  });

  it('refuses the publish when onPublish throws: publish rejects with that error, nothing is dispatched', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    exchange.subscribe({ topicPattern: 'a', handler });
    const refusal = new Error('cannot forward');
    exchange.observe({
      onPublish: () => {
        throw refusal;
      },
    });
    const result = exchange.publish({ message: message('a') });
    await expect(result).rejects.toBe(refusal);
    expect(handler).not.toHaveBeenCalled();
  });

  it('stops telling an observer once its disposer is called (twice is harmless)', async () => {
    const exchange = new SignalExchange();
    const onPublish = vi.fn();
    const stop = exchange.observe({ onPublish });
    await exchange.publish({ message: message('a') });
    stop();
    stop();
    await exchange.publish({ message: message('a') });
    expect(onPublish).toHaveBeenCalledTimes(1);
  });

  it('tells several observers in the order they were added', async () => {
    const exchange = new SignalExchange();
    const order: number[] = [];
    exchange.observe({ onPublish: () => void order.push(1) });
    exchange.observe({ onPublish: () => void order.push(2) });
    await exchange.publish({ message: message('a') });
    expect(order).toEqual([1, 2]);
  });

  it('refuses an observer that is not an object of functions', () => {
    const exchange = new SignalExchange();
    expect(() => exchange.observe(null as unknown as ExchangeObserver)).toThrow(
      /observe needs an observer object, got null/,
    );
    expect(() => exchange.observe({ onPublish: 'no' } as unknown as ExchangeObserver)).toThrowError(
      new TypeError('onPublish must be a function, got "no"'),
    );
  });
});

describe('observe: subscriptions', () => {
  it('replays the live subscriptions at once, in subscription order, then tells of new ones', () => {
    const exchange = new SignalExchange();
    const first = exchange.subscribe({ topicPattern: 'a/.*', handler: () => {} });
    const second = exchange.subscribe({
      topicPattern: /b/i,
      handler: () => {},
      publisherName: 'p',
    });
    const seen: SubscriptionInfo[] = [];
    exchange.observe({ onSubscribe: (info) => void seen.push(info) });
    expect(seen).toEqual([
      { subscriptionId: first, topicPattern: 'a/.*', publisherName: undefined },
      { subscriptionId: second, topicPattern: /b/i, publisherName: 'p' },
    ]);
    const stream = exchange.stream({ topicPattern: 'c' });
    expect(seen.at(-1)).toEqual({
      subscriptionId: stream.subscriptionId,
      topicPattern: 'c',
      publisherName: undefined,
    });
  });

  it('tells onUnsubscribe for unsubscribe, abort, clear and a settled next(), once each', async () => {
    const exchange = new SignalExchange();
    const gone: string[] = [];
    exchange.observe({ onUnsubscribe: (info) => void gone.push(info.subscriptionId) });
    const plain = exchange.subscribe({ topicPattern: 'a', handler: () => {} });
    const controller = new AbortController();
    const aborted = exchange.subscribe({
      topicPattern: 'b',
      handler: () => {},
      signal: controller.signal,
    });
    const cleared = exchange.subscribe({ topicPattern: 'c', handler: () => {} });
    const next = exchange.next({ topicPattern: 'd' });

    exchange.unsubscribe(plain);
    exchange.unsubscribe(plain);
    controller.abort();
    await exchange.publish({ message: message('d') });
    await next;
    const nextId = gone.at(-1)!;
    exchange.clear();
    expect(gone).toEqual([plain, aborted, nextId, cleared]);
  });

  it('is not told of a subscription that an already-aborted signal never made', () => {
    const exchange = new SignalExchange();
    const onSubscribe = vi.fn();
    const onUnsubscribe = vi.fn();
    exchange.observe({ onSubscribe, onUnsubscribe });
    exchange.subscribe({ topicPattern: 'a', handler: () => {}, signal: AbortSignal.abort() });
    expect(onSubscribe).not.toHaveBeenCalled();
    expect(onUnsubscribe).not.toHaveBeenCalled();
  });

  it('writes an onSubscribe or onUnsubscribe that throws to console.error; the call still succeeds', () => {
    const exchange = new SignalExchange();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      exchange.observe({
        onSubscribe: () => {
          throw new Error('sub');
        },
        onUnsubscribe: () => {
          throw new Error('unsub');
        },
      });
      const id = exchange.subscribe({ topicPattern: 'a', handler: () => {} });
      expect(exchange.size).toBe(1);
      expect(exchange.unsubscribe(id)).toBe(true);
      expect(exchange.size).toBe(0);
      expect(consoleError).toHaveBeenCalledTimes(2);
      expect(String(consoleError.mock.calls[0]![0])).toMatch(/observer threw/);
    } finally {
      consoleError.mockRestore();
    }
  });
});

describe('deliver', () => {
  it('dispatches like publish, to the local subscriptions, with the given publisher', async () => {
    const exchange = new SignalExchange();
    const received: [string, unknown, Message][] = [];
    const id = exchange.subscribe({
      topicPattern: 'a',
      handler: (subscriptionId, publisher, m) => void received.push([subscriptionId, publisher, m]),
    });
    const origin = { nodeId: 'n1' };
    const sent = message('a');
    await expect(exchange.deliver({ publisher: origin, message: sent })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(received).toEqual([[id, origin, sent]]);
  });

  it('does not tell the publish observers, so a bridge does not send back what it brought in', async () => {
    const exchange = new SignalExchange();
    const onPublish = vi.fn();
    exchange.observe({ onPublish });
    await exchange.deliver({ message: message('a') });
    expect(onPublish).not.toHaveBeenCalled();
  });

  it('rejects like publish for an invalid topic or a non-Message', async () => {
    const exchange = new SignalExchange();
    await expect(exchange.deliver({ message: message('bad\0topic') })).rejects.toThrow(
      InvalidTopicError,
    );
    await expect(exchange.deliver({ message: {} as Message })).rejects.toThrowError(
      new TypeError('deliver needs { message: Message }, got an object ([object Object])'),
    );
  });
});
