// docs/delivery-semantics.md, "Subscribing and unsubscribing": subscribe returns the subscription
// id: the one asked for, or a generated one of 32 lowercase hex characters, unique within the
// process (across exchanges too).
import { describe, expect, it } from 'vitest';
import { SignalExchange } from '../src/index.js';
import { HEX32 } from './support/helpers.js';

describe('subscription ids', () => {
  it('are generated as 32 lowercase hex characters, unique across subscriptions and exchanges', () => {
    const ids = new Set<string>();
    const exchanges = [new SignalExchange(), new SignalExchange()];
    for (let i = 0; i < 5000; i += 1) {
      const id = exchanges[i % 2]!.subscribe({ topicPattern: 'a', handler: () => {} });
      expect(id).toMatch(HEX32);
      ids.add(id);
    }
    expect(ids.size).toBe(5000);
  });

  it('are the ones asked for, whatever their form', () => {
    const exchange = new SignalExchange();
    for (const wanted of ['mine', '', 'UPPER case ✓', '0123456789abcdef0123456789abcdef']) {
      expect(
        exchange.subscribe({ topicPattern: 'a', handler: () => {}, subscriptionId: wanted }),
      ).toBe(wanted);
    }
    expect(exchange.size).toBe(4);
  });

  it('are given to streams too', () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    expect(stream.subscriptionId).toMatch(HEX32);
    expect(exchange.unsubscribe(stream.subscriptionId)).toBe(true);
  });
});
