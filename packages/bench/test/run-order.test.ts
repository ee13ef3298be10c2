// The run prints each scenario's table under its own header: header, progress, table, then
// the next scenario, all through one writer so no reader can interleave them.
import { describe, expect, it } from 'vitest';
import { runScenarios } from '../src/runner.js';
import type { Scenario } from '../src/scenario.js';
import { row, scenario } from './report-fixtures.js';

function fake(id: string): Scenario {
  return {
    id,
    title: `title ${id}`,
    question: '',
    async run(context) {
      context.log(`progress ${id}`);
      await Promise.resolve();
      return { ...scenario(id, [row(`contender-${id}`, 10, 1)]), headline: `headline ${id}` };
    },
  };
}

describe('runScenarios', () => {
  it('writes each table after its own header and before the next one', async () => {
    const lines: string[] = [];
    const budget = { minCpuTimeMs: 0, warmupMs: 0, minSamples: 1, batchSamples: 1 };
    const { scenarios } = await runScenarios(
      [fake('a'), fake('b')],
      { quick: true, seed: 1, budget },
      (text) => lines.push(...text.split('\n')),
    );
    expect(scenarios.map((result) => result.id)).toEqual(['a', 'b']);
    const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    const order = [
      at(/^\[1\/2\] a: title a$/),
      at(/^progress a$/),
      at(/^headline a$/),
      at(/contender-a/),
      at(/^\[2\/2\] b: title b$/),
      at(/^progress b$/),
      at(/^headline b$/),
      at(/contender-b/),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });
});
