// A payload on the bridge's channels that is not a sigx message (someone else's publisher, a
// codec mismatch) is reported to onError as MalformedPayloadError and dropped; the process and
// the bridge go on.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, defaultCodec, MalformedPayloadError } from '../src/index.js';
import { message, rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

const record1 = (fields: Record<string, unknown>): string =>
  defaultCodec.encode({
    v: 1,
    node: 'n',
    run: 'r',
    seq: 1,
    topic: 'm/1',
    publisherName: null,
    messageId: 'id',
    created: 0,
    value: 1,
    previousValue: null,
    ...fields,
  }) as string;

describe('malformed payloads from Redis', () => {
  it('are reported with the channel and the reason, counted and dropped', async () => {
    const exchange = new SignalExchange();
    const errors: Error[] = [];
    const bridge = await connectRedis(exchange, {
      url: server().url,
      onError: (error) => errors.push(error),
    });
    const received = record(exchange, 'm/.*');
    await bridge.flush();
    const redis = rawClient(server());
    const cases: [string | Buffer, RegExp][] = [
      ['not json', /the codec could not decode it \(SyntaxError: /],
      [Buffer.from([0xff, 0xfe, 0x00]), /the codec could not decode it/],
      ['{"j":1}', /: not an object$/],
      [record1({ v: 2 }), /unknown format version 2$/],
      [record1({ seq: -1 }), /no sequence number$/],
      [record1({ run: 7 }), /no run id$/],
      [record1({ topic: 'm/2' }), /its topic "m\/2" is not the channel's$/],
      [record1({ created: 'yesterday' }), /created is not a time$/],
      [record1({ publisherName: 5 }), /publisherName is neither a string nor null$/],
      [record1({ messageId: null }), /no message id$/],
    ];
    for (const [payload] of cases) await redis.publish('sigx:m/1', payload);
    await waitFor(() => errors.length === cases.length, 'every malformed payload reported');
    errors.forEach((error, index) => {
      expect(error).toBeInstanceOf(MalformedPayloadError);
      expect(error).toMatchObject({
        name: 'MalformedPayloadError',
        code: 'ERR_SIGX_MALFORMED_PAYLOAD',
        channel: 'sigx:m/1',
      });
      expect(error.message).toMatch(/^Dropped a malformed payload on Redis channel "sigx:m\/1": /);
      expect(error.message).toMatch(cases[index]![1]);
    });
    expect((errors[0] as MalformedPayloadError).payload).toEqual(
      new TextEncoder().encode('not json'),
    );
    expect(received.values).toEqual([]);
    expect(bridge.stats().malformed).toBe(cases.length);

    // A well-formed record still arrives afterwards.
    await redis.publish('sigx:m/1', record1({}));
    await waitFor(() => received.values.length === 1, 'the well-formed record');
    expect(received.messages[0]).toMatchObject({ topic: 'm/1', value: 1, messageId: 'id' });
    await redis.quit();
    await bridge.close();
  });

  it('go to console.error by default, and an onError that throws does not break the bridge', async () => {
    const exchange = new SignalExchange();
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const quiet = await connectRedis(exchange, { url: server().url });
      const other = new SignalExchange();
      const throwing = await connectRedis(other, {
        url: server().url,
        onError: () => {
          throw new Error('onError broke');
        },
      });
      const received = record(exchange, 'q/.*');
      const receivedByOther = record(other, 'q/.*');
      await Promise.all([quiet.flush(), throwing.flush()]);
      const redis = rawClient(server());
      await redis.publish('sigx:q/1', 'garbage');
      await waitFor(() => logged.length === 2, 'both reports');
      const reports = logged.map((args) =>
        args.map((arg) => (arg instanceof Error ? arg.name : arg)),
      );
      expect(reports).toContainEqual(['sigx/redis:', 'MalformedPayloadError']);
      expect(reports).toContainEqual([
        'sigx/redis: onError threw while reporting',
        'MalformedPayloadError',
        'Error',
      ]);
      await exchange.publish({ message: message('q/2', 'still works') });
      expect(received.values).toEqual(['still works']);
      await waitFor(() => receivedByOther.values.length === 1, 'the message at the other');
      await redis.quit();
      await Promise.all([quiet.close(), throwing.close()]);
    } finally {
      console.error = original;
    }
  });
});
