/**
 * The receiving process of scenario 9. Run as `node dist/cross-process-child.js <redis url>
 * <contender>`, with contender `sigx` (a `SignalExchange` bridged by `@sigx/redis`, one
 * subscription on `bench/.*`) or `ioredis` (a bare ioredis SUBSCRIBE on `raw:bench`, JSON
 * payloads). It prints `ready` once subscribed; then, for each run, it records the one-way
 * latency of every message (sender and receiver read the same system clock:
 * `performance.timeOrigin + performance.now()`), and on the run's end marker prints one JSON
 * line: the count, whether the messages arrived once each and in order, the span from the
 * first send to the last arrival, and the latency percentiles (nearest rank, `percentiles.ts`).
 */
import { SignalExchange } from '@sigx/core';
import { connectRedis } from '@sigx/redis';
import { Redis } from 'ioredis';
import { summarize } from './percentiles.js';

/** What the sender puts in each message. */
export interface BenchPayload {
  /** Index in the run, from 0; -1 on the end marker. */
  readonly i: number;
  /** Send time, `performance.timeOrigin + performance.now()` in ms. */
  readonly sentAt: number;
  /** On the end marker: messages in the run. */
  readonly count?: number;
}

/** What the child prints after each run. */
export interface RunReport {
  readonly received: number;
  /** Every message arrived once, in order. */
  readonly inOrder: boolean;
  /** From the first send to the last arrival, ms. */
  readonly spanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

const now = (): number => performance.timeOrigin + performance.now();

let latencies: number[] = [];
let firstSent = Number.NaN;
let lastArrival = Number.NaN;
let inOrder = true;

function onPayload(payload: BenchPayload): void {
  const arrival = now();
  if (payload.i === -1) {
    const stats = summarize(latencies);
    const report: RunReport = {
      received: latencies.length,
      inOrder: inOrder && latencies.length === payload.count,
      spanMs: lastArrival - firstSent,
      p50Ms: stats.p50,
      p99Ms: stats.p99,
      meanMs: stats.mean,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    latencies = [];
    firstSent = Number.NaN;
    inOrder = true;
    return;
  }
  if (payload.i !== latencies.length) inOrder = false;
  if (payload.i === 0) firstSent = payload.sentAt;
  lastArrival = arrival;
  latencies.push(arrival - payload.sentAt);
}

const [url, contender] = process.argv.slice(2);
if (url === undefined || (contender !== 'sigx' && contender !== 'ioredis')) {
  throw new Error('usage: cross-process-child.js <redis url> sigx|ioredis');
}
if (contender === 'sigx') {
  const exchange = new SignalExchange();
  const bridge = await connectRedis(exchange, { url, nodeId: 'bench-receiver' });
  exchange.subscribe({
    topicPattern: 'bench/.*',
    handler: (_id, _publisher, message) => onPayload(message.value as BenchPayload),
  });
  await bridge.flush();
} else {
  const redis = new Redis(url);
  redis.on('message', (_channel: string, text: string) =>
    onPayload(JSON.parse(text) as BenchPayload),
  );
  await redis.subscribe('raw:bench');
}
process.stdout.write('ready\n');
// Runs until the parent closes stdin.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
