/**
 * `pnpm bench:profile [name…]`: where the time (or the heap) goes in the
 * workloads behind the bench's targets, as `node --cpu-prof` would show, summarised. Each
 * profile runs a scenario's workload on the built packages under the V8 CPU profiler (through
 * `node:inspector`) and ranks functions by self time; `heap` ranks the heap objects a
 * `TopicMatcher` of 100 000 subscriptions holds. Writes `benchmarks/results/profiles.md`.
 *
 * Names: `distinct` (scenario 1: distinct topics, memo off), `add` (scenario 5), `churn`
 * (scenario 6), `heap` (scenario 8). Without names, all of them.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { getHeapSnapshot, setFlagsFromString } from 'node:v8';
import { mqtt, TopicMatcher } from '@sigx/matcher';
import { describeMachine } from './machine.js';
import { churnFilters } from './scenarios/06-churn.js';
import { mqttWorkload } from './workloads.js';

// No inlining: otherwise the matcher's small functions are folded into their callers, and a
// profile shows little but `#compute`. Times are higher than in the bench; shares are the point.
setFlagsFromString('--max-inlined-bytecode-size=0');

const SEED = 20240601;
const SIZE = 100_000;
const TOP = 15;

/** One row of a profile: a function (or heap object kind) and its share. */
interface Line {
  readonly name: string;
  readonly share: number;
  readonly detail: string;
}

interface Profile {
  readonly name: string;
  readonly title: string;
  readonly measured: string;
  readonly lines: readonly Line[];
}

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Runs `work` under the CPU profiler and ranks functions by self time. */
async function cpuProfile(work: () => void): Promise<Line[]> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  work();
  const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
  session.disconnect();
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const time = selfTime.get(node.id) ?? 0;
    total += time;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').slice(-3).join('/');
    const name =
      url === ''
        ? functionName || '(anonymous)'
        : `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  }
  return [...byFunction]
    .filter(([name]) => name !== '(idle)' && name !== '(program)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, time]) => ({
      name,
      share: time / total,
      detail: `${(time / 1000).toFixed(0)} ms`,
    }));
}

/** A matcher holding the scenario workload's subscriptions. */
function loadedMatcher(cacheSize: number | undefined, size = SIZE): TopicMatcher<number> {
  const matcher = new TopicMatcher<number>(cacheSize === undefined ? {} : { cacheSize });
  for (const subscription of mqttWorkload(size, SEED).subscriptions) {
    matcher.add(subscription.pattern, subscription.id);
  }
  return matcher;
}

/** Repeats `round` until `ms` milliseconds have passed; returns the rounds made. */
function repeatFor(ms: number, round: () => void): number {
  const start = performance.now();
  let rounds = 0;
  while (performance.now() - start < ms) {
    round();
    rounds += 1;
  }
  return rounds;
}

async function distinct(): Promise<Profile> {
  const matcher = loadedMatcher(0);
  const topics = mqttWorkload(SIZE, SEED).topics;
  let rounds = 0;
  const lines = await cpuProfile(() => {
    rounds = repeatFor(3_000, () => {
      for (const topic of topics) matcher.match(topic);
    });
  });
  return {
    name: 'distinct',
    title: 'Targets 1, 2 and 12: match on distinct topics, memo off, 100 000 subscriptions',
    measured: `${rounds * topics.length} matches of ${topics.length} distinct topics`,
    lines,
  };
}

async function add(): Promise<Profile> {
  const subscriptions = mqttWorkload(SIZE, SEED).subscriptions;
  let builds = 0;
  const lines = await cpuProfile(() => {
    builds = repeatFor(3_000, () => {
      const matcher = new TopicMatcher<number>();
      for (const subscription of subscriptions) matcher.add(subscription.pattern, subscription.id);
    });
  });
  return {
    name: 'add',
    title: 'Target 6: add 100 000 subscriptions to a fresh matcher',
    measured: `${builds} builds of ${subscriptions.length} subscriptions`,
    lines,
  };
}

async function churn(): Promise<Profile> {
  const matcher = loadedMatcher(undefined);
  const hotTopics = mqttWorkload(SIZE, SEED).hotTopics;
  for (const topic of hotTopics) matcher.match(topic);
  // As scenario 6: its filters, compiled by `mqtt()`, 8 alive, each new one replacing the oldest.
  const filters = churnFilters(hotTopics).map((filter) => mqtt(filter));
  const live: (readonly [RegExp, number])[] = [];
  let next = 0;
  const subscribe = (): void => {
    const pattern = filters[next % filters.length]!;
    matcher.add(pattern, 1e9 + next);
    live.push([pattern, 1e9 + next]);
    next += 1;
  };
  for (let i = 0; i < 8; i += 1) subscribe();
  let published = 0;
  let rounds = 0;
  const lines = await cpuProfile(() => {
    rounds = repeatFor(3_000, () => {
      for (let i = 0; i < 100; i += 1) matcher.match(hotTopics[published++ % hotTopics.length]!);
      subscribe();
      const [pattern, id] = live.shift()!;
      matcher.remove(pattern, id);
    });
  });
  return {
    name: 'churn',
    title: 'Target 7: 100 hot-topic matches, then one subscribe and one unsubscribe',
    measured: `${rounds} rounds`,
    lines,
  };
}

interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Sums the heap's objects by kind (V8 node type, and constructor for objects). */
async function heapByKind(): Promise<Map<string, { count: number; bytes: number }>> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join('')) as HeapSnapshotJson;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt!]!]!;
    const name =
      type === 'object' ? `object ${snapshot.strings[snapshot.nodes[i + nameAt!]!]!}` : type;
    const kind = kinds.get(name) ?? { count: 0, bytes: 0 };
    kind.count += 1;
    kind.bytes += snapshot.nodes[i + sizeAt!]!;
    kinds.set(name, kind);
  }
  return kinds;
}

async function heap(): Promise<Profile> {
  const before = await heapByKind();
  const matcher = loadedMatcher(undefined);
  const after = await heapByKind();
  const grown = [...after]
    .map(([name, kind]) => {
      const was = before.get(name) ?? { count: 0, bytes: 0 };
      return { name, count: kind.count - was.count, bytes: kind.bytes - was.bytes };
    })
    .filter((kind) => kind.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const total = grown.reduce((sum, kind) => sum + kind.bytes, 0);
  const patterns = matcher.stats().patterns;
  return {
    name: 'heap',
    title: `Target 9: what a TopicMatcher of ${SIZE.toLocaleString('en-US')} subscriptions holds once built`,
    measured: `${(total / SIZE).toFixed(0)} B per subscription (${patterns.toLocaleString('en-US')} distinct patterns), heap snapshot self sizes`,
    lines: grown.slice(0, TOP).map((kind) => ({
      name: kind.name,
      share: kind.bytes / total,
      detail: `${(kind.bytes / SIZE).toFixed(1)} B/sub, ${kind.count.toLocaleString('en-US')} objects`,
    })),
  };
}

const PROFILES: Readonly<Record<string, () => Promise<Profile>>> = { distinct, add, churn, heap };

function markdown(profiles: readonly Profile[]): string {
  const machine = describeMachine();
  const parts = [
    '# Profiles behind the bench targets',
    '',
    `Written by \`pnpm bench:profile\` on ${new Date().toISOString()} (${machine.cpu}, ${machine.cores} cores, Node ${process.version}), on the built packages. Functions are ranked by self time under the V8 CPU profiler (what \`node --cpu-prof\` records), with inlining turned off so that each function keeps its own samples (times are higher than in the bench; the shares are the point); names and lines are as in \`dist/\`. GC is listed as \`(garbage collector)\`; built-ins such as \`Map.prototype.get\` and \`new RegExp\` count as their caller's self time.`,
  ];
  for (const profile of profiles) {
    parts.push('', `## ${profile.title}`, '', `Measured: ${profile.measured}.`, '');
    parts.push('| share | where | |', '| ---: | --- | --- |');
    for (const line of profile.lines) {
      parts.push(`| ${(line.share * 100).toFixed(1)}% | \`${line.name}\` | ${line.detail} |`);
    }
  }
  return `${parts.join('\n')}\n`;
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const chosen = names.length === 0 ? Object.keys(PROFILES) : names;
  const profiles: Profile[] = [];
  for (const name of chosen) {
    const make = PROFILES[name];
    if (make === undefined) {
      throw new RangeError(
        `Unknown profile ${JSON.stringify(name)}: use ${Object.keys(PROFILES).join(', ')}`,
      );
    }
    const profile = await make();
    console.log(`\n${profile.title}\n${profile.measured}`);
    for (const line of profile.lines) {
      console.log(`${(line.share * 100).toFixed(1).padStart(6)}%  ${line.name}  (${line.detail})`);
    }
    profiles.push(profile);
  }
  if (names.length === 0) {
    const out = fileURLToPath(new URL('../../../benchmarks/results/profiles.md', import.meta.url));
    writeFileSync(out, markdown(profiles));
    console.log(`\nwritten: ${out}`);
  }
}

await main();
