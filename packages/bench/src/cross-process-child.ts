/**
 * The receiving process of scenario 9. Run as `node dist/cross-process-child.js <server url>
 * <contender> [<stream> <consumer>]`, with contender
 * - `sigx`: a `SignalExchange` bridged by `@sigx/redis`, one subscription on `bench/.*`;
 * - `ioredis`: a bare ioredis SUBSCRIBE on `raw:bench`, JSON payloads;
 * - `nats`: a `SignalExchange` bridged by `@sigx/nats` (NATS core), one subscription on
 *   `bench/.*`;
 * - `nats-client`: a bare `@nats-io/transport-node` subscription on `raw.bench`, JSON payloads;
 * - `nats-durable`: a `SignalExchange` bridged by `@sigx/nats` in durable mode (JetStream stream
 *   `stream`, durable consumer `consumer`, starting at new messages), which acknowledges each message
 *   once the handler ran; one subscription on `bench/.*`.
 *
 * It prints `ready` once subscribed; then, for each run, it records the one-way latency of
 * every message (sender and receiver read the same system clock:
 * `performance.timeOrigin + performance.now()`), and on the run's end marker prints one JSON
 * line: the count, whether the messages arrived once each and in order, the span from the
 * first send to the last arrival, and the latency percentiles (nearest rank, `percentiles.ts`).
 */
import { SignalExchange } from '@sigx/core';
import { connectNats } from '@sigx/nats';
import { connectRedis } from '@sigx/redis';
import { connect } from '@nats-io/transport-node';
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

/**
 * The receiving side of each contender (the scenario imports only types from this module:
 * importing a value would run it).
 */
export type Contender = 'sigx' | 'ioredis' | 'nats' | 'nats-client' | 'nats-durable';
const CONTENDERS: readonly Contender[] = ['sigx', 'ioredis', 'nats', 'nats-client', 'nats-durable'];

/** Subscribes the local exchange to the bench topics and delivers into {@link onPayload}. */
function subscribeBench(exchange: SignalExchange): void {
  exchange.subscribe({
    topicPattern: 'bench/.*',
    handler: (_id, _publisher, message) => onPayload(message.value as BenchPayload),
  });
}

async function main(): Promise<void> {
  const [url, contender, stream, consumer] = process.argv.slice(2);
  if (url === undefined || !(CONTENDERS as readonly string[]).includes(contender ?? '')) {
    throw new Error(
      `usage: cross-process-child.js <server url> ${CONTENDERS.join('|')} [<stream> <consumer>]`,
    );
  }
  switch (contender as Contender) {
    case 'sigx': {
      const exchange = new SignalExchange();
      const bridge = await connectRedis(exchange, { url, nodeId: 'bench-receiver' });
      subscribeBench(exchange);
      await bridge.flush();
      break;
    }
    case 'ioredis': {
      const redis = new Redis(url);
      redis.on('message', (_channel: string, text: string) =>
        onPayload(JSON.parse(text) as BenchPayload),
      );
      await redis.subscribe('raw:bench');
      break;
    }
    case 'nats':
    case 'nats-durable': {
      if (contender === 'nats-durable' && (stream === undefined || consumer === undefined)) {
        throw new Error('the nats-durable receiver needs its stream and consumer names');
      }
      const exchange = new SignalExchange();
      const bridge = await connectNats(exchange, {
        servers: url,
        nodeId: 'bench-receiver',
        ...(contender === 'nats-durable'
          ? { durable: { stream: stream!, consumer: consumer!, startAt: 'new' as const } }
          : {}),
      });
      subscribeBench(exchange);
      await bridge.flush();
      break;
    }
    case 'nats-client': {
      const nc = await connect({ servers: url });
      nc.subscribe('raw.bench', {
        callback: (error, msg) => {
          if (error !== null) throw error;
          onPayload(JSON.parse(msg.string()) as BenchPayload);
        },
      });
      await nc.flush();
      break;
    }
  }
}

await main();
process.stdout.write('ready\n');
// Runs until the parent closes stdin.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
