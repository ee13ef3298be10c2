// The builders every scenario makes its result with: the fields in the report's order with
// their defaults, the headline written from the finished rows, and a match scenario's checks
// (all before any timing) and rows in the order the scenario gives.
import { describe, expect, it } from 'vitest';
import { CrossCheckError } from '../src/cross-check.js';
import { NaiveScan, QlobberIndex, SigxIndex, type TopicIndex } from '../src/indexes.js';
import { scenarioResult } from '../src/results.js';
import { matchScenario, type Scenario, type ScenarioContext } from '../src/scenario.js';
import { mqttWorkload } from '../src/workloads.js';
import { row } from './report-fixtures.js';

const SCENARIO: Scenario = {
  id: '00-test',
  title: 'Test',
  question: 'Does it build?',
  run: () => Promise.reject(new Error('not run')),
};

const CONTEXT: ScenarioContext = {
  quick: true,
  seed: 1,
  budget: { minCpuTimeMs: 1, warmupMs: 0, minSamples: 2, batchSamples: 16 },
  log: () => undefined,
};

describe('scenarioResult', () => {
  it('orders the fields as the report does, fills the defaults and writes the headline from the rows', () => {
    const result = scenarioResult(SCENARIO, {
      operation: 'match',
      baseline: 'naive',
      rows: [row('naive', 10, 100), row('sigx', 10, 250)],
      notes: ['a note'],
      headlineOf: (_, ratio) => `sigx ${ratio('sigx', 'naive', 10)} the naive scan`,
    });
    expect(Object.keys(result)).toEqual([
      'id',
      'title',
      'question',
      'metric',
      'operation',
      'sizeLabel',
      'subject',
      'baseline',
      'rows',
      'crossChecks',
      'headline',
      'notes',
    ]);
    expect(result).toMatchObject({
      id: '00-test',
      metric: 'throughput',
      sizeLabel: 'subscriptions',
      subject: 'sigx',
      crossChecks: [],
      headline: 'sigx 2.50× the naive scan',
    });
  });
});

/** The naive scan, counting its matches. */
class CountingScan extends NaiveScan {
  matches = 0;

  override match(topic: string): readonly number[] {
    this.matches += 1;
    return super.match(topic);
  }
}

describe('matchScenario', () => {
  it('checks every series before timing any, and keeps the order of sizes, series and timed indexes', async () => {
    const events: string[] = [];
    const referenceOfB = new CountingScan('naive (b)');
    const result = await matchScenario(SCENARIO, CONTEXT, {
      points: [100],
      setup: (size) => {
        const workload = mqttWorkload(size, 1);
        const naive = new NaiveScan('naive');
        const sigx = new SigxIndex('sigx', 0);
        const qlobber = new QlobberIndex('qlobber');
        return {
          subscriptions: workload.subscriptions,
          series: [
            { series: 'a', workload, reference: naive, checked: [sigx, qlobber] },
            {
              series: 'b',
              workload,
              reference: referenceOfB,
              checked: [sigx],
              timed: [sigx, naive],
            },
          ],
        };
      },
      facts: (index: TopicIndex) => {
        events.push(`before ${index.name}${referenceOfB.matches > 0 ? ', b checked' : ''}`);
        return () => ({ marked: index.name });
      },
      baseline: 'naive',
      notes: [],
      headlineOf: (_, ratio) => ratio('sigx', 'naive', 100, 'a'),
    });
    expect(result.operation).toBe('match');
    expect(result.crossChecks.map((check) => [check.label, check.implementations])).toEqual([
      ['00-test a @ 100', ['naive', 'sigx', 'qlobber']],
      ['00-test b @ 100', ['naive (b)', 'sigx']],
    ]);
    expect(result.rows.map((one) => [one.series, one.contender, one.facts['marked']])).toEqual([
      ['a', 'naive', 'naive'],
      ['a', 'sigx', 'sigx'],
      ['a', 'qlobber', 'qlobber'],
      ['b', 'sigx', 'sigx'],
      ['b', 'naive', 'naive'],
    ]);
    expect(events).toEqual([
      'before naive, b checked',
      'before sigx, b checked',
      'before qlobber, b checked',
      'before sigx, b checked',
      'before naive, b checked',
    ]);
    expect(result.headline).toMatch(/×$/);
  });

  it('names a single series by size alone, and stops at an index that disagrees', async () => {
    const run = matchScenario(SCENARIO, CONTEXT, {
      points: [{ size: 100 }],
      setup: ({ size }) => {
        const workload = mqttWorkload(size, 1);
        const wrong: TopicIndex = Object.assign(new SigxIndex('wrong', 0), {
          match: () => [],
        });
        return {
          subscriptions: workload.subscriptions,
          series: [{ workload, reference: new NaiveScan('naive'), checked: [wrong] }],
        };
      },
      baseline: 'naive',
      notes: [],
      headlineOf: () => '',
    });
    await expect(run).rejects.toThrow(CrossCheckError);
    await expect(run).rejects.toMatchObject({ label: '00-test @ 100', implementation: 'wrong' });
  });
});
