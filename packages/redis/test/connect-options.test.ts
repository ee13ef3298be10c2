// connectRedis refuses bad options (TypeError, RangeError) before connecting, and rejects
// with RedisConnectionError when Redis cannot be reached at first.
import { SignalExchange } from '@sigx/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedis, RedisConnectionError, type RedisBridgeOptions } from '../src/index.js';
import { startRedisServer } from '../src/testing.js';
import { rejectionOf, useRedisServer } from './support/helpers.js';

const server = useRedisServer();

describe('connectRedis options', () => {
  it.each([
    [
      'url and client',
      () => ({ url: server().url, client: new Redis({ lazyConnect: true }) }),
      TypeError,
      'give connectRedis a url or a client, not both',
    ],
    ['a url that is not a string', () => ({ url: 6379 }), TypeError, 'url must be a string'],
    [
      'a client that is not ioredis',
      () => ({ client: {} }),
      TypeError,
      'client must be an ioredis client (with duplicate())',
    ],
    [
      'a channelPrefix that is not a string',
      () => ({ channelPrefix: null }),
      TypeError,
      'channelPrefix must be a string',
    ],
    [
      'a codec without decode',
      () => ({ codec: { encode: String } }),
      TypeError,
      'codec must have encode and decode functions',
    ],
    ['an empty nodeId', () => ({ nodeId: '' }), TypeError, 'nodeId must be a non-empty string'],
    [
      'a nodeId longer than receivers take',
      () => ({ nodeId: 'n'.repeat(257) }),
      RangeError,
      'nodeId must be at most 256 characters, got 257',
    ],
    [
      'a sharedKey that is neither a string nor bytes',
      () => ({ sharedKey: 42 }),
      TypeError,
      'sharedKey must be a string or a Uint8Array',
    ],
    [
      'a sharedKey shorter than 16 bytes',
      () => ({ sharedKey: 'clé courte' }),
      RangeError,
      'sharedKey must be at least 16 bytes, got 11',
    ],
    [
      'a negative maxBuffered',
      () => ({ maxBuffered: -1 }),
      RangeError,
      'maxBuffered must be an integer >= 0, got -1',
    ],
    [
      'a fractional maxBuffered',
      () => ({ maxBuffered: 1.5 }),
      RangeError,
      'maxBuffered must be an integer >= 0, got 1.5',
    ],
    [
      'an onError that is not a function',
      () => ({ onError: 'log' }),
      TypeError,
      'onError must be a function',
    ],
  ])('refuses %s', async (_name, options, type, text) => {
    await expect(
      connectRedis(new SignalExchange(), options() as unknown as RedisBridgeOptions),
    ).rejects.toThrowError(new type(text));
  });

  it('refuses something that is not an exchange', async () => {
    await expect(connectRedis({} as SignalExchange, { url: server().url })).rejects.toThrowError(
      new TypeError('connectRedis needs a SignalExchange (from @sigx/core) as its first argument'),
    );
  });

  it('rejects with RedisConnectionError when nothing listens, and gives up its connections', async () => {
    const gone = await startRedisServer();
    await gone.stop();
    const error = await rejectionOf(connectRedis(new SignalExchange(), { url: gone.url }));
    expect(error).toBeInstanceOf(RedisConnectionError);
    expect(error).toMatchObject({
      name: 'RedisConnectionError',
      code: 'ERR_SIGX_REDIS_CONNECTION',
      connection: 'publisher',
    });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Redis publisher connection could not connect to 127\\.0\\.0\\.1:${gone.port}: connect ECONNREFUSED`,
      ),
    );
    // Nothing keeps retrying: a server started now on that port sees no sigx client.
    await gone.start();
    const redis = new Redis(gone.url);
    expect(String(await redis.client('LIST'))).not.toMatch(/name=sigx:/);
    await redis.quit();
    await gone.stop();
  });

  it('accepts redisOptions for the connections made from the url', async () => {
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, {
      url: server().url,
      nodeId: 'with-options',
      redisOptions: { db: 3, connectionName: 'overridden by the bridge' },
    });
    const redis = new Redis(server().url);
    const list = String(await redis.client('LIST'));
    expect(list).toMatch(/ name=sigx:with-options:pub .* db=3 /);
    await redis.quit();
    await bridge.close();
  });
});
