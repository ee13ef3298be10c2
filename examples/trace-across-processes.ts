/**
 * A trace across two processes, one Redis. Each process runs a tiny tracer on the exchange's
 * `diagnostics_channel` tracing channels (`sigx:publish`, `sigx:handler`), as OpenTelemetry
 * would: a span per publish, deliver and handler call, the current span kept in an
 * `AsyncLocalStorage` bound to the channels' start events, and a line printed as each ends.
 * The main process opens a `checkout` span and publishes with its W3C `traceparent`;
 * `@sigx/redis` carries it in the record; the worker's deliver span continues the same trace,
 * with `checkout` as its parent. Every span line shows the trace id, the span's id, its
 * parent's id and its duration, so the trace can be followed from one process to the other.
 *
 * Run it with `pnpm --filter @sigx/examples example:trace-across-processes`. It uses the Redis
 * at `REDIS_URL`, or starts a throwaway `redis-server` when that is not set.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import {
  Message,
  SignalExchange,
  TRACING_CHANNELS,
  type HandlerTrace,
  type PublishTrace,
} from '@sigx/core';
import { connectRedis } from '@sigx/redis';
import { startRedisServer } from '@sigx/redis/testing';

/** A span of the tiny tracer. */
interface Span {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | undefined;
  /** `performance.now()` when it started. */
  readonly start: number;
}

const role = process.argv[2] === 'worker' ? 'worker' : 'main';
const current = new AsyncLocalStorage<Span>();
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A new span: the child of `traceparent` when given (a remote parent), else of the current span. */
function startSpan(name: string, traceparent?: string): Span {
  const [, traceId, parentId] = traceparent?.split('-') ?? [];
  const parent = current.getStore();
  const start = performance.now();
  return traceId !== undefined
    ? { name, traceId, spanId: hex(8), parentId, start }
    : {
        name,
        traceId: parent?.traceId ?? hex(16),
        spanId: hex(8),
        parentId: parent?.spanId,
        start,
      };
}

/** Ends a span: one line with its trace id, its id, its parent's id and how long it took. */
function endSpan(span: Span): void {
  const duration = (performance.now() - span.start).toFixed(2);
  console.log(
    `${role}: span ${span.name} trace=${span.traceId} id=${span.spanId} ` +
      `parent=${span.parentId ?? '-'} duration=${duration}ms`,
  );
}

const traceparentOf = (span: Span): string => `00-${span.traceId}-${span.spanId}-01`;

/** Traces every publish, deliver and handler call of this process's exchanges. */
function installTracer(): void {
  const spans = new WeakMap<object, Span>();
  const publishes = diagnostics.tracingChannel(TRACING_CHANNELS.publish);
  const handlers = diagnostics.tracingChannel(TRACING_CHANNELS.handler);
  // The span becomes the current one for everything the publish runs (its handlers included).
  publishes.start.bindStore(current, (context) => {
    const trace = context as PublishTrace;
    const span = startSpan(`${trace.operation} ${trace.message.topic}`, trace.traceparent);
    spans.set(trace, span);
    return span;
  });
  handlers.start.bindStore(current, (context) => {
    const trace = context as HandlerTrace;
    const span = startSpan(`handler ${trace.message.topic}`);
    spans.set(trace, span);
    return span;
  });
  const finish = (context: unknown): void => {
    const span = spans.get(context as object);
    if (span !== undefined) endSpan(span);
  };
  const isThenable = (value: unknown): boolean =>
    typeof (value as { then?: unknown } | null)?.then === 'function';
  publishes.subscribe({ start() {}, end() {}, asyncStart() {}, asyncEnd: finish, error() {} });
  handlers.subscribe({
    start() {},
    // A handler that returned a promise ends at asyncEnd; any other at end.
    end: (context) => {
      if (!isThenable((context as HandlerTrace).result)) finish(context);
    },
    asyncStart() {},
    asyncEnd: finish,
    error() {},
  });
}

installTracer();

if (role === 'worker') {
  const exchange = new SignalExchange();
  const bridge = await connectRedis(exchange, { url: process.argv[3]!, nodeId: 'worker' });
  exchange.subscribe({
    topicPattern: 'orders/.*',
    handler: async (_id, _publisher, message) => {
      await new Promise((resolve) => setTimeout(resolve, 5)); // some work, inside the span
      process.send!(`handled ${message.topic}`);
    },
  });
  await bridge.flush();
  process.send!('ready');
  process.once('disconnect', () => void bridge.close());
} else {
  const server = process.env['REDIS_URL'] === undefined ? await startRedisServer() : undefined;
  const url = process.env['REDIS_URL'] ?? server!.url;
  const exchange = new SignalExchange();
  const bridge = await connectRedis(exchange, { url, nodeId: 'main' });
  const worker = fork(fileURLToPath(import.meta.url), ['worker', url]);
  const messages: string[] = [];
  const next = (): Promise<void> =>
    new Promise((resolve) => worker.once('message', (m) => resolve(void messages.push(String(m)))));
  await next(); // ready

  // The application's own span, whose context the publish carries across.
  const checkout = startSpan('checkout');
  const handled = next();
  await current.run(checkout, () =>
    exchange.publish({
      message: new Message({ topic: 'orders/42', value: { item: 'tea' } }),
      traceparent: traceparentOf(checkout),
    }),
  );
  endSpan(checkout);
  await handled;
  // The worker prints its spans once its handler's promise settled: give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 50));
  worker.disconnect();
  await new Promise((resolve) => worker.once('exit', resolve));
  await bridge.close();
  await server?.stop();
  console.log(`main: the worker said ${messages.join(', ')}`);
}
