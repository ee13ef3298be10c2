/**
 * Two processes, one Redis: each process has its own `SignalExchange`, bridged with
 * `connectRedis`. The main process starts a worker process, publishes an order, and the
 * worker, which subscribed to orders, answers with a receipt. Messages cross with their
 * fields and values intact (the Date stays a Date, the BigInt a BigInt); handlers learn where
 * a remote message comes from through `RemotePublisher`.
 *
 * Run it with `pnpm --filter @sigx/examples example:two-processes`. It uses the Redis at
 * `REDIS_URL`, or starts a throwaway `redis-server` when that is not set.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Message, SignalExchange } from '@sigx/core';
import { connectRedis, RemotePublisher } from '@sigx/redis';
import { startRedisServer } from '@sigx/redis/testing';

const from = (publisher: unknown): string =>
  publisher instanceof RemotePublisher
    ? `node ${JSON.stringify(publisher.nodeId)}`
    : 'this process';

if (process.argv[2] === 'worker') {
  // The worker: subscribes to orders, answers each with a receipt.
  const exchange = new SignalExchange();
  const bridge = await connectRedis(exchange, { url: process.argv[3]!, nodeId: 'worker' });
  exchange.subscribe({
    topicPattern: 'orders/.*',
    handler: async (_id, publisher, message) => {
      const order = message.value as { item: string; quantity: bigint };
      console.log(
        `worker: ${message.topic} ${order.quantity}× ${order.item} from ${from(publisher)}`,
      );
      await exchange.publish({
        message: new Message({
          publisherName: 'worker',
          topic: `receipts/${message.topic.slice('orders/'.length)}`,
          value: { order: message.messageId, at: new Date() },
        }),
      });
    },
  });
  await bridge.flush(); // Redis has confirmed the subscription
  process.send!('ready');
  process.once('disconnect', () => void bridge.close());
} else {
  const server = process.env['REDIS_URL'] === undefined ? await startRedisServer() : undefined;
  const url = process.env['REDIS_URL'] ?? server!.url;
  const exchange = new SignalExchange();
  const bridge = await connectRedis(exchange, { url, nodeId: 'main' });
  // A local subscriber gets the order at once, without Redis.
  exchange.subscribe({
    topicPattern: 'orders/.*',
    handler: (_id, publisher, message) =>
      console.log(`main: ${message.topic} from ${from(publisher)}`),
  });

  // The same file in a second Node process (fork keeps the tsx loader of this one).
  const worker = fork(fileURLToPath(import.meta.url), ['worker', url]);
  await new Promise((resolve) => worker.once('message', resolve));
  console.log('main: the worker is ready');

  const receipt = new Promise<[unknown, Message]>((resolve) => {
    exchange.subscribe({
      topicPattern: 'receipts/42$',
      handler: (_id, publisher, message) => resolve([publisher, message]),
    });
  });
  await bridge.flush(); // Redis has confirmed this subscription too
  await exchange.publish({
    message: new Message({
      publisherName: 'shop',
      topic: 'orders/42',
      value: { item: 'tea', quantity: 2n },
    }),
  });
  const [publisher, answer] = await receipt;
  const { at } = answer.value as { order: string; at: Date };
  console.log(`main: ${answer.topic} from ${from(publisher)}, at is a Date: ${at instanceof Date}`);

  worker.disconnect();
  await new Promise((resolve) => worker.once('exit', resolve));
  await bridge.close();
  await server?.stop();
  console.log('main: done');
}
