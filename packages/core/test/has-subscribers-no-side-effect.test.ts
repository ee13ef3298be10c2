// Issue 17, point 2: hasSubscribers is a question. A subscription whose weak handler was
// collected does not count as a subscriber, but asking leaves it in place (size, observers):
// it is removed when a delivery finds the handler gone, or by the FinalizationRegistry.
// Collection is simulated without `gc()`: WeakRef and FinalizationRegistry are replaced, before
// the exchange is built, by stand-ins whose targets the test collects by hand.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Handler, SignalExchange, type SubscriptionInfo } from '../src/index.js';
import { message } from './support/helpers.js';

/** A WeakRef whose target is dropped by {@link FakeWeakRef.collect}. */
class FakeWeakRef<T extends object> {
  static readonly made: FakeWeakRef<object>[] = [];
  #target: T | undefined;

  constructor(target: T) {
    this.#target = target;
    FakeWeakRef.made.push(this);
  }

  deref(): T | undefined {
    return this.#target;
  }

  collect(): void {
    this.#target = undefined;
  }
}

/** A FinalizationRegistry whose cleanups run only when {@link FakeRegistry.finalize} says. */
class FakeRegistry<H> {
  static readonly made: FakeRegistry<unknown>[] = [];
  readonly #cleanup: (held: H) => void;
  readonly #held = new Map<object, { held: H; token: object | undefined }>();

  constructor(cleanup: (held: H) => void) {
    this.#cleanup = cleanup;
    FakeRegistry.made.push(this as FakeRegistry<unknown>);
  }

  register(target: object, held: H, token?: object): void {
    this.#held.set(target, { held, token });
  }

  unregister(token: object): boolean {
    for (const [target, entry] of this.#held) {
      if (entry.token === token) return this.#held.delete(target);
    }
    return false;
  }

  /** What the engine does once `target` is collected. */
  finalize(target: object): void {
    const entry = this.#held.get(target);
    if (entry === undefined) return;
    this.#held.delete(target);
    this.#cleanup(entry.held);
  }
}

/** An exchange with one weak subscription on `a/.*`, its handler and the observer's calls. */
function weakExchange(): {
  exchange: SignalExchange;
  handler: Handler;
  ref: FakeWeakRef<object>;
  registry: FakeRegistry<unknown>;
  unsubscribed: SubscriptionInfo[];
} {
  const exchange = new SignalExchange();
  const registry = FakeRegistry.made.at(-1)!;
  const unsubscribed: SubscriptionInfo[] = [];
  exchange.observe({ onUnsubscribe: (info) => void unsubscribed.push(info) });
  const handler: Handler = vi.fn();
  exchange.subscribe({ topicPattern: 'a/.*', handler, weak: true, subscriptionId: 'weak' });
  const ref = FakeWeakRef.made.at(-1)!;
  expect(ref.deref()).toBe(handler);
  return { exchange, handler, ref, registry, unsubscribed };
}

describe('hasSubscribers, for a weak handler that was collected', () => {
  beforeEach(() => {
    vi.stubGlobal('WeakRef', FakeWeakRef);
    vi.stubGlobal('FinalizationRegistry', FakeRegistry);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    FakeWeakRef.made.length = 0;
    FakeRegistry.made.length = 0;
  });

  it('counts it while the handler lives', () => {
    const { exchange } = weakExchange();
    expect(exchange.hasSubscribers('a/b')).toBe(true);
    expect(exchange.hasSubscribers('a/b', 'p')).toBe(true);
  });

  it('answers false without unsubscribing it', () => {
    const { exchange, ref, unsubscribed } = weakExchange();
    ref.collect();
    expect(exchange.hasSubscribers('a/b')).toBe(false);
    expect(exchange.hasSubscribers('a/b', null)).toBe(false);
    expect(exchange.size).toBe(1);
    expect(unsubscribed).toEqual([]);
  });

  it('leaves it to a delivery, which finds the handler gone and unsubscribes it', async () => {
    const { exchange, ref, unsubscribed } = weakExchange();
    ref.collect();
    expect(exchange.hasSubscribers('a/b')).toBe(false);
    await expect(exchange.publish({ message: message('a/b') })).resolves.toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
    expect(exchange.size).toBe(0);
    expect(unsubscribed).toEqual([
      { subscriptionId: 'weak', topicPattern: 'a/.*', publisherName: undefined },
    ]);
  });

  it('leaves it to the FinalizationRegistry, which unsubscribes it once', () => {
    const { exchange, handler, ref, registry, unsubscribed } = weakExchange();
    ref.collect();
    expect(exchange.hasSubscribers('a/b')).toBe(false);
    registry.finalize(handler);
    expect(exchange.size).toBe(0);
    expect(exchange.unsubscribe('weak')).toBe(false);
    expect(unsubscribed.map((info) => info.subscriptionId)).toEqual(['weak']);
  });

  it('still counts another subscription on the topic whose handler lives', () => {
    const { exchange, ref } = weakExchange();
    exchange.subscribe({ topicPattern: 'a/b', handler: vi.fn(), weak: true });
    ref.collect();
    expect(exchange.hasSubscribers('a/b')).toBe(true);
    expect(exchange.hasSubscribers('a/c')).toBe(false);
    expect(exchange.size).toBe(2);
  });
});
