// Faults: redis-server is killed and started again while a stream of publishes goes on. The
// bridges notice and report the loss, buffer what is published meanwhile up to maxBuffered,
// count and report what goes past it, reconnect and resubscribe by themselves, and send the
// buffer on reconnection. Delivery is at most once: what arrives arrives once and in order;
// what is sent while the receiver is still resubscribing may be lost, as Redis pub/sub goes.
import { SignalExchange } from '@sigx/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  BufferOverflowError,
  connectRedis,
  RedisConnectionError,
  type RedisBridge,
} from '../src/index.js';
import { startRedisServer } from '../src/testing.js';
import { message, rawClient, record, waitFor } from './support/helpers.js';

const MAX_BUFFERED = 50;

/** Whether the server has the receiving bridge's pattern subscription (CLIENT LIST psub=). */
async function resubscribed(url: string, bridge: RedisBridge): Promise<boolean> {
  const redis = rawClient({ url });
  try {
    const list = String(await redis.client('LIST'));
    return new RegExp(` name=sigx:${bridge.nodeId}:sub .* psub=1 `).test(list);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

describe('redis-server stopped and restarted during a stream of publishes', () => {
  it(
    'buffers, reports, reconnects, resubscribes and delivers at most once, in order',
    { timeout: 30_000 },
    async () => {
      const server = await startRedisServer();
      const senderErrors: Error[] = [];
      const receiverErrors: Error[] = [];
      const sender = new SignalExchange();
      const receiver = new SignalExchange();
      const senderBridge = await connectRedis(sender, {
        url: server.url,
        nodeId: 'sender',
        maxBuffered: MAX_BUFFERED,
        onError: (error) => senderErrors.push(error),
      });
      const receiverBridge = await connectRedis(receiver, {
        url: server.url,
        nodeId: 'receiver',
        onError: (error) => receiverErrors.push(error),
      });
      const received = record(receiver, 'f/.*');
      await receiverBridge.flush();

      // The stream: one publish every millisecond or so, until told to stop.
      let published = 0;
      let streaming = true;
      const stream = (async () => {
        while (streaming) {
          await sender.publish({ message: message(`f/${published}`, published) });
          published += 1;
          await sleep(1);
        }
      })();
      const receivedIndexes = (): number[] => received.values as number[];

      try {
        await waitFor(() => receivedIndexes().length >= 20, 'the stream to flow');
        await server.stop('SIGKILL');
        await waitFor(
          () =>
            senderErrors.some(
              (e) => e instanceof RedisConnectionError && e.connection === 'publisher',
            ),
          'the sender to report the lost connection',
        );
        // What is published now waits in the buffer, up to its bound; the rest is dropped.
        await waitFor(() => senderBridge.stats().buffered === MAX_BUFFERED, 'a full buffer');
        await waitFor(() => senderBridge.stats().dropped > 0, 'a dropped message');
        expect(senderBridge.stats().connected).toBe(false);

        await server.start();
        await waitFor(
          () => senderBridge.stats().connected && receiverBridge.stats().connected,
          'both bridges to reconnect',
        );
        // The receiver's subscription is restored by itself (ioredis autoResubscribe).
        for (let tries = 0; !(await resubscribed(server.url, receiverBridge)); tries += 1) {
          if (tries > 1_000) throw new Error('the receiver did not resubscribe');
          await sleep(5);
        }
        const backAt = published;
        await waitFor(() => receivedIndexes().at(-1)! > backAt + 20, 'the stream to flow again');
      } finally {
        streaming = false;
        await stream;
      }
      await senderBridge.flush();
      await sender.publish({ message: message('f/end', 'end') });
      await waitFor(() => received.values.at(-1) === 'end', 'the end marker');
      received.values.pop();

      const got = receivedIndexes();
      const senderStats = senderBridge.stats();
      // Order and no duplicates: strictly increasing.
      expect(got.every((value, index) => index === 0 || value > got[index - 1]!)).toBe(true);
      // Everything published was either accepted by Redis or dropped (counted); nothing stays.
      expect(senderStats.sent + senderStats.dropped).toBe(published + 1);
      expect(senderStats).toMatchObject({ buffered: 0, inFlight: 0, failed: 0 });
      expect(senderStats.dropped).toBeGreaterThan(0);
      expect(receiverBridge.stats().received).toBe(got.length + 1);

      // Reported: the loss of each connection, the first drop, and the total once back.
      const overflow = senderErrors.filter(
        (e): e is BufferOverflowError => e instanceof BufferOverflowError,
      );
      expect(overflow).toHaveLength(2);
      const [first, summary] = overflow as [BufferOverflowError, BufferOverflowError];
      expect(first).toMatchObject({
        name: 'BufferOverflowError',
        dropped: 1,
        maxBuffered: MAX_BUFFERED,
      });
      expect(first.message).toMatch(
        /^Redis is unreachable and the buffer of 50 message\(s\) is full: the message on topic "f\/\d+"/,
      );
      expect(summary).toMatchObject({ dropped: senderStats.dropped, topic: first.topic });
      expect(summary.message).toMatch(
        new RegExp(
          `^Redis is reachable again; ${senderStats.dropped} message\\(s\\) published while it was not`,
        ),
      );
      // The first message dropped never arrives: it was the newest when the buffer was full.
      expect(got).not.toContain(Number(first.topic.slice(2)));
      for (const errors of [senderErrors, receiverErrors]) {
        const lost = errors.filter(
          (e): e is RedisConnectionError => e instanceof RedisConnectionError,
        );
        expect(lost.map((e) => e.connection).sort()).toEqual(['publisher', 'subscriber']);
        expect(
          lost.every((e) =>
            e.message.startsWith(`Redis ${e.connection} connection was lost; reconnecting`),
          ),
        ).toBe(true);
      }
      expect(senderErrors).toHaveLength(4);
      expect(receiverErrors).toHaveLength(2);

      await Promise.all([senderBridge.close(), receiverBridge.close()]);
      await server.stop();
    },
  );
});
