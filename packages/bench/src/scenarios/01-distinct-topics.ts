import { automatonSince, NaiveLruIndex, NaiveScan, QlobberIndex, SigxIndex } from '../indexes.js';
import { matchScenario, sizesFor, type Scenario } from '../scenario.js';
import { FRESH_LEVEL_TOPICS, freshLevelWorkload, mqttWorkload } from '../workloads.js';

/** sigx's default memo size, given to the naive+LRU baseline too. */
const LRU_SIZE = 10_000;

/** The series: scenario 1's own topics, and topics that each carry a fresh id (target 5). */
export const DEVICES = 'devices';
export const FRESH_IDS = 'fresh ids';

/** 1. Matching distinct topics with the memo off: what the index alone is worth. */
export const distinctTopics: Scenario = {
  id: '01-distinct-topics',
  title: 'Match on distinct topics (memo off)',
  question:
    'How fast does sigx match when no topic repeats, so no memo can help (`cacheSize: 0`)? ' +
    'Against the naive scan of anchored regexes, the naive scan behind an LRU, and qlobber, on ' +
    'the same MQTT-style subscriptions (regexes for sigx, wildcards for qlobber); and when ' +
    'every topic carries a level that no subscription names, a fresh id per topic.',
  async run(context) {
    const sizes = sizesFor(context, [100, 1_000, 10_000, 100_000], [100, 1_000]);
    const largest = sizes.at(-1)!;
    return matchScenario(this, context, {
      points: sizes,
      setup: (size) => {
        const workload = mqttWorkload(size, context.seed);
        const naive = new NaiveScan('naive');
        const lru = new NaiveLruIndex('naive+LRU', LRU_SIZE);
        const sigx = new SigxIndex('sigx', 0);
        const qlobber = new QlobberIndex('qlobber');
        return {
          subscriptions: workload.subscriptions,
          series: [
            {
              series: DEVICES,
              workload,
              reference: naive,
              checked: [sigx, lru, qlobber],
              timed: [naive, lru, sigx, qlobber],
            },
            {
              series: FRESH_IDS,
              workload: freshLevelWorkload(workload, size, context.seed),
              reference: naive,
              checked: [sigx, qlobber],
            },
          ],
        };
      },
      facts: automatonSince,
      baseline: 'naive',
      notes: [
        `\`${DEVICES}\`: topics \`t<tenant>/d<device>/<metric>[/raw]\` cycling through ${(20_000).toLocaleString('en-US')} distinct topics, more than the LRU holds (${LRU_SIZE.toLocaleString('en-US')}), so the naive+LRU baseline misses on every lookup: it shows what a memo costs when it cannot help. Half the devices have device-level subscriptions, half none.`,
        `\`${FRESH_IDS}\`: the same subscriptions, with topics \`t<tenant>/u<id>/<metric>[/raw]\` whose second level is a fresh id per topic, named by no subscription (real traffic: a session, request or device id). They match the tenant's \`t/+/metric\`, \`t/+/metric/#\` and \`t/#\` subscriptions. ${FRESH_LEVEL_TOPICS.toLocaleString('en-US')} distinct topics, cycled: a topic comes round again only after ${FRESH_LEVEL_TOPICS.toLocaleString('en-US')} others, more than any bounded cache of the matcher holds by default, so no state built for one id serves the next lookup. naive+LRU is left out (it would only repeat the naive scan).`,
        'Subscriptions: 55% exact topics, 15% `t/d/+`, 10% `t/+/metric`, 10% `t/d/#`, 5% `t/+/metric/#`, 5% `t/#`; one tenant per 100 subscriptions, so matches per topic stay about constant across sizes.',
        "sigx's facts show its level automaton's hit rate and states over the timed run, where `stats()` reports them.",
        'qlobber is measured with its plain `match`, which may repeat a value; `QlobberDedup` returns a Set instead and is slower.',
      ],
      headlineOf: (_, ratio) =>
        `At ${largest.toLocaleString('en-US')} subscriptions, sigx (memo off) matches a distinct topic ` +
        `${ratio('sigx', 'naive', largest, DEVICES)} as fast as the naive scan, ` +
        `${ratio('sigx', 'naive+LRU', largest, DEVICES)} the naive scan behind an LRU, ` +
        `and ${ratio('sigx', 'qlobber', largest, DEVICES)} qlobber; on topics with a fresh id, ${ratio('sigx', 'qlobber', largest, FRESH_IDS)} qlobber.`,
    });
  },
};
