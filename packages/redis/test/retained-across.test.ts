// Retained messages across processes: a publish with `retain: true` crosses with its flag and
// is delivered with `retain: true`, so every exchange that receives it keeps it (and a retained
// publish of `undefined` forgets it everywhere). A record without the flag is not retained; one
// whose flag is not a boolean is malformed. Redis keeps nothing: a bridge that joins later gets
// nothing retained from before.
import type { SignalExchange } from '@sigx/core';
import { Message } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { defaultCodec, MalformedPayloadError, RemotePublisher, type Codec } from '../src/index.js';
import {
  message,
  rawClient,
  record,
  useRedisServer,
  waitFor,
  useBridges,
} from './support/helpers.js';

const server = useRedisServer();
const bridged = useBridges(server);

/** A raw record as a bridge sends it, on topic `r/1`, with `fields` changed or added. */
const rawRecord = (fields: Record<string, unknown>): string =>
  defaultCodec.encode({
    v: 1,
    node: 'raw',
    run: 'raw-run',
    seq: 1,
    topic: 'r/1',
    publisherName: null,
    messageId: 'raw-id',
    created: 0,
    value: 'raw value',
    previousValue: null,
    ...fields,
  }) as string;

/** What a subscription with `replay: 'retained'` receives at once. */
function replayed(exchange: SignalExchange, pattern: string): unknown[] {
  const values: unknown[] = [];
  exchange.subscribe({
    topicPattern: pattern,
    replay: 'retained',
    handler: (_id, _publisher, m) => void values.push(m.value),
  });
  return values;
}

describe('retained messages across processes', () => {
  it('a retained publish is retained by the remote exchange too', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const atB = record(b.exchange, 'state/.*'); // B's bridge follows state/* in Redis
    await b.bridge.flush();

    const sent = message('state/door', 'open', 'sensor');
    await a.exchange.publish({ message: sent, retain: true });
    await a.exchange.publish({ message: message('state/light', 'on') }); // not retained
    await waitFor(() => atB.values.length === 2, 'both messages at B');

    expect(a.exchange.retained().map((m) => m.topic)).toEqual(['state/door']);
    const retainedAtB = b.exchange.retained();
    expect(retainedAtB.map((m) => m.topic)).toEqual(['state/door']);
    expect({ ...retainedAtB[0] }).toStrictEqual({ ...sent });
    expect(b.exchange.stats().retained).toBe(1);

    // A later subscription at B gets it first, from the remote publisher.
    const publishers: unknown[] = [];
    const values: unknown[] = [];
    b.exchange.subscribe({
      topicPattern: 'state/.*',
      replay: 'retained',
      handler: (_id, publisher, m) => {
        publishers.push(publisher);
        values.push(m.value);
      },
    });
    expect(values).toEqual(['open']);
    expect(publishers[0]).toEqual(new RemotePublisher('node-a'));

    // A newer retained publish replaces it at B as at A.
    await a.exchange.publish({ message: message('state/door', 'closed'), retain: true });
    await waitFor(() => values.length === 2, 'the newer retained message at B');
    expect(b.exchange.retained().map((m) => m.value)).toEqual(['closed']);
    expect(replayed(b.exchange, 'state/door$')).toEqual(['closed']);
  });

  it('forgetting a retained message crosses too', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const atB = record(b.exchange, 'state/.*');
    await b.bridge.flush();
    await a.exchange.publish({ message: message('state/door', 'open'), retain: true });
    await a.exchange.publish({ message: message('state/window', 'shut'), retain: true });
    await waitFor(() => b.exchange.retained().length === 2, 'both retained at B');

    // The default codec carries an undefined value, and B forgets the topic as A does.
    await a.exchange.publish({ message: message('state/door', undefined), retain: true });
    await waitFor(() => atB.values.length === 3, 'the forgetting publish at B');
    expect(atB.values[2]).toBeUndefined();
    expect(a.exchange.retained().map((m) => m.topic)).toEqual(['state/window']);
    expect(b.exchange.retained().map((m) => m.topic)).toEqual(['state/window']);
    expect(replayed(b.exchange, 'state/.*')).toEqual(['shut']);
  });

  it('forgetting crosses with a plain JSON codec too, which drops the undefined value', async () => {
    const plainJson: Codec = {
      encode: (wire) => JSON.stringify(wire),
      decode: (payload) => JSON.parse(new TextDecoder().decode(payload)) as unknown,
    };
    const a = await bridged('node-a', { codec: plainJson });
    const b = await bridged('node-b', { codec: plainJson });
    const atB = record(b.exchange, 'state/.*');
    await b.bridge.flush();
    await a.exchange.publish({ message: message('state/door', 'open'), retain: true });
    await waitFor(() => b.exchange.retained().length === 1, 'retained at B');
    await a.exchange.publish({ message: message('state/door', undefined), retain: true });
    await waitFor(() => atB.values.length === 2, 'the forgetting publish at B');
    expect(b.exchange.retained()).toEqual([]);
  });

  it('a record without the retain flag is not retained, one with the flag is', async () => {
    const { exchange, bridge } = await bridged('node-b');
    const received = record(exchange, 'r/.*');
    await bridge.flush();
    const redis = rawClient(server());
    // As a bridge that predates the flag sends every message, and as bridges send a message
    // published without retain.
    await redis.publish('sigx:r/1', rawRecord({}));
    await redis.publish('sigx:r/1', rawRecord({ seq: 2, retain: false }));
    await waitFor(() => received.values.length === 2, 'both records');
    expect(exchange.retained()).toEqual([]);

    await redis.publish('sigx:r/1', rawRecord({ seq: 3, retain: true, value: 'kept' }));
    await waitFor(() => received.values.length === 3, 'the retained record');
    expect(exchange.retained().map((m) => m.value)).toEqual(['kept']);
    expect(bridge.stats()).toMatchObject({ received: 3, malformed: 0 });
    await redis.quit();
  });

  it('a record with a non-boolean retain flag is refused as malformed', async () => {
    const errors: Error[] = [];
    const { exchange, bridge } = await bridged('node-b', {
      onError: (error) => errors.push(error),
    });
    const received = record(exchange, 'r/.*');
    await bridge.flush();
    const redis = rawClient(server());
    const flags: unknown[] = ['true', 1, 0, null, {}, []];
    for (const [index, retain] of flags.entries()) {
      await redis.publish('sigx:r/1', rawRecord({ seq: index + 1, retain }));
    }
    await waitFor(() => errors.length === flags.length, 'every malformed record reported');
    for (const error of errors) {
      expect(error).toBeInstanceOf(MalformedPayloadError);
      expect(error).toMatchObject({ code: 'ERR_SIGX_MALFORMED_PAYLOAD', channel: 'sigx:r/1' });
      expect(error.message).toMatch(/: retain is not a boolean$/);
    }
    expect(received.values).toEqual([]);
    expect(exchange.retained()).toEqual([]);
    expect(bridge.stats()).toMatchObject({ malformed: flags.length, received: 0 });

    // A well-formed record from the same sender still arrives afterwards.
    await redis.publish('sigx:r/1', rawRecord({ seq: 100, retain: true }));
    await waitFor(() => received.values.length === 1, 'the well-formed record');
    expect(exchange.retained().map((m) => m.messageId)).toEqual(['raw-id']);
    await redis.quit();
  });

  it('a bridge that joins later gets nothing retained from before it joined', async () => {
    const a = await bridged('node-a');
    await a.exchange.publish({
      message: new Message({ publisherName: null, topic: 'state/door', value: 'open' }),
      retain: true,
    });
    await a.bridge.flush();
    const late = await bridged('node-late');
    expect(replayed(late.exchange, 'state/.*')).toEqual([]);
    await late.bridge.flush();
    // Only what is published (here: republished) after it has subscribed crosses.
    await a.exchange.publish({ message: a.exchange.retained()[0]!, retain: true });
    await waitFor(() => late.exchange.retained().length === 1, 'the republished message');
    expect(late.exchange.retained().map((m) => m.value)).toEqual(['open']);
  });

  it('an exchange whose subscriptions do not match the topic does not receive it, so does not retain it', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const other = record(b.exchange, 'other/.*');
    await b.bridge.flush();
    await a.exchange.publish({ message: message('state/door', 'open'), retain: true });
    await a.exchange.publish({ message: message('other/marker', 'm') });
    await waitFor(() => other.values.length === 1, 'the marker at B');
    expect(b.exchange.retained()).toEqual([]);
  });
});
