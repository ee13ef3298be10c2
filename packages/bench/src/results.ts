/**
 * The shape of a benchmark report (also its JSON schema, version 2: timings carry min, p50,
 * p99 and max of untrimmed samples, and scenarios may measure bundle sizes), and the builders
 * every scenario makes its result ({@link scenarioResult}) and its rows ({@link timedRow}) with.
 */
import type { CrossCheckSummary } from './cross-check.js';
import { formatRatio } from './format.js';
import type { Scenario } from './scenario.js';
import { ratioOf } from './table.js';
import type { Timing } from './timing.js';

/** One contender at one size. */
export interface Row {
  /** Which series of the scenario (`''` when it has one). */
  readonly series: string;
  readonly contender: string;
  /** Number of subscriptions (or what the scenario's `sizeLabel` says; 0 for bundles). */
  readonly size: number;
  /** Throughput scenarios: the timing; memory scenarios: `null`. */
  readonly timing: Timing | null;
  /** Memory scenarios: heap bytes per subscription; otherwise `null`. */
  readonly bytesPerSubscription: number | null;
  /** Bundle-size scenarios: the bundle's bytes; absent otherwise. */
  readonly bundle?: BundleBytes;
  /** Extra measured facts, e.g. the memo hit rate. */
  readonly facts: Readonly<Record<string, number | string>>;
}

/** The size of one bundle, as a browser user would ship it. */
export interface BundleBytes {
  /** Bytes of the minified bundle. */
  readonly minifiedBytes: number;
  /** Bytes of the minified bundle after gzip at level 9. */
  readonly gzipBytes: number;
}

/** What a scenario measured. */
export interface ScenarioResult {
  /** e.g. `01-distinct-topics`: also the chart's file name. */
  readonly id: string;
  readonly title: string;
  /** The question the scenario answers. */
  readonly question: string;
  /**
   * `throughput`: higher is better; `memory` (heap bytes per subscription) and `bundle-size`
   * (bytes of a bundle, one row per bundle, sizes unused): lower is better.
   */
  readonly metric: 'throughput' | 'memory' | 'bundle-size';
  /** What one operation is: `match`, `publish`, `add`. */
  readonly operation: string;
  /** What `size` counts. */
  readonly sizeLabel: string;
  /** The contender that ratios are computed for (sigx). */
  readonly subject: string;
  /** The contender the "× baseline" column divides by. */
  readonly baseline: string;
  readonly rows: readonly Row[];
  readonly crossChecks: readonly CrossCheckSummary[];
  /** One sentence with the scenario's key ratio. */
  readonly headline: string;
  /** How to read the numbers; caveats. */
  readonly notes: readonly string[];
  /** Chart file names (relative to the report), one per series. */
  readonly charts: readonly string[];
  /** Wall-clock seconds the scenario took, setup included. */
  readonly seconds: number;
}

/** What a scenario's `run` returns: the result before charts and timing are added. */
export type MeasuredScenario = Omit<ScenarioResult, 'charts' | 'seconds'>;

/** What a table needs of a scenario. */
export type TableSource = Pick<
  ScenarioResult,
  'rows' | 'metric' | 'operation' | 'sizeLabel' | 'subject' | 'baseline'
>;

/** The whole report. */
export interface Report {
  readonly schema: 2;
  readonly mode: 'full' | 'quick';
  readonly date: string;
  readonly machine: Machine;
  readonly versions: Readonly<Record<string, string>>;
  readonly seed: number;
  readonly seconds: number;
  readonly scenarios: readonly ScenarioResult[];
}

/** Where the numbers were measured. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly node: string;
  readonly v8: string;
}

/**
 * `formatRatio(ratioOf(result, a, b, size, series))`: how a headline quotes a ratio.
 * @returns e.g. `2.10×`.
 */
export type RatioText = (a: string, b: string, size: number, series?: string) => string;

/**
 * What a scenario's result holds besides the scenario's own id, title and question. Unset, the
 * metric is `throughput`, the size label `subscriptions`, the subject `sigx`, and there is no
 * cross-check (the notes then say why).
 */
export type ResultParts = Pick<MeasuredScenario, 'operation' | 'baseline' | 'rows' | 'notes'> &
  Partial<Pick<MeasuredScenario, 'metric' | 'sizeLabel' | 'subject' | 'crossChecks'>> & {
    /**
     * Writes the headline from the result, once its rows are in a result that `findRow` and
     * `ratioOf` read, with `ratio` to quote the ratios.
     */
    readonly headlineOf: (result: TableSource, ratio: RatioText) => string;
  };

/**
 * A scenario's result, the one way every scenario makes it (its fields in the report's order).
 * @param scenario - names the result (`this` in a scenario's `run`).
 * @returns the result, its headline written by `parts.headlineOf`.
 */
export function scenarioResult(
  scenario: Pick<Scenario, 'id' | 'title' | 'question'>,
  parts: ResultParts,
): MeasuredScenario {
  const result = {
    id: scenario.id,
    title: scenario.title,
    question: scenario.question,
    metric: parts.metric ?? 'throughput',
    operation: parts.operation,
    sizeLabel: parts.sizeLabel ?? 'subscriptions',
    subject: parts.subject ?? 'sigx',
    baseline: parts.baseline,
    rows: parts.rows,
    crossChecks: parts.crossChecks ?? [],
    headline: '',
    notes: parts.notes,
  };
  const ratio: RatioText = (a, b, size, series = '') =>
    formatRatio(ratioOf(result, a, b, size, series));
  return { ...result, headline: parts.headlineOf(result, ratio) };
}

/**
 * A throughput row: its timing and facts, no bytes per subscription.
 * @returns the row.
 */
export function timedRow(
  series: string,
  contender: string,
  size: number,
  timing: Timing,
  facts: Row['facts'] = {},
): Row {
  return { series, contender, size, timing, bytesPerSubscription: null, facts };
}
