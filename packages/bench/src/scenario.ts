/**
 * What a scenario is, what it gets to run, the timing of indexes, and the builder of the
 * scenarios that match topics on indexes built side by side ({@link matchScenario}).
 */
import { crossCheck, type CrossCheckSummary } from './cross-check.js';
import type { MemoCounts, TopicIndex } from './indexes.js';
import {
  scenarioResult,
  timedRow,
  type MeasuredScenario,
  type ResultParts,
  type Row,
} from './results.js';
import {
  poolSamples,
  sample,
  sampleWithInput,
  timingOf,
  type Samples,
  type TimingBudget,
} from './timing.js';
import type { Subscription, Workload } from './workloads.js';

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
    // Both passes' samples pooled: the row's mean and percentiles are of the same samples.
    const timing = timingOf(poolSamples(measured.map((pass) => pass.samples)));
    return timedRow(series, index.name, size, timing, measured[0]!.facts);
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
    rows.push(
      timedRow(series, index.name, size, timingOf(samples), hitRate(before, index.memoCounts())),
    );
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

/** One series of a match scenario at one size: what it cross-checks, then what it times. */
export interface MatchSeries {
  /** Its name in the rows and in the cross-check's label. @default '' (a scenario's only series) */
  readonly series?: string;
  /** Its cross-check's sample (cut by {@link boundedSample}) and its timed topics. */
  readonly workload: Pick<Workload, 'sample' | 'topics'>;
  /** The index the others are checked against (the naive scan). */
  readonly reference: TopicIndex;
  /** Checked against `reference`, in this order (the report lists them in it). */
  readonly checked: readonly TopicIndex[];
  /** Timed, one row each in this order. @default [reference, ...checked] */
  readonly timed?: readonly TopicIndex[];
}

/** What a match scenario sets up at one point: the subscriptions and the series over them. */
export interface MatchSetup {
  /** Added to every index of the series (each built once, in the order it first appears). */
  readonly subscriptions: readonly Subscription[];
  readonly series: readonly MatchSeries[];
}

/** Where a match scenario measures: a size, or a size and what else its setup needs. */
export type MatchPoint = number | { readonly size: number };

/** A match scenario: where it measures, what it sets up there, and its result's parts. */
export interface MatchSpec<P extends MatchPoint> extends Omit<
  ResultParts,
  'operation' | 'rows' | 'crossChecks'
> {
  /** In the order of the rows. */
  readonly points: readonly P[];
  /** The subscriptions and series at one point, with fresh indexes. */
  setup(point: P): MatchSetup;
  /** {@link timeIndexes}' `abba`: each series timed in order and again in reverse order. */
  readonly abba?: boolean;
  /**
   * Extra facts of an index's row: called just before its series is timed, and what it
   * returns just after, so that the facts can count what the timing did (automaton states).
   */
  readonly facts?: (index: TopicIndex) => () => Row['facts'];
}

/**
 * Runs a match scenario (operation `match`): at each point, its setup, every index built,
 * every series cross-checked (label `<id> <series> @ <size>`), then every series timed. All
 * checks come first: a disagreement stops the run before anything is timed at that point, and
 * every series is timed on indexes in the same state (whatever the checks built in them).
 *
 * @param scenario - `this` in the scenario's `run`.
 * @returns its {@link scenarioResult}: rows by point, then series, then `timed`.
 * @throws `CrossCheckError` when an index disagrees with its series' reference.
 */
export async function matchScenario<P extends MatchPoint>(
  scenario: Scenario,
  context: ScenarioContext,
  spec: MatchSpec<P>,
): Promise<MeasuredScenario> {
  const { points, setup, abba, facts, ...parts } = spec;
  const rows: Row[] = [];
  const crossChecks: CrossCheckSummary[] = [];
  const timedOf = (one: MatchSeries): readonly TopicIndex[] =>
    one.timed ?? [one.reference, ...one.checked];
  for (const point of points) {
    const size = typeof point === 'number' ? point : point.size;
    const { subscriptions, series } = setup(point);
    const indexes = series.flatMap((one) => [...timedOf(one), one.reference, ...one.checked]);
    build(context, [...new Set(indexes)], subscriptions);
    for (const one of series) {
      const label = `${scenario.id}${one.series ? ` ${one.series}` : ''} @ ${size}`;
      const sample = boundedSample(one.workload.sample, size);
      crossChecks.push(await crossCheck(label, sample, one.reference, one.checked));
    }
    for (const one of series) {
      const timed = timedOf(one);
      const after = timed.map((index) => facts?.(index));
      const { topics } = one.workload;
      const measured = await timeIndexes(context, timed, topics, size, one.series, abba);
      measured.forEach((row, k) => {
        rows.push({ ...row, facts: { ...row.facts, ...after[k]?.() } });
      });
    }
  }
  return scenarioResult(scenario, { operation: 'match', rows, crossChecks, ...parts });
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
