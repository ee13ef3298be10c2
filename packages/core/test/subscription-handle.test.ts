// docs/delivery-semantics.md, "Subscriptions that clean up with `using`": subscription(options)
// subscribes as subscribe does and returns a handle ({ subscriptionId, unsubscribe(),
// [Symbol.dispose]() }); `using` unsubscribes at the end of the block, however it is left; the
// handle removes its own subscription only while it is live. A stream is async-disposable
// (`await using`), like return(). vitest transpiles `using` (Node 20 cannot parse it): the
// first test proves the block form really ran, and the others call the methods directly too.
import { describe, expect, it, vi } from 'vitest';
import { mqtt, SignalExchange, type SubscriptionHandle } from '../src/index.js';
import { message } from './support/helpers.js';

describe('subscription(): a disposable subscription', () => {
  it('unsubscribes at the end of a using block', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    let id: string | undefined;
    {
      using subscription = exchange.subscription({ topicPattern: mqtt('jobs/#'), handler });
      id = subscription.subscriptionId;
      expect(exchange.size).toBe(1);
      await exchange.publish('jobs/1', 'resize');
    }
    expect(exchange.size).toBe(0);
    expect(exchange.unsubscribe(id!)).toBe(false);
    await exchange.publish('jobs/2', 'crop');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toBe(id);
  });

  it('unsubscribes when the block throws, and the error still propagates', () => {
    const exchange = new SignalExchange();
    const failing = (): void => {
      using subscription = exchange.subscription({ topicPattern: 'a', handler: () => {} });
      expect(exchange.hasSubscribers('a')).toBe(true);
      void subscription;
      throw new Error('boom');
    };
    expect(failing).toThrow('boom');
    expect(exchange.size).toBe(0);
  });

  it('returns a frozen handle whose id is the subscription id, a given one included', () => {
    const exchange = new SignalExchange();
    const handle = exchange.subscription({
      subscriptionId: 'mine',
      topicPattern: 'a',
      handler: () => {},
    });
    expect(handle.subscriptionId).toBe('mine');
    expect(Object.isFrozen(handle)).toBe(true);
    expect(typeof handle[Symbol.dispose]).toBe('function');
    expect(exchange.unsubscribe('mine')).toBe(true);
  });

  it('unsubscribe() and dispose remove the subscription once: true, then false', () => {
    const exchange = new SignalExchange();
    const handle = exchange.subscription({ topicPattern: 'a', handler: () => {} });
    expect(handle.unsubscribe()).toBe(true);
    expect(handle.unsubscribe()).toBe(false);
    handle[Symbol.dispose](); // nothing left to do: does not throw
    expect(exchange.size).toBe(0);

    const disposed = exchange.subscription({ topicPattern: 'a', handler: () => {} });
    disposed[Symbol.dispose]();
    expect(exchange.size).toBe(0);
    expect(disposed.unsubscribe()).toBe(false);
  });

  it('does not remove a later subscription that reuses its id', () => {
    const exchange = new SignalExchange();
    const first = exchange.subscription({
      subscriptionId: 'x',
      topicPattern: 'a',
      handler: () => {},
    });
    expect(exchange.unsubscribe('x')).toBe(true); // ended another way
    exchange.subscribe({ subscriptionId: 'x', topicPattern: 'b', handler: () => {} });
    expect(first.unsubscribe()).toBe(false);
    first[Symbol.dispose]();
    expect(exchange.hasSubscribers('b')).toBe(true);
  });

  it('knows when the subscription ended by clear(), an abort or an aborted signal', () => {
    const exchange = new SignalExchange();
    const cleared = exchange.subscription({ topicPattern: 'a', handler: () => {} });
    exchange.clear();
    expect(cleared.unsubscribe()).toBe(false);

    const controller = new AbortController();
    const aborted = exchange.subscription({
      topicPattern: 'a',
      handler: () => {},
      signal: controller.signal,
    });
    controller.abort();
    expect(aborted.unsubscribe()).toBe(false);

    const never = exchange.subscription({
      topicPattern: 'a',
      handler: () => {},
      signal: AbortSignal.abort(),
    });
    expect(exchange.size).toBe(0);
    expect(never.unsubscribe()).toBe(false);
  });

  it('throws like subscribe, subscribing nothing', () => {
    const exchange = new SignalExchange();
    expect(() => exchange.subscription({ topicPattern: 'a(', handler: () => {} })).toThrow(
      expect.objectContaining({ name: 'PatternSyntaxError' }),
    );
    expect(() =>
      exchange.subscription({ topicPattern: 'a', handler: 'x' as unknown as () => void }),
    ).toThrow(TypeError);
    expect(exchange.size).toBe(0);
  });

  it('keys dispose with Symbol.dispose, which this runtime has', () => {
    const exchange = new SignalExchange();
    const handle: SubscriptionHandle = exchange.subscription({ topicPattern: 'a', handler() {} });
    expect(typeof Symbol.dispose).toBe('symbol');
    expect(Object.getOwnPropertySymbols(handle)).toEqual([Symbol.dispose]);
    handle[Symbol.dispose]();
  });
});

describe('a stream is async-disposable', () => {
  it('ends at the end of an await using block, like return()', async () => {
    const exchange = new SignalExchange();
    let id: string | undefined;
    {
      await using stream = exchange.stream({ topicPattern: 'a' });
      id = stream.subscriptionId;
      await exchange.publish({ message: message('a', 1) });
      expect(stream.buffered).toBe(1);
    }
    expect(exchange.size).toBe(0);
    expect(exchange.unsubscribe(id!)).toBe(false);
  });

  it('[Symbol.asyncDispose]() drops what is buffered and ends a pending read', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    const pending = stream.next();
    await expect(stream[Symbol.asyncDispose]()).resolves.toBeUndefined();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
    expect(exchange.size).toBe(0);
  });
});
