// docs/delivery-semantics.md, "Subscribing and unsubscribing": `size` is the number of live
// subscriptions (streams and pending next() included); `clear()` removes them all: nothing is
// delivered afterwards, open streams end (after their buffered messages), pending next() calls
// reject, and the exchange stays usable.
import { describe, expect, it, vi } from 'vitest';
import { SignalExchange, SubscriptionClosedError } from '../src/index.js';
import { message } from './support/helpers.js';

describe('size', () => {
  it('counts live subscriptions', () => {
    const exchange = new SignalExchange();
    expect(exchange.size).toBe(0);
    const handler = vi.fn();
    const a = exchange.subscribe({ topicPattern: 'a', handler });
    expect(exchange.size).toBe(1);
    exchange.subscribe({ topicPattern: 'a', handler });
    exchange.subscribe({ topicPattern: 'b', handler, publisherName: 'p' });
    expect(exchange.size).toBe(3);
    exchange.unsubscribe(a);
    expect(exchange.size).toBe(2);
    exchange.unsubscribe(a);
    expect(exchange.size).toBe(2);
  });

  it('counts streams and pending next() calls', () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    expect(exchange.size).toBe(1);
    const pending = exchange.next({ topicPattern: 'a' });
    pending.catch(() => {});
    expect(exchange.size).toBe(2);
    void stream.return();
    expect(exchange.size).toBe(1);
    exchange.clear();
    expect(exchange.size).toBe(0);
  });

  it('is read-only', () => {
    const exchange = new SignalExchange();
    expect(() => {
      (exchange as unknown as { size: number }).size = 5;
    }).toThrow(TypeError);
    expect(exchange.size).toBe(0);
  });
});

describe('clear', () => {
  it('removes every subscription; nothing is delivered afterwards', async () => {
    const exchange = new SignalExchange();
    const handlers = [vi.fn(), vi.fn(), vi.fn()];
    const ids = handlers.map((handler, index) =>
      exchange.subscribe({
        topicPattern: index === 2 ? /A/i : 'a',
        handler,
        ...(index === 1 ? { publisherName: 'p' } : {}),
      }),
    );
    exchange.clear();
    expect(exchange.size).toBe(0);
    expect(exchange.hasSubscribers('a')).toBe(false);
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
    for (const handler of handlers) expect(handler).not.toHaveBeenCalled();
    for (const id of ids) expect(exchange.unsubscribe(id)).toBe(false);
  });

  it('on an empty exchange is harmless, and twice too', () => {
    const exchange = new SignalExchange();
    exchange.clear();
    exchange.clear();
    expect(exchange.size).toBe(0);
  });

  it('leaves the exchange usable, ids free again', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), subscriptionId: 'x' });
    // A publish first, so that a memoised match exists for the topic.
    await exchange.publish({ message: message('a') });
    exchange.clear();
    const handler = vi.fn();
    expect(exchange.subscribe({ topicPattern: 'a', handler, subscriptionId: 'x' })).toBe('x');
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(handler.mock.calls[0]![0]).toBe('x');
  });

  it('ends open streams after their buffered messages and rejects pending next()', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    const pending = exchange.next({ topicPattern: 'b' });
    await exchange.publish({ message: message('a', 1) });
    await exchange.publish({ message: message('a', 2) });
    exchange.clear();
    await expect(pending).rejects.toBeInstanceOf(SubscriptionClosedError);
    const values: unknown[] = [];
    for await (const m of stream) values.push(m.value);
    expect(values).toEqual([1, 2]);
  });

  it('removes the abort listeners of the subscriptions it ends', () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), signal: controller.signal });
    exchange.subscribe({ topicPattern: 'b', handler: vi.fn(), signal: controller.signal });
    exchange.clear();
    expect(remove).toHaveBeenCalledTimes(2);
    // A later abort does nothing (and throws nothing).
    expect(() => controller.abort()).not.toThrow();
    expect(exchange.size).toBe(0);
  });
});
