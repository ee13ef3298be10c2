// Small reports and rows for the report and targets tests (not a test file itself).
import {
  scenarioResult,
  timedRow,
  type Report,
  type Row,
  type ScenarioResult,
} from '../src/results.js';
import { timingOf } from '../src/timing.js';

/** A throughput row whose timing is one sample at `opsPerSec`. */
export function row(
  contender: string,
  size: number,
  opsPerSec: number,
  facts: Row['facts'] = {},
): Row {
  const timing = timingOf({ nsPerOp: [1e9 / opsPerSec], opsPerSample: 1, calls: 1 });
  return timedRow('', contender, size, timing, facts);
}

/** A scenario holding the rows. */
export function scenario(
  id: string,
  rows: Row[],
  metric: ScenarioResult['metric'] = 'throughput',
): ScenarioResult {
  const result = scenarioResult(
    { id, title: id, question: '' },
    { metric, operation: 'match', baseline: 'naive', rows, notes: [], headlineOf: () => '' },
  );
  return { ...result, charts: [], seconds: 1 };
}

/** A report of the scenarios. */
export function report(scenarios: ScenarioResult[], mode: Report['mode'] = 'full'): Report {
  return {
    schema: 2,
    mode,
    date: '',
    machine: { cpu: '', cores: 2, memoryBytes: 0, os: '', node: '', v8: '' },
    versions: {},
    seed: 1,
    seconds: 1,
    scenarios,
  };
}
