import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatRatio } from '../format.js';
import { NaiveLruIndex, NaiveScan, QlobberIndex, SigxIndex } from '../indexes.js';
import type { Row } from '../results.js';
import { boundedSample, build, sizesFor, timeIndexes, type Scenario } from '../scenario.js';
import { ratioOf } from '../table.js';
import { mqttWorkload } from '../workloads.js';

/** sigx's default memo size, given to the naive+LRU baseline too. */
const LRU_SIZE = 10_000;

/** 1. Matching distinct topics with the memo off: what the trie alone is worth. */
export const distinctTopics: Scenario = {
  id: '01-distinct-topics',
  title: 'Match on distinct topics (memo off)',
  question:
    'How fast does sigx match when no topic repeats, so no memo can help (`cacheSize: 0`)? ' +
    'Against the naive scan of anchored regexes, the naive scan behind an LRU, and qlobber, on ' +
    'the same MQTT-style subscriptions (regexes for sigx, wildcards for qlobber).',
  async run(context) {
    const sizes = sizesFor(context, [100, 1_000, 10_000, 100_000], [100, 1_000]);
    const rows: Row[] = [];
    const crossChecks: CrossCheckSummary[] = [];
    for (const size of sizes) {
      const workload = mqttWorkload(size, context.seed);
      const naive = new NaiveScan('naive');
      const lru = new NaiveLruIndex('naive+LRU', LRU_SIZE);
      const sigx = new SigxIndex('sigx', 0);
      const qlobber = new QlobberIndex('qlobber');
      build(context, [naive, lru, sigx, qlobber], workload.subscriptions);
      crossChecks.push(
        await crossCheck(`${this.id} @ ${size}`, boundedSample(workload.sample, size), naive, [
          sigx,
          lru,
          qlobber,
        ]),
      );
      rows.push(
        ...(await timeIndexes(context, [naive, lru, sigx, qlobber], workload.topics, size)),
      );
    }
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
        `Topics cycle through ${(20_000).toLocaleString('en-US')} distinct topics, more than the LRU holds (${LRU_SIZE.toLocaleString('en-US')}), so the naive+LRU baseline misses on every lookup: it shows what a memo costs when it cannot help.`,
        'Subscriptions: 55% exact topics, 15% `t/d/+`, 10% `t/+/metric`, 10% `t/d/#`, 5% `t/+/metric/#`, 5% `t/#`; one tenant per 100 subscriptions, so matches per topic stay about constant across sizes.',
        'qlobber is measured with its plain `match`, which may repeat a value; `QlobberDedup` returns a Set instead and is slower.',
      ],
    };
    return {
      ...result,
      headline:
        `At ${largest.toLocaleString('en-US')} subscriptions, sigx (memo off) matches a distinct topic ` +
        `${formatRatio(ratioOf(result, 'sigx', 'naive', largest))} as fast as the naive scan, ` +
        `${formatRatio(ratioOf(result, 'sigx', 'naive+LRU', largest))} the naive scan behind an LRU, ` +
        `and ${formatRatio(ratioOf(result, 'sigx', 'qlobber', largest))} qlobber.`,
    };
  },
};
