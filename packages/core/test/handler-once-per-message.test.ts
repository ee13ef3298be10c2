// docs/delivery-semantics.md, "Publish rules", rule 4 (and "One call per handler function"): a
// handler function is called at most once per message, even when several of its subscriptions
// match, with the id of the first of them (in subscription order) that passed publisher routing and
// its filter. `matched` still counts every such subscription.
import { describe, expect, it, vi } from 'vitest';
import { type Handler, Message, SignalExchange } from '../src/index.js';
import { message } from './support/helpers.js';

describe('a handler is called once per message', () => {
  for (const dispatch of ['sequential', 'concurrent'] as const) {
    it(`even when several of its subscriptions match (${dispatch})`, async () => {
      const exchange = new SignalExchange({ dispatch });
      const shared = vi.fn<Handler>();
      const other = vi.fn<Handler>();
      const first = exchange.subscribe({ topicPattern: 'parent/.*', handler: shared });
      exchange.subscribe({ topicPattern: 'parent/child.*', handler: shared });
      const otherId = exchange.subscribe({ topicPattern: 'parent', handler: other });
      exchange.subscribe({ topicPattern: '', handler: shared });
      const result = await exchange.publish({ message: message('parent/child') });
      expect(shared.mock.calls.map((call) => call[0])).toEqual([first]);
      expect(other.mock.calls.map((call) => call[0])).toEqual([otherId]);
      expect(result).toEqual({ matched: 4, delivered: 2, failed: 0 });
    });
  }

  it('with the id of the first subscription that passed routing', async () => {
    const exchange = new SignalExchange();
    const shared = vi.fn<Handler>();
    exchange.subscribe({ topicPattern: 'a', handler: shared, publisherName: 'someone-else' });
    const second = exchange.subscribe({ topicPattern: 'a', handler: shared, publisherName: 'me' });
    exchange.subscribe({ topicPattern: 'a', handler: shared });
    const result = await exchange.publish({
      message: new Message({ publisherName: 'me', topic: 'a', value: 1 }),
    });
    expect(shared.mock.calls.map((call) => call[0])).toEqual([second]);
    expect(result).toEqual({ matched: 2, delivered: 1, failed: 0 });
  });

  it('with the id of the first subscription that passed its filter (every filter still runs)', async () => {
    const exchange = new SignalExchange({ onError: () => {} });
    const shared = vi.fn<Handler>();
    const filters: string[] = [];
    exchange.subscribe({
      topicPattern: 'a',
      handler: shared,
      filter: () => (filters.push('1'), false),
    });
    exchange.subscribe({
      topicPattern: 'a',
      handler: shared,
      filter: () => {
        filters.push('2');
        throw new Error('no');
      },
    });
    const third = exchange.subscribe({
      topicPattern: 'a',
      handler: shared,
      filter: () => (filters.push('3'), true),
    });
    exchange.subscribe({
      topicPattern: 'a',
      handler: shared,
      filter: () => (filters.push('4'), true),
    });
    const result = await exchange.publish({ message: message('a') });
    expect(filters).toEqual(['1', '2', '3', '4']);
    expect(shared.mock.calls.map((call) => call[0])).toEqual([third]);
    expect(result).toEqual({ matched: 2, delivered: 1, failed: 0 });
  });

  it('at the position of that first subscription in the dispatch order', async () => {
    const exchange = new SignalExchange();
    const log: string[] = [];
    const shared: Handler = (id) => void log.push(`shared ${id}`);
    exchange.subscribe({
      topicPattern: 'a',
      handler: () => void log.push('x'),
      subscriptionId: 'x',
    });
    exchange.subscribe({ topicPattern: 'a', handler: shared, subscriptionId: 's1' });
    exchange.subscribe({
      topicPattern: 'a',
      handler: () => void log.push('y'),
      subscriptionId: 'y',
    });
    exchange.subscribe({ topicPattern: 'a', handler: shared, subscriptionId: 's2' });
    await exchange.publish({ message: message('a') });
    expect(log).toEqual(['x', 'shared s1', 'y']);
  });

  it('distinct functions with the same code are distinct handlers', async () => {
    const exchange = new SignalExchange();
    const calls: string[] = [];
    const make = (): Handler => (id) => void calls.push(id);
    exchange.subscribe({ topicPattern: 'a', handler: make(), subscriptionId: 'one' });
    exchange.subscribe({ topicPattern: 'a', handler: make(), subscriptionId: 'two' });
    await exchange.publish({ message: message('a') });
    expect(calls).toEqual(['one', 'two']);
  });

  it('again for the next message', async () => {
    const exchange = new SignalExchange();
    const shared = vi.fn<Handler>();
    exchange.subscribe({ topicPattern: 'a', handler: shared });
    exchange.subscribe({ topicPattern: 'a', handler: shared });
    await exchange.publish({ message: message('a') });
    await exchange.publish({ message: message('a') });
    expect(shared).toHaveBeenCalledTimes(2);
  });
});
