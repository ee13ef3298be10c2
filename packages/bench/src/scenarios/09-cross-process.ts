import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { Message, SignalExchange } from '@sigx/core';
import { connectNats, type NatsBridgeOptions } from '@sigx/nats';
import { startNatsServer } from '@sigx/nats/testing';
import { connectRedis } from '@sigx/redis';
import { startRedisServer } from '@sigx/redis/testing';
import { Redis } from 'ioredis';
import type { BenchPayload, Contender, RunReport } from '../cross-process-child.js';
import { formatRatio } from '../format.js';
import { scenarioResult, timedRow, type Row } from '../results.js';
import { sizesFor, type Scenario, type ScenarioContext } from '../scenario.js';
import { findRow, valueOf } from '../table.js';
import { timingOf } from '../timing.js';

const CHILD = fileURLToPath(new URL('../cross-process-child.js', import.meta.url));
const SIGX = 'sigx/redis bridge';
const BARE = 'ioredis PUBLISH/SUBSCRIBE';
const NATS_SIGX = 'sigx/nats bridge';
const NATS_BARE = 'NATS client publish/subscribe';
const NATS_DURABLE = 'sigx/nats durable (JetStream)';
/** The durable contender's JetStream stream (on a server of its own, made by the bridge). */
const DURABLE_STREAM = 'BENCH';
/** Longest wait for a line of the receiver (its `ready`, a run's report) before giving up. */
const LINE_TIMEOUT_MS = 60_000;
/** Longest wait for the receiver to exit once its stdin is closed, before it is killed. */
const EXIT_TIMEOUT_MS = 5_000;
const now = (): number => performance.timeOrigin + performance.now();

/** The sending side of one contender: sends one message of a run. */
interface Sender {
  readonly name: string;
  send(payload: BenchPayload): Promise<unknown>;
  close(): Promise<void>;
}

/** Where a contender runs: its server's URL and, durable, its consumers' names. */
interface Target {
  readonly url: string;
  /** The durable consumers are `<consumer>-sender` and `<consumer>-receiver`: one per run. */
  readonly consumer?: string;
}

/** A sender publishing on a bridged exchange, as an application would. */
function exchangeSender(
  name: string,
  exchange: SignalExchange,
  close: () => Promise<void>,
): Sender {
  return {
    name,
    send: (payload) =>
      exchange.publish({
        message: new Message({ publisherName: 'bench', topic: 'bench/run', value: payload }),
      }),
    close,
  };
}

async function redisBridgeSender(target: Target): Promise<Sender> {
  const exchange = new SignalExchange();
  const bridge = await connectRedis(exchange, { url: target.url, nodeId: 'bench-sender' });
  return exchangeSender(SIGX, exchange, () => bridge.close());
}

async function redisSender(target: Target): Promise<Sender> {
  const redis = new Redis(target.url);
  return {
    name: BARE,
    // Not awaited per message, like the bridge, which hands PUBLISH to ioredis and goes on.
    send: (payload) => {
      void redis.publish('raw:bench', JSON.stringify(payload));
      return Promise.resolve();
    },
    close: async () => {
      await redis.quit();
    },
  };
}

async function natsBridgeSender(target: Target, durable: boolean): Promise<Sender> {
  const exchange = new SignalExchange();
  const options: NatsBridgeOptions = durable
    ? {
        servers: target.url,
        nodeId: 'bench-sender',
        durable: { stream: DURABLE_STREAM, consumer: `${target.consumer!}-sender`, startAt: 'new' },
        // In durable mode every publish waits in the bridge until JetStream acknowledges it, and
        // past `maxBuffered` (10 000 by default) publishes are dropped, connected or not: room
        // for the largest burst.
        maxBuffered: 100_000,
      }
    : { servers: target.url, nodeId: 'bench-sender' };
  const bridge = await connectNats(exchange, options);
  return exchangeSender(durable ? NATS_DURABLE : NATS_SIGX, exchange, () => bridge.close());
}

async function natsSender(target: Target): Promise<Sender> {
  const nc = await connect({ servers: target.url });
  return {
    name: NATS_BARE,
    // The client buffers and writes in the background, like the bridge's publish.
    send: (payload) => {
      nc.publish('raw.bench', JSON.stringify(payload));
      return Promise.resolve();
    },
    close: () => nc.drain(),
  };
}

const SENDERS: Readonly<Record<Contender, (target: Target) => Promise<Sender>>> = {
  sigx: redisBridgeSender,
  ioredis: redisSender,
  nats: (target) => natsBridgeSender(target, false),
  'nats-client': natsSender,
  'nats-durable': (target) => natsBridgeSender(target, true),
};

/** The receiving process, and its report lines in order. */
interface Receiver {
  readonly child: ChildProcess;
  /** The next line it prints; rejects when it exits first or says nothing for a minute. */
  nextLine(): Promise<string>;
  /** Closes its stdin (it exits then), and kills it when it has not exited within 5 s. */
  stop(): Promise<void>;
}

function startReceiver(target: Target, contender: Contender): Receiver {
  const args = [CHILD, target.url, contender];
  if (contender === 'nats-durable') args.push(DURABLE_STREAM, `${target.consumer!}-receiver`);
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // A closed pipe (the receiver died) must not crash the bench: the next line says why.
  child.stdin!.on('error', () => undefined);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the ${contender} receiver said nothing for ${LINE_TIMEOUT_MS} ms`)),
        LINE_TIMEOUT_MS,
      );
    });
    try {
      const { value, done } = await Promise.race([lines.next(), timeout]);
      if (done === true) {
        throw new Error(`the ${contender} receiver exited (${child.exitCode ?? child.signalCode})`);
      }
      return value;
    } finally {
      clearTimeout(timer);
    }
  };
  const stop = async (): Promise<void> => {
    child.stdin!.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
  };
  return { child, nextLine, stop };
}

/**
 * One run: `count` messages, back to back (`burst`) or about one per millisecond (`paced`),
 * then the end marker; the receiver's report.
 */
async function run(
  sender: Sender,
  nextLine: () => Promise<string>,
  count: number,
  paced: boolean,
): Promise<RunReport> {
  for (let i = 0; i < count; i += 1) {
    await sender.send({ i, sentAt: now() });
    if (paced) await sleep(1);
  }
  await sender.send({ i: -1, sentAt: now(), count });
  const report = JSON.parse(await nextLine()) as RunReport;
  if (!report.inOrder || report.received !== count) {
    throw new Error(
      `${sender.name}: the receiver got ${report.received} of ${count} messages${report.inOrder ? '' : ', not once each in order'}`,
    );
  }
  return report;
}

function rowOf(series: string, contender: string, count: number, report: RunReport): Row {
  const opsPerSec = (count / report.spanMs) * 1000;
  // The throughput is messages received per second over the whole run: one sample, so the
  // table shows no percentiles for it. The latencies are another distribution: facts.
  const timing = timingOf({ nsPerOp: [1e9 / opsPerSec], opsPerSample: count, calls: count });
  return timedRow(series, contender, count, timing, {
    'latency p50 ms': report.p50Ms,
    'latency p99 ms': report.p99Ms,
    'latency mean ms': report.meanMs,
  });
}

/** The sizes of a contender's runs, per series. */
interface Sizes {
  readonly burst: readonly number[];
  readonly paced: readonly number[];
}

/** Measures one contender, its receiver in a child process; the child is gone when it returns. */
async function measureContender(
  context: ScenarioContext,
  target: Target,
  contender: Contender,
  sizes: Sizes,
): Promise<Row[]> {
  const receiver = startReceiver(target, contender);
  let sender: Sender | undefined;
  try {
    if ((await receiver.nextLine()) !== 'ready') throw new Error('the receiver did not start');
    // Once the receiver is subscribed (durable: once its consumer is made; a sender's bridge
    // would make the same stream at the same time otherwise).
    sender = await SENDERS[contender](target);
    const rows: Row[] = [];
    // Warm-up: both processes' JIT and the connections.
    await run(sender, receiver.nextLine, Math.min(500, sizes.burst[0]!), false);
    for (const series of ['burst', 'paced'] as const) {
      for (const size of sizes[series]) {
        context.log(`  ${sender.name}, ${series}, ${size.toLocaleString('en-US')} messages`);
        const report = await run(sender, receiver.nextLine, size, series === 'paced');
        rows.push(rowOf(series, sender.name, size, report));
      }
    }
    return rows;
  } finally {
    try {
      await sender?.close();
    } finally {
      await receiver.stop();
    }
  }
}

/** Runs `body` on a server that `start` starts, stopped afterwards, whatever happens. */
async function withServer<T>(
  start: () => Promise<{ readonly url: string; stop(): Promise<void> }>,
  body: (url: string) => Promise<T>,
): Promise<T> {
  const server = await start();
  try {
    return await body(server.url);
  } finally {
    await server.stop();
  }
}

/**
 * Facts comparing a NATS row with another contender at the same size and series: throughput,
 * this ÷ that (the table's own ratio columns divide by ioredis and into the Redis bridge).
 */
function withComparisons(rows: readonly Row[]): Row[] {
  const against: Readonly<Record<string, readonly string[]>> = {
    [NATS_SIGX]: [NATS_BARE, SIGX],
    [NATS_DURABLE]: [NATS_SIGX],
  };
  return rows.map((row) => {
    const others = against[row.contender];
    if (others === undefined) return row;
    const facts: Record<string, number | string> = { ...row.facts };
    for (const other of others) {
      const that = rows.find(
        (one) => one.contender === other && one.size === row.size && one.series === row.series,
      );
      if (that !== undefined) facts[`× ${other}`] = formatRatio(valueOf(row) / valueOf(that));
    }
    return { ...row, facts };
  });
}

/** 9. A message from one process's publish to another's handler, through Redis and NATS. */
export const crossProcess: Scenario = {
  id: '09-cross-process',
  title: 'Across processes through Redis and NATS',
  question:
    'How many messages per second get from one process to a handler in another through ' +
    '`@sigx/redis` and a local redis-server, and through `@sigx/nats` and a local nats-server ' +
    '(NATS core, and durable on JetStream), and with what one-way latency (p50, p99), back to ' +
    'back and paced at about one per millisecond, next to bare ioredis PUBLISH/SUBSCRIBE and ' +
    'the bare NATS client?',
  async run(context) {
    const sizes = sizesFor(context, [2_000, 20_000], [200]);
    const pacedSizes = sizesFor(context, [2_000], [200]);
    const runSizes: Sizes = { burst: sizes, paced: pacedSizes };
    const measure = async (target: Target, contenders: readonly Contender[]): Promise<Row[]> => {
      const rows: Row[] = [];
      for (const contender of contenders) {
        rows.push(...(await measureContender(context, target, contender, runSizes)));
      }
      return rows;
    };
    const rows: Row[] = [
      ...(await withServer(startRedisServer, (url) => measure({ url }, ['sigx', 'ioredis']))),
      ...(await withServer(startNatsServer, (url) => measure({ url }, ['nats', 'nats-client']))),
      ...(await withServer(
        () => startNatsServer({ jetstream: true }),
        (url) => measure({ url, consumer: `bench-${randomUUID().slice(0, 8)}` }, ['nats-durable']),
      )),
    ];
    const largest = sizes.at(-1)!;
    const paced = pacedSizes.at(-1)!;
    return scenarioResult(this, {
      operation: 'message',
      sizeLabel: 'messages',
      subject: SIGX,
      baseline: BARE,
      rows: withComparisons(rows),
      notes: [
        'Two processes on one machine and a server on loopback, all on the same cores: a redis-server (no persistence), a nats-server 2 (NATS core), and for the durable contender another nats-server with JetStream (file storage in a temporary directory). The sender publishes on one `SignalExchange` bridged by `connectRedis` or `connectNats`; the receiver is a child process with its own exchange, bridge and one subscription (`bench/.*`). The baselines send `JSON.stringify` payloads with a bare ioredis `PUBLISH` (received with `SUBSCRIBE`) and a bare `@nats-io/transport-node` `publish` (received with a callback `subscribe`).',
        "`sigx/nats durable (JetStream)`: `connectNats` with `durable: { stream: 'BENCH', consumer, startAt: 'new' }` on both sides (a consumer of its own for each, named per run): every publish is stored by JetStream and acknowledged to the sender, and the receiver's durable consumer reads the stream, delivers into its exchange and acknowledges each message once the handler ran. The sender's bridge reads the stream too (its own messages, dropped as echoes and acknowledged), as every durable bridge does; its `maxBuffered` is raised to 100 000, since in durable mode the publishes waiting for JetStream's acknowledgement count against it and the default (10 000) is less than the largest burst.",
        '`burst`: the messages are published back to back; messages/s is the count over the span from the first send to the last arrival, and the latency includes the queueing of the burst. `paced`: about one message per millisecond, so the latency is that of a lone message.',
        'messages/s and time/message are the throughput of the whole run, one figure, so the p50 and p99 columns are empty; the facts give the one-way latency from `publish` to the handler (both processes read the same system clock): its p50, p99 (nearest rank) and mean, over every message, in ms.',
        'The ratio columns divide by ioredis and into the Redis bridge; the NATS rows also carry their own: `× NATS client publish/subscribe` (the NATS bridge over the bare NATS client, as the Redis bridge is over ioredis), `× sigx/redis bridge` (NATS bridge over Redis bridge, the transports compared) and, durable, `× sigx/nats bridge` (what JetStream costs over NATS core), each messages/s over messages/s at the same size and series.',
        'Every run is checked: the receiver must get each message once, in order, or the bench fails.',
      ],
      headlineOf: (result, ratio) => {
        const milliseconds = (fact: number | string | undefined): string =>
          typeof fact === 'number' ? fact.toFixed(2) : '–';
        const rate = (contender: string): string =>
          Math.round(
            findRow(result, contender, largest, 'burst')?.timing?.opsPerSec ?? 0,
          ).toLocaleString('en-US');
        const latency = (contender: string): string => {
          const facts = findRow(result, contender, paced, 'paced')?.facts;
          return `${milliseconds(facts?.['latency p50 ms'])} ms p50 and ${milliseconds(facts?.['latency p99 ms'])} ms p99`;
        };
        return (
          `Through a local Redis, the bridge moves ${rate(SIGX)} messages/s from one process's publish to another's handler ` +
          `(${ratio(SIGX, BARE, largest, 'burst')} bare ioredis PUBLISH/SUBSCRIBE), ` +
          `with a one-way latency of ${latency(SIGX)} for a lone message (paced). ` +
          `Through a local NATS, the bridge moves ${rate(NATS_SIGX)} messages/s ` +
          `(${ratio(NATS_SIGX, NATS_BARE, largest, 'burst')} the bare NATS client, ${ratio(NATS_SIGX, SIGX, largest, 'burst')} the Redis bridge), ` +
          `${latency(NATS_SIGX)} paced; durable on JetStream, ${rate(NATS_DURABLE)} messages/s ` +
          `(${ratio(NATS_DURABLE, NATS_SIGX, largest, 'burst')} NATS core), ${latency(NATS_DURABLE)} paced.`
        );
      },
    });
  },
};
