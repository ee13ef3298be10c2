// docs/delivery-semantics.md, "Subscriptions that end by themselves", subscribe `signal`: aborting
// it unsubscribes; an already-aborted signal subscribes nothing but still returns the subscription
// id. The abort listener goes away with the subscription, and an abort after the subscription ended
// touches nothing else.
import { describe, expect, it, vi } from 'vitest';
import { SignalExchange } from '../src/index.js';
import { HEX32, message } from './support/helpers.js';

describe('subscribe with an AbortSignal', () => {
  it('unsubscribes when the signal aborts', async () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const handler = vi.fn();
    const other = vi.fn();
    const id = exchange.subscribe({ topicPattern: 'a', handler, signal: controller.signal });
    exchange.subscribe({ topicPattern: 'a', handler: other });
    await exchange.publish({ message: message('a', 1) });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(exchange.size).toBe(2);

    controller.abort();
    expect(exchange.size).toBe(1);
    expect(exchange.unsubscribe(id)).toBe(false);
    await expect(exchange.publish({ message: message('a', 2) })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(2);
  });

  it('one signal can end several subscriptions', () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    for (let i = 0; i < 5; i += 1)
      exchange.subscribe({ topicPattern: `t${i}`, handler: vi.fn(), signal: controller.signal });
    exchange.subscribe({ topicPattern: 'kept', handler: vi.fn() });
    expect(exchange.size).toBe(6);
    controller.abort();
    expect(exchange.size).toBe(1);
    expect(exchange.hasSubscribers('t0')).toBe(false);
    expect(exchange.hasSubscribers('kept')).toBe(true);
  });

  it('an already-aborted signal subscribes nothing but returns an id', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    const signal = AbortSignal.abort();
    const generated = exchange.subscribe({ topicPattern: 'a', handler, signal });
    expect(generated).toMatch(HEX32);
    const chosen = exchange.subscribe({
      topicPattern: 'a',
      handler,
      signal,
      subscriptionId: 'chosen',
    });
    expect(chosen).toBe('chosen');
    expect(exchange.size).toBe(0);
    expect(exchange.hasSubscribers('a')).toBe(false);
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
    expect(handler).not.toHaveBeenCalled();
    expect(exchange.unsubscribe('chosen')).toBe(false);
    // Nothing holds the id: it can be used for a real subscription.
    expect(exchange.subscribe({ topicPattern: 'a', handler, subscriptionId: 'chosen' })).toBe(
      'chosen',
    );
    expect(exchange.size).toBe(1);
  });

  it('an already-aborted signal gets no listener', () => {
    const exchange = new SignalExchange();
    const signal = AbortSignal.abort();
    const add = vi.spyOn(signal, 'addEventListener');
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), signal });
    expect(add).not.toHaveBeenCalled();
  });

  it('an abort after unsubscribe does not remove a new subscription with the same id', async () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const first = vi.fn();
    const second = vi.fn();
    exchange.subscribe({
      topicPattern: 'a',
      handler: first,
      subscriptionId: 'same',
      signal: controller.signal,
    });
    exchange.unsubscribe('same');
    exchange.subscribe({ topicPattern: 'a', handler: second, subscriptionId: 'same' });
    controller.abort();
    expect(exchange.size).toBe(1);
    await exchange.publish({ message: message('a') });
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  it('the abort listener is removed when the subscription ends another way', () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    exchange.subscribe({
      topicPattern: 'a',
      handler: vi.fn(),
      signal: controller.signal,
      subscriptionId: 'one',
    });
    exchange.subscribe({
      topicPattern: 'b',
      handler: vi.fn(),
      signal: controller.signal,
      subscriptionId: 'two',
    });
    expect(add).toHaveBeenCalledTimes(2);
    exchange.unsubscribe('one');
    exchange.clear();
    const added = add.mock.calls.map((call) => call[1]);
    const removed = remove.mock.calls.map((call) => call[1]);
    expect(removed).toHaveLength(2);
    expect(new Set(removed)).toEqual(new Set(added));
  });

  it('aborting during a publish affects later publishes only', async () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const log: string[] = [];
    exchange.subscribe({
      topicPattern: 'a',
      handler: (_id, _publisher, m) => {
        log.push(`aborter ${String(m.value)}`);
        controller.abort();
      },
    });
    exchange.subscribe({
      topicPattern: 'a',
      handler: (_id, _publisher, m) => void log.push(`aborted ${String(m.value)}`),
      signal: controller.signal,
    });
    await exchange.publish({ message: message('a', 1) });
    await exchange.publish({ message: message('a', 2) });
    expect(log).toEqual(['aborter 1', 'aborted 1', 'aborter 2']);
  });
});
