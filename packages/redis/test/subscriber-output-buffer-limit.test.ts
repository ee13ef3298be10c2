// A subscriber that falls behind (here: its event loop is blocked while messages pour in) is
// cut off by Redis at its client-output-buffer-limit for pub/sub clients. Redis says nothing
// to the client; the bridge, seeing Redis still answer on its other connection, reports the
// loss with the limit (read with CONFIG GET) and the likely cause, not as a bare lost
// connection. The subscriber runs in a child process, whose event loop it can block.
import { describe, expect, it } from 'vitest';
import { rawClient, startFixture, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

describe('a subscriber cut off at the output buffer limit', () => {
  it('is reported with the limit and the likely cause', { timeout: 60_000 }, async () => {
    const admin = rawClient(server());
    await admin.config('SET', 'client-output-buffer-limit', 'pubsub 256kb 128kb 1');
    const node = startFixture('slow-subscriber.ts', [server().url, 'slow']);
    try {
      expect(await node.nextLine(30_000)).toBe('ready');
      node.send('block 4000');
      expect(await node.nextLine()).toBe('blocking');
      // Far more than the socket buffers and the limit hold, while it reads nothing.
      const payload = 'x'.repeat(16 * 1024);
      const clientList = async (): Promise<string> => String(await admin.client('LIST'));
      for (let batch = 0; (await clientList()).includes('name=sigx:slow:sub '); batch += 1) {
        if (batch === 200) throw new Error('Redis did not cut the slow subscriber off');
        const pipeline = admin.pipeline();
        for (let i = 0; i < 64; i += 1) pipeline.publish('sigx:flood/x', payload);
        await pipeline.exec();
      }
      const errors = JSON.parse(await node.nextLine(20_000)) as { name: string; message: string }[];
      const lost = errors.filter((e) => e.message.startsWith('Redis subscriber connection'));
      expect(lost).toEqual([
        {
          name: 'RedisConnectionError',
          message:
            'Redis subscriber connection was closed while Redis stayed up (the publishing ' +
            'connection still answers): Redis cuts off a pub/sub client that falls behind its ' +
            'client-output-buffer-limit pubsub (here 256kb hard, 128kb for 1 s), so this ' +
            'process most likely read what it subscribes to slower than it came (a blocked ' +
            'event loop, a burst); CLIENT KILL and ACL changes close it too. Reconnecting; ' +
            'what is published meanwhile is lost',
        },
      ]);
    } finally {
      node.kill();
    }
    await waitFor(() => node.child.exitCode !== null || node.child.signalCode !== null, 'exit');
    await admin.quit();
  });
});
