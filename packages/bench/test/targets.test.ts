// The targets table reads the right rows of a report, says met or missed at the threshold, and
// leaves out targets whose scenario the report does not have.
import { describe, expect, it } from 'vitest';
import type { Report, Row, ScenarioResult } from '../src/results.js';
import { targetsOf } from '../src/targets.js';

function row(contender: string, size: number, opsPerSec: number, facts = {}): Row {
  const timing = {
    nsPerOp: 1e9 / opsPerSec,
    opsPerSec,
    p50NsPerOp: 0,
    p99NsPerOp: 0,
    samples: 1,
    calls: 1,
  };
  return { series: '', contender, size, timing, bytesPerSubscription: null, facts };
}

function scenario(id: string, rows: Row[], metric: 'throughput' | 'memory' = 'throughput') {
  return {
    id,
    title: id,
    question: '',
    metric,
    operation: 'match',
    sizeLabel: 'subscriptions',
    subject: 'sigx',
    baseline: 'naive',
    rows,
    crossChecks: [],
    headline: '',
    notes: [],
    charts: [],
    seconds: 1,
  } satisfies ScenarioResult;
}

function report(scenarios: ScenarioResult[]): Report {
  return {
    schema: 1,
    mode: 'full',
    date: '',
    machine: { cpu: '', cores: 2, memoryBytes: 0, os: '', node: '', v8: '' },
    versions: {},
    seed: 1,
    seconds: 1,
    scenarios,
  };
}

describe('targetsOf', () => {
  it('reads targets 1 and 2 at 10 000 subscriptions, met exactly at the threshold', () => {
    const distinct = scenario('01-distinct-topics', [
      row('sigx', 10_000, 1_500),
      row('qlobber', 10_000, 1_000),
      row('naive', 10_000, 1.6),
      row('sigx', 100_000, 1),
      row('qlobber', 100_000, 100),
    ]);
    const [first, second] = targetsOf(report([distinct]));
    expect(first).toMatchObject({ id: 1, measured: '1.50×', met: true });
    expect(second).toMatchObject({ id: 2, met: false }); // 937.5× < 1 000×
  });

  it('reads churn from the hit rate and the churn-free row, and memory as bytes', () => {
    const churn = scenario('06-churn', [
      row('sigx', 100_000, 90, { 'hit rate': 0.99 }),
      row('sigx (no churn)', 100_000, 100),
    ]);
    const memory = scenario(
      '08-memory',
      [
        { ...row('sigx', 100_000, 1), timing: null, bytesPerSubscription: 480 },
        { ...row('qlobber', 100_000, 1), timing: null, bytesPerSubscription: 320 },
      ],
      'memory',
    );
    expect(targetsOf(report([churn, memory]))).toEqual([
      expect.objectContaining({ id: 6, measured: '99.0%, 0.90×', met: true }),
      expect.objectContaining({ id: 8, measured: '1.50×', met: true }),
    ]);
  });

  it('leaves out the targets of scenarios the report does not have', () => {
    expect(targetsOf(report([]))).toEqual([]);
  });
});
