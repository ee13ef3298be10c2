// `publisherName` may be left out of a Message's fields, in the type as at runtime: it is then
// `null` (an anonymous publisher), and so is an explicit `undefined` from a JavaScript caller.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Message, type MessageInit, SignalExchange } from '../src/index.js';

describe('Message without publisherName', () => {
  it('is allowed by the type of its fields', () => {
    expectTypeOf<{ topic: string; value: number }>().toMatchTypeOf<MessageInit<number>>();
    expectTypeOf<MessageInit['publisherName']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf(new Message({ topic: 'a', value: 1 })).toEqualTypeOf<Message<number>>();
    expectTypeOf<Message['publisherName']>().toEqualTypeOf<string | null>();
  });

  it('has publisherName null when it is left out', () => {
    const m = new Message({ topic: 'parent/child', value: 'my message' });
    expect(m.publisherName).toBeNull();
    expect(String(m)).toMatch(/^Message\(publisherName=null, topic="parent\/child",/);
  });

  it('has publisherName null when it is undefined', () => {
    const init = { publisherName: undefined, topic: 't', value: 1 };
    const m = new Message(init as unknown as MessageInit<number>);
    expect(m.publisherName).toBeNull();
    expect(Object.keys(m)).toContain('publisherName');
  });

  it('keeps a given publisherName, and null', () => {
    expect(new Message({ publisherName: 'shop', topic: 't', value: 1 }).publisherName).toBe('shop');
    expect(new Message({ publisherName: null, topic: 't', value: 1 }).publisherName).toBeNull();
  });

  it('is routed as an anonymous message', async () => {
    const exchange = new SignalExchange();
    const seen: string[] = [];
    exchange.subscribe({ topicPattern: 't', handler: () => void seen.push('any') });
    exchange.subscribe({
      topicPattern: 't',
      publisherName: 'shop',
      handler: () => void seen.push('shop only'),
    });
    await expect(
      exchange.publish({ message: new Message({ topic: 't', value: 1 }) }),
    ).resolves.toEqual({ matched: 1, delivered: 1, failed: 0 });
    expect(seen).toEqual(['any']);
  });
});
