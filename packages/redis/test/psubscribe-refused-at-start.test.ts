// A subscription the exchange already has when connectRedis is called, whose glob Redis
// refuses (ACL), makes connectRedis reject with SubscriptionRefusedError naming the glob,
// rather than resolve as if every subscription were in place; the bridge gives up its
// connections and leaves the exchange alone.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, SubscriptionRefusedError } from '../src/index.js';
import { message, rawClient, rejectionOf, useRedisServer, limitedUser } from './support/helpers.js';

const server = useRedisServer();

describe('a PSUBSCRIBE refused while connectRedis starts', () => {
  it('rejects connectRedis with SubscriptionRefusedError naming the glob', async () => {
    const admin = rawClient(server());
    const url = await limitedUser(admin, server(), '&sigx:allowed/*');
    const exchange = new SignalExchange();
    const got: unknown[] = [];
    exchange.subscribe({
      topicPattern: 'allowed/.*',
      handler: (_id, _p, m) => void got.push(m.value),
    });
    exchange.subscribe({
      topicPattern: 'forbidden/.*',
      handler: (_id, _p, m) => void got.push(m.value),
    });
    const errors: Error[] = [];
    const error = await rejectionOf(
      connectRedis(exchange, { url, nodeId: 'refused', onError: (e) => errors.push(e) }),
    );

    expect(error).toBeInstanceOf(SubscriptionRefusedError);
    expect(error).toMatchObject({
      name: 'SubscriptionRefusedError',
      code: 'ERR_SIGX_REDIS_SUBSCRIPTION_REFUSED',
      globs: ['sigx:forbidden/*'],
    });
    expect((error as Error).message).toBe(
      'Redis refused PSUBSCRIBE sigx:forbidden/*: NOPERM this user has no permissions to access ' +
        'one of the channels used as arguments. The subscriptions filed under it get nothing ' +
        'from other processes; the Redis user needs each glob allowed as written ' +
        '(allchannels, or &sigx:forbidden/*)',
    );
    expect(errors).toEqual([]); // told once, by the rejection
    // Nothing stays behind: no connection, and the exchange is local again.
    const list = String(await admin.client('LIST'));
    expect(list).not.toMatch(/name=sigx:refused:/);
    expect(await exchange.publish({ message: message('allowed/1', 1) })).toMatchObject({
      delivered: 1,
    });
    expect(got).toEqual([1]);
    await admin.quit();
  });
});
