// docs/delivery-semantics.md, "Subscribing and unsubscribing", hasSubscribers(topic,
// publisherName?): would a message on this topic (from that publisher name; omitted: from any)
// reach a subscription, filters aside. A null publisherName is an anonymous publisher: only
// subscriptions without a publisherName take it.
import { describe, expect, it, vi } from 'vitest';
import { SignalExchange } from '../src/index.js';

describe('hasSubscribers', () => {
  it('is false for an empty exchange', () => {
    const exchange = new SignalExchange();
    expect(exchange.hasSubscribers('parent/child')).toBe(false);
    expect(exchange.hasSubscribers('')).toBe(false);
    expect(exchange.hasSubscribers('parent/child', null)).toBe(false);
  });

  it('follows the pattern, matched from index 0', () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'parent/child.*', handler: vi.fn() });
    expect(exchange.hasSubscribers('parent/child')).toBe(true);
    expect(exchange.hasSubscribers('parent/children/x')).toBe(true);
    expect(exchange.hasSubscribers('parent/chipmunk')).toBe(false);
    expect(exchange.hasSubscribers('x/parent/child')).toBe(false);
  });

  it('without publisherName (or undefined): any subscription counts, bound or not', () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), publisherName: 'thermostat' });
    expect(exchange.hasSubscribers('a')).toBe(true);
    expect(exchange.hasSubscribers('a', undefined)).toBe(true);
  });

  it('with a publisherName: only subscriptions bound to it or to no publisher', () => {
    const exchange = new SignalExchange();
    const bound = exchange.subscribe({
      topicPattern: 'a',
      handler: vi.fn(),
      publisherName: 'thermostat',
    });
    expect(exchange.hasSubscribers('a', 'thermostat')).toBe(true);
    expect(exchange.hasSubscribers('a', 'barometer')).toBe(false);
    expect(exchange.hasSubscribers('a', '')).toBe(false);
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn() });
    expect(exchange.hasSubscribers('a', 'barometer')).toBe(true);
    exchange.unsubscribe(bound);
    expect(exchange.hasSubscribers('a', 'thermostat')).toBe(true);
  });

  it('with null: only subscriptions bound to no publisher', () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), publisherName: 'thermostat' });
    expect(exchange.hasSubscribers('a', null)).toBe(false);
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn() });
    expect(exchange.hasSubscribers('a', null)).toBe(true);
  });

  it('ignores filters, even ones that would refuse everything', () => {
    const exchange = new SignalExchange();
    const filter = vi.fn(() => false);
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), filter });
    expect(exchange.hasSubscribers('a')).toBe(true);
    expect(filter).not.toHaveBeenCalled();
  });

  it('follows subscribe, unsubscribe and clear', () => {
    const exchange = new SignalExchange();
    const id = exchange.subscribe({ topicPattern: 'a/.*', handler: vi.fn() });
    expect(exchange.hasSubscribers('a/b')).toBe(true);
    exchange.unsubscribe(id);
    expect(exchange.hasSubscribers('a/b')).toBe(false);
    exchange.subscribe({ topicPattern: 'a/.*', handler: vi.fn() });
    expect(exchange.hasSubscribers('a/b')).toBe(true);
    exchange.clear();
    expect(exchange.hasSubscribers('a/b')).toBe(false);
  });

  it('counts streams and pending next() calls as subscribers', () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 's' });
    void exchange.next({ topicPattern: 'n', publisherName: 'p' }).catch(() => {});
    expect(exchange.hasSubscribers('s')).toBe(true);
    expect(exchange.hasSubscribers('n', 'p')).toBe(true);
    expect(exchange.hasSubscribers('n', 'q')).toBe(false);
    void stream.return();
    expect(exchange.hasSubscribers('s')).toBe(false);
    exchange.clear();
  });
});
