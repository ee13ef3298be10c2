// The targets table reads the right rows of a report and says met or missed at the threshold.
import { describe, expect, it } from 'vitest';
import { CORE_BUNDLE } from '../src/bundle-size.js';
import { AFTER_TOPICS_FACT } from '../src/probe.js';
import type { Row } from '../src/results.js';
import { readBaseline, targetsOf, type Baseline } from '../src/targets.js';
import { report, row, scenario } from './report-fixtures.js';

/** A row of a series. */
function inSeries(series: string, line: Row): Row {
  return { ...line, series };
}

/** A memory row whose in-service heap (after every distinct topic) is `bytes` per subscription. */
function heapRow(contender: string, size: number, bytes: number, series = ''): Row {
  return {
    ...row(contender, size, 1, { [AFTER_TOPICS_FACT]: bytes }),
    series,
    timing: null,
    bytesPerSubscription: bytes / 2,
  };
}

const BASELINE: Baseline = {
  description: '',
  source: { commit: '4e71bc1', file: 'benchmarks/results/report.json', date: '' },
  ratios: [
    {
      scenario: '02-hot-topics',
      series: 'reused strings',
      size: 100_000,
      contender: 'sigx',
      over: 'Map.get',
      ratio: 0.8,
    },
    {
      scenario: '07-publish',
      series: '',
      size: 100_000,
      contender: 'sigx publish',
      over: 'EventEmitter2 emitAsync',
      ratio: 2,
    },
  ],
};

function line(lines: ReturnType<typeof targetsOf>, id: number) {
  return lines.find((target) => target.id === id);
}

describe('targetsOf', () => {
  it('reads targets 1, 2, 5 and 12 from their series of scenario 1, met exactly at the threshold', () => {
    const distinct = scenario('01-distinct-topics', [
      inSeries('devices', row('sigx', 10_000, 2_000)),
      inSeries('devices', row('qlobber', 10_000, 1_000)),
      inSeries('devices', row('naive', 10_000, 2.1)),
      inSeries('devices', row('sigx', 100_000, 2)),
      inSeries('devices', row('qlobber', 100_000, 1)),
      inSeries('fresh ids', row('sigx', 100_000, 3)),
      inSeries('fresh ids', row('qlobber', 100_000, 2)),
    ]);
    const lines = targetsOf(report([distinct]), BASELINE);
    expect(line(lines, 1)).toMatchObject({ issue: '#15', measured: '2.00×', status: 'met' });
    expect(line(lines, 2)).toMatchObject({ measured: '2.00×', status: 'missed' });
    expect(line(lines, 5)).toMatchObject({ measured: '1.50×', status: 'met' });
    expect(line(lines, 12)).toMatchObject({ issue: '#5', status: 'missed' }); // 952× < 1 000×
  });

  it('needs both sizes for target 3', () => {
    const scaling = (at100k: number) =>
      scenario('03-scaling', [
        row('sigx', 1_000, 10),
        row('sigx', 10_000, 5),
        row('qlobber', 10_000, 1),
        row('sigx', 100_000, at100k),
        row('qlobber', 100_000, 1),
      ]);
    expect(line(targetsOf(report([scaling(7)]), BASELINE), 3)).toMatchObject({
      measured: '10 000: 5.00×; 100 000: 7.00×',
      status: 'met',
    });
    expect(line(targetsOf(report([scaling(4.9)]), BASELINE), 3)?.status).toBe('missed');
    expect(line(targetsOf(report([scaling(7)]), BASELINE), 4)).toMatchObject({
      measured: '0.70×',
      status: 'met',
    });
  });

  it("reads churn from the pairs' times (lower is better) and sigx's hit rate", () => {
    const churn = (hitRate: number) =>
      scenario('06-churn', [
        inSeries('publishes', row('sigx', 100_000, 90, { 'hit rate': 0.5 })),
        inSeries('pairs', row('sigx', 100_000, 100_000, { 'hit rate': hitRate })), // 10 µs
        inSeries('pairs', row('qlobber', 100_000, 200_000)), // 5 µs
      ]);
    expect(line(targetsOf(report([churn(0.99)]), BASELINE), 7)).toMatchObject({
      measured: '2.00× (10.0 µs ÷ 5.00 µs); 99.0%',
      status: 'met',
    });
    expect(line(targetsOf(report([churn(0.9)]), BASELINE), 7)?.status).toBe('missed');
  });

  it('reads the fresh-string and reused-string series of scenario 2 apart', () => {
    const hot = scenario('02-hot-topics', [
      inSeries('reused strings', row('sigx', 100_000, 70)),
      inSeries('reused strings', row('Map.get', 100_000, 100)),
      inSeries('fresh strings', row('sigx', 100_000, 50)),
      inSeries('fresh strings', row('Map.get', 100_000, 100)),
    ]);
    const lines = targetsOf(report([hot]), BASELINE);
    expect(line(lines, 8)).toMatchObject({ measured: '0.50×', status: 'missed' });
    expect(line(lines, 13)).toMatchObject({ measured: '0.70×', status: 'met' });
  });

  it('reads heap targets 9 and 11 from the figure after every distinct topic', () => {
    const memory = scenario(
      '08-memory',
      [heapRow('sigx', 100_000, 450), heapRow('qlobber', 100_000, 300)],
      'memory',
    );
    const million = scenario('12-million', [
      inSeries('match', row('sigx', 1_000_000, 20)),
      inSeries('match', row('qlobber', 1_000_000, 10)),
      { ...heapRow('sigx', 1_000_000, 400, 'add'), timing: row('x', 1, 100).timing },
      { ...heapRow('qlobber', 1_000_000, 300, 'add'), timing: row('x', 1, 100).timing },
    ]);
    const lines = targetsOf(report([memory, million]), BASELINE);
    expect(line(lines, 9)).toMatchObject({ measured: '1.50×', status: 'met' });
    expect(line(lines, 11)).toMatchObject({
      measured: 'match 2.00×; add 1.00×; heap 1.33×',
      status: 'met',
    });
  });

  it('compares target 10 with the baseline, no worse down to 0.85 of it, on both scenarios', () => {
    const hot = (sigx: number) =>
      scenario('02-hot-topics', [
        inSeries('reused strings', row('sigx', 100_000, sigx)),
        inSeries('reused strings', row('Map.get', 100_000, 100)),
      ]);
    const publish = scenario('07-publish', [
      row('sigx publish', 100_000, 200),
      row('EventEmitter2 emitAsync', 100_000, 100),
    ]);
    expect(line(targetsOf(report([hot(68), publish]), BASELINE), 10)).toMatchObject({
      measured:
        'sigx ÷ Map.get 0.68× (85.0% of 0.80×); sigx publish ÷ EventEmitter2 emitAsync 2.00× (100.0% of 2.00×)',
      status: 'met',
    });
    expect(line(targetsOf(report([hot(67), publish]), BASELINE), 10)?.status).toBe('missed');
    // One of its two scenarios alone does not measure it.
    expect(line(targetsOf(report([hot(68)]), BASELINE), 10)?.status).toBe('not measured');
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
    const goal = (gzipBytes: number) => line(targetsOf(report([bundle(gzipBytes)]), BASELINE), 15);
    expect(goal(25_000)).toMatchObject({ issue: '#13', measured: '25.0 kB', status: 'met' });
    expect(goal(25_001)).toMatchObject({ status: 'missed' });
  });
});

describe("issue 16's targets", () => {
  const regexRich = (rows: Row[]) => scenario('04-regex-rich', rows);

  it('reads targets 16 to 18 from their series of scenario 4, met exactly at the threshold', () => {
    const lines = targetsOf(
      report([
        regexRich([
          inSeries('no-prefix', row('sigx', 100_000, 1_000)),
          inSeries('no-prefix', row('naive', 100_000, 1)),
          inSeries('mixed', row('sigx', 100_000, 999)),
          inSeries('mixed', row('naive', 100_000, 1)),
          inSeries('same-literal', row('sigx', 20_000, 10)),
          inSeries('same-literal', row('naive', 20_000, 10)),
        ]),
      ]),
      BASELINE,
    );
    expect(line(lines, 16)).toMatchObject({ issue: '#16', measured: '1000×', status: 'met' });
    expect(line(lines, 17)).toMatchObject({ status: 'missed' });
    expect(line(lines, 18)).toMatchObject({ measured: '1.00×', status: 'met' });
  });

  it('reads target 19 as the least sigx ÷ naive over every row the naive scan has', () => {
    const scans = (slowest: number) => [
      scenario('01-distinct-topics', [
        inSeries('devices', row('sigx', 100, 50)),
        inSeries('devices', row('naive', 100, 1)),
      ]),
      scenario('02-hot-topics', [row('sigx', 100, 9), row('naive', 100, 1)]),
      scenario('03-scaling', [row('sigx', 1_000, 10), row('naive', 1_000, 1)]),
      regexRich([
        inSeries('no-prefix', row('sigx', 100, slowest)),
        inSeries('no-prefix', row('naive', 100, 1)),
        // A size the naive scan was not timed at counts for nothing.
        inSeries('no-prefix', row('sigx', 1_000, 0.5)),
      ]),
      scenario('06-churn', [
        inSeries('publishes', row('sigx', 1_000, 20)),
        inSeries('publishes', row('naive', 1_000, 1)),
      ]),
    ];
    const target = (slowest: number) => line(targetsOf(report(scans(slowest)), BASELINE), 19);
    expect(target(1)).toMatchObject({
      measured: 'least 1.00× (04-regex-rich no-prefix @ 100)',
      status: 'met',
    });
    expect(target(0.99)).toMatchObject({ status: 'missed' });
    // Not measured unless every scenario it reads is in the report.
    expect(line(targetsOf(report(scans(2).slice(1)), BASELINE), 19)).toMatchObject({
      status: 'not measured',
    });
  });
});

describe('the committed baseline', () => {
  it("holds the report of 4e71bc1's ratios, each its two throughputs' quotient", () => {
    const baseline = readBaseline();
    expect(baseline.source.commit).toMatch(/^4e71bc1/);
    expect(baseline.ratios.map((entry) => `${entry.scenario} ${entry.over}`)).toEqual([
      '02-hot-topics Map.get',
      '07-publish EventEmitter2 emitAsync',
      '07-publish emittery emit',
    ]);
    for (const entry of baseline.ratios) {
      const ops = (entry as unknown as { opsPerSec: Record<string, number> }).opsPerSec;
      expect(entry.ratio).toBeCloseTo(ops[entry.contender]! / ops[entry.over]!, 12);
    }
  });
});
