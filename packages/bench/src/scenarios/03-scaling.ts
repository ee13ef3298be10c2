import { formatRatio } from '../format.js';
import { NaiveScan, QlobberIndex, SigxIndex } from '../indexes.js';
import type { Row } from '../results.js';
import { matchScenario, sizesFor, type Scenario } from '../scenario.js';
import { scalingWorkload } from '../workloads.js';

/** 3. How the cost grows with the number of subscriptions when the work per topic does not. */
export const scaling: Scenario = {
  id: '03-scaling',
  title: 'Scaling at constant matches per topic (memo off)',
  question:
    'When subscriptions grow from 1 000 to 100 000 but every topic still matches exactly 4 of ' +
    'them, does sigx stay flat (cost follows the work) while the naive scan grows linearly ' +
    '(cost follows the subscriptions)?',
  async run(context) {
    const sizes = sizesFor(context, [1_000, 3_000, 10_000, 30_000, 100_000], [1_000, 2_000]);
    const smallest = sizes[0]!;
    const largest = sizes.at(-1)!;
    return matchScenario(this, context, {
      points: sizes,
      setup: (size) => {
        const workload = scalingWorkload(size, context.seed);
        const checked = [new SigxIndex('sigx', 0), new QlobberIndex('qlobber')];
        return {
          subscriptions: workload.subscriptions,
          series: [{ workload, reference: new NaiveScan('naive'), checked }],
        };
      },
      baseline: 'naive',
      notes: [
        'Per device: `d<id>/temp`, `d<id>/+`, `d<id>/#`, `d<id>/temp/#` (ids zero-padded so none is a prefix of another); topics `d<id>/temp` match all 4.',
        'A flat line is the goal: the time per topic should depend on the matches, not on how many subscriptions exist.',
      ],
      headlineOf: (result, ratio) => {
        // Time per match at the largest size over time at the smallest: throughput the other way.
        const growth = (name: string): string =>
          formatRatio(ratioOfSizes(result.rows, name, smallest, largest));
        return (
          `From ${smallest.toLocaleString('en-US')} to ${largest.toLocaleString('en-US')} subscriptions (×${largest / smallest}) at 4 matches per topic, ` +
          `sigx's time per match grows ${growth('sigx')}, qlobber's ${growth('qlobber')} and the naive scan's ${growth('naive')}; ` +
          `at ${largest.toLocaleString('en-US')} sigx is ${ratio('sigx', 'naive', largest)} as fast as the naive scan and ${ratio('sigx', 'qlobber', largest)} qlobber.`
        );
      },
    });
  },
};

/** Throughput at `a` divided by throughput at `b`, for one contender. */
function ratioOfSizes(rows: readonly Row[], contender: string, a: number, b: number): number {
  const at = (size: number): number =>
    rows.find((row) => row.contender === contender && row.size === size)?.timing?.opsPerSec ??
    Number.NaN;
  return at(a) / at(b);
}
