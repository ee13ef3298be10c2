// With a sharedKey, each record carries an HMAC-SHA256 of its channel and bytes, checked
// before anything else: records without it, with another key's, or replayed onto another
// channel are dropped unread, counted in stats().unauthenticated and reported as
// UnauthenticatedPayloadError, so that only key holders can send (and forge a node id or a
// publisherName). Bridges with the key talk as before.
import { SignalExchange } from '@sigx/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  connectRedis,
  defaultCodec,
  RemotePublisher,
  UnauthenticatedPayloadError,
  type RedisBridge,
} from '../src/index.js';
import { message, rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();
const KEY = 'correct horse battery staple';

const forged = (fields: Record<string, unknown> = {}): string =>
  defaultCodec.encode({
    v: 1,
    node: 'trusted-node',
    run: 'forged-run',
    seq: 1,
    topic: 'k/1',
    publisherName: 'admin',
    messageId: 'forged',
    created: 0,
    value: 'forged',
    previousValue: null,
    ...fields,
  }) as string;

describe('bridges with a sharedKey', () => {
  it('deliver what key holders send and drop, count and report the rest', async () => {
    const errors: Error[] = [];
    const a = new SignalExchange();
    const b = new SignalExchange();
    const bridges: RedisBridge[] = [
      await connectRedis(a, { url: server().url, nodeId: 'trusted-node', sharedKey: KEY }),
      await connectRedis(b, {
        url: server().url,
        nodeId: 'receiver',
        sharedKey: new TextEncoder().encode(KEY), // bytes work as well as a string
        onError: (error) => errors.push(error),
      }),
    ];
    const bridgeB = bridges[1]!;
    const atB = record(b, 'k/.*');
    await bridgeB.flush();

    // A capture of what A sends, to replay.
    const spy = new Redis(server().url);
    const captured: Buffer[] = [];
    spy.on('pmessageBuffer', (_glob: Buffer, _channel: Buffer, payload: Buffer) => {
      captured.push(payload);
    });
    await spy.psubscribe('sigx:k/*');

    await a.publish({ message: message('k/1', 'genuine', 'shop') });
    await waitFor(() => atB.values.length === 1 && captured.length === 1, 'the genuine message');
    expect(atB.publishers[0]).toEqual(new RemotePublisher('trusted-node'));

    const attacker = rawClient(server());
    // Without the key: a well-formed record that names A's node and any publisherName.
    await attacker.publish('sigx:k/1', forged());
    // With another key.
    const other = new SignalExchange();
    const otherBridge = await connectRedis(other, { url: server().url, sharedKey: 'x'.repeat(32) });
    await other.publish({ message: message('k/1', 'wrong key') });
    await otherBridge.flush();
    // A genuine record replayed onto another channel, and one cut short.
    await attacker.publish('sigx:k/2', captured[0]!);
    await attacker.publish('sigx:k/1', captured[0]!.subarray(0, 20));
    // A genuine record whose bytes were changed after the MAC.
    const tampered = Buffer.from(captured[0]!);
    tampered[tampered.length - 3]! ^= 1;
    await attacker.publish('sigx:k/1', tampered);

    await a.publish({ message: message('k/1', 'genuine again') });
    await waitFor(() => atB.values.includes('genuine again'), 'the second genuine message');
    expect(atB.values).toEqual(['genuine', 'genuine again']);
    expect(bridgeB.stats()).toMatchObject({
      received: 2,
      unauthenticated: 5,
      malformed: 0,
      duplicates: 0,
    });
    expect(errors).toHaveLength(5);
    for (const error of errors) {
      expect(error).toBeInstanceOf(UnauthenticatedPayloadError);
      expect(error).toMatchObject({
        name: 'UnauthenticatedPayloadError',
        code: 'ERR_SIGX_UNAUTHENTICATED_PAYLOAD',
        count: 1,
      });
    }
    expect(errors.map((error) => error.message)).toEqual([
      'Dropped a payload on Redis channel "sigx:k/1" that does not carry this bridge\'s sharedKey (its MAC does not match: a sender without the key, or with another one)',
      'Dropped a payload on Redis channel "sigx:k/1" that does not carry this bridge\'s sharedKey (its MAC does not match: a sender without the key, or with another one)',
      'Dropped a payload on Redis channel "sigx:k/2" that does not carry this bridge\'s sharedKey (its MAC does not match: a sender without the key, or with another one)',
      'Dropped a payload on Redis channel "sigx:k/1" that does not carry this bridge\'s sharedKey (it is shorter than a MAC)',
      'Dropped a payload on Redis channel "sigx:k/1" that does not carry this bridge\'s sharedKey (its MAC does not match: a sender without the key, or with another one)',
    ]);
    expect((errors[0] as UnauthenticatedPayloadError).channel).toBe('sigx:k/1');

    // A bridge without the key cannot read keyed records: they are malformed to it.
    const keyless = new SignalExchange();
    const keylessErrors: Error[] = [];
    const keylessBridge = await connectRedis(keyless, {
      url: server().url,
      onError: (error) => keylessErrors.push(error),
    });
    record(keyless, 'k/.*');
    await keylessBridge.flush();
    await a.publish({ message: message('k/1', 'unreadable without the key') });
    await waitFor(() => keylessErrors.length === 1, 'the report at the keyless bridge');
    expect(keylessErrors[0]!.name).toBe('MalformedPayloadError');

    await spy.quit();
    await attacker.quit();
    await Promise.all([...bridges, otherBridge, keylessBridge].map((bridge) => bridge.close()));
  });
});
