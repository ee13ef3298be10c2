/**
 * The targets, read off a report: the performance targets of issue 5 (each a ratio measured
 * side by side in the same run) and the bundle-size goal of issue 13. What the report cannot
 * say (where the time goes, what would be needed) is in `benchmarks/README.md` and
 * `results/profiles.md`.
 */
import { CORE_BUNDLE, CORE_GOAL_GZIP_BYTES } from './bundle-size.js';
import { formatKilobytes, formatPercent, formatRatio } from './format.js';
import type { Report, ScenarioResult } from './results.js';
import { findRow, valueOf } from './table.js';

/** Whether a run met a target; `not measured` when it did not produce the rows the target reads. */
export type TargetStatus = 'met' | 'missed' | 'not measured';

/** One target, as measured. */
export interface TargetLine {
  /** Its number in the list of targets. */
  readonly id: number;
  readonly measure: string;
  /** The target, written as a reader would, e.g. `≥ 1.5× qlobber`. */
  readonly target: string;
  /** What the run measured, written likewise; `–` when not measured. */
  readonly measured: string;
  readonly status: TargetStatus;
}

/** A measured value, or `undefined` when the run lacks what it is computed from. */
type Value = number | undefined;

interface Definition {
  readonly id: number;
  readonly scenario: string;
  readonly measure: string;
  readonly target: string;
  /**
   * The measured value(s) and whether the target is met; `undefined` when a row or fact it
   * needs is not in the result (a quick run's sizes, say).
   */
  evaluate(result: ScenarioResult): { measured: string; met: boolean } | undefined;
}

/** `valueOf` of a row, `undefined` when the run has no such row (or no number in it). */
function value(result: ScenarioResult, contender: string, size: number): Value {
  const row = findRow(result, contender, size);
  const measured = row === undefined ? Number.NaN : valueOf(row);
  return Number.isFinite(measured) ? measured : undefined;
}

/** A ratio of two rows' values, `undefined` when either row is missing. */
function ratio(result: ScenarioResult, a: string, b: string, size: number): Value {
  const top = value(result, a, size);
  const bottom = value(result, b, size);
  return top === undefined || bottom === undefined ? undefined : top / bottom;
}

const DEFINITIONS: readonly Definition[] = [
  {
    id: 1,
    scenario: '01-distinct-topics',
    measure: 'match, distinct topics, memo off, 10 000 subscriptions: sigx ÷ qlobber',
    target: '≥ 1.5×',
    evaluate: (result) => atLeast(ratio(result, 'sigx', 'qlobber', 10_000), 1.5),
  },
  {
    id: 2,
    scenario: '01-distinct-topics',
    measure: 'the same: sigx ÷ naive scan',
    target: '≥ 1 000×',
    evaluate: (result) => atLeast(ratio(result, 'sigx', 'naive', 10_000), 1_000),
  },
  {
    id: 3,
    scenario: '03-scaling',
    measure: 'scaling, 4 matches per topic: sigx throughput at 100 000 ÷ at 1 000',
    target: '≥ 0.67',
    evaluate: (result) => {
      const large = value(result, 'sigx', 100_000);
      const small = value(result, 'sigx', 1_000);
      return atLeast(large === undefined || small === undefined ? undefined : large / small, 0.67);
    },
  },
  {
    id: 4,
    scenario: '02-hot-topics',
    measure: 'match, hot topics, memo on, 100 000 subscriptions: sigx ÷ `Map.get`',
    target: '≥ 0.6×',
    evaluate: (result) => atLeast(ratio(result, 'sigx', 'Map.get', 100_000), 0.6),
  },
  {
    id: 5,
    scenario: '05-add-rate',
    measure: 'add 100 000 patterns: sigx ÷ qlobber',
    target: '≥ 1.0×',
    evaluate: (result) => atLeast(ratio(result, 'sigx', 'qlobber', 100_000), 1),
  },
  {
    id: 6,
    scenario: '06-churn',
    measure: 'churn at 100 000: memo hit rate, and throughput ÷ the churn-free run',
    target: '≥ 95%, ≥ 0.8×',
    evaluate: (result) => {
      const hitRate = findRow(result, 'sigx', 100_000)?.facts['hit rate'];
      const throughput = ratio(result, 'sigx', 'sigx (no churn)', 100_000);
      if (typeof hitRate !== 'number' || !Number.isFinite(hitRate) || throughput === undefined) {
        return undefined;
      }
      return {
        measured: `${formatPercent(hitRate)}, ${formatRatio(throughput)}`,
        met: hitRate >= 0.95 && throughput >= 0.8,
      };
    },
  },
  {
    id: 7,
    scenario: '07-publish',
    measure: 'awaited publish, one handler, hot topic: sigx ÷ EventEmitter2, sigx ÷ emittery',
    target: '≥ 1.5×, ≥ 3×',
    evaluate: (result) => {
      if (result.rows.length === 0) return undefined;
      const size = Math.max(...result.rows.map((row) => row.size));
      const ee2 = ratio(result, 'sigx publish', 'EventEmitter2 emitAsync', size);
      const emittery = ratio(result, 'sigx publish', 'emittery emit', size);
      if (ee2 === undefined || emittery === undefined) return undefined;
      return {
        measured: `${formatRatio(ee2)}, ${formatRatio(emittery)}`,
        met: ee2 >= 1.5 && emittery >= 3,
      };
    },
  },
  {
    id: 8,
    scenario: '08-memory',
    measure: 'heap per subscription at 100 000: sigx ÷ qlobber',
    target: '≤ 1.5×',
    evaluate: (result) => {
      const bytes = ratio(result, 'sigx', 'qlobber', 100_000);
      return bytes === undefined ? undefined : { measured: formatRatio(bytes), met: bytes <= 1.5 };
    },
  },
  {
    id: 9,
    scenario: '11-bundle-size',
    measure: '`@sigx/core` bundle (`SignalExchange` + `Message`, with the matcher), min+gz',
    target: `≤ ${formatKilobytes(CORE_GOAL_GZIP_BYTES)}`,
    evaluate: (result) => {
      const gzip = value(result, CORE_BUNDLE, 0);
      return gzip === undefined
        ? undefined
        : { measured: formatKilobytes(gzip), met: gzip <= CORE_GOAL_GZIP_BYTES };
    },
  },
];

function atLeast(measured: Value, target: number): { measured: string; met: boolean } | undefined {
  return measured === undefined
    ? undefined
    : { measured: formatRatio(measured), met: measured >= target };
}

/**
 * Every target, in order, as the report measured it: `not measured` when the report lacks the
 * target's scenario (a partial run) or the rows it reads (a quick run's smaller sizes).
 * @param report - the results.
 * @returns one line per target.
 */
export function targetsOf(report: Report): TargetLine[] {
  return DEFINITIONS.map((definition) => {
    const { id, measure, target } = definition;
    const result = report.scenarios.find((scenario) => scenario.id === definition.scenario);
    const evaluation = result === undefined ? undefined : definition.evaluate(result);
    if (evaluation === undefined) {
      return { id, measure, target, measured: '–', status: 'not measured' as const };
    }
    const status: TargetStatus = evaluation.met ? 'met' : 'missed';
    return { id, measure, target, measured: evaluation.measured, status };
  });
}
