// What Redis refuses with an error reply (here: ACL permissions) is reported to onError and
// not retried: a PUBLISH counts in stats().failed, a PSUBSCRIBE names its globs
// (SubscriptionRefusedError). The bridge
// goes on with what it may do.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../src/index.js';
import {
  message,
  rawClient,
  record,
  useRedisServer,
  waitFor,
  limitedUser,
} from './support/helpers.js';

const server = useRedisServer();

describe('refusals by Redis', () => {
  it('are reported, counted and not retried', async () => {
    const admin = rawClient(server());
    const url = await limitedUser(admin, server(), '&sigx:ok/*');
    const errors: Error[] = [];
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url, onError: (error) => errors.push(error) });
    const allowed = new SignalExchange();
    const allowedBridge = await connectRedis(allowed, { url: server().url });
    const atAllowed = record(allowed, '.*');
    await allowedBridge.flush();

    exchange.subscribe({ topicPattern: 'forbidden/.*', handler: () => {} });
    await bridge.flush();
    await exchange.publish({ message: message('forbidden/1', 1) });
    await exchange.publish({ message: message('ok/1', 2) });
    await bridge.flush();
    await waitFor(() => errors.length === 2 && atAllowed.values.length === 1, 'both refusals');
    expect(errors.map((error) => error.name)).toEqual([
      'SubscriptionRefusedError',
      'RedisConnectionError',
    ]);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^Redis refused PSUBSCRIBE sigx:forbidden\/\*: NOPERM/),
      expect.stringMatching(
        /^Redis publisher connection refused to publish on "sigx:forbidden\/1": NOPERM/,
      ),
    ]);
    expect(bridge.stats()).toMatchObject({ sent: 1, failed: 1, buffered: 0, inFlight: 0 });
    expect(atAllowed.values).toEqual([2]);
    await Promise.all([bridge.close(), allowedBridge.close()]);
    await admin.quit();
  });
});
