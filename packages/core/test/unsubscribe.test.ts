// docs/delivery-semantics.md, "Subscribing and unsubscribing", unsubscribe: true for a live
// subscription (which then receives nothing), false for an unknown or already removed id (change:
// the seed raised KeyError); other subscriptions, even on the same pattern or with the same
// handler, are untouched.
import { describe, expect, it, vi } from 'vitest';
import { SignalExchange } from '../src/index.js';
import { message } from './support/helpers.js';

describe('unsubscribe', () => {
  it('returns true for a live subscription, which then receives nothing', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    const id = exchange.subscribe({ topicPattern: 'parent/.*', handler });
    expect(exchange.size).toBe(1);
    expect(exchange.unsubscribe(id)).toBe(true);
    expect(exchange.size).toBe(0);
    expect(exchange.hasSubscribers('parent/child')).toBe(false);
    const result = await exchange.publish({ message: message('parent/child') });
    expect(result).toEqual({ matched: 0, delivered: 0, failed: 0 });
    expect(handler).not.toHaveBeenCalled();
  });

  it('returns false for an unknown id and for an id already removed', () => {
    const exchange = new SignalExchange();
    expect(exchange.unsubscribe('0123456789abcdef0123456789abcdef')).toBe(false);
    expect(exchange.unsubscribe('')).toBe(false);
    const id = exchange.subscribe({ topicPattern: 'a', handler: vi.fn() });
    expect(exchange.unsubscribe(id)).toBe(true);
    expect(exchange.unsubscribe(id)).toBe(false);
    expect(exchange.size).toBe(0);
  });

  it('removes only that subscription when others share its pattern', async () => {
    const exchange = new SignalExchange();
    const first = vi.fn();
    const second = vi.fn();
    const firstId = exchange.subscribe({ topicPattern: 'parent/.*', handler: first });
    const secondId = exchange.subscribe({ topicPattern: 'parent/.*', handler: second });
    expect(exchange.unsubscribe(firstId)).toBe(true);
    await exchange.publish({ message: message('parent/child') });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(second.mock.calls[0]![0]).toBe(secondId);
    expect(exchange.size).toBe(1);
  });

  it('removes only that subscription when others share its handler', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    const firstId = exchange.subscribe({ topicPattern: 'parent/.*', handler });
    const secondId = exchange.subscribe({ topicPattern: 'parent/child', handler });
    exchange.unsubscribe(firstId);
    await exchange.publish({ message: message('parent/child') });
    expect(handler.mock.calls.map((call) => call[0])).toEqual([secondId]);
    await exchange.publish({ message: message('parent/other') });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('is safe to call again after the exchange was cleared', () => {
    const exchange = new SignalExchange();
    const id = exchange.subscribe({ topicPattern: 'a', handler: vi.fn() });
    exchange.clear();
    expect(exchange.unsubscribe(id)).toBe(false);
  });

  it('removes the abort listener of the subscription it ends', () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const id = exchange.subscribe({
      topicPattern: 'a',
      handler: vi.fn(),
      signal: controller.signal,
    });
    expect(add).toHaveBeenCalledTimes(1);
    exchange.unsubscribe(id);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]![1]).toBe(add.mock.calls[0]![1]);
  });
});
