/**
 * The performance targets (issue 5), read off a report: each is a ratio measured side by side
 * in the same run. What the report cannot say (where the time goes, what would be needed) is in
 * `benchmarks/README.md` and `results/profiles.md`.
 */
import { formatPercent, formatRatio } from './format.js';
import type { Report, ScenarioResult } from './results.js';
import { findRow, ratioOf } from './table.js';

/** One target, as measured. */
export interface TargetLine {
  /** Its number in the list of targets. */
  readonly id: number;
  readonly measure: string;
  /** The target, written as a reader would, e.g. `≥ 1.5× qlobber`. */
  readonly target: string;
  /** What the run measured, written likewise. */
  readonly measured: string;
  readonly met: boolean;
}

interface Definition {
  readonly id: number;
  readonly scenario: string;
  readonly measure: string;
  readonly target: string;
  /** The measured value(s) and whether the target is met. */
  evaluate(result: ScenarioResult): { measured: string; met: boolean };
}

const DEFINITIONS: readonly Definition[] = [
  {
    id: 1,
    scenario: '01-distinct-topics',
    measure: 'match, distinct topics, memo off, 10 000 subscriptions: sigx ÷ qlobber',
    target: '≥ 1.5×',
    evaluate: (result) => atLeast(ratioOf(result, 'sigx', 'qlobber', 10_000), 1.5),
  },
  {
    id: 2,
    scenario: '01-distinct-topics',
    measure: 'the same: sigx ÷ naive scan',
    target: '≥ 1 000×',
    evaluate: (result) => atLeast(ratioOf(result, 'sigx', 'naive', 10_000), 1_000),
  },
  {
    id: 3,
    scenario: '03-scaling',
    measure: 'scaling, 4 matches per topic: sigx throughput at 100 000 ÷ at 1 000',
    target: '≥ 0.67',
    evaluate: (result) => {
      const large = findRow(result, 'sigx', 100_000)?.timing?.opsPerSec ?? Number.NaN;
      const small = findRow(result, 'sigx', 1_000)?.timing?.opsPerSec ?? Number.NaN;
      return atLeast(large / small, 0.67);
    },
  },
  {
    id: 4,
    scenario: '02-hot-topics',
    measure: 'match, hot topics, memo on, 100 000 subscriptions: sigx ÷ `Map.get`',
    target: '≥ 0.6×',
    evaluate: (result) => atLeast(ratioOf(result, 'sigx', 'Map.get', 100_000), 0.6),
  },
  {
    id: 5,
    scenario: '05-add-rate',
    measure: 'add 100 000 patterns: sigx ÷ qlobber',
    target: '≥ 1.0×',
    evaluate: (result) => atLeast(ratioOf(result, 'sigx', 'qlobber', 100_000), 1),
  },
  {
    id: 6,
    scenario: '06-churn',
    measure: 'churn at 100 000: memo hit rate, and throughput ÷ the churn-free run',
    target: '≥ 95%, ≥ 0.8×',
    evaluate: (result) => {
      const hitRate = Number(findRow(result, 'sigx', 100_000)?.facts['hit rate'] ?? Number.NaN);
      const ratio = ratioOf(result, 'sigx', 'sigx (no churn)', 100_000);
      return {
        measured: `${formatPercent(hitRate)}, ${formatRatio(ratio)}`,
        met: hitRate >= 0.95 && ratio >= 0.8,
      };
    },
  },
  {
    id: 7,
    scenario: '07-publish',
    measure: 'awaited publish, one handler, hot topic: sigx ÷ EventEmitter2, sigx ÷ emittery',
    target: '≥ 1.5×, ≥ 3×',
    evaluate: (result) => {
      const size = Math.max(...result.rows.map((row) => row.size));
      const ee2 = ratioOf(result, 'sigx publish', 'EventEmitter2 emitAsync', size);
      const emittery = ratioOf(result, 'sigx publish', 'emittery emit', size);
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
      const sigx = findRow(result, 'sigx', 100_000)?.bytesPerSubscription ?? Number.NaN;
      const qlobber = findRow(result, 'qlobber', 100_000)?.bytesPerSubscription ?? Number.NaN;
      const ratio = sigx / qlobber;
      return { measured: formatRatio(ratio), met: ratio <= 1.5 };
    },
  },
];

function atLeast(ratio: number, target: number): { measured: string; met: boolean } {
  return { measured: formatRatio(ratio), met: ratio >= target };
}

/**
 * The targets a report can tell, in order (a target whose scenario is not in the report, as
 * in a partial run, is left out).
 * @param report - the results.
 * @returns one line per target.
 */
export function targetsOf(report: Report): TargetLine[] {
  return DEFINITIONS.flatMap((definition) => {
    const result = report.scenarios.find((scenario) => scenario.id === definition.scenario);
    if (result === undefined) return [];
    const { measured, met } = definition.evaluate(result);
    const { id, measure, target } = definition;
    return [{ id, measure, target, measured, met }];
  });
}
