// The original Python project's README example, translated (examples/seed-example.ts; README.md,
// "Example"): subscriptions 'parent/.*' (a sync handler) and 'parent/child.*' (an async handler
// sleeping 100 ms). The first message ('parent/child') reaches both, in subscription order; the
// second ('parent/chipmunk', previousValue 'banana') only the first; the async handler has
// completed before publish resolves. Each call receives the subscription id, the publisher and the
// full message.
import { describe, expect, it } from 'vitest';
import { type Handler, Message, SignalExchange } from '../src/index.js';
import { HEX32, sleep } from './support/helpers.js';

interface Line {
  readonly subscriptionId: string;
  readonly publisher: unknown;
  readonly message: Message;
}

describe("the seed's example", () => {
  it('prints two callbacks for the first message and one for the second', async () => {
    const log: (Line | string)[] = [];
    const handler: Handler = (subscriptionId, publisher, message) => {
      log.push({ subscriptionId, publisher, message });
    };
    const asyncHandler: Handler = async (subscriptionId, publisher, message) => {
      log.push('async handler sleeping');
      await sleep(100);
      log.push({ subscriptionId, publisher, message });
    };

    const sx = new SignalExchange();
    const parentId = sx.subscribe({ topicPattern: 'parent/.*', handler });
    const childId = sx.subscribe({ topicPattern: 'parent/child.*', handler: asyncHandler });
    expect(parentId).toMatch(HEX32);
    expect(childId).toMatch(HEX32);
    expect(parentId).not.toBe(childId);

    const first = new Message({ publisherName: null, topic: 'parent/child', value: 'my message' });
    const firstResult = await sx.publish({ publisher: null, message: first });
    log.push('first publish resolved');
    const second = new Message({
      publisherName: null,
      topic: 'parent/chipmunk',
      value: 'my message',
      previousValue: 'banana',
    });
    const secondResult = await sx.publish({ publisher: null, message: second });
    log.push('second publish resolved');

    expect(log).toEqual([
      { subscriptionId: parentId, publisher: null, message: first },
      'async handler sleeping',
      { subscriptionId: childId, publisher: null, message: first },
      'first publish resolved',
      { subscriptionId: parentId, publisher: null, message: second },
      'second publish resolved',
    ]);
    expect(firstResult).toEqual({ matched: 2, delivered: 2, failed: 0 });
    expect(secondResult).toEqual({ matched: 1, delivered: 1, failed: 0 });

    // The fields of the seed's output lines.
    expect(first).toMatchObject({
      publisherName: null,
      topic: 'parent/child',
      value: 'my message',
      previousValue: null,
    });
    expect(second).toMatchObject({
      publisherName: null,
      topic: 'parent/chipmunk',
      value: 'my message',
      previousValue: 'banana',
    });
    for (const m of [first, second]) {
      expect(m.created).toBeInstanceOf(Date);
      expect(m.messageId).toMatch(HEX32);
    }
    expect(second.messageId > first.messageId).toBe(true);
    expect(second.created.getTime()).toBeGreaterThanOrEqual(first.created.getTime());
  });
});
