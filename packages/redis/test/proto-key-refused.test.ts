// JSON.parse makes "__proto__" an own key, and a handler that copies keys with Object.assign
// (or a for...in loop) would then set the copy's prototype to what the sender chose. The
// default codec refuses such a key, wherever it is: a received payload with one is dropped as
// malformed, naming where it is (the handler never sees it), and publishing a value with one
// rejects with UnencodableMessageError.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectRedis, MalformedPayloadError, UnencodableMessageError } from '../src/index.js';
import { message, rawClient, rejectionOf, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

const wire = (value: string): string =>
  `{"j":{"v":1,"node":"n","run":"r","seq":SEQ,"topic":"o/1","publisherName":null,` +
  `"messageId":"id","created":0,"value":${value},"previousValue":null}}`;

describe('an own "__proto__" key', () => {
  it('is what makes Object.assign set a prototype (and spread does not)', () => {
    const value = JSON.parse('{"__proto__": {"isAdmin": true}}') as object;
    expect((Object.assign({}, value) as { isAdmin?: boolean }).isAdmin).toBe(true);
    expect(({ ...value } as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it('in a received payload: dropped as malformed, and the handler never sees it', async () => {
    const exchange = new SignalExchange();
    const errors: Error[] = [];
    const bridge = await connectRedis(exchange, {
      url: server().url,
      onError: (error) => errors.push(error),
    });
    const copies: Record<string, unknown>[] = [];
    exchange.subscribe({
      topicPattern: 'o/.*',
      // A handler that copies what it gets, as many do.
      handler: (_id, _publisher, m) => void copies.push(Object.assign({}, m.value)),
    });
    await bridge.flush();
    const redis = rawClient(server());
    const payloads = [
      '{"__proto__": {"isAdmin": true}}',
      '{"user": {"name": "x", "__proto__": {"isAdmin": true}}}',
      '[{"\\u005f_proto__": {"isAdmin": true}}]', // an escaped key is the same key
      '{"text": "__proto__ in a string is fine"}',
    ];
    let seq = 0;
    for (const value of payloads) {
      seq += 1;
      await redis.publish('sigx:o/1', wire(value).replace('SEQ', String(seq)));
    }
    await waitFor(() => copies.length === 1 && errors.length === 3, 'three reports, one copy');
    expect(copies).toEqual([{ text: '__proto__ in a string is fine' }]);
    expect(errors.every((error) => error instanceof MalformedPayloadError)).toBe(true);
    expect(errors.map((error) => error.message)).toEqual(
      ['value.__proto__', 'value.user.__proto__', 'value[0].__proto__'].map(
        (path) =>
          'Dropped a malformed payload on Redis channel "sigx:o/1": the codec could not decode ' +
          `it (TypeError: ${path} is an own "__proto__" key, refused: a handler copying it with ` +
          "Object.assign or a for...in loop would set the copy's prototype)",
      ),
    );
    expect(bridge.stats()).toMatchObject({ malformed: 3, received: 1 });
    await redis.quit();
    await bridge.close();
  });

  it('in a published value: publish rejects with UnencodableMessageError', async () => {
    const exchange = new SignalExchange();
    const bridge = await connectRedis(exchange, { url: server().url });
    const value = { list: [JSON.parse('{"__proto__": 1}') as unknown] };
    const error = await rejectionOf(exchange.publish({ message: message('o/2', value) }));
    expect(error).toBeInstanceOf(UnencodableMessageError);
    expect((error as Error).message).toBe(
      'Cannot send the message on topic "o/2" through Redis: value.list[0].__proto__ is an own ' +
        '"__proto__" key (a handler copying it with Object.assign or a for...in loop would set ' +
        "the copy's prototype), which the codec cannot encode",
    );
    expect((error as Error).cause).toMatchObject({
      name: 'UnsupportedValueError',
      path: 'value.list[0].__proto__',
    });
    await bridge.close();
  });
});
