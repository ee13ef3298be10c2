import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatRatio } from '../format.js';
import { MapLimit, NaiveLruIndex, NaiveScan, QlobberIndex, SigxIndex } from '../indexes.js';
import type { Row } from '../results.js';
import {
  boundedSample,
  build,
  SCAN_LIMIT,
  sizesFor,
  timeIndexes,
  type Scenario,
} from '../scenario.js';
import { ratioOf } from '../table.js';
import { HOT_TOPICS, mqttWorkload } from '../workloads.js';

/** 2. Matching hot topics with the memo on, against the `Map.get` limit. */
export const hotTopics: Scenario = {
  id: '02-hot-topics',
  title: 'Match on hot topics (memo on)',
  question:
    `When the same ${HOT_TOPICS.toLocaleString('en-US')} topics are published over and over, how close does sigx's memo ` +
    '(default `cacheSize`, 10 000) come to a bare `Map.get` of precomputed results, the limit ' +
    'for any memoised matcher? With the naive scan, the naive scan behind the same LRU, and qlobber.',
  async run(context) {
    const sizes = sizesFor(context, [100, 1_000, 10_000, 100_000], [100, 1_000]);
    const rows: Row[] = [];
    const crossChecks: CrossCheckSummary[] = [];
    for (const size of sizes) {
      const workload = mqttWorkload(size, context.seed);
      const naive = new NaiveScan('naive');
      const lru = new NaiveLruIndex('naive+LRU', 10_000);
      const sigx = new SigxIndex('sigx', undefined);
      const qlobber = new QlobberIndex('qlobber');
      // Warming naive+LRU takes 1 000 naive scans: not above SCAN_LIMIT (its hits cost the
      // same at any size anyway).
      const withLru = size <= SCAN_LIMIT;
      build(
        context,
        withLru ? [naive, lru, sigx, qlobber] : [naive, sigx, qlobber],
        workload.subscriptions,
      );
      crossChecks.push(
        await crossCheck(
          `${this.id} @ ${size}`,
          boundedSample(workload.sample, size),
          naive,
          withLru ? [sigx, lru, qlobber] : [sigx, qlobber],
        ),
      );
      // The limit holds sigx's results, checked against sigx on every hot topic (and sigx
      // against the naive scan just above).
      const limit = new MapLimit('Map.get', workload.hotTopics, sigx);
      crossChecks.push(
        await crossCheck(`${this.id} @ ${size} (Map.get)`, workload.hotTopics, sigx, [limit]),
      );
      // Fill the memos with every hot topic: the timed lookups are all hits.
      for (const index of withLru ? [sigx, lru] : [sigx])
        for (const topic of workload.hotTopics) index.match(topic);
      rows.push(
        ...(await timeIndexes(
          context,
          withLru ? [limit, sigx, lru, qlobber, naive] : [limit, sigx, qlobber, naive],
          workload.hotTopics,
          size,
        )),
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
      baseline: 'Map.get',
      rows,
      crossChecks,
      headline: '',
      notes: [
        '`Map.get` is the limit: a Map from each hot topic to its precomputed result, with no validation, LRU bookkeeping or hit counting. `× Map.get` below 1 is the price of those.',
        'Before timing, sigx and naive+LRU match every hot topic once, so their memos hold them all: the timed lookups are hits (see the hit rates).',
        `naive+LRU is not timed above ${SCAN_LIMIT.toLocaleString('en-US')} subscriptions: warming it takes 1 000 naive scans of ~45 ms each, and its hits cost the same at any size.`,
      ],
    };
    const lruSize = [...sizes].reverse().find((size) => size <= SCAN_LIMIT)!;
    return {
      ...result,
      headline:
        `With a warm memo, sigx matches a hot topic at ${formatRatio(ratioOf(result, 'sigx', 'Map.get', largest))} the speed of a bare \`Map.get\` ` +
        `and ${formatRatio(ratioOf(result, 'sigx', 'qlobber', largest))} qlobber's at ${largest.toLocaleString('en-US')} subscriptions ` +
        `(${formatRatio(ratioOf(result, 'sigx', 'naive+LRU', lruSize))} the naive scan behind the same LRU at ${lruSize.toLocaleString('en-US')}).`,
    };
  },
};
