// The targets table reads the right rows of a report and says met or missed at the threshold.
import { describe, expect, it } from 'vitest';
import { CORE_BUNDLE } from '../src/bundle-size.js';
import { targetsOf } from '../src/targets.js';
import { report, row, scenario } from './report-fixtures.js';

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
    expect(first).toMatchObject({ id: 1, measured: '1.50×', status: 'met' });
    expect(second).toMatchObject({ id: 2, status: 'missed' }); // 937.5× < 1 000×
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
    const lines = targetsOf(report([churn, memory]));
    expect(lines.find((line) => line.id === 6)).toMatchObject({
      measured: '99.0%, 0.90×',
      status: 'met',
    });
    expect(lines.find((line) => line.id === 8)).toMatchObject({
      measured: '1.50×',
      status: 'met',
    });
  });

  it('reads the core bundle goal from the min+gz bytes, met up to 25 kB', () => {
    const bundle = (gzipBytes: number) =>
      scenario(
        '11-bundle-size',
        [
          {
            ...row(CORE_BUNDLE, 0, 1),
            timing: null,
            bundle: { minifiedBytes: 4 * gzipBytes, gzipBytes },
          },
        ],
        'bundle-size',
      );
    const goal = (gzipBytes: number) =>
      targetsOf(report([bundle(gzipBytes)])).find((line) => line.id === 9);
    expect(goal(25_000)).toMatchObject({ measured: '25.0 kB', status: 'met' });
    expect(goal(25_001)).toMatchObject({ status: 'missed' });
  });
});
