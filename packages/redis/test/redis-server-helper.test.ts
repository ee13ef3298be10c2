// @sigx/redis/testing: startRedisServer runs a real redis-server on a free loopback port, can
// stop and start it again on the same port, and fails clearly when redis-server is missing.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisServerNotFoundError, startRedisServer } from '../src/testing.js';
import { rejectionOf } from './support/helpers.js';

describe('startRedisServer', () => {
  it('starts a server without persistence, stops it, starts it again on the same port', async () => {
    const server = await startRedisServer();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.running).toBe(true);
    const redis = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null });
    await redis.connect();
    expect(await redis.config('GET', 'save')).toEqual(['save', '']);
    expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    await redis.quit();
    await server.stop();
    expect(server.running).toBe(false);
    await server.stop(); // stopping a stopped server does nothing
    await server.start();
    const again = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null });
    await again.connect();
    expect(await again.ping()).toBe('PONG');
    await again.quit();
    await server.stop('SIGKILL');
  });

  it('fails with RedisServerNotFoundError, which says how to install it, when redis-server is missing', async () => {
    const error = await rejectionOf(
      startRedisServer({ command: 'redis-server-that-is-not-installed' }),
    );
    expect(error).toBeInstanceOf(RedisServerNotFoundError);
    expect(error).toMatchObject({
      name: 'RedisServerNotFoundError',
      code: 'ERR_SIGX_REDIS_SERVER_NOT_FOUND',
      command: 'redis-server-that-is-not-installed',
    });
    expect((error as Error).message).toMatch(/apt-get update && apt-get install -y redis-server/);
  });

  it('reports a server that exits before it is ready, with its output', async () => {
    const taken = await startRedisServer();
    await expect(startRedisServer({ port: taken.port })).rejects.toThrow(
      /exited \(1\) before it was ready:[\s\S]*Address already in use/,
    );
    await taken.stop();
  });
});
