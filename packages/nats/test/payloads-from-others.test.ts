// docs/running-across-processes.md, "Faults" and "Security": whatever else is published on the
// bridge's subjects never reaches a handler unless it decodes cleanly as a sigx record; it is
// counted and reported (MalformedPayloadError, at a bounded rate), and a hostile record cannot
// pollute prototypes. Payloads above the limit are refused on both sides.
import { Message } from '@sigx/core';
import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { defaultCodec, MalformedPayloadError, UnencodableMessageError } from '../src/index.js';
import { useNatsBridges, useNatsServer, waitFor } from './support/bridges.js';

const server = useNatsServer({ maxPayload: 64 * 1024 });
const bridged = useNatsBridges(server);

describe('payloads from other publishers', () => {
  it('are dropped and reported unless they are sigx records', async () => {
    const errors: Error[] = [];
    const { exchange, bridge } = await bridged('receiver', { onError: (e) => errors.push(e) });
    const got: unknown[] = [];
    exchange.subscribe({ topicPattern: '.*', handler: (_i, _p, m) => void got.push(m.value) });
    await bridge.flush();
    const raw = await connect({ servers: server().url });
    const record = (topic: string, extra: object = {}): string =>
      defaultCodec.encode({
        v: 1,
        node: 'x',
        run: 'r1',
        seq: 1,
        topic,
        publisherName: null,
        messageId: 'm',
        created: 0,
        value: 1,
        previousValue: undefined,
        ...extra,
      }) as string;
    raw.publish('sigx.a.b', 'not json');
    raw.publish('sigx.a.b', JSON.stringify({ j: { v: 2 } }));
    raw.publish('sigx.a.%zz', record('a/%zz')); // not a subject the bridge makes
    raw.publish('sigx.a.c', record('a/other')); // the record's topic is not the subject's
    raw.publish('sigx.a.d', '{"j":{"__proto__":{"polluted":1}}}');
    await raw.flush();
    await waitFor(() => bridge.stats().malformed === 5, 'five malformed payloads');
    expect(got).toEqual([]);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    expect(errors.every((e) => e instanceof MalformedPayloadError)).toBe(true);
    expect(errors.map((e) => (e as MalformedPayloadError).channel)).toEqual([
      'sigx.a.b',
      'sigx.a.b',
      'sigx.a.%zz',
      'sigx.a.c',
      'sigx.a.d',
    ]);
    expect(errors[2]!.message).toMatch(
      /on NATS subject "sigx\.a\.%zz": its subject is not a sigx topic/,
    );
    expect(errors[3]!.message).toMatch(/its topic "a\/other" is not the channel's/);
    expect(errors[0]).toMatchObject({ code: 'ERR_SIGX_MALFORMED_PAYLOAD' });
    // A well-formed one from the same raw client is delivered.
    raw.publish('sigx.a.e', record('a/e', { run: 'r2' }));
    await waitFor(() => got.length === 1, 'the well-formed record');
    await raw.close();
  });
});

describe('payload limits', () => {
  it("refuse a publish above the server's max_payload, dispatching nothing", async () => {
    const { exchange } = await bridged('big');
    const handled: string[] = [];
    exchange.subscribe({ topicPattern: 'big', handler: () => void handled.push('local') });
    const failure = await exchange
      .publish({ message: new Message({ topic: 'big', value: 'x'.repeat(70 * 1024) }) })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnencodableMessageError);
    expect((failure as Error).message).toMatch(/above the largest payload of 65536 bytes/);
    expect(handled).toEqual([]);
  });

  it('drop a received payload above maxPayload before decoding it', async () => {
    const errors: Error[] = [];
    const small = await bridged('small', { maxPayload: 300, onError: (e) => errors.push(e) });
    const got: unknown[] = [];
    small.exchange.subscribe({
      topicPattern: 'p/.*',
      handler: (_i, _p, m) => void got.push(m.value),
    });
    await small.bridge.flush();
    const sender = await bridged('sender');
    await sender.exchange.publish({
      message: new Message({ topic: 'p/1', value: 'x'.repeat(500) }),
    });
    await sender.exchange.publish({ message: new Message({ topic: 'p/2', value: 'y' }) });
    await waitFor(() => got.length === 1 && small.bridge.stats().malformed === 1, 'one of each');
    expect(got).toEqual(['y']);
    expect(errors[0]!.message).toMatch(/above the largest payload of 300/);
  });
});
