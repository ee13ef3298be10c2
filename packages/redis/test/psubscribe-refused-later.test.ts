// A glob Redis refuses after start-up (a subscription made later, or an ACL change that makes
// Redis drop the connection and refuse the resubscription) is reported to onError as
// SubscriptionRefusedError naming only the refused glob, is left out of stats().patterns, and
// is not requested again until a subscription wants it anew. A glob sent in the same PSUBSCRIBE
// as a refused one still takes effect.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, SubscriptionRefusedError } from '../src/index.js';
import {
  limitedUser,
  message,
  rawClient,
  record,
  useRedisServer,
  waitFor,
} from './support/helpers.js';

const server = useRedisServer();

describe('a PSUBSCRIBE refused after start-up', () => {
  it('is reported with its glob and kept out of stats().patterns', async () => {
    const admin = rawClient(server());
    const url = await limitedUser(admin, server(), '&sigx:allowed/*');
    const errors: Error[] = [];
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url, onError: (error) => errors.push(error) });
    const sender = new SignalExchange();
    const senderBridge = await connectRedis(sender, { url: server().url });

    // One turn: both globs go to Redis in one PSUBSCRIBE, which Redis refuses as a whole.
    const allowed = record(exchange, 'allowed/.*');
    const forbidden: unknown[] = [];
    const forbiddenId = exchange.subscribe({
      topicPattern: 'forbidden/.*',
      handler: (_id, _publisher, m) => void forbidden.push(m.value),
    });
    await bridge.flush();
    expect(errors).toHaveLength(1);
    const [error] = errors as [SubscriptionRefusedError];
    expect(error).toBeInstanceOf(SubscriptionRefusedError);
    expect(error).toMatchObject({ name: 'SubscriptionRefusedError', globs: ['sigx:forbidden/*'] });
    expect(error.message).toMatch(/^Redis refused PSUBSCRIBE sigx:forbidden\/\*: NOPERM /);
    expect(bridge.stats().patterns).toEqual(['sigx:allowed/*']);
    // The allowed glob took effect all the same.
    await sender.publish({ message: message('forbidden/1', 'lost') });
    await sender.publish({ message: message('allowed/1', 'arrives') });
    await waitFor(() => allowed.values.length === 1, 'the allowed message');
    expect(forbidden).toEqual([]);

    // Not requested again on unrelated changes...
    record(exchange, 'allowed/x/.*');
    await bridge.flush();
    expect(errors).toHaveLength(1);
    // ...but again once no subscription wants it and one wants it anew (here, allowed now).
    exchange.unsubscribe(forbiddenId);
    await bridge.flush();
    await limitedUser(admin, server(), '&sigx:allowed/*', '&sigx:forbidden/*');
    const again = record(exchange, 'forbidden/.*');
    await bridge.flush();
    expect(errors).toHaveLength(1);
    expect(bridge.stats().patterns).toEqual(['sigx:allowed/*', 'sigx:forbidden/*']);
    await sender.publish({ message: message('forbidden/2', 'arrives now') });
    await waitFor(() => again.values.length === 1, 'the message on the glob allowed now');

    await Promise.all([bridge.close(), senderBridge.close()]);
    await admin.quit();
  });

  it('is reported when an ACL change makes Redis refuse the resubscription', async () => {
    const admin = rawClient(server());
    const url = await limitedUser(admin, server(), '&sigx:a/*', '&sigx:b/*');
    const errors: Error[] = [];
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url, onError: (error) => errors.push(error) });
    const atA = record(exchange, 'a/.*');
    record(exchange, 'b/.*');
    await bridge.flush();
    expect(bridge.stats().patterns).toEqual(['sigx:a/*', 'sigx:b/*']);

    // Redis 7 drops the clients of a user whose channel permissions shrink.
    await limitedUser(admin, server(), '&sigx:a/*');
    await waitFor(
      () => errors.some((error) => error instanceof SubscriptionRefusedError),
      'the refused resubscription',
    );
    const refused = errors.find((error) => error instanceof SubscriptionRefusedError)!;
    expect(refused).toMatchObject({ globs: ['sigx:b/*'] });
    await waitFor(() => bridge.stats().connected, 'the reconnection');
    await bridge.flush();
    expect(bridge.stats().patterns).toEqual(['sigx:a/*']);
    const sender = new SignalExchange();
    const senderBridge = await connectRedis(sender, { url: server().url });
    await sender.publish({ message: message('a/1', 'still arrives') });
    await waitFor(() => atA.values.length === 1, 'a message on the glob still allowed');
    await Promise.all([bridge.close(), senderBridge.close()]);
    await admin.quit();
  });
});
