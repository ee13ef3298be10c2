// A target whose rows the run did not produce (a quick run's sizes, a scenario left out by
// --only) is `not measured`, never `missed` with a NaN.
import { describe, expect, it } from 'vitest';
import type { Row } from '../src/results.js';
import { targetsOf } from '../src/targets.js';
import { report, row, scenario } from './report-fixtures.js';

function inSeries(series: string, line: Row): Row {
  return { ...line, series };
}

describe('targets a run did not measure', () => {
  it('are all listed as not measured when the report has none of their scenarios', () => {
    const lines = targetsOf(report([]));
    expect(lines.map((line) => line.id)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    for (const line of lines) expect(line).toMatchObject({ measured: '–', status: 'not measured' });
  });

  it('are not measured when the scenario ran at smaller sizes only, as a quick run does', () => {
    const quick = report(
      [
        scenario('01-distinct-topics', [
          inSeries('devices', row('sigx', 1_000, 2)),
          inSeries('devices', row('qlobber', 1_000, 1)),
          inSeries('fresh ids', row('sigx', 1_000, 2)),
          inSeries('fresh ids', row('qlobber', 1_000, 1)),
        ]),
        scenario('02-hot-topics', [
          inSeries('reused strings', row('sigx', 1_000, 2)),
          inSeries('reused strings', row('Map.get', 1_000, 1)),
          inSeries('fresh strings', row('sigx', 1_000, 2)),
          inSeries('fresh strings', row('Map.get', 1_000, 1)),
        ]),
        scenario('03-scaling', [row('sigx', 1_000, 2), row('sigx', 2_000, 1)]),
        scenario('06-churn', [
          inSeries('pairs', row('sigx', 1_000, 90, { 'hit rate': 1 })),
          inSeries('pairs', row('qlobber', 1_000, 100)),
        ]),
        scenario('07-publish', [
          row('sigx publish', 100, 3),
          row('EventEmitter2 emitAsync', 100, 1),
          row('emittery emit', 100, 1),
        ]),
        scenario(
          '08-memory',
          [{ ...row('sigx', 1_000, 1), timing: null, bytesPerSubscription: 500 }],
          'memory',
        ),
        scenario('12-million', [
          inSeries('match', row('sigx', 20_000, 2)),
          inSeries('match', row('qlobber', 20_000, 1)),
        ]),
      ],
      'quick',
    );
    const lines = targetsOf(quick);
    for (const id of [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]) {
      expect(lines.find((line) => line.id === id)).toMatchObject({
        measured: '–',
        status: 'not measured',
      });
    }
    // Issue 5's publish target reads the largest size the run has.
    expect(lines.find((line) => line.id === 14)?.status).toBe('met');
    expect(JSON.stringify(lines)).not.toMatch(/NaN|missed/);
  });

  it('are not measured when a fact they read is missing from the row', () => {
    const churn = scenario('06-churn', [
      inSeries('pairs', row('sigx', 100_000, 90)),
      inSeries('pairs', row('qlobber', 100_000, 100)),
    ]);
    const memory = scenario(
      '08-memory',
      [
        { ...row('sigx', 100_000, 1), timing: null, bytesPerSubscription: 480 },
        { ...row('qlobber', 100_000, 1), timing: null, bytesPerSubscription: 320 },
      ],
      'memory',
    );
    const lines = targetsOf(report([churn, memory]));
    expect(lines.find((line) => line.id === 7)).toMatchObject({ status: 'not measured' });
    expect(lines.find((line) => line.id === 9)).toMatchObject({ status: 'not measured' });
  });
});
