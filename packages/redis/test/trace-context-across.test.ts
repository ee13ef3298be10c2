// Trace context across processes (docs/running-across-processes.md, "Trace context"): a
// publish's traceparent crosses in the record, only when it has one, and the remote exchange
// delivers with it, so its sigx:publish and sigx:handler traces (and a tracer there) continue
// the trace. A record whose traceparent is malformed is refused like any malformed record.
import diagnostics from 'node:diagnostics_channel';
import type { SignalExchange } from '@sigx/core';
import { TRACING_CHANNELS, type HandlerTrace, type PublishTrace } from '@sigx/core';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCodec, MalformedPayloadError } from '../src/index.js';
import { toWireRecord } from '@sigx/bridge';
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
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** The traces of one exchange that a tracing channel reports (at their start events). */
function tracesOf<C extends { readonly exchange: unknown }>(
  name: string,
  exchange: SignalExchange,
  keep: (trace: C) => boolean = () => true,
): { traces: C[]; stop: () => void } {
  const traces: C[] = [];
  const channel = diagnostics.tracingChannel(name);
  const start = (context: unknown): void => {
    const trace = context as C;
    if (trace.exchange === exchange && keep(trace)) traces.push(trace);
  };
  const handlers = { start, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
  channel.subscribe(handlers);
  return { traces, stop: () => channel.unsubscribe(handlers) };
}

/** The deliver traces of one exchange, as the sigx:publish channel reports them. */
const deliverTraces = (exchange: SignalExchange): { traces: PublishTrace[]; stop: () => void } =>
  tracesOf<PublishTrace>(TRACING_CHANNELS.publish, exchange, (t) => t.operation === 'deliver');

const stops: (() => void)[] = [];
afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
});

describe('trace context across processes', () => {
  it("a publish's traceparent reaches the remote deliver and handler traces; none when none was given", async () => {
    const a = await bridged('node-a');
    const b = await bridged('node-b');
    const atB = record(b.exchange, 'jobs/.*');
    await b.bridge.flush();
    // What crosses, as a third client on the same channels sees it.
    const wire: Record<string, unknown>[] = [];
    const tap = rawClient(server());
    tap.on('pmessageBuffer', (_glob: Buffer, _channel: Buffer, payload: Buffer) => {
      wire.push(defaultCodec.decode(payload) as Record<string, unknown>);
    });
    await tap.psubscribe('sigx:jobs/*');
    const delivers = deliverTraces(b.exchange);
    const handlers = tracesOf<HandlerTrace>(TRACING_CHANNELS.handler, b.exchange);
    stops.push(delivers.stop, handlers.stop);

    await a.exchange.publish({ message: message('jobs/1', 'traced'), traceparent: TRACEPARENT });
    await a.exchange.publish({ message: message('jobs/2', 'untraced') });
    await waitFor(() => atB.values.length === 2 && wire.length === 2, 'both messages at B');
    expect(atB.values).toEqual(['traced', 'untraced']);
    expect(delivers.traces.map((trace) => [trace.message.topic, trace.traceparent])).toEqual([
      ['jobs/1', TRACEPARENT],
      ['jobs/2', undefined],
    ]);
    expect(handlers.traces.map((trace) => [trace.message.topic, trace.traceparent])).toEqual([
      ['jobs/1', TRACEPARENT],
      ['jobs/2', undefined],
    ]);
    expect(wire[0]).toMatchObject({ topic: 'jobs/1', traceparent: TRACEPARENT });
    expect(wire[1]).toMatchObject({ topic: 'jobs/2' });
    expect(wire[1]).not.toHaveProperty('traceparent');
    await tap.quit();
  });

  it('puts traceparent in the record only when the publish has one', () => {
    const sent = message('jobs/1', 'v');
    expect(toWireRecord(sent, 'n', 'r', 1)).not.toHaveProperty('traceparent');
    expect(toWireRecord(sent, 'n', 'r', 1, false, TRACEPARENT)).toMatchObject({
      traceparent: TRACEPARENT,
    });
    expect(toWireRecord(sent, 'n', 'r', 1, true, TRACEPARENT)).toMatchObject({
      retain: true,
      traceparent: TRACEPARENT,
    });
  });

  it('refuses a record whose traceparent is malformed, and still takes a good one after', async () => {
    const errors: Error[] = [];
    const { exchange, bridge } = await bridged('node-b', {
      onError: (error) => errors.push(error),
    });
    const received = record(exchange, 'r/.*');
    await bridge.flush();
    const redis = rawClient(server());
    const raw = (seq: number, traceparent: unknown): string =>
      defaultCodec.encode({
        ...toWireRecord(message('r/1', 'raw'), 'raw', 'raw-run', seq),
        traceparent,
      }) as string;
    const bad: unknown[] = ['', 'abc', TRACEPARENT.toUpperCase(), 42, null, {}];
    for (const [index, traceparent] of bad.entries()) {
      await redis.publish('sigx:r/1', raw(index + 1, traceparent));
    }
    await waitFor(() => errors.length === bad.length, 'every malformed record reported');
    for (const error of errors) {
      expect(error).toBeInstanceOf(MalformedPayloadError);
      expect(error.message).toMatch(/: traceparent is not a W3C traceparent$/);
    }
    expect(received.values).toEqual([]);

    const { traces, stop } = deliverTraces(exchange);
    stops.push(stop);
    await redis.publish('sigx:r/1', raw(100, TRACEPARENT));
    await waitFor(() => received.values.length === 1, 'the well-formed record');
    expect(traces.map((trace) => trace.traceparent)).toEqual([TRACEPARENT]);
    expect(bridge.stats()).toMatchObject({ malformed: bad.length, received: 1 });
    await redis.quit();
  });
});
