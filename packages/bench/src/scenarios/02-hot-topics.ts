import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { freshCopies } from '../fresh-strings.js';
import { MapLimit, NaiveLruIndex, NaiveScan, QlobberIndex, SigxIndex } from '../indexes.js';
import { scenarioResult, type Row } from '../results.js';
import {
  boundedSample,
  build,
  SCAN_LIMIT,
  sizesFor,
  timeIndexes,
  timeInputIndexes,
  type Scenario,
} from '../scenario.js';
import { HOT_TOPICS, mqttWorkload } from '../workloads.js';

/** The series: lookups with the hot topics' own strings, and with a fresh copy each time. */
export const REUSED_STRINGS = 'reused strings';
export const FRESH_STRINGS = 'fresh strings';

/** 2. Matching hot topics with the memo on, against the `Map.get` limit. */
export const hotTopics: Scenario = {
  id: '02-hot-topics',
  title: 'Match on hot topics (memo on)',
  question:
    `When the same ${HOT_TOPICS.toLocaleString('en-US')} topics are published over and over, how close does sigx's memo ` +
    '(default `cacheSize`, 10 000) come to a bare `Map.get` of precomputed results, the limit ' +
    'for any memoised matcher? With the naive scan, the naive scan behind the same LRU, and qlobber; ' +
    'and when every lookup is a freshly built string, as topics read from the network are.',
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
          REUSED_STRINGS,
        )),
      );
      // Fresh copies match exactly as the originals do, through the memo and the limit alike
      // (a copy that missed the limit's Map would give no ids).
      const copies = Array.from(
        { length: workload.hotTopics.length },
        freshCopies(workload.hotTopics),
      );
      crossChecks.push(
        await crossCheck(`${this.id} @ ${size} (${FRESH_STRINGS})`, copies, sigx, [limit]),
      );
      rows.push(
        ...(await timeInputIndexes(
          context,
          [limit, sigx],
          () => freshCopies(workload.hotTopics),
          size,
          FRESH_STRINGS,
        )),
      );
    }
    const largest = sizes.at(-1)!;
    return scenarioResult(this, {
      operation: 'match',
      baseline: 'Map.get',
      rows,
      crossChecks,
      notes: [
        '`Map.get` is the limit: a Map from each hot topic to its precomputed result, with no validation, LRU bookkeeping or hit counting. `× Map.get` below 1 is the price of those.',
        'Before timing, sigx and naive+LRU match every hot topic once, so their memos hold them all: the timed lookups are hits (see the hit rates).',
        `naive+LRU is not timed above ${SCAN_LIMIT.toLocaleString('en-US')} subscriptions: warming it takes 1 000 naive scans of ~45 ms each, and its hits cost the same at any size.`,
        `\`${REUSED_STRINGS}\`: every lookup passes one of the ${HOT_TOPICS.toLocaleString('en-US')} hot topic strings themselves. V8 keeps a string's hash once computed, so after the first round no lookup hashes its key: this flatters every memo, and \`Map.get\` as much.`,
        `\`${FRESH_STRINGS}\`: every lookup passes a string built for it, with the hot topic's contents: \`String.fromCharCode\` of its code units, a flat sequential string (not a cons or a slice of another string, not internalised) that V8 has never hashed, as a topic read from a network frame is. The copies are made outside the timed part, by mitata's computed parameters: before each sample (a batch of ${context.budget.batchSamples.toLocaleString('en-US')} lookups), one copy per lookup of the batch. Each contender gets its own copies and none is used twice. sigx (memo warm with the hot topics) and \`Map.get\` (keyed by the original strings) both hash the new string and compare it with the key they find; the memo's hit rate shows that the copies hit, and a cross-check that both give the originals' results. Both read each topic from mitata's array of parameters, which the reused-string series does not: compare the two series through their ratios, not their times.`,
      ],
      headlineOf: (_, ratio) => {
        const lruSize = [...sizes].reverse().find((size) => size <= SCAN_LIMIT)!;
        return (
          `With a warm memo, sigx matches a hot topic at ${ratio('sigx', 'Map.get', largest, REUSED_STRINGS)} the speed of a bare \`Map.get\` ` +
          `and ${ratio('sigx', 'qlobber', largest, REUSED_STRINGS)} qlobber's at ${largest.toLocaleString('en-US')} subscriptions ` +
          `(${ratio('sigx', 'naive+LRU', lruSize, REUSED_STRINGS)} the naive scan behind the same LRU at ${lruSize.toLocaleString('en-US')}); ` +
          `with a freshly built string per lookup, ${ratio('sigx', 'Map.get', largest, FRESH_STRINGS)} \`Map.get\` on the same fresh strings.`
        );
      },
    });
  },
};
