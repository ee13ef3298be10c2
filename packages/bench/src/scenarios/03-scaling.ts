import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatRatio } from '../format.js';
import { NaiveScan, QlobberIndex, SigxIndex } from '../indexes.js';
import type { Row } from '../results.js';
import { boundedSample, build, sizesFor, timeIndexes, type Scenario } from '../scenario.js';
import { ratioOf } from '../table.js';
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
    const rows: Row[] = [];
    const crossChecks: CrossCheckSummary[] = [];
    for (const size of sizes) {
      const workload = scalingWorkload(size, context.seed);
      const naive = new NaiveScan('naive');
      const sigx = new SigxIndex('sigx', 0);
      const qlobber = new QlobberIndex('qlobber');
      build(context, [naive, sigx, qlobber], workload.subscriptions);
      crossChecks.push(
        await crossCheck(`${this.id} @ ${size}`, boundedSample(workload.sample, size), naive, [
          sigx,
          qlobber,
        ]),
      );
      rows.push(...(await timeIndexes(context, [naive, sigx, qlobber], workload.topics, size)));
    }
    const smallest = sizes[0]!;
    const largest = sizes.at(-1)!;
    const result = {
      id: this.id,
      title: this.title,
      question: this.question,
      metric: 'throughput' as const,
      operation: 'match',
      sizeLabel: 'subscriptions',
      subject: 'sigx',
      baseline: 'naive',
      rows,
      crossChecks,
      headline: '',
      notes: [
        'Per device: `d<id>/temp`, `d<id>/+`, `d<id>/#`, `d<id>/temp/#` (ids zero-padded so none is a prefix of another); topics `d<id>/temp` match all 4.',
        'A flat line is the goal: the time per topic should depend on the matches, not on how many subscriptions exist.',
      ],
    };
    // Time per match at the largest size over time at the smallest: throughput the other way.
    const growth = (name: string): number => ratioOfSizes(result.rows, name, smallest, largest);
    return {
      ...result,
      headline:
        `From ${smallest.toLocaleString('en-US')} to ${largest.toLocaleString('en-US')} subscriptions (×${largest / smallest}) at 4 matches per topic, ` +
        `sigx's time per match grows ${formatRatio(growth('sigx'))}, qlobber's ${formatRatio(growth('qlobber'))} and the naive scan's ${formatRatio(growth('naive'))}; ` +
        `at ${largest.toLocaleString('en-US')} sigx is ${formatRatio(ratioOf(result, 'sigx', 'naive', largest))} as fast as the naive scan and ${formatRatio(ratioOf(result, 'sigx', 'qlobber', largest))} qlobber.`,
    };
  },
};

/** Throughput at `a` divided by throughput at `b`, for one contender. */
function ratioOfSizes(rows: readonly Row[], contender: string, a: number, b: number): number {
  const at = (size: number): number =>
    rows.find((row) => row.contender === contender && row.size === size)?.timing?.opsPerSec ??
    Number.NaN;
  return at(a) / at(b);
}
