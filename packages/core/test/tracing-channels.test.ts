// Tracing through diagnostics_channel (docs/observing-an-exchange.md, "Tracing"): the events
// of sigx:publish and sigx:handler, in order, their contexts, and store propagation.
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignalExchange, TRACING_CHANNELS } from '../src/index.js';
import { message, sleep } from './support/helpers.js';

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** An event; `failed`: whether the context had an error when it was published. */
type Recorded = {
  channel: string;
  event: string;
  context: Record<string, unknown>;
  failed: boolean;
};

/** Subscribes to every event of both tracing channels; returns the log and an unsubscribe. */
function record(): { log: Recorded[]; stop: () => void } {
  const log: Recorded[] = [];
  const stops: (() => void)[] = [];
  for (const [key, name] of Object.entries(TRACING_CHANNELS)) {
    const channel = diagnostics.tracingChannel(name);
    const handlers = Object.fromEntries(
      EVENTS.map((event) => [
        event,
        (context: Record<string, unknown>) =>
          log.push({ channel: key, event, context, failed: context.error !== undefined }),
      ]),
    ) as never;
    channel.subscribe(handlers);
    stops.push(() => channel.unsubscribe(handlers));
  }
  return { log, stop: () => stops.forEach((stop) => stop()) };
}

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
});

describe.each(['sequential', 'concurrent'] as const)('dispatch %s', (dispatch) => {
  it('reports a publish with two handlers, one failing, in order', async () => {
    const exchange = new SignalExchange({ dispatch, onError: () => {} });
    const failure = new Error('handler failed');
    const ok = exchange.subscribe({ topicPattern: 't', handler: () => {} });
    const bad = exchange.subscribe({
      topicPattern: 't',
      handler: () => {
        throw failure;
      },
    });
    const recorder = record();
    stop = recorder.stop;
    const published = message('t');
    const result = await exchange.publish({ message: published, traceparent: TRACEPARENT });
    stop();
    expect(recorder.log.map(({ channel, event }) => `${channel}:${event}`)).toEqual([
      'publish:start',
      'handler:start',
      'handler:end',
      'handler:start',
      'handler:error',
      'handler:end',
      'publish:end',
      'publish:asyncStart',
      'publish:asyncEnd',
    ]);
    const [publishStart, okStart, , badStart, badError] = recorder.log;
    expect(publishStart!.context).toMatchObject({
      exchange,
      operation: 'publish',
      message: published,
      retain: false,
      traceparent: TRACEPARENT,
      result,
    });
    expect(okStart!.context).toMatchObject({
      exchange,
      subscriptionId: ok,
      traceparent: TRACEPARENT,
    });
    expect(badStart!.context).toMatchObject({ subscriptionId: bad, message: published });
    expect(badError!.context.error).toBe(failure);
    expect(result).toEqual({ matched: 2, delivered: 2, failed: 1 });
  });

  it("reports an async handler's settlement, and a rejection, when it comes", async () => {
    const exchange = new SignalExchange({ dispatch, onError: () => {} });
    const failure = new Error('rejected');
    exchange.subscribe({ topicPattern: 't', handler: () => sleep(5) });
    exchange.subscribe({
      topicPattern: 't',
      handler: () => sleep(10).then(() => Promise.reject(failure)),
    });
    const recorder = record();
    stop = recorder.stop;
    await exchange.publish({ message: message('t') });
    const handlerEvents = recorder.log
      .filter(({ channel }) => channel === 'handler')
      .map(({ event, failed }) => `${event}:${failed ? 'failed' : 'ok'}`);
    expect(handlerEvents).toEqual(
      dispatch === 'sequential'
        ? [
            'start:ok',
            'end:ok',
            'asyncStart:ok',
            'asyncEnd:ok',
            'start:ok',
            'end:ok',
            'error:failed',
            'asyncStart:failed',
            'asyncEnd:failed',
          ]
        : [
            'start:ok',
            'end:ok',
            'start:ok',
            'end:ok',
            'asyncStart:ok',
            'asyncEnd:ok',
            'error:failed',
            'asyncStart:failed',
            'asyncEnd:failed',
          ],
    );
    expect(recorder.log.at(-1)).toMatchObject({ channel: 'publish', event: 'asyncEnd' });
  });
});

describe('sigx:publish', () => {
  it('traces a deliver as such, and a refused publish with error', async () => {
    const exchange = new SignalExchange();
    const recorder = record();
    stop = recorder.stop;
    await exchange.deliver({ message: message('in'), retain: true });
    await expect(exchange.publish({ message: message('bad\0') })).rejects.toThrow();
    expect(
      recorder.log.map(({ event, context }) => `${String(context.operation)}:${event}`),
    ).toEqual([
      'deliver:start',
      'deliver:end',
      'deliver:asyncStart',
      'deliver:asyncEnd',
      'publish:start',
      'publish:error',
      'publish:end',
    ]);
    expect(recorder.log[0]!.context).toMatchObject({ retain: true, traceparent: undefined });
  });

  it('does not trace a publish whose arguments are refused before it starts', async () => {
    const exchange = new SignalExchange();
    const recorder = record();
    stop = recorder.stop;
    await expect(exchange.publish({ message: 'no' } as never)).rejects.toThrow(TypeError);
    await expect(
      exchange.publish({ message: message('t'), traceparent: 'not-a-traceparent' }),
    ).rejects.toThrow(/traceparent must be a W3C traceparent/);
    expect(recorder.log).toEqual([]);
  });

  it('runs the handlers inside the stores bound to the start channel (context propagation)', async () => {
    const storage = new AsyncLocalStorage<string>();
    const channel = diagnostics.tracingChannel(TRACING_CHANNELS.publish);
    channel.start.bindStore(
      storage,
      (context) => `span of ${(context as { message: { topic: string } }).message.topic}`,
    );
    const exchange = new SignalExchange();
    const seen: (string | undefined)[] = [];
    exchange.subscribe({ topicPattern: 't', handler: () => void seen.push(storage.getStore()) });
    exchange.subscribe({
      topicPattern: 't',
      handler: async () => {
        await sleep(1);
        seen.push(storage.getStore());
      },
    });
    try {
      await exchange.publish({ message: message('t') });
    } finally {
      channel.start.unbindStore(storage);
    }
    expect(seen).toEqual(['span of t', 'span of t']);
    expect(storage.getStore()).toBeUndefined();
  });
});

describe('without diagnostics_channel (a browser)', () => {
  it('publishes untraced when process.getBuiltinModule is missing', async () => {
    vi.resetModules();
    const getBuiltinModule = process.getBuiltinModule;
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    try {
      const core = await import('../src/index.js');
      const recorder = record();
      stop = recorder.stop;
      const exchange = new core.SignalExchange();
      let calls = 0;
      exchange.subscribe({ topicPattern: 't', handler: () => void (calls += 1) });
      await exchange.publish({ message: new core.Message({ topic: 't', value: 1 }) });
      expect(calls).toBe(1);
      expect(recorder.log).toEqual([]);
    } finally {
      process.getBuiltinModule = getBuiltinModule;
      vi.resetModules();
    }
  });
});
