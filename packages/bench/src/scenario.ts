/** What a scenario is, and what it gets to run. */
import type { MemoCounts, TopicIndex } from './indexes.js';
import type { MeasuredScenario, Row } from './results.js';
import {
  poolSamples,
  sample,
  sampleWithInput,
  timingOf,
  type Samples,
  type TimingBudget,
} from './timing.js';
import type { Subscription } from './workloads.js';

/** What every scenario gets. */
export interface ScenarioContext {
  /** Quick mode: small sizes and short timings (cross-checks unchanged). */
  readonly quick: boolean;
  readonly budget: TimingBudget;
  /** Seed of every workload. */
  readonly seed: number;
  /** Progress, to stderr. */
  log(message: string): void;
}

/** One question the benchmark answers. */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly question: string;
  /**
   * Cross-checks, then measures.
   * @throws `CrossCheckError` when implementations disagree.
   */
  run(context: ScenarioContext): Promise<MeasuredScenario>;
}

/**
 * Picks the sizes for the mode.
 * @returns `full` or `quick`.
 */
export function sizesFor(
  context: ScenarioContext,
  full: readonly number[],
  quick: readonly number[],
): readonly number[] {
  return context.quick ? quick : full;
}

/**
 * Times each index matching the topics round robin, one row each.
 *
 * With `abba`, times them in order and then in reverse order, and pools the two: when two
 * large sets of RegExps are alive, whichever is measured second can be 20-40% slower (memory
 * layout, code space), which matters where the expected ratio is near 1.
 * @returns the rows, in the order of `indexes`.
 */
export async function timeIndexes(
  context: ScenarioContext,
  indexes: readonly TopicIndex[],
  topics: readonly string[],
  size: number,
  series = '',
  abba = false,
): Promise<Row[]> {
  const passes = new Map<TopicIndex, { samples: Samples; facts: Record<string, number> }[]>();
  for (const index of abba ? [...indexes, ...[...indexes].reverse()] : indexes) {
    context.log(
      `  timing ${index.name}${series === '' ? '' : ` (${series})`} @ ${size.toLocaleString('en-US')}`,
    );
    const before = index.memoCounts();
    const samples = await sample(index.runner(topics), context.budget);
    const after = index.memoCounts();
    passes.set(index, [...(passes.get(index) ?? []), { samples, facts: hitRate(before, after) }]);
  }
  return indexes.map((index) => {
    const measured = passes.get(index)!;
    return {
      series,
      contender: index.name,
      size,
      // Both passes' samples pooled: the row's mean and percentiles are of the same samples.
      timing: timingOf(poolSamples(measured.map((pass) => pass.samples))),
      bytesPerSubscription: null,
      facts: measured[0]!.facts,
    };
  });
}

/**
 * Times each index matching topics made for it outside the timed part (`inputRunner`, through
 * {@link sampleWithInput}), one row each, with the memo hit rate as a fact.
 *
 * @param topics - makes one contender's topic maker: called once per index, so that no two
 * contenders share a topic (a fresh string hashed by one would not be fresh for the next).
 * @returns the rows, in the order of `indexes`.
 */
export async function timeInputIndexes(
  context: ScenarioContext,
  indexes: readonly TopicIndex[],
  topics: () => () => string,
  size: number,
  series: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const index of indexes) {
    context.log(`  timing ${index.name} (${series}) @ ${size.toLocaleString('en-US')}`);
    const before = index.memoCounts();
    const samples = await sampleWithInput(index.inputRunner(), topics(), context.budget);
    rows.push({
      series,
      contender: index.name,
      size,
      timing: timingOf(samples),
      bytesPerSubscription: null,
      facts: hitRate(before, index.memoCounts()),
    });
  }
  return rows;
}

/**
 * Adds every subscription to every index, logging how long each took.
 */
export function build(
  context: ScenarioContext,
  indexes: readonly TopicIndex[],
  subscriptions: readonly Subscription[],
): void {
  for (const index of indexes) {
    const start = performance.now();
    for (const subscription of subscriptions) index.add(subscription);
    context.log(
      `  built ${index.name} with ${subscriptions.length.toLocaleString('en-US')} subscriptions in ${(performance.now() - start).toFixed(0)} ms`,
    );
  }
}

/**
 * The memo hit rate between two readings, as a row fact.
 * @returns `{ 'hit rate': fraction }`, or no fact without a memo.
 */
export function hitRate(
  before: MemoCounts | null,
  after: MemoCounts | null,
): Record<string, number> {
  if (before === null || after === null) return {};
  const hits = after.hits - before.hits;
  const lookups = hits + after.misses - before.misses;
  return lookups === 0 ? {} : { 'hit rate': hits / lookups };
}

/**
 * Above this many subscriptions, a contender whose every miss is a naive scan (tens of ms) is
 * not timed where it would need thousands of misses; it still serves as the cross-check's
 * reference.
 */
export const SCAN_LIMIT = 10_000;

/**
 * The cross-check sample, cut so that the naive scan gets through it in seconds at any size
 * (about 10 million regex tests): workloads list their edge cases and hot topics first.
 * @returns at least 100 topics of the sample (all of them up to 100 000 subscriptions / 10^7).
 */
export function boundedSample(sample: readonly string[], size: number): readonly string[] {
  const limit = Math.max(100, Math.floor(1e7 / size));
  return sample.length <= limit ? sample : sample.slice(0, limit);
}
