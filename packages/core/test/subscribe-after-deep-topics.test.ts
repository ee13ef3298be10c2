// The ghost subscription of issue 14: topics `a`, `aa`, … up to 10 000 characters were
// published (each a prefix of the next), then `subscribe('a.*')` threw `RangeError` after the
// matcher had registered it: the exchange did not know the subscription (size 0, unsubscribe
// false) while its handler kept receiving messages, even after clear(). Now it subscribes.
import { describe, expect, it } from 'vitest';
import { Message, SignalExchange } from '../src/index.js';

describe('subscribe after 10 000 nested topics were published', () => {
  it('subscribes, delivers, and unsubscribes and clears for real', async () => {
    // Without the memo's byte bound, which would otherwise keep only the longest thousand topics.
    const exchange = new SignalExchange({ validateTopic: false, cacheBytes: Infinity });
    for (let length = 1; length <= 10_000; length += 1) {
      await exchange.publish({
        message: new Message({ topic: 'a'.repeat(length), value: length }),
      });
    }
    const received: string[] = [];
    const id = exchange.subscribe({
      topicPattern: 'a.*',
      handler: (_id, _publisher, message) => void received.push(message.topic),
    });
    expect(exchange.size).toBe(1);
    await exchange.publish({ message: new Message({ topic: 'aaaaa', value: 0 }) });
    expect(received).toEqual(['aaaaa']);
    expect(exchange.unsubscribe(id)).toBe(true);
    await exchange.publish({ message: new Message({ topic: 'aaaaa', value: 0 }) });
    expect(received).toEqual(['aaaaa']);

    exchange.subscribe({ topicPattern: 'a.*', handler: () => void received.push('again') });
    exchange.clear();
    expect(exchange.size).toBe(0);
    await exchange.publish({ message: new Message({ topic: 'aaa', value: 0 }) });
    expect(received).toEqual(['aaaaa']);
    expect(exchange.hasSubscribers('aaa')).toBe(false);
  });
});
