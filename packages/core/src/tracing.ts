/**
 * Tracing through Node's `diagnostics_channel`: a tracing channel for every publish (and
 * deliver) and one for every handler call, so that OpenTelemetry and APM tools can follow a
 * message through its handlers. The module is looked up at run time with
 * `process.getBuiltinModule`, never imported, so that browsers (where it does not exist) bundle
 * and run the exchange untouched, without tracing.
 */
import type { CheckedPublish } from './exchange-options.js';
import type { Message } from './message.js';
import type { PublishResult } from './types.js';

/**
 * The names of the tracing channels the exchange reports to (`diagnostics_channel.tracingChannel(name)`).
 * Each has the five channels of a tracing channel: `tracing:<name>:start`, `:end`,
 * `:asyncStart`, `:asyncEnd` and `:error`.
 *
 * - `publish` (`sigx:publish`): one trace per `publish` or `deliver` call whose arguments are
 *   valid, with a {@link PublishTrace}. `start` and `end` surround the synchronous part (topic
 *   check, observers, filters, the handler calls made at once); `asyncStart` and `asyncEnd`
 *   come when its promise settles (`result` set), after `error` if it rejected.
 * - `handler` (`sigx:handler`): one trace per handler call, with a {@link HandlerTrace}.
 *   `start` and `end` surround the call (`error` between them if it threw); when it returned a
 *   thenable, `asyncStart` and `asyncEnd` come when that settles (after `error` if it
 *   rejected), however long it takes: a timeout does not end the trace.
 *
 * @example
 * ```ts
 * import diagnostics from 'node:diagnostics_channel';
 * diagnostics.tracingChannel(TRACING_CHANNELS.handler).subscribe({
 *   start: (trace) => console.log('handler of', trace.subscriptionId, 'for', trace.message.topic),
 *   end() {}, asyncStart() {}, asyncEnd() {}, error: (trace) => console.log('failed', trace.error),
 * });
 * ```
 */
export const TRACING_CHANNELS: {
  /** Every `publish` and `deliver` call with valid arguments. */
  readonly publish: 'sigx:publish';
  /** Every handler call. */
  readonly handler: 'sigx:handler';
} = Object.freeze({ publish: 'sigx:publish', handler: 'sigx:handler' });

/** What the `sigx:publish` tracing channel is told of a publish or deliver. */
export interface PublishTrace {
  /** The exchange (a `SignalExchange`). */
  readonly exchange: object;
  /** Which call: `publish`, or `deliver` (a message a bridge brought in). */
  readonly operation: 'publish' | 'deliver';
  /** The message. Its topic is checked inside the trace: an invalid one ends it with `error`. */
  readonly message: Message;
  /** The publisher passed on to filters and handlers. */
  readonly publisher: unknown;
  /** Whether it was published with `retain: true`. */
  readonly retain: boolean;
  /** The W3C `traceparent` it was published with, if any: the parent of this trace. */
  readonly traceparent: string | undefined;
  /** What the publish resolved with, once it has (at `asyncStart`). */
  result?: PublishResult;
  /** Why it rejected, when it did (at `error`). */
  error?: unknown;
}

/** What the `sigx:handler` tracing channel is told of a handler call. */
export interface HandlerTrace {
  /** The exchange (a `SignalExchange`). */
  readonly exchange: object;
  /** The subscription the handler is called for. */
  readonly subscriptionId: string;
  /** The message. */
  readonly message: Message;
  /** The publisher passed on to the handler. */
  readonly publisher: unknown;
  /** The `traceparent` of the publish that delivers it, if any (none for a replay). */
  readonly traceparent: string | undefined;
  /** What the handler returned (at `end`). */
  result?: unknown;
  /** What it threw, or why its thenable rejected (at `error`). */
  error?: unknown;
}

/** The part of Node's `Channel` used here. */
interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** The part of Node's `TracingChannel` used here. */
export interface TracingChannel {
  readonly hasSubscribers: boolean;
  readonly error: Channel;
  readonly asyncStart: Channel;
  readonly asyncEnd: Channel;
  traceSync<A extends unknown[], R>(
    fn: (...args: A) => R,
    context: object,
    thisArg: unknown,
    ...args: A
  ): R;
  tracePromise<R>(fn: () => Promise<R>, context: object): Promise<R>;
}

type DiagnosticsChannel = { tracingChannel?: (name: string) => TracingChannel };

/** The module, where the runtime has it (Node 20.16+, Deno, Bun); `undefined` in browsers. */
function diagnosticsChannel(): DiagnosticsChannel | undefined {
  try {
    const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    return runtime?.getBuiltinModule?.('node:diagnostics_channel') as
      DiagnosticsChannel | undefined;
  } catch {
    return undefined; // a process shim that throws: no tracing
  }
}

const diagnostics = diagnosticsChannel();
const publishChannel = diagnostics?.tracingChannel?.(TRACING_CHANNELS.publish);
const handlerChannel = diagnostics?.tracingChannel?.(TRACING_CHANNELS.handler);

/**
 * The `sigx:publish` tracing channel, when something subscribes to it.
 * @returns the channel, or `undefined` (no runtime support, or no subscriber).
 */
export function publishTracing(): TracingChannel | undefined {
  return publishChannel?.hasSubscribers === true ? publishChannel : undefined;
}

/**
 * The `sigx:handler` tracing channel, when something subscribes to it. Asked once per publish,
 * so that a publish is traced whole or not at all.
 * @returns the channel, or `undefined` (no runtime support, or no subscriber).
 */
export function handlerTracing(): TracingChannel | undefined {
  return handlerChannel?.hasSubscribers === true ? handlerChannel : undefined;
}

/**
 * The trace of a publish or deliver, for the `sigx:publish` channel.
 * @param exchange - the exchange.
 * @param operation - `publish` or `deliver`.
 * @param checked - its checked arguments.
 * @returns the trace, which `tracePromise` completes with `result` or `error`.
 */
export function publishTrace(
  exchange: object,
  operation: 'publish' | 'deliver',
  checked: CheckedPublish,
): PublishTrace {
  const { message, publisher, retain, traceparent } = checked;
  return { exchange, operation, message, publisher, retain, traceparent };
}

/**
 * Reports the settlement of a handler's thenable: `asyncStart` and `asyncEnd`, after `error`
 * when it rejected. Returns the promise the dispatcher goes on with instead of the thenable,
 * so that the thenable's `then` is called once in all (when it was adopted).
 * @param channel - the `sigx:handler` channel.
 * @param trace - the handler call's trace.
 * @param settled - the handler's thenable, adopted.
 * @returns `settled`.
 */
export function traceSettlement(
  channel: TracingChannel,
  trace: HandlerTrace,
  settled: Promise<unknown>,
): Promise<unknown> {
  settled.then(
    () => {
      channel.asyncStart.publish(trace);
      channel.asyncEnd.publish(trace);
    },
    (error: unknown) => {
      trace.error = error;
      channel.error.publish(trace);
      channel.asyncStart.publish(trace);
      channel.asyncEnd.publish(trace);
    },
  );
  return settled;
}
