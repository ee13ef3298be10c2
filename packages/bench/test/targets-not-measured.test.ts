// A target whose rows the run did not produce (a quick run's sizes, a scenario left out by
// --only) is `not measured`, never `missed` with a NaN.
import { describe, expect, it } from 'vitest';
import { targetsOf } from '../src/targets.js';
import { report, row, scenario } from './report-fixtures.js';

describe('targets a run did not measure', () => {
  it('are all listed as not measured when the report has none of their scenarios', () => {
    const lines = targetsOf(report([]));
    expect(lines.map((line) => line.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const line of lines) expect(line).toMatchObject({ measured: '–', status: 'not measured' });
  });

  it('are not measured when the scenario ran at smaller sizes only, as a quick run does', () => {
    const quick = report(
      [
        scenario('01-distinct-topics', [row('sigx', 1_000, 2), row('qlobber', 1_000, 1)]),
        scenario('03-scaling', [row('sigx', 1_000, 2), row('sigx', 2_000, 1)]),
        scenario('06-churn', [
          row('sigx', 1_000, 90, { 'hit rate': 1 }),
          row('sigx (no churn)', 1_000, 100),
        ]),
        scenario(
          '08-memory',
          [{ ...row('sigx', 1_000, 1), timing: null, bytesPerSubscription: 500 }],
          'memory',
        ),
      ],
      'quick',
    );
    const lines = targetsOf(quick);
    for (const id of [1, 2, 3, 6, 8]) {
      expect(lines.find((line) => line.id === id)).toMatchObject({
        measured: '–',
        status: 'not measured',
      });
    }
    expect(JSON.stringify(lines)).not.toMatch(/NaN|missed/);
  });

  it('are not measured when a fact they read is missing from the row', () => {
    const churn = scenario('06-churn', [
      row('sigx', 100_000, 90),
      row('sigx (no churn)', 100_000, 100),
    ]);
    expect(targetsOf(report([churn])).find((line) => line.id === 6)).toMatchObject({
      status: 'not measured',
    });
  });
});
