import { do_not_optimize } from 'mitata';
import { TopicMatcher, UnsafePatternError } from '@sigx/matcher';
import { formatBytes, formatDuration } from '../format.js';
import type { Row } from '../results.js';
import { sizesFor, type Scenario, type ScenarioContext } from '../scenario.js';
import { findRow } from '../table.js';
import { time, timingOf, type Timing } from '../timing.js';
import { mqttWorkload } from '../workloads.js';

/** Patterns that backtrack exponentially on `aaa…a!`: what a hostile client would subscribe. */
const UNSAFE_PATTERNS = ['(a+)+$', '(a|aa)*$', '(?:a*)*b'] as const;
/** Safe patterns with no literal prefix: every topic runs them, the adversarial one included. */
const SAFE_UNINDEXED = ['.*alarm$', '[a-z]+/status$', '(?:a|b)+c$'] as const;
const ADVERSARIAL = 'adversarial topic';
const MILLION = 'distinct topics and churn';

/** `aaa…a!`: as long as asked, ending in a character that makes every unsafe pattern fail. */
function adversarialTopic(length: number): string {
  return `${'a'.repeat(length - 1)}!`;
}

/** A matcher with the scenario-1 subscriptions, plus whatever unsafe patterns it accepts. */
function hostileMatcher(
  unsafePatterns: 'allow' | 'reject',
  seed: number,
): { matcher: TopicMatcher<number>; rejected: number } {
  const matcher = new TopicMatcher<number>({ cacheSize: 0, unsafePatterns });
  for (const subscription of mqttWorkload(1_000, seed).subscriptions) {
    matcher.add(subscription.pattern, subscription.id);
  }
  SAFE_UNINDEXED.forEach((pattern, i) => matcher.add(pattern, 1_000_000 + i));
  let rejected = 0;
  UNSAFE_PATTERNS.forEach((pattern, i) => {
    try {
      matcher.add(pattern, -1 - i);
    } catch (error) {
      if (!(error instanceof UnsafePatternError)) throw error;
      rejected += 1;
    }
  });
  return { matcher, rejected };
}

/** Times a slow body by hand: a few calls, each timed (mitata would take minutes). */
function timeSlowly(body: () => unknown, calls: number): Timing {
  const durations: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const start = process.hrtime.bigint();
    do_not_optimize(body());
    durations.push(Number(process.hrtime.bigint() - start));
  }
  return timingOf({ nsPerOp: durations, opsPerSample: 1, calls });
}

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the bench runs with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Distinct topics through a matcher with the default memo: time, memo size, heap growth. */
function distinctTopics(count: number): Row {
  const matcher = new TopicMatcher<number>();
  matcher.add('sensors/.*', 1).add('sensors/[^/]+/temp$', 2).add('.*alarm', 3);
  const warmUp = Math.floor(count / 10);
  let heapAfterWarmUp = 0;
  let largestMemo = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    if (i === warmUp) heapAfterWarmUp = heapUsed();
    do_not_optimize(matcher.match(`sensors/${i}/${i % 2 === 0 ? 'temp' : 'alarm'}`));
    if (i % 10_000 === 0) largestMemo = Math.max(largestMemo, matcher.stats().cache.size);
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  const cache = matcher.stats().cache;
  return {
    series: MILLION,
    contender: 'sigx: distinct topics',
    size: count,
    timing: flatTiming(elapsed, count),
    bytesPerSubscription: null,
    facts: {
      'memo size': Math.max(largestMemo, cache.size),
      cacheSize: cache.max,
      'heap growth bytes after 10%': heapUsed() - heapAfterWarmUp,
    },
  };
}

/** Add + remove pairs of distinct patterns (100 alive): time per pair, trie residue, heap. */
function churn(count: number): Row {
  const matcher = new TopicMatcher<number>({ cacheSize: 1_000 });
  matcher.add('base/.*', -1);
  const baseline = matcher.stats().trieNodes;
  const live: (readonly [string, number])[] = [];
  const warmUp = Math.floor(count / 10);
  let heapAfterWarmUp = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    if (i === warmUp) heapAfterWarmUp = heapUsed();
    const pattern = i % 2 === 0 ? `t${i % 977}/d${i}/.*` : `t${i % 977}/d${i}/[^/]+$`;
    matcher.add(pattern, i);
    live.push([pattern, i]);
    if (live.length > 100) {
      const [old, value] = live.shift()!;
      matcher.remove(old, value);
    }
    if (i % 100 === 0) do_not_optimize(matcher.match(`t${i % 977}/d${i}/x`));
  }
  const elapsed = Number(process.hrtime.bigint() - start);
  const heapGrowth = heapUsed() - heapAfterWarmUp;
  for (const [pattern, value] of live) matcher.remove(pattern, value);
  return {
    series: MILLION,
    contender: 'sigx: add + remove',
    size: count,
    timing: flatTiming(elapsed, count),
    bytesPerSubscription: null,
    facts: {
      'trie nodes left over': matcher.stats().trieNodes - baseline,
      'heap growth bytes after 10%': heapGrowth,
    },
  };
}

/** A timing from one long run of `count` operations: a single sample. */
function flatTiming(elapsedNs: number, count: number): Timing {
  return timingOf({ nsPerOp: [elapsedNs / count], opsPerSample: count, calls: count });
}

async function adversarialRows(context: ScenarioContext): Promise<Row[]> {
  const rows: Row[] = [];
  const reject = hostileMatcher('reject', context.seed);
  const allow = hostileMatcher('allow', context.seed);
  if (reject.rejected !== UNSAFE_PATTERNS.length || allow.rejected !== 0) {
    throw new Error(`expected every unsafe pattern rejected with 'reject' and none with 'allow'`);
  }
  const safeLengths = sizesFor(context, [24, 1_000, 10_000, 65_536], [24, 10_000]);
  for (const length of safeLengths) {
    const topic = adversarialTopic(length);
    if (reject.matcher.match(topic).length !== 0) throw new Error('no pattern should match');
    context.log(`  timing sigx (reject) on a ${length}-character adversarial topic`);
    const matcher = reject.matcher;
    rows.push({
      series: ADVERSARIAL,
      contender: "sigx (unsafePatterns: 'reject')",
      size: length,
      timing: await time(() => do_not_optimize(matcher.match(topic)), context.budget),
      bytesPerSubscription: null,
      facts: { 'unsafe patterns rejected': reject.rejected },
    });
  }
  // Each character doubles the time: stop where one match takes about a tenth of a second.
  const unsafeLengths = sizesFor(context, [16, 20, 24], [16, 18]);
  for (const length of unsafeLengths) {
    const topic = adversarialTopic(length);
    context.log(`  timing sigx (allow) on a ${length}-character adversarial topic`);
    rows.push({
      series: ADVERSARIAL,
      contender: "sigx (unsafePatterns: 'allow')",
      size: length,
      timing: timeSlowly(() => allow.matcher.match(topic), context.quick ? 3 : 7),
      bytesPerSubscription: null,
      facts: { 'unsafe patterns accepted': UNSAFE_PATTERNS.length },
    });
  }
  return rows;
}

/** 10. Hostile input: adversarial topics against unsafe patterns, and a million of anything. */
export const hostileInput: Scenario = {
  id: '10-hostile-input',
  title: 'Hostile input',
  question:
    "What does `unsafePatterns: 'reject'` buy when a client subscribes `(a+)+$` and publishes " +
    '`aaa…a!`, and does memory stay bounded through 1 000 000 distinct topics, or 1 000 000 ' +
    'subscribe + unsubscribe pairs?',
  async run(context) {
    const rows = await adversarialRows(context);
    const million = context.quick ? 100_000 : 1_000_000;
    context.log(`  ${million.toLocaleString('en-US')} distinct topics`);
    rows.push(distinctTopics(million));
    context.log(`  ${million.toLocaleString('en-US')} add + remove pairs`);
    rows.push(churn(million));

    const result = {
      id: this.id,
      title: this.title,
      question: this.question,
      metric: 'throughput' as const,
      operation: 'match',
      sizeLabel: 'topic length / count',
      subject: "sigx (unsafePatterns: 'reject')",
      baseline: "sigx (unsafePatterns: 'reject')",
      rows,
      crossChecks: [],
      headline: '',
      notes: [
        `The matchers hold the 1 000 subscriptions of scenario 1 with the memo off, the safe unindexed patterns ${SAFE_UNINDEXED.map((p) => `\`${p}\``).join(', ')} (which every topic runs, so the adversarial topic is really scanned), and the unsafe patterns ${UNSAFE_PATTERNS.map((p) => `\`${p}\``).join(', ')}: refused with \`'reject'\`, accepted with \`'allow'\`. The adversarial topic is \`aaa…a!\`, as long as the size column says.`,
        "With `'allow'`, each extra character multiplies the time of a match (the headline gives the factor, from the shortest and longest topic): the 24-character figure is the last one worth waiting for. Those rows are timed by hand (7 calls), not by mitata.",
        `The "${MILLION}" rows are one long run each: ${million.toLocaleString('en-US')} distinct topics through a matcher with the default memo (10 000), and ${million.toLocaleString('en-US')} add + remove pairs of distinct patterns (100 alive, a topic matched every 100 pairs so that memo entries get patched). Heap growth is measured after forced GCs, from the end of the first 10% to the end; trie nodes left over are counted once every pattern is removed.`,
        'No cross-check: every sigx contender here is the same matcher; `test/bounded-memory.test.ts` and the unsafe-pattern tests check the behaviour.',
      ],
    };
    const reject = findRow(result, "sigx (unsafePatterns: 'reject')", 10_000, ADVERSARIAL);
    const allowRows = rows.filter((row) => row.contender.includes("'allow'"));
    const slowest = allowRows.at(-1)!;
    const fastest = allowRows[0]!;
    // How much each extra character multiplies the time, from the first and last lengths.
    const growth =
      (slowest.timing!.nsPerOp / fastest.timing!.nsPerOp) ** (1 / (slowest.size - fastest.size));
    const topics = rows.find((row) => row.contender === 'sigx: distinct topics')!;
    const pairs = rows.find((row) => row.contender === 'sigx: add + remove')!;
    return {
      ...result,
      headline:
        `With \`unsafePatterns: 'reject'\` a 10,000-character adversarial topic is matched in ${formatDuration(reject?.timing?.nsPerOp ?? Number.NaN)}; ` +
        `with \`'allow'\` the same subscriptions take ${formatDuration(slowest.timing!.nsPerOp)} on a ${slowest.size}-character one, ×${growth.toFixed(2)} per extra character. ` +
        `${million.toLocaleString('en-US')} distinct topics leave the memo at ${String(topics.facts['memo size'])} topics (heap growth ${formatBytes(Number(topics.facts['heap growth bytes after 10%']))}), ` +
        `and ${million.toLocaleString('en-US')} subscribe + unsubscribe pairs leave ${String(pairs.facts['trie nodes left over'])} trie nodes behind.`,
    };
  },
};
