// Redis resets the publishing connection (CLIENT KILL ID) while a bridge publishes about 50
// messages per turn of the event loop. For a moment ioredis still says 'ready' while every
// write fails ("Stream isn't writeable"): a bridge that resends at once on such a failure
// spins in microtasks and its whole process stops. The publisher runs in a child process, so
// that a hang there fails this test (no status line within 5 s) instead of hanging vitest. It
// must keep its timers running, reconnect, and deliver at most once and in order, with every
// message sent or counted as dropped, and a bounded number of resends.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../src/index.js';
import {
  killClient,
  rawClient,
  record,
  startFixture,
  useRedisServer,
  waitFor,
  floodStatusReader,
  type FloodStatus,
} from './support/helpers.js';

const server = useRedisServer();
const KILLS = 3;

describe('Redis resets the publishing connection during a flood of publishes', () => {
  it(
    'the publishing process stays responsive, reconnects and resends in order, once',
    { timeout: 90_000 },
    async () => {
      const receiver = new SignalExchange();
      const receiverBridge = await connectRedis(receiver, {
        url: server().url,
        nodeId: 'receiver',
      });
      const got = record(receiver, 'flood/.*');
      await receiverBridge.flush();
      const admin = rawClient(server());
      const node = startFixture('flooding-publisher.ts', [server().url, 'flooder']);
      const errors: string[] = [];
      let status: FloodStatus;
      try {
        expect(await node.nextLine(30_000)).toBe('ready');
        const next = floodStatusReader(node, errors);
        status = await next();
        const start = { at: Date.now(), ticks: status.ticks };
        for (let kill = 1; kill <= KILLS; kill += 1) {
          const before = status.stats.sent;
          while (status.stats.sent < before + 1_000) status = await next();
          await killClient(admin, 'sigx:flooder:pub');
          const atKill = status.stats.sent;
          const lost = (): number =>
            errors.filter((e) => e.startsWith('RedisConnectionError: Redis publisher connection'))
              .length;
          while (!(
            lost() >= kill &&
            status.stats.connected &&
            status.stats.sent > atKill + 1_000
          )) {
            status = await next();
          }
        }
        // Liveness, not speed: a 10 ms interval fires at least a few times a second.
        const seconds = (Date.now() - start.at) / 1_000;
        expect((status.ticks - start.ticks) / seconds).toBeGreaterThan(5);

        node.send('stop');
        while (!status.final) status = await next();
      } finally {
        node.kill();
      }
      const { published, stats } = status;
      await waitFor(() => got.values.at(-1) === 'end', 'the end marker at the receiver', 20_000);
      const numbers = got.values.slice(0, -1) as number[];
      // At most once and in order: strictly increasing.
      expect(numbers.every((value, index) => index === 0 || value > numbers[index - 1]!)).toBe(
        true,
      );
      // Everything was either accepted by Redis or dropped (counted); nothing is left.
      expect(stats).toMatchObject({ buffered: 0, inFlight: 0, failed: 0 });
      expect(stats.sent + stats.dropped).toBe(published);
      expect(numbers.length).toBeGreaterThanOrEqual(stats.sent - 1);
      // A resend per reset at most for each unanswered message, not one per failed write.
      expect(stats.resent).toBeGreaterThan(0);
      expect(stats.resent).toBeLessThanOrEqual(published);
      // Each reset is reported once.
      expect(
        errors.filter((e) =>
          e.startsWith('RedisConnectionError: Redis publisher connection was lost; reconnecting'),
        ),
      ).toHaveLength(KILLS);
      await admin.quit();
      await receiverBridge.close();
    },
  );
});
