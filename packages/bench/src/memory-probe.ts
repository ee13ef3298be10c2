/**
 * Child process of scenarios 8 and 12: builds one index in a fresh heap and reports heap deltas.
 * Run as `node --expose-gc --no-flush-bytecode dist/memory-probe.js <contender> <size> <seed>`;
 * prints one JSON line. (Bytecode flushing during the forced GCs would free unrelated memory
 * between the two readings.)
 */
import { SignalExchange, Message } from '@sigx/core';
import { NaiveScan, QlobberIndex, SigxIndex, type TopicIndex } from './indexes.js';
import { PROBE_CONTENDERS, type ProbeResult } from './probe.js';
import { boundedSample } from './scenario.js';
import { mqttWorkload, type Subscription } from './workloads.js';

/** Enough distinct topics for the naive scan to compile every RegExp, and sigx to memoise some. */
const WARM_TOPICS = 200;

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('memory-probe needs node --expose-gc');
  for (let i = 0; i < 4; i += 1) gc();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const [contender = '', sizeArgument = '', seedArgument = ''] = process.argv.slice(2);
  if (!(PROBE_CONTENDERS as readonly string[]).includes(contender))
    throw new Error(`unknown contender ${contender}`);
  const size = Number(sizeArgument);
  const workload = mqttWorkload(size, Number(seedArgument));
  const warmTopics = workload.topics.slice(0, WARM_TOPICS);

  // A small throwaway build first, so that the code, feedback and shapes the build creates
  // exist before the baseline and are not charged to the subscriptions.
  const warmUp = build(contender, mqttWorkload(200, 1).subscriptions);
  for (const topic of mqttWorkload(200, 2).topics.slice(0, 200)) await warmUp.match(topic);

  const baselineBytes = heapAfterGc();
  const index = build(contender, workload.subscriptions);
  const match = index.match;
  const builtBytes = heapAfterGc();
  for (const topic of warmTopics) await match(topic);
  const warmBytes = heapAfterGc();
  // Every distinct topic of the workload, with what the index keeps per topic at its default
  // bounds (sigx's memo and automaton states): the heap of an index in service.
  let topicsBytes: number | null = null;
  if (contender !== 'naive') {
    for (const topic of workload.topics.slice(WARM_TOPICS)) await match(topic);
    topicsBytes = heapAfterGc();
  }
  const automatonStates = index.sigx?.automatonCounts()?.states;

  const sample: Record<string, readonly number[]> = {};
  for (const topic of boundedSample(workload.sample, size))
    sample[topic] = [...(await match(topic))];
  const result: ProbeResult = {
    contender,
    size,
    baselineBytes,
    builtBytes,
    warmBytes,
    warmTopics: warmTopics.length,
    topicsBytes,
    topicsMatched: topicsBytes === null ? warmTopics.length : workload.topics.length,
    ...(automatonStates === undefined ? {} : { automatonStates }),
    sample,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** One contender, built: its `match` closure keeps it alive. */
interface Built {
  match(topic: string): Promise<readonly number[]> | readonly number[];
  /** The `TopicMatcher` index, for its stats. */
  readonly sigx?: SigxIndex;
}

/** Builds one contender. */
function build(contender: string, subscriptions: readonly Subscription[]): Built {
  if (contender === 'sigx exchange') {
    // One handler per subscription, as subscribers usually have: part of the cost.
    const exchange = new SignalExchange({ validateTopic: false });
    const delivered: number[] = [];
    for (const { id, pattern } of subscriptions) {
      exchange.subscribe({
        topicPattern: pattern,
        handler: () => {
          delivered.push(id);
        },
      });
    }
    return {
      async match(topic) {
        delivered.length = 0;
        await exchange.publish({
          message: new Message({ publisherName: null, topic, value: null }),
        });
        return [...delivered];
      },
    };
  }
  const index: TopicIndex =
    contender === 'naive'
      ? new NaiveScan()
      : contender === 'sigx'
        ? new SigxIndex('sigx', undefined)
        : new QlobberIndex();
  for (const subscription of subscriptions) index.add(subscription);
  return {
    match: (topic) => index.match(topic),
    ...(index instanceof SigxIndex ? { sigx: index } : {}),
  };
}

await main();
