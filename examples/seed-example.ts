/**
 * The original Python sigx README example, in TypeScript. Two subscriptions: a plain handler
 * on `parent/.*` and an async one on `parent/child.*`. The first message (`parent/child`)
 * reaches both, the second (`parent/chipmunk`) only the first. `publish` resolves after the
 * async handler has finished.
 */
import { Message, SignalExchange, type Handler } from '@sigx/core';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// subscriptionId is the subscription the message is delivered for: useful when one
// handler serves several subscriptions. publisher is the object that published.
const handler: Handler = (subscriptionId, publisher, message) => {
  console.log(Date.now() / 1000, 'callback', subscriptionId, publisher, String(message));
};

const asyncHandler: Handler = async (subscriptionId, publisher, message) => {
  await sleep(100);
  console.log(Date.now() / 1000, 'callback', subscriptionId, publisher, String(message));
};

async function main(): Promise<void> {
  const sx = new SignalExchange();

  sx.subscribe({ topicPattern: String.raw`parent/.*`, handler });
  sx.subscribe({ topicPattern: String.raw`parent/child.*`, handler: asyncHandler });

  await sx.publish({
    publisher: null,
    message: new Message({ publisherName: null, topic: 'parent/child', value: 'my message' }),
  });
  await sx.publish({
    publisher: null,
    message: new Message({
      publisherName: null,
      topic: 'parent/chipmunk',
      value: 'my message',
      previousValue: 'banana',
    }),
  });
}

await main();
