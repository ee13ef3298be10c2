// One payload above Redis's proto-max-bulk-len, amid a flood of normal publishes: Redis
// answers it with a protocol error and closes the connection, and the normal publishes behind
// it fail with the connection. The publishing process (a child, so that a hang fails this test
// instead of hanging vitest) must stay responsive, never resend the oversize payload for ever,
// report it by its topic, and deliver everything else at most once and in order.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../src/index.js';
import {
  floodStatusReader,
  rawClient,
  record,
  startFixture,
  type FloodStatus,
  useRedisServer,
  waitFor,
} from './support/helpers.js';

const server = useRedisServer();

describe('a payload above proto-max-bulk-len among normal publishes', () => {
  it(
    'is reported and given up, and the publishing process goes on',
    { timeout: 90_000 },
    async () => {
      const admin = rawClient(server());
      // Redis 7 accepts no less than 1 MB; the fixture's big message is 2 MB.
      await admin.config('SET', 'proto-max-bulk-len', '1mb');
      const receiver = new SignalExchange();
      const receiverBridge = await connectRedis(receiver, {
        url: server().url,
        nodeId: 'receiver',
      });
      const got = record(receiver, 'flood/.*');
      await receiverBridge.flush();
      const node = startFixture('flooding-publisher.ts', [server().url, 'flooder']);
      const errors: string[] = [];
      let status: FloodStatus;
      try {
        expect(await node.nextLine(30_000)).toBe('ready');
        const next = floodStatusReader(node, errors);
        status = await next();
        while (status.stats.sent < 1_000) status = await next();
        node.send('big');
        const start = { at: Date.now(), ticks: status.ticks };
        // Until the big message has been given up (refused or dropped) and messages flow again.
        const gaveUp = (): boolean => errors.some((e) => e.includes('"sigx:flood/big"'));
        let sentThen = Number.POSITIVE_INFINITY;
        while (!(gaveUp() && status.stats.connected && status.stats.sent > sentThen + 1_000)) {
          status = await next();
          if (gaveUp() && sentThen === Number.POSITIVE_INFINITY) sentThen = status.stats.sent;
        }
        const seconds = (Date.now() - start.at) / 1_000;
        expect((status.ticks - start.ticks) / seconds).toBeGreaterThan(5);
        node.send('stop');
        while (!status.final) status = await next();
      } finally {
        node.kill();
      }
      const { published, stats } = status;
      await waitFor(() => got.values.at(-1) === 'end', 'the end marker at the receiver', 20_000);
      expect(got.messages.map((m) => m.topic)).not.toContain('flood/big');
      const numbers = got.values.slice(0, -1) as number[];
      expect(numbers.every((value, index) => index === 0 || value > numbers[index - 1]!)).toBe(
        true,
      );
      expect(stats).toMatchObject({ buffered: 0, inFlight: 0 });
      // The big one is refused (failed) or given up after repeated resets (dropped).
      expect(stats.failed + stats.dropped).toBeGreaterThanOrEqual(1);
      expect(stats.sent + stats.dropped + stats.failed).toBe(published);
      const report = errors.find((e) => e.includes('"sigx:flood/big"'))!;
      expect(report).toMatch(
        /^RedisConnectionError: Redis publisher connection (refused to publish on "sigx:flood\/big": ERR Protocol error: invalid bulk length|was closed 3 times with the message on "sigx:flood\/big" unanswered, the last time sent alone: dropped it \(Redis closes the connection on a payload larger than its proto-max-bulk-len\))/,
      );
      await admin.quit();
      await receiverBridge.close();
    },
  );
});
