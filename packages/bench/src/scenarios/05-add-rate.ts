import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { NaiveScan, QlobberIndex, SigxIndex, type TopicIndex } from '../indexes.js';
import { scenarioResult, timedRow, type Row } from '../results.js';
import { boundedSample, sizesFor, type Scenario, type ScenarioContext } from '../scenario.js';
import { findRow } from '../table.js';
import { timingOf, type Timing } from '../timing.js';
import { mqttWorkload, type Subscription } from '../workloads.js';

/**
 * Builds fresh indexes from scratch and times each whole build. Hand-timed rather than through
 * mitata: one build of 100 000 sigx patterns takes seconds, and all mitata would add is more
 * builds; what matters is the mean of a few complete builds (growth with size included).
 * Also used by scenario 12, which keeps the last build to match with.
 *
 * @param minBuilds - least number of builds (more until `minCpuTimeMs` is spent, at most 50).
 * @returns the timing (one sample per build, per subscription) and the last index built.
 */
export async function timeBuilds(
  context: ScenarioContext,
  make: () => TopicIndex,
  subscriptions: readonly Subscription[],
  minBuilds: number = context.quick ? 2 : 3,
): Promise<{ timing: Timing; last: TopicIndex }> {
  const durations: number[] = [];
  let total = 0;
  const kept: { last: TopicIndex | undefined } = { last: undefined };
  while (durations.length < minBuilds || total < context.budget.minCpuTimeMs) {
    // The previous build is garbage before the next one starts: one index alive at a time.
    kept.last = undefined;
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    const index = make();
    for (const subscription of subscriptions) index.add(subscription);
    const elapsed = performance.now() - start;
    kept.last = index;
    durations.push(elapsed);
    total += elapsed;
    if (durations.length >= 50) break;
  }
  const count = subscriptions.length;
  // One sample per build, per added subscription.
  const timing = timingOf({
    nsPerOp: durations.map((ms) => (ms * 1e6) / count),
    opsPerSample: count,
    calls: durations.length * count,
  });
  return { timing, last: kept.last! };
}

/** 5. How fast subscriptions can be added. */
export const addRate: Scenario = {
  id: '05-add-rate',
  title: 'Add rate',
  question:
    'How many subscriptions per second can be added to a fresh index, up to 100 000? sigx ' +
    'analyses each new pattern (parse, literal prefixes) and files it in the trie; ' +
    'qlobber splits a wildcard filter into its trie; the naive scan only compiles a RegExp.',
  async run(context) {
    const sizes = sizesFor(context, [1_000, 10_000, 100_000], [100, 1_000]);
    const rows: Row[] = [];
    const crossChecks: CrossCheckSummary[] = [];
    const makers: readonly (readonly [string, () => TopicIndex])[] = [
      ['naive', () => new NaiveScan('naive')],
      ['sigx', () => new SigxIndex('sigx', undefined)],
      ['qlobber', () => new QlobberIndex('qlobber')],
    ];
    for (const size of sizes) {
      const workload = mqttWorkload(size, context.seed);
      // An untimed build of each, cross-checked, before any timed build (also the warm-up).
      const built = makers.map(([, make]) => {
        const index = make();
        for (const subscription of workload.subscriptions) index.add(subscription);
        return index;
      });
      crossChecks.push(
        await crossCheck(
          `${this.id} @ ${size}`,
          boundedSample(workload.sample, size),
          built[0]!,
          built.slice(1),
        ),
      );
      for (const [name, make] of makers) {
        context.log(`  timing ${name} adds @ ${size.toLocaleString('en-US')}`);
        const { timing } = await timeBuilds(context, make, workload.subscriptions);
        rows.push(timedRow('', name, size, timing));
      }
    }
    const largest = sizes.at(-1)!;
    return scenarioResult(this, {
      operation: 'add',
      baseline: 'naive',
      rows,
      crossChecks,
      notes: [
        'One operation is one `add` of a distinct subscription into an index being built from empty (the whole build is timed and divided by its size). Mean of at least 3 complete builds (2 in quick mode).',
        'Same subscriptions as scenario 1. sigx uses its default options (memo on but empty while building).',
      ],
      headlineOf: (result, ratio) => {
        const sigxRow = findRow(result, 'sigx', largest);
        return (
          `sigx adds ${Math.round(sigxRow?.timing?.opsPerSec ?? Number.NaN).toLocaleString('en-US')} subscriptions per second into an index of ${largest.toLocaleString('en-US')} ` +
          `(${ratio('sigx', 'qlobber', largest)} qlobber's add rate, ${ratio('sigx', 'naive', largest)} the naive scan's).`
        );
      },
    });
  },
};
