// A message whose value the codec cannot encode is refused whole: publish rejects with
// UnencodableMessageError (naming the topic and where the value went wrong) and dispatches
// nothing, locally or through Redis, so no exchange sees it while the others do not.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, UnencodableMessageError, type Codec } from '../src/index.js';
import { message, record, rejectionOf, useRedisServer } from './support/helpers.js';

const server = useRedisServer();

describe('a message the codec cannot encode', () => {
  it('rejects publish with UnencodableMessageError and dispatches nothing', async () => {
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url: server().url });
    const local = record(exchange, 'bad/.*');
    const sent = message('bad/topic', { ok: 1, callback: () => 1 });
    const error = await rejectionOf(exchange.publish({ message: sent }));
    expect(error).toBeInstanceOf(UnencodableMessageError);
    expect(error).toMatchObject({
      name: 'UnencodableMessageError',
      code: 'ERR_SIGX_UNENCODABLE',
      topic: 'bad/topic',
      messageId: sent.messageId,
      message:
        'Cannot send the message on topic "bad/topic" through Redis: value.callback is a function, which the codec cannot encode',
    });
    expect((error as Error).cause).toMatchObject({
      name: 'UnsupportedValueError',
      path: 'value.callback',
    });
    expect(local.values).toEqual([]);
    await bridge.flush();
    expect(bridge.stats()).toMatchObject({ sent: 0, buffered: 0, inFlight: 0 });

    // The bridge goes on with the next message.
    await exchange.publish({ message: message('bad/ok', 2) });
    await bridge.flush();
    expect(local.values).toEqual([2]);
    expect(bridge.stats().sent).toBe(1);
    await bridge.close();
  });

  it('names a custom codec that throws, or that returns something that is not a payload', async () => {
    const throwing: Codec = {
      encode: () => {
        throw new RangeError('too big');
      },
      decode: () => null,
    };
    const returnsNumber: Codec = { encode: () => 42 as unknown as string, decode: () => null };
    for (const [codec, reason] of [
      [throwing, 'the codec threw RangeError: too big'],
      [returnsNumber, 'the codec returned neither a string nor a Uint8Array'],
    ] as const) {
      const exchange = new SignalExchange();
      const bridge = await connectRedis(exchange, { url: server().url, codec });
      await expect(exchange.publish({ message: message('t', 1) })).rejects.toThrowError(
        `Cannot send the message on topic "t" through Redis: ${reason}`,
      );
      await bridge.close();
    }
  });

  it('is not refused once the bridge is closed: the exchange is local again', async () => {
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url: server().url });
    await bridge.close();
    await expect(exchange.publish({ message: message('t', () => 1) })).resolves.toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
  });
});
