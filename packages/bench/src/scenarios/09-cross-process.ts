import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Message, SignalExchange } from '@sigx/core';
import { connectRedis, type RedisBridge } from '@sigx/redis';
import { startRedisServer, type RedisServer } from '@sigx/redis/testing';
import { Redis } from 'ioredis';
import type { BenchPayload, RunReport } from '../cross-process-child.js';
import { scenarioResult, timedRow, type Row } from '../results.js';
import { sizesFor, type Scenario, type ScenarioContext } from '../scenario.js';
import { findRow } from '../table.js';
import { timingOf } from '../timing.js';

const CHILD = fileURLToPath(new URL('../cross-process-child.js', import.meta.url));
const SIGX = 'sigx/redis bridge';
const BARE = 'ioredis PUBLISH/SUBSCRIBE';
const now = (): number => performance.timeOrigin + performance.now();

/** The sending side of one contender: sends one message of a run. */
interface Sender {
  readonly name: string;
  send(payload: BenchPayload): Promise<unknown>;
  close(): Promise<void>;
}

async function sigxSender(server: RedisServer): Promise<Sender & { bridge: RedisBridge }> {
  const exchange = new SignalExchange();
  const bridge = await connectRedis(exchange, { url: server.url, nodeId: 'bench-sender' });
  return {
    name: SIGX,
    bridge,
    send: (payload) =>
      exchange.publish({
        message: new Message({ publisherName: 'bench', topic: 'bench/run', value: payload }),
      }),
    close: () => bridge.close(),
  };
}

async function bareSender(server: RedisServer): Promise<Sender> {
  const redis = new Redis(server.url);
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

/** The receiving process, and its report lines in order. */
function startReceiver(
  server: RedisServer,
  contender: 'sigx' | 'ioredis',
): { child: ChildProcess; nextLine: () => Promise<string> } {
  const child = spawn(process.execPath, [CHILD, server.url, contender], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done === true) throw new Error(`the ${contender} receiver exited (${child.exitCode})`);
    return value;
  };
  return { child, nextLine };
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

async function measureContender(
  context: ScenarioContext,
  server: RedisServer,
  contender: 'sigx' | 'ioredis',
  sizes: { readonly burst: readonly number[]; readonly paced: readonly number[] },
): Promise<Row[]> {
  const receiver = startReceiver(server, contender);
  const sender = contender === 'sigx' ? await sigxSender(server) : await bareSender(server);
  try {
    if ((await receiver.nextLine()) !== 'ready') throw new Error('the receiver did not start');
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
    await sender.close();
    receiver.child.stdin!.end();
    if (receiver.child.exitCode === null) {
      await new Promise((resolve) => receiver.child.once('exit', resolve));
    }
  }
}

/** 9. A message from one process's publish to another's handler, through Redis. */
export const crossProcess: Scenario = {
  id: '09-cross-process',
  title: 'Across processes through Redis',
  question:
    'How many messages per second get from one process to a handler in another through ' +
    '`@sigx/redis` and a local redis-server, and with what one-way latency (p50, p99), back to ' +
    'back and paced at about one per millisecond, next to bare ioredis PUBLISH/SUBSCRIBE?',
  async run(context) {
    const sizes = sizesFor(context, [2_000, 20_000], [200]);
    const pacedSizes = sizesFor(context, [2_000], [200]);
    const server = await startRedisServer();
    const rows: Row[] = [];
    try {
      for (const contender of ['sigx', 'ioredis'] as const) {
        rows.push(
          ...(await measureContender(context, server, contender, {
            burst: sizes,
            paced: pacedSizes,
          })),
        );
      }
    } finally {
      await server.stop();
    }
    const largest = sizes.at(-1)!;
    return scenarioResult(this, {
      operation: 'message',
      sizeLabel: 'messages',
      subject: SIGX,
      baseline: BARE,
      rows,
      notes: [
        'Two processes on one machine and a redis-server on loopback (no persistence), all on the same cores. The sender publishes on one `SignalExchange` bridged by `connectRedis`; the receiver is a child process with its own exchange, bridge and one subscription. The baseline sends `JSON.stringify` payloads with a bare ioredis `PUBLISH` and receives them with `SUBSCRIBE`.',
        '`burst`: the messages are published back to back; messages/s is the count over the span from the first send to the last arrival, and the latency includes the queueing of the burst. `paced`: about one message per millisecond, so the latency is that of a lone message.',
        'messages/s and time/message are the throughput of the whole run, one figure, so the p50 and p99 columns are empty; the facts give the one-way latency from `publish` to the handler (both processes read the same system clock): its p50, p99 (nearest rank) and mean over every message, in ms.',
        'Every run is checked: the receiver must get each message once, in order, or the bench fails.',
      ],
      headlineOf: (result, ratio) => {
        const sigxPaced = findRow(result, SIGX, pacedSizes.at(-1)!, 'paced')?.facts;
        const milliseconds = (fact: number | string | undefined): string =>
          typeof fact === 'number' ? fact.toFixed(2) : '–';
        return (
          `Through a local Redis, the bridge moves ${Math.round(findRow(result, SIGX, largest, 'burst')?.timing?.opsPerSec ?? 0).toLocaleString('en-US')} messages/s from one process's publish to another's handler ` +
          `(${ratio(SIGX, BARE, largest, 'burst')} bare ioredis PUBLISH/SUBSCRIBE), ` +
          `with a one-way latency of ${milliseconds(sigxPaced?.['latency p50 ms'])} ms p50 and ` +
          `${milliseconds(sigxPaced?.['latency p99 ms'])} ms p99 for a lone message (paced).`
        );
      },
    });
  },
};
