import { mqtt } from '@sigx/matcher';
import { do_not_optimize } from 'mitata';
import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatDuration, formatPercent, formatRatio } from '../format.js';
import { NaiveLruIndex, NaiveScan, QlobberIndex, SigxIndex, type TopicIndex } from '../indexes.js';
import type { Row } from '../results.js';
import { boundedSample, build, hitRate, SCAN_LIMIT, sizesFor, type Scenario } from '../scenario.js';
import { findRow, ratioOf } from '../table.js';
import { time } from '../timing.js';
import { mqttWorkload, type Subscription } from '../workloads.js';

/** Publishes between two churn events (one subscribe and one unsubscribe). */
const PUBLISHES_PER_CHURN = 100;
/** Churn subscriptions alive at any time: each new one replaces the oldest. */
const LIVE_CHURN = 8;
/** Distinct churn filters, cycled; more than `LIVE_CHURN`, so a re-added pattern is new again. */
const POOL = 256;
const FIRST_CHURN_ID = 1_000_000_000;

/**
 * The filters churn subscribes with: variations on the hot topics, so they hit memoised topics.
 * Also used by `pnpm bench:profile churn`.
 */
export function churnFilters(hotTopics: readonly string[]): string[] {
  const filters: string[] = [];
  for (let k = 0; k < POOL; k += 1) {
    const levels = hotTopics[(k * 7) % hotTopics.length]!.split('/');
    const [tenant, device, metric] = [levels[0]!, levels[1] ?? 'd0', levels[2] ?? 'temp'];
    filters.push(
      [
        `${tenant}/${device}/${metric}`,
        `${tenant}/+/${metric}`,
        `${tenant}/${device}/#`,
        `${tenant}/#`,
      ][k % 4]!,
    );
  }
  return filters;
}

/**
 * Publishes the hot topics round robin on one index; with churn, every 100th publish also
 * subscribes a new subscription and unsubscribes the oldest churn subscription. Deterministic:
 * two drivers that made the same number of rounds hold the same subscriptions.
 */
class ChurnDriver {
  readonly index: TopicIndex;
  readonly #hotTopics: readonly string[];
  readonly #filters: readonly string[];
  readonly #churn: boolean;
  readonly #live: Subscription[] = [];
  #next = 0;
  #churned = 0;

  constructor(
    index: TopicIndex,
    hotTopics: readonly string[],
    filters: readonly string[],
    churn: boolean,
  ) {
    this.index = index;
    this.#hotTopics = hotTopics;
    this.#filters = filters;
    this.#churn = churn;
    if (churn) for (let k = 0; k < LIVE_CHURN; k += 1) this.#subscribe();
  }

  /** Churn events so far. */
  get churned(): number {
    return this.#churned;
  }

  #subscribe(): void {
    const id = FIRST_CHURN_ID + this.#churned + this.#live.length;
    const filter = this.#filters[(this.#churned + this.#live.length) % this.#filters.length]!;
    // Compiled by `mqtt()`, as a user would subscribe; the base subscriptions are regexes.
    const subscription: Subscription = { id, filter, pattern: mqtt(filter) };
    this.index.add(subscription);
    this.#live.push(subscription);
  }

  /**
   * One round: 100 publishes (round robin over the hot topics), then, with churn, one
   * subscribe and one unsubscribe.
   * @param publish - `false` skips the publishes (to churn a slow index in lockstep cheaply).
   */
  round(publish = true): void {
    if (publish) {
      const index = this.index;
      const hotTopics = this.#hotTopics;
      let next = this.#next;
      for (let i = 0; i < PUBLISHES_PER_CHURN; i += 1) {
        do_not_optimize(index.match(hotTopics[next]!));
        next = next + 1 === hotTopics.length ? 0 : next + 1;
      }
      this.#next = next;
    }
    if (this.#churn) {
      this.#subscribe();
      this.index.remove(this.#live.shift()!);
      this.#churned += 1;
    }
  }
}

/** 6. Subscription churn while publishing hot topics: does the memo survive it? */
export const churn: Scenario = {
  id: '06-churn',
  title: 'Churn: subscribe and unsubscribe while publishing',
  question:
    `With one subscribe and one unsubscribe every ${PUBLISHES_PER_CHURN} publishes over 1 000 hot topics, what is ` +
    "left of sigx's memoised throughput, and of its memo hit rate (sigx patches memo entries " +
    'rather than flushing)? Against the same run without churn, the naive scan behind an LRU ' +
    'that is flushed on every change, the naive scan, and qlobber.',
  async run(context) {
    const sizes = sizesFor(context, [1_000, 10_000, 100_000], [100, 1_000]);
    const rows: Row[] = [];
    const crossChecks: CrossCheckSummary[] = [];
    for (const size of sizes) {
      const workload = mqttWorkload(size, context.seed);
      const filters = churnFilters(workload.hotTopics);
      // Above SCAN_LIMIT one round of the naive contenders takes seconds: the naive scan is
      // built only as the cross-check's reference.
      const withScans = size <= SCAN_LIMIT;
      const indexes = [
        new SigxIndex('sigx', undefined),
        new SigxIndex('sigx (no churn)', undefined),
        new NaiveScan('naive'),
        ...(withScans ? [new NaiveLruIndex('naive+LRU', 10_000)] : []),
        new QlobberIndex('qlobber'),
      ];
      build(context, indexes, workload.subscriptions);
      const named = (name: string): TopicIndex => indexes.find((index) => index.name === name)!;
      const naive = named('naive');

      // The hot topics the first rounds' churn subscribes to, then the usual sample.
      const sample = boundedSample(
        [
          ...filters
            .slice(0, 40)
            .map((_, k) => workload.hotTopics[(k * 7) % workload.hotTopics.length]!),
          ...workload.sample,
        ],
        size,
      );
      const others = indexes.filter((index) => index !== naive && index.name !== 'sigx (no churn)');
      crossChecks.push(
        await crossCheck(`${this.id} @ ${size} before churn`, sample, naive, [
          ...others,
          named('sigx (no churn)'),
        ]),
      );

      // 25 rounds of churn in lockstep, then check again: sigx published throughout, so its
      // memo was patched 50 times with every hot topic in it; a stale entry would show.
      const drivers = indexes.map(
        (index) =>
          new ChurnDriver(index, workload.hotTopics, filters, index.name !== 'sigx (no churn)'),
      );
      const churning = drivers.filter((driver) => driver.index.name !== 'sigx (no churn)');
      for (let round = 0; round < 25; round += 1) {
        for (const driver of churning) driver.round(driver.index.name === 'sigx');
      }
      crossChecks.push(
        await crossCheck(
          `${this.id} @ ${size} after ${churning[0]!.churned} churn events`,
          sample,
          naive,
          others,
        ),
      );

      for (const driver of drivers) {
        if (driver.index === naive && !withScans) continue;
        context.log(`  timing ${driver.index.name} @ ${size.toLocaleString('en-US')}`);
        const before = driver.index.memoCounts();
        const churnedBefore = driver.churned;
        const timing = await time(() => driver.round(), context.budget, PUBLISHES_PER_CHURN);
        const facts = {
          ...hitRate(before, driver.index.memoCounts()),
          'churn events': driver.churned - churnedBefore,
        };
        rows.push({
          series: '',
          contender: driver.index.name,
          size,
          timing,
          bytesPerSubscription: null,
          facts,
        });
      }
    }
    const largest = sizes.at(-1)!;
    const result = {
      id: this.id,
      title: this.title,
      question: this.question,
      metric: 'throughput' as const,
      operation: 'publish',
      sizeLabel: 'subscriptions',
      subject: 'sigx',
      baseline: 'naive',
      rows,
      crossChecks,
      headline: '',
      notes: [
        `One operation is one publish (a \`match\` on the next hot topic). Timed in rounds of ${PUBLISHES_PER_CHURN} publishes followed by one subscribe (a filter on a hot topic, new to the index) and one unsubscribe (the oldest of ${LIVE_CHURN} churn subscriptions), so the churn's cost is spread over the publishes.`,
        `naive and naive+LRU are not timed above ${SCAN_LIMIT.toLocaleString('en-US')} subscriptions (one round would take seconds); the naive scan is still the cross-check's reference there.`,
        '`sigx (no churn)` is the same index and topics without churn: the ratio between the two is what churn costs.',
        `The churn subscriptions' patterns are compiled by \`mqtt()\` of \`@sigx/matcher\` (e.g. \`t0/+/temp\` to \`${mqtt('t0/+/temp').source}\`); the base subscriptions are the hand-written regexes of the other scenarios.`,
        "naive+LRU flushes its memo on every change (the simple correct policy), so it rarely hits; sigx patches the entries a change affects. Hit rates are measured over the timed run (sigx's from `stats().cache`).",
      ],
    };
    const sigxRate = findRow(result, 'sigx', largest)?.facts['hit rate'];
    const churned = findRow(result, 'sigx', largest)?.timing;
    const calm = findRow(result, 'sigx (no churn)', largest)?.timing;
    // What one subscribe + unsubscribe pair costs sigx: the extra time of a round.
    const perChurn =
      churned == null || calm == null
        ? Number.NaN
        : (churned.nsPerOp - calm.nsPerOp) * PUBLISHES_PER_CHURN;
    return {
      ...result,
      headline:
        `Under churn sigx keeps a ${typeof sigxRate === 'number' ? formatPercent(sigxRate) : '–'} memo hit rate, but each subscribe + unsubscribe pair costs it about ` +
        `${formatDuration(perChurn)} at ${largest.toLocaleString('en-US')} subscriptions, so it publishes at ${formatPercent(ratioOf(result, 'sigx', 'sigx (no churn)', largest))} of its churn-free rate: ` +
        `${formatRatio(ratioOf(result, 'sigx', 'qlobber', largest))} qlobber's (which has no memo to keep).`,
    };
  },
};
