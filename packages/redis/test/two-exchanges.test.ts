// Two exchanges in one process, bridged through a real redis-server: a message published on
// either reaches the matching subscriptions of both, exactly once each (local ones directly,
// the other through Redis), with every Message field, and nothing comes back or loops.
import { InvalidTopicError, SignalExchange } from '@sigx/core';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, RemotePublisher, type RedisBridge } from '../src/index.js';
import { message, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();
const bridges: RedisBridge[] = [];

async function bridged(
  nodeId: string,
  options: ConstructorParameters<typeof SignalExchange>[0] = {},
  onError: (error: Error) => void = (error) => {
    throw error;
  },
): Promise<{ exchange: SignalExchange; bridge: RedisBridge }> {
  const exchange = new SignalExchange(options);
  const bridge = await connectRedis(exchange, { url: server().url, nodeId, onError });
  bridges.push(bridge);
  return { exchange, bridge };
}

afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
});

describe('two bridged exchanges in one process', () => {
  it('deliver each message once per exchange: locally at once, remotely through Redis', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const atA = record(a.exchange, 'room/.*');
    const atB = record(b.exchange, 'room/.*');
    await Promise.all([a.bridge.flush(), b.bridge.flush()]);

    const publisher = { me: 'local object' };
    const result = await a.exchange.publish({ publisher, message: message('room/1', 'hello') });
    expect(result).toEqual({ matched: 1, delivered: 1, failed: 0 });
    // The local subscription got it inside publish, with the local publisher object.
    expect(atA.values).toEqual(['hello']);
    expect(atA.publishers).toEqual([publisher]);

    await b.exchange.publish({ message: message('room/2', 'back') });
    await b.exchange.publish({ message: message('room/end', 'marker') });
    await waitFor(() => atA.values.includes('marker'), 'the marker at A');
    await a.exchange.publish({ message: message('room/end', 'marker') });
    await waitFor(() => atB.values.filter((v) => v === 'marker').length === 2, "A's marker at B");

    // Once each, in publish order; no echo of a's message at a, nor of b's at b.
    expect(atA.values).toEqual(['hello', 'back', 'marker', 'marker']);
    expect(atB.values).toEqual(['back', 'marker', 'hello', 'marker']);
    expect(atB.publishers[2]).toEqual(new RemotePublisher('node-a'));
    expect(atB.publishers[2]).toBeInstanceOf(RemotePublisher);
    expect(a.bridge.stats()).toMatchObject({ sent: 2, received: 2, echoes: 2, duplicates: 0 });
    // What b received came in through deliver: b sent only its own two messages.
    expect(b.bridge.stats()).toMatchObject({ sent: 2, received: 2, echoes: 2, duplicates: 0 });
  });

  it('keep every Message field and the value, faithfully', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const atB = record(b.exchange, 'x$');
    await b.bridge.flush();
    const sent = message(
      'x',
      {
        when: new Date(1_700_000_000_123),
        big: 2n ** 70n,
        tags: new Set(['a']),
        map: new Map([[1, undefined]]),
      },
      'thermostat',
    );
    await a.exchange.publish({ message: sent });
    await waitFor(() => atB.messages.length === 1, 'the message at B');
    const got = atB.messages[0]!;
    expect(got).not.toBe(sent);
    expect({ ...got }).toStrictEqual({ ...sent });
    expect(got.created).toBeInstanceOf(Date);
    expect(got.created.getTime()).toBe(sent.created.getTime());
  });

  it('route by publisherName on the receiving side as locally', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const onlyThermostat = record(b.exchange, 't/.*');
    const thermostatOnly: unknown[] = [];
    b.exchange.subscribe({
      topicPattern: 't/.*',
      publisherName: 'thermostat',
      handler: (_id, _p, m) => void thermostatOnly.push(m.value),
    });
    await b.bridge.flush();
    await a.exchange.publish({ message: message('t/1', 1, 'other') });
    await a.exchange.publish({ message: message('t/2', 2, 'thermostat') });
    await waitFor(() => onlyThermostat.values.length === 2, 'both messages at B');
    expect(thermostatOnly).toEqual([2]);
  });

  it('do not receive what no subscription asked for, and a later subscription gets later messages', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    await a.exchange.publish({ message: message('late/1', 'before') });
    await a.bridge.flush();
    expect(b.bridge.stats().received).toBe(0);
    const atB = record(b.exchange, 'late/.*');
    await b.bridge.flush();
    await a.exchange.publish({ message: message('late/2', 'after') });
    await waitFor(() => atB.values.length === 1, 'the later message at B');
    expect(atB.values).toEqual(['after']);
  });

  it('report a received message the local exchange refuses (its topic rule) to onError', async () => {
    const a = await bridged('node-a', { validateTopic: false });
    const errors: Error[] = [];
    const b = await bridged('node-b', { validateTopic: /[a-z]+/ }, (error) => errors.push(error));
    const atB = record(b.exchange, '');
    await b.bridge.flush();
    await a.exchange.publish({ message: message('Not/Valid/Here', 1) });
    await a.exchange.publish({ message: message('fine', 2) });
    await waitFor(
      () => atB.values.length === 1 && errors.length === 1,
      'the refusal and the valid one',
    );
    expect(atB.values).toEqual([2]);
    expect(errors[0]).toBeInstanceOf(InvalidTopicError);
    expect(errors[0]!.message).toMatch(/Not\/Valid\/Here/);
  });

  it('let next() and stream() receive remote messages', async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const stream = b.exchange.stream({ topicPattern: 's/.*' });
    const next = b.exchange.next({ topicPattern: 'n$' });
    await b.bridge.flush();
    await a.exchange.publish({ message: message('s/1', 'streamed') });
    await a.exchange.publish({ message: message('n', 'nexted') });
    expect((await next).value).toBe('nexted');
    expect((await stream.next()).value).toMatchObject({ value: 'streamed' });
    await stream.return();
  });
});
