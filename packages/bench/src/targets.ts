/**
 * The targets, read off a report: issue 15's (1 to 11), the targets of issue 5 that still stand
 * (12 to 14), the bundle-size goal of issue 13 (15) and issue 16's (16 to 19). Each performance target is a ratio
 * measured side by side in the same run, except 10, which compares the run's ratios with the
 * committed report from before issue 15 (`packages/bench/baseline.json`). What the report
 * cannot say (where the time goes, what would be needed) is in `benchmarks/README.md` and
 * `results/profiles.md`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CORE_BUNDLE, CORE_GOAL_GZIP_BYTES } from './bundle-size.js';
import { formatDuration, formatKilobytes, formatPercent, formatRatio } from './format.js';
import { AFTER_TOPICS_FACT } from './probe.js';
import type { Report, ScenarioResult } from './results.js';
import { DEVICES, FRESH_IDS } from './scenarios/01-distinct-topics.js';
import { FRESH_STRINGS, REUSED_STRINGS } from './scenarios/02-hot-topics.js';
import { PAIRS } from './scenarios/06-churn.js';
import { SAME_LITERAL_LARGEST } from './scenarios/04-regex-rich.js';
import { ADD, MATCH } from './scenarios/12-million.js';
import { findRow, valueOf } from './table.js';

/** Whether a run met a target; `not measured` when it did not produce the rows the target reads. */
export type TargetStatus = 'met' | 'missed' | 'not measured';

/** One target, as measured. */
export interface TargetLine {
  /** Its number in the list of targets. */
  readonly id: number;
  /** The issue that set it, e.g. `#15`. */
  readonly issue: string;
  readonly measure: string;
  /** The target, written as a reader would, e.g. `≥ 1.5× qlobber`. */
  readonly target: string;
  /** What the run measured, written likewise; `–` when not measured. */
  readonly measured: string;
  readonly status: TargetStatus;
}

/** One ratio of the committed report from before issue 15 (target 10). */
export interface BaselineRatio {
  readonly scenario: string;
  /** The series of the current report that holds the rows. */
  readonly series: string;
  readonly size: number;
  /** The contender whose throughput is divided. */
  readonly contender: string;
  /** The contender it is divided by. */
  readonly over: string;
  readonly ratio: number;
}

/** `packages/bench/baseline.json`: the ratios target 10 compares with, and where they came from. */
export interface Baseline {
  readonly description: string;
  readonly source: { readonly commit: string; readonly file: string; readonly date: string };
  readonly ratios: readonly BaselineRatio[];
}

/** The committed baseline (the same path from `src/` and from `dist/`). */
export const BASELINE_FILE: string = fileURLToPath(new URL('../baseline.json', import.meta.url));

/** "No worse than the baseline": at least this fraction of its ratio (runs move by 10-30%). */
export const NO_WORSE_FRACTION = 0.85;

/**
 * Reads the baseline of target 10.
 * @param file - its path. @default BASELINE_FILE
 * @returns the baseline.
 * @throws when the file is missing or has no ratios.
 */
export function readBaseline(file: string = BASELINE_FILE): Baseline {
  const baseline = JSON.parse(readFileSync(file, 'utf8')) as Partial<Baseline>;
  if (!Array.isArray(baseline.ratios) || baseline.ratios.length === 0) {
    throw new Error(`${file} has no baseline ratios`);
  }
  return baseline as Baseline;
}

/** A measured value, or `undefined` when the run lacks what it is computed from. */
type Value = number | undefined;

/** A target's evaluation: what was measured, and whether it meets the target. */
type Evaluation = { measured: string; met: boolean } | undefined;

interface Definition {
  readonly id: number;
  readonly issue: string;
  /** The scenarios it reads: `not measured` unless the report has every one. */
  readonly scenarios: readonly string[];
  readonly measure: string;
  readonly target: string;
  /**
   * The measured value(s) and whether the target is met; `undefined` when a row or fact it
   * needs is not in the results (a quick run's sizes, say).
   * @param results - the results of `scenarios`, in that order.
   */
  evaluate(results: readonly ScenarioResult[], baseline: Baseline): Evaluation;
}

/** A definition that reads one scenario. */
function on(
  scenario: string,
  evaluate: (result: ScenarioResult, baseline: Baseline) => Evaluation,
): Pick<Definition, 'scenarios' | 'evaluate'> {
  return { scenarios: [scenario], evaluate: ([result], baseline) => evaluate(result!, baseline) };
}

/** `valueOf` of a row, `undefined` when the run has no such row (or no number in it). */
function value(result: ScenarioResult, contender: string, size: number, series = ''): Value {
  const row = findRow(result, contender, size, series);
  const measured = row === undefined ? Number.NaN : valueOf(row);
  return Number.isFinite(measured) ? measured : undefined;
}

/** A ratio of two rows' values, `undefined` when either row is missing. */
function ratio(result: ScenarioResult, a: string, b: string, size: number, series = ''): Value {
  const top = value(result, a, size, series);
  const bottom = value(result, b, size, series);
  return top === undefined || bottom === undefined ? undefined : top / bottom;
}

/** A numeric fact of a row, `undefined` when the row or the fact is missing. */
function fact(
  result: ScenarioResult,
  contender: string,
  size: number,
  series: string,
  key: string,
): Value {
  const measured = findRow(result, contender, size, series)?.facts[key];
  return typeof measured === 'number' && Number.isFinite(measured) ? measured : undefined;
}

/** The mean time per operation of a row, `undefined` when it is missing. */
function nsPerOp(result: ScenarioResult, contender: string, size: number, series: string): Value {
  const measured = findRow(result, contender, size, series)?.timing?.nsPerOp;
  return measured !== undefined && Number.isFinite(measured) ? measured : undefined;
}

function atLeast(measured: Value, target: number): Evaluation {
  return measured === undefined
    ? undefined
    : { measured: formatRatio(measured), met: measured >= target };
}

function atMost(measured: Value, target: number): Evaluation {
  return measured === undefined
    ? undefined
    : { measured: formatRatio(measured), met: measured <= target };
}

/** Several measures that must all be met; `undefined` unless every one was measured. */
function all(...evaluations: Evaluation[]): Evaluation {
  if (evaluations.some((evaluation) => evaluation === undefined)) return undefined;
  const measured = evaluations as { measured: string; met: boolean }[];
  return {
    measured: measured.map((evaluation) => evaluation.measured).join('; '),
    met: measured.every((evaluation) => evaluation.met),
  };
}

/** A measure's evaluation with a label before its figure, e.g. `match 2.10×`. */
function labelled(label: string, evaluation: Evaluation): Evaluation {
  return evaluation === undefined
    ? undefined
    : { ...evaluation, measured: `${label} ${evaluation.measured}` };
}

/** Heap per subscription in service (the probe's figure after every distinct topic), a ÷ b. */
function heapRatio(result: ScenarioResult, size: number, series: string): Value {
  const sigx = fact(result, 'sigx', size, series, AFTER_TOPICS_FACT);
  const qlobber = fact(result, 'qlobber', size, series, AFTER_TOPICS_FACT);
  return sigx === undefined || qlobber === undefined ? undefined : sigx / qlobber;
}

/** Target 10: each baseline ratio, measured again, at least 0.85 × the baseline's. */
function noWorse(results: readonly ScenarioResult[], baseline: Baseline): Evaluation {
  return all(
    ...baseline.ratios.map((entry): Evaluation => {
      const result = results.find((scenario) => scenario.id === entry.scenario);
      const now =
        result === undefined
          ? undefined
          : ratio(result, entry.contender, entry.over, entry.size, entry.series);
      if (now === undefined) return undefined;
      return {
        measured: `${entry.contender} ÷ ${entry.over} ${formatRatio(now)} (${formatPercent(now / entry.ratio)} of ${formatRatio(entry.ratio)})`,
        met: now >= NO_WORSE_FRACTION * entry.ratio,
      };
    }),
  );
}

/** The scenarios target 19 reads: every one that times matches (or publishes) beside the
 * naive scan. */
const SCAN_SCENARIOS = [
  '01-distinct-topics',
  '02-hot-topics',
  '03-scaling',
  '04-regex-rich',
  '06-churn',
] as const;

/** Target 19: sigx ÷ naive on every row the naive scan has, the least of them. */
function neverSlowerThanScan(results: readonly ScenarioResult[]): Evaluation {
  let least: { ratio: number; where: string } | undefined;
  for (const result of results) {
    for (const row of result.rows) {
      if (row.contender !== 'naive') continue;
      const measured = ratio(result, 'sigx', 'naive', row.size, row.series);
      if (measured === undefined) continue;
      if (least === undefined || measured < least.ratio) {
        const series = row.series === '' ? '' : ` ${row.series}`;
        least = {
          ratio: measured,
          where: `${result.id}${series} @ ${row.size.toLocaleString('en-US')}`,
        };
      }
    }
  }
  if (least === undefined) return undefined;
  return { measured: `least ${formatRatio(least.ratio)} (${least.where})`, met: least.ratio >= 1 };
}

const DEFINITIONS: readonly Definition[] = [
  {
    id: 1,
    issue: '#15',
    measure: 'match, distinct topics, memo off, 10 000 subscriptions: sigx ÷ qlobber',
    target: '≥ 2×',
    ...on('01-distinct-topics', (result) =>
      atLeast(ratio(result, 'sigx', 'qlobber', 10_000, DEVICES), 2),
    ),
  },
  {
    id: 2,
    issue: '#15',
    measure: 'the same at 100 000 subscriptions: sigx ÷ qlobber',
    target: '≥ 2.5×',
    ...on('01-distinct-topics', (result) =>
      atLeast(ratio(result, 'sigx', 'qlobber', 100_000, DEVICES), 2.5),
    ),
  },
  {
    id: 3,
    issue: '#15',
    measure: 'scaling, 4 matches per topic, memo off: sigx ÷ qlobber at 10 000 and at 100 000',
    target: '≥ 5× (both)',
    ...on('03-scaling', (result) =>
      all(
        labelled('10 000:', atLeast(ratio(result, 'sigx', 'qlobber', 10_000), 5)),
        labelled('100 000:', atLeast(ratio(result, 'sigx', 'qlobber', 100_000), 5)),
      ),
    ),
  },
  {
    id: 4,
    issue: '#15',
    measure: 'scaling: sigx throughput at 100 000 ÷ at 1 000',
    target: '≥ 0.67',
    ...on('03-scaling', (result) => {
      const large = value(result, 'sigx', 100_000);
      const small = value(result, 'sigx', 1_000);
      return atLeast(large === undefined || small === undefined ? undefined : large / small, 0.67);
    }),
  },
  {
    id: 5,
    issue: '#15',
    measure:
      'match, every topic with a fresh id that no subscription names, memo off, 100 000 subscriptions: sigx ÷ qlobber',
    target: '≥ 1.5×',
    ...on('01-distinct-topics', (result) =>
      atLeast(ratio(result, 'sigx', 'qlobber', 100_000, FRESH_IDS), 1.5),
    ),
  },
  {
    id: 6,
    issue: '#15',
    measure: 'add 100 000 patterns: sigx ÷ qlobber',
    target: '≥ 1.0×',
    ...on('05-add-rate', (result) => atLeast(ratio(result, 'sigx', 'qlobber', 100_000), 1)),
  },
  {
    id: 7,
    issue: '#15',
    measure:
      "churn at 100 000, warm memo: time of one sigx subscribe + unsubscribe pair ÷ qlobber's add + remove; sigx's memo hit rate",
    target: '≤ 2×; ≥ 95%',
    ...on('06-churn', (result) => {
      const sigx = nsPerOp(result, 'sigx', 100_000, PAIRS);
      const qlobber = nsPerOp(result, 'qlobber', 100_000, PAIRS);
      const hitRate = fact(result, 'sigx', 100_000, PAIRS, 'hit rate');
      if (sigx === undefined || qlobber === undefined || hitRate === undefined) return undefined;
      return {
        measured: `${formatRatio(sigx / qlobber)} (${formatDuration(sigx)} ÷ ${formatDuration(qlobber)}); ${formatPercent(hitRate)}`,
        met: sigx / qlobber <= 2 && hitRate >= 0.95,
      };
    }),
  },
  {
    id: 8,
    issue: '#15',
    measure:
      'hot topics, memo on, a freshly built string per lookup, 100 000 subscriptions: sigx ÷ `Map.get` on the same fresh strings',
    target: '≥ 0.6×',
    ...on('02-hot-topics', (result) =>
      atLeast(ratio(result, 'sigx', 'Map.get', 100_000, FRESH_STRINGS), 0.6),
    ),
  },
  {
    id: 9,
    issue: '#15',
    measure:
      'heap per subscription at 100 000 after matching every distinct topic (memo and automaton states included): sigx ÷ qlobber',
    target: '≤ 1.5×',
    ...on('08-memory', (result) => atMost(heapRatio(result, 100_000, ''), 1.5)),
  },
  {
    id: 10,
    issue: '#15',
    scenarios: ['02-hot-topics', '07-publish'],
    measure: `no worse than before issue 15, 100 000 subscriptions: hot topics (reused strings) sigx ÷ \`Map.get\`; publish sigx ÷ EventEmitter2, ÷ emittery (each ≥ ${NO_WORSE_FRACTION} × its ratio in \`packages/bench/baseline.json\`, from the report of 4e71bc1)`,
    target: `≥ ${NO_WORSE_FRACTION} × baseline (each)`,
    evaluate: noWorse,
  },
  {
    id: 11,
    issue: '#15',
    measure:
      '1 000 000 MQTT-style subscriptions: match (memo off), add, and heap per subscription after every distinct topic, each sigx ÷ qlobber',
    target: '≥ 2×; ≥ 1×; ≤ 1.5×',
    ...on('12-million', (result) =>
      all(
        labelled('match', atLeast(ratio(result, 'sigx', 'qlobber', 1_000_000, MATCH), 2)),
        labelled('add', atLeast(ratio(result, 'sigx', 'qlobber', 1_000_000, ADD), 1)),
        labelled('heap', atMost(heapRatio(result, 1_000_000, ADD), 1.5)),
      ),
    ),
  },
  {
    id: 12,
    issue: '#5',
    measure: 'match, distinct topics, memo off, 10 000 subscriptions: sigx ÷ naive scan',
    target: '≥ 1 000×',
    ...on('01-distinct-topics', (result) =>
      atLeast(ratio(result, 'sigx', 'naive', 10_000, DEVICES), 1_000),
    ),
  },
  {
    id: 13,
    issue: '#5',
    measure: 'hot topics (reused strings), memo on, 100 000 subscriptions: sigx ÷ `Map.get`',
    target: '≥ 0.6×',
    ...on('02-hot-topics', (result) =>
      atLeast(ratio(result, 'sigx', 'Map.get', 100_000, REUSED_STRINGS), 0.6),
    ),
  },
  {
    id: 14,
    issue: '#5',
    measure:
      'awaited publish, one handler, hot topic, largest size run: sigx ÷ EventEmitter2, sigx ÷ emittery',
    target: '≥ 1.5×; ≥ 3×',
    ...on('07-publish', (result) => {
      if (result.rows.length === 0) return undefined;
      const size = Math.max(...result.rows.map((row) => row.size));
      return all(
        atLeast(ratio(result, 'sigx publish', 'EventEmitter2 emitAsync', size), 1.5),
        atLeast(ratio(result, 'sigx publish', 'emittery emit', size), 3),
      );
    }),
  },
  {
    id: 15,
    issue: '#13',
    measure: '`@sigx/core` bundle (`SignalExchange` + `Message`, with the matcher), min+gz',
    target: `≤ ${formatKilobytes(CORE_GOAL_GZIP_BYTES)}`,
    ...on('11-bundle-size', (result) => {
      const gzip = value(result, CORE_BUNDLE, 0);
      return gzip === undefined
        ? undefined
        : { measured: formatKilobytes(gzip), met: gzip <= CORE_GOAL_GZIP_BYTES };
    }),
  },
  {
    id: 16,
    issue: '#16',
    measure:
      'regex-rich patterns, none with a literal prefix, memo off, 100 000 subscriptions: sigx ÷ naive scan',
    target: '≥ 1 000×',
    ...on('04-regex-rich', (result) =>
      atLeast(ratio(result, 'sigx', 'naive', 100_000, 'no-prefix'), 1_000),
    ),
  },
  {
    id: 17,
    issue: '#16',
    measure:
      'regex-rich patterns, mixed (90% with a literal prefix), memo off, 100 000 subscriptions: sigx ÷ naive scan',
    target: '≥ 1 000×',
    ...on('04-regex-rich', (result) =>
      atLeast(ratio(result, 'sigx', 'naive', 100_000, 'mixed'), 1_000),
    ),
  },
  {
    id: 18,
    issue: '#16',
    measure: `every pattern requires the same literal (and every topic contains it), memo off, ${SAME_LITERAL_LARGEST.toLocaleString('en-US')} subscriptions: sigx ÷ naive scan`,
    target: '≥ 1×',
    ...on('04-regex-rich', (result) =>
      atLeast(ratio(result, 'sigx', 'naive', SAME_LITERAL_LARGEST, 'same-literal'), 1),
    ),
  },
  {
    id: 19,
    issue: '#16',
    scenarios: SCAN_SCENARIOS,
    measure:
      'never slower than the naive scan: sigx ÷ naive on every row the naive scan is timed in (matches in scenarios 1–4, publishes in 6), every size and series; the least',
    target: '≥ 1× (each)',
    evaluate: neverSlowerThanScan,
  },
];

/**
 * Every target, in order, as the report measured it: `not measured` when the report lacks the
 * target's scenario (a partial run) or the rows it reads (a quick run's smaller sizes).
 * @param report - the results.
 * @param baseline - what target 10 compares with. @default readBaseline()
 * @returns one line per target.
 */
export function targetsOf(report: Report, baseline: Baseline = readBaseline()): TargetLine[] {
  return DEFINITIONS.map((definition) => {
    const { id, issue, measure, target } = definition;
    const results = definition.scenarios.map((name) =>
      report.scenarios.find((scenario) => scenario.id === name),
    );
    const evaluation = results.every((result) => result !== undefined)
      ? definition.evaluate(results as ScenarioResult[], baseline)
      : undefined;
    if (evaluation === undefined) {
      return { id, issue, measure, target, measured: '–', status: 'not measured' as const };
    }
    const status: TargetStatus = evaluation.met ? 'met' : 'missed';
    return { id, issue, measure, target, measured: evaluation.measured, status };
  });
}
