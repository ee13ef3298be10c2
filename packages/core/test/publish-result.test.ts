// docs/delivery-semantics.md, "Publish rules", rule 8: publish resolves with { matched, delivered,
// failed }: matched counts the subscriptions that passed pattern, publisher routing and filter;
// delivered counts the handler calls made (a shared handler once); failed counts the handler calls
// that threw or rejected (a failing filter is not a failed delivery).
import { describe, expect, it } from 'vitest';
import { Message, SignalExchange } from '../src/index.js';
import { message } from './support/helpers.js';

describe('PublishResult', () => {
  it('is all zeros when nothing matches', async () => {
    const exchange = new SignalExchange();
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
    exchange.subscribe({ topicPattern: 'b', handler: () => {} });
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
  });

  for (const dispatch of ['sequential', 'concurrent'] as const) {
    it(`counts matched, delivered and failed separately (${dispatch})`, async () => {
      const exchange = new SignalExchange({ dispatch, onError: () => {} });
      const shared = (): void => {};
      const failing = async (): Promise<void> => {
        throw new Error('no');
      };
      // Matched and delivered.
      exchange.subscribe({ topicPattern: 'a', handler: () => {} });
      // Two subscriptions of one handler: matched 2, delivered 1.
      exchange.subscribe({ topicPattern: 'a', handler: shared });
      exchange.subscribe({ topicPattern: '', handler: shared });
      // Routed away: not matched.
      exchange.subscribe({ topicPattern: 'a', handler: () => {}, publisherName: 'other' });
      // Filtered out, and a throwing filter: not matched.
      exchange.subscribe({ topicPattern: 'a', handler: () => {}, filter: () => false });
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {},
        filter: () => {
          throw new Error('filter');
        },
      });
      // Pattern does not match.
      exchange.subscribe({ topicPattern: 'b', handler: () => {} });
      // Failing handler, on two subscriptions: matched 2, delivered 1, failed 1.
      exchange.subscribe({ topicPattern: 'a', handler: failing });
      exchange.subscribe({ topicPattern: 'a$', handler: failing });
      // A sync throw.
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          throw new Error('sync');
        },
      });
      const result = await exchange.publish({
        message: new Message({ publisherName: 'me', topic: 'a', value: 1 }),
      });
      expect(result).toEqual({ matched: 6, delivered: 4, failed: 2 });
    });
  }

  it('is a plain object with exactly the three counts', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: () => {} });
    const result = await exchange.publish({ message: message('a') });
    expect(Object.keys(result).sort()).toEqual(['delivered', 'failed', 'matched']);
  });

  it('rejects with TypeError when no Message is given', async () => {
    const exchange = new SignalExchange();
    await expect(
      exchange.publish({ message: { topic: 'a' } as unknown as Message }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(
      exchange.publish(undefined as unknown as { message: Message }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
