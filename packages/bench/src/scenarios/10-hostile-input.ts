import { do_not_optimize } from 'mitata';
import { amqp, mqtt, TopicMatcher, UnsafePatternError, type TopicPattern } from '@sigx/matcher';
import { formatBytes, formatDuration } from '../format.js';
import { scenarioResult, timedRow, type Row, type TableSource } from '../results.js';
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
const POLYNOMIAL_SERIES = 'polynomial patterns of issue 14';
const EXPONENTIAL_SERIES = 'exponential patterns of issue 14';
const ACCEPTED_SERIES = "patterns 'reject' accepts";

/** A pattern, and the topic of a length that works it hardest. */
interface Family {
  readonly pattern: TopicPattern;
  readonly topic: (length: number) => string;
}

/**
 * Issue 14, item 3: patterns the old check accepted that take seconds at the default
 * maxTopicLength (two quantifiers that split the same run of characters), now refused.
 */
const POLYNOMIAL: readonly Family[] = [
  { pattern: '[^/]*[^/]*\\/x', topic: (n) => `${'a'.repeat(n - 2)}/y` },
  { pattern: '\\s*\\s*$', topic: (n) => `${' '.repeat(n - 1)}!` },
  { pattern: '.*.*x', topic: (n) => 'a'.repeat(n) },
];

/** Issue 14, item 3: exponential patterns the old check accepted, with the lengths to time. */
const EXPONENTIAL: readonly (Family & { readonly lengths: readonly number[] })[] = [
  {
    pattern: '(?:\\/[a-z]*[a-z]*)*$',
    topic: (n) => `${'/aaaa'.repeat(Math.floor(n / 5))}!`,
    lengths: [40, 45, 50],
  },
  { pattern: '(?:a?a)+$', topic: (n) => `${'a'.repeat(n - 1)}!`, lengths: [28, 32, 36] },
  { pattern: '(?:(a|a)z?)*$', topic: (n) => `${'a'.repeat(n - 1)}!`, lengths: [18, 20, 22] },
  { pattern: '(a+){9}$', topic: (n) => `${'a'.repeat(n - 1)}!`, lengths: [24, 28, 32] },
];

/** Patterns `'reject'` accepts, each on its hardest topic: linear, whatever the length. */
const ACCEPTED: readonly Family[] = [
  { pattern: '.*/status$', topic: (n) => '/'.repeat(n) },
  // Ends in `/tempx`, so that the index runs the regex, and `$` fails after the level.
  { pattern: 'sensors/[^/]+/temp$', topic: (n) => `sensors/${'a'.repeat(n - 14)}/tempx` },
  { pattern: '(a|ab)*c', topic: (n) => 'ab'.repeat(n / 2) },
  { pattern: '.*\\d{4}-\\d{2}$', topic: (n) => '1'.repeat(n) },
  { pattern: mqtt('a/#'), topic: (n) => `a${'/x'.repeat((n - 1) / 2)}\n` },
  { pattern: amqp('#.error.#'), topic: (n) => 'erro.'.repeat(n / 5) },
];

function label(pattern: TopicPattern): string {
  return `\`${typeof pattern === 'string' ? pattern : pattern.source}\``;
}

/** A matcher holding one pattern, or none when `'reject'` refuses it. */
function single(pattern: TopicPattern, unsafePatterns: 'allow' | 'reject') {
  const matcher = new TopicMatcher<number>({ cacheSize: 0, unsafePatterns });
  try {
    matcher.add(pattern, 1);
    return { matcher, refused: false };
  } catch (error) {
    if (!(error instanceof UnsafePatternError)) throw error;
    return { matcher, refused: true };
  }
}

/** Times of one pattern on its topics: by mitata while fast, else by hand. */
async function familyRow(
  context: ScenarioContext,
  series: string,
  family: Family,
  mode: 'allow' | 'reject',
  length: number,
): Promise<Row> {
  const { matcher, refused } = single(family.pattern, mode);
  const topic = family.topic(length);
  context.log(`  timing ${label(family.pattern)} (${mode}) on a ${length}-character topic`);
  const once = process.hrtime.bigint();
  do_not_optimize(matcher.match(topic));
  const firstNs = Number(process.hrtime.bigint() - once);
  const timing =
    firstNs < 2_000_000
      ? await time(() => do_not_optimize(matcher.match(topic)), context.budget)
      : timeSlowly(() => matcher.match(topic), firstNs > 1e9 ? 1 : context.quick ? 2 : 5);
  return timedRow(series, `${label(family.pattern)} '${mode}'`, length, timing, {
    refused: refused ? 1 : 0,
  });
}

/** The families of issue 14 (refused now) and accepted patterns, under both settings. */
async function familyRows(context: ScenarioContext): Promise<Row[]> {
  const rows: Row[] = [];
  const long = sizesFor(context, [1_024, 4_096, 16_384, 65_536], [1_024, 65_536]);
  const slow = sizesFor(context, [1_024, 4_096, 16_384, 65_536], [1_024, 4_096]);
  for (const family of POLYNOMIAL) {
    if (!single(family.pattern, 'reject').refused) {
      throw new Error(`${label(family.pattern)} should be refused with 'reject'`);
    }
    for (const length of long) {
      rows.push(await familyRow(context, POLYNOMIAL_SERIES, family, 'reject', length));
    }
    for (const length of slow) {
      rows.push(await familyRow(context, POLYNOMIAL_SERIES, family, 'allow', length));
    }
  }
  for (const family of EXPONENTIAL) {
    if (!single(family.pattern, 'reject').refused) {
      throw new Error(`${label(family.pattern)} should be refused with 'reject'`);
    }
    rows.push(await familyRow(context, EXPONENTIAL_SERIES, family, 'reject', 65_536));
    for (const length of context.quick ? family.lengths.slice(0, 2) : family.lengths) {
      rows.push(await familyRow(context, EXPONENTIAL_SERIES, family, 'allow', length));
    }
  }
  for (const family of ACCEPTED) {
    if (single(family.pattern, 'reject').refused) {
      throw new Error(`${label(family.pattern)} should be accepted with 'reject'`);
    }
    for (const length of long) {
      rows.push(await familyRow(context, ACCEPTED_SERIES, family, 'reject', length));
    }
  }
  return rows;
}

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
  return timedRow(MILLION, 'sigx: distinct topics', count, flatTiming(elapsed, count), {
    'memo size': Math.max(largestMemo, cache.size),
    cacheSize: cache.max,
    'heap growth bytes after 10%': heapUsed() - heapAfterWarmUp,
  });
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
  return timedRow(MILLION, 'sigx: add + remove', count, flatTiming(elapsed, count), {
    'trie nodes left over': matcher.stats().trieNodes - baseline,
    'heap growth bytes after 10%': heapGrowth,
  });
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
    const timing = await time(() => do_not_optimize(matcher.match(topic)), context.budget);
    rows.push(
      timedRow(ADVERSARIAL, "sigx (unsafePatterns: 'reject')", length, timing, {
        'unsafe patterns rejected': reject.rejected,
      }),
    );
  }
  // Each character doubles the time: stop where one match takes about a tenth of a second.
  const unsafeLengths = sizesFor(context, [16, 20, 24], [16, 18]);
  for (const length of unsafeLengths) {
    const topic = adversarialTopic(length);
    context.log(`  timing sigx (allow) on a ${length}-character adversarial topic`);
    const timing = timeSlowly(() => allow.matcher.match(topic), context.quick ? 3 : 7);
    rows.push(
      timedRow(ADVERSARIAL, "sigx (unsafePatterns: 'allow')", length, timing, {
        'unsafe patterns accepted': UNSAFE_PATTERNS.length,
      }),
    );
  }
  return rows;
}

/** 10. Hostile input: adversarial topics against unsafe patterns, and a million of anything. */
export const hostileInput: Scenario = {
  id: '10-hostile-input',
  title: 'Hostile input',
  question:
    "What does `unsafePatterns: 'reject'` buy when a client subscribes `(a+)+$` and publishes " +
    '`aaa…a!`, or subscribes the polynomial and exponential patterns of issue 14, what do the ' +
    'patterns it accepts cost on their worst topics up to 65 536 characters, and does memory ' +
    'stay bounded through 1 000 000 distinct topics, or 1 000 000 subscribe + unsubscribe pairs?',
  async run(context) {
    const rows = await adversarialRows(context);
    rows.push(...(await familyRows(context)));
    const million = context.quick ? 100_000 : 1_000_000;
    context.log(`  ${million.toLocaleString('en-US')} distinct topics`);
    rows.push(distinctTopics(million));
    context.log(`  ${million.toLocaleString('en-US')} add + remove pairs`);
    rows.push(churn(million));

    return scenarioResult(this, {
      operation: 'match',
      sizeLabel: 'topic length / count',
      subject: "sigx (unsafePatterns: 'reject')",
      baseline: "sigx (unsafePatterns: 'reject')",
      rows,
      notes: [
        `The matchers hold the 1 000 subscriptions of scenario 1 with the memo off, the safe unindexed patterns ${SAFE_UNINDEXED.map((p) => `\`${p}\``).join(', ')} (which every topic runs, so the adversarial topic is really scanned), and the unsafe patterns ${UNSAFE_PATTERNS.map((p) => `\`${p}\``).join(', ')}: refused with \`'reject'\`, accepted with \`'allow'\`. The adversarial topic is \`aaa…a!\`, as long as the size column says.`,
        "With `'allow'`, each extra character multiplies the time of a match (the headline gives the factor, from the shortest and longest topic): the 24-character figure is the last one worth waiting for. Those rows are timed by hand (7 calls), not by mitata.",
        `The "${MILLION}" rows are one long run each: ${million.toLocaleString('en-US')} distinct topics through a matcher with the default memo (10 000), and ${million.toLocaleString('en-US')} add + remove pairs of distinct patterns (100 alive, a topic matched every 100 pairs so that memo entries get patched). Heap growth is measured after forced GCs, from the end of the first 10% to the end; trie nodes left over are counted once every pattern is removed.`,
        `The issue-14 rows time one pattern alone in a matcher (memo off) on the topic that works it hardest: ${POLYNOMIAL.map((f) => label(f.pattern)).join(', ')} (two quantifiers splitting one run of characters: quadratic) and ${EXPONENTIAL.map((f) => label(f.pattern)).join(', ')} (exponential), which the old check accepted and \`'reject'\` now refuses (so its matcher is empty: the \`'reject'\` rows time a match with nothing to test), and ${ACCEPTED.map((f) => label(f.pattern)).join(', ')}, which \`'reject'\` accepts and which stay linear in the topic's length. Timed by mitata when one call takes under 2 ms, else by hand (5 calls, 1 beyond a second).`,
        'No cross-check: every sigx contender here is the same matcher; `test/bounded-memory.test.ts`, the unsafe-pattern tests and `test/backtracking-linear.prop.test.ts` (the linear bound, on a model of the engine) check the behaviour.',
      ],
      headlineOf: (result) => headline(result, million),
    });
  },
};

/** The headline: what `'reject'` buys, what `'allow'` costs, and the million runs' residue. */
function headline(result: TableSource, million: number): string {
  const reject = findRow(result, "sigx (unsafePatterns: 'reject')", 10_000, ADVERSARIAL);
  const allowRows = result.rows.filter(
    (row) => row.series === ADVERSARIAL && row.contender.includes("'allow'"),
  );
  const slowest = allowRows.at(-1)!;
  const fastest = allowRows[0]!;
  // How much each extra character multiplies the time, from the first and last lengths.
  const growth =
    (slowest.timing!.nsPerOp / fastest.timing!.nsPerOp) ** (1 / (slowest.size - fastest.size));
  const topics = result.rows.find((row) => row.contender === 'sigx: distinct topics')!;
  const largest = Math.max(
    ...result.rows
      .filter((row) => row.series === POLYNOMIAL_SERIES && row.contender.endsWith("'allow'"))
      .map((row) => row.size),
  );
  const slowestOf = (rows: readonly Row[]): Row =>
    rows.reduce((a, b) => (a.timing!.nsPerOp > b.timing!.nsPerOp ? a : b));
  const slowestPolynomial = slowestOf(
    result.rows.filter(
      (row) =>
        row.series === POLYNOMIAL_SERIES &&
        row.contender.endsWith("'allow'") &&
        row.size === largest,
    ),
  );
  const slowestAccepted = slowestOf(
    result.rows.filter((row) => row.series === ACCEPTED_SERIES && row.size === 65_536),
  );
  const pairs = result.rows.find((row) => row.contender === 'sigx: add + remove')!;
  return (
    `With \`unsafePatterns: 'reject'\` a 10,000-character adversarial topic is matched in ${formatDuration(reject?.timing?.nsPerOp ?? Number.NaN)}; ` +
    `with \`'allow'\` the same subscriptions take ${formatDuration(slowest.timing!.nsPerOp)} on a ${slowest.size}-character one, ×${growth.toFixed(2)} per extra character. ` +
    `${million.toLocaleString('en-US')} distinct topics leave the memo at ${String(topics.facts['memo size'])} topics (heap growth ${formatBytes(Number(topics.facts['heap growth bytes after 10%']))}), ` +
    `and ${million.toLocaleString('en-US')} subscribe + unsubscribe pairs leave ${String(pairs.facts['trie nodes left over'])} trie nodes behind. ` +
    `Issue 14's polynomial patterns, refused now, take up to ${formatDuration(slowestPolynomial.timing!.nsPerOp)} (${slowestPolynomial.contender.replace(/ 'allow'$/, '')}) on a ${largest.toLocaleString('en-US')}-character topic with \`'allow'\`; ` +
    `of the accepted ones, the slowest on a 65,536-character topic takes ${formatDuration(slowestAccepted.timing!.nsPerOp)} (${slowestAccepted.contender.replace(/ 'reject'$/, '')}).`
  );
}
