// Bad options reject connectNats with a TypeError or RangeError that names the option, before
// connecting; a server that is not there rejects with NatsConnectionError (reason 'connect').
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectNats, NatsConnectionError, type NatsBridgeOptions } from '../src/index.js';

describe('connectNats options', () => {
  const exchange = new SignalExchange();

  it.each<[string, unknown, RegExp]>([
    ['servers: []', { servers: [] }, /servers must be a server URL or a non-empty array of them/],
    ['servers: 42', { servers: 42 }, /servers must be a server URL/],
    ['natsOptions: null', { natsOptions: null }, /natsOptions must be an object/],
    ['subjectPrefix: a..b', { subjectPrefix: 'a..b' }, /subjectPrefix must be NATS subject tokens/],
    ['subjectPrefix: a.>', { subjectPrefix: 'a.>' }, /subjectPrefix must be NATS subject tokens/],
    ['maxBuffered: -1', { maxBuffered: -1 }, /maxBuffered must be an integer >= 0, got -1/],
    ['maxPayload: 0', { maxPayload: 0 }, /maxPayload must be an integer >= 1, got 0/],
    ['nodeId: ""', { nodeId: '' }, /nodeId must be a non-empty string/],
    ['codec: {}', { codec: {} }, /codec must have encode and decode functions/],
    ['sharedKey: short', { sharedKey: 'short' }, /sharedKey must be at least 16 bytes/],
    ['onError: 1', { onError: 1 }, /onError must be a function/],
    ['durable: 1', { durable: 1 }, /durable must be an object/],
    [
      'durable.stream: a.b',
      { durable: { stream: 'a.b' } },
      /durable.stream must be a JetStream name/,
    ],
  ])('%s', async (_, options, message) => {
    await expect(connectNats(exchange, options as NatsBridgeOptions)).rejects.toThrow(message);
  });

  it('needs an exchange', async () => {
    await expect(connectNats({} as SignalExchange)).rejects.toThrow(
      /connectNats needs a SignalExchange/,
    );
  });

  it('rejects with NatsConnectionError when no server answers', async () => {
    const failure = await connectNats(exchange, {
      servers: 'nats://127.0.0.1:1',
      natsOptions: { timeout: 1_000 },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NatsConnectionError);
    expect(failure).toMatchObject({ reason: 'connect', code: 'ERR_SIGX_NATS_CONNECTION' });
    expect((failure as Error).message).toMatch(/could not connect to nats:\/\/127\.0\.0\.1:1/);
  });
});
