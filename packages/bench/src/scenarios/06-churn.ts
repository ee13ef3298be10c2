import { mqtt } from '@sigx/matcher';
import { do_not_optimize } from 'mitata';
import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatDuration, formatPercent, formatRatio } from '../format.js';
import { NaiveLruIndex, NaiveScan, QlobberIndex, SigxIndex, type TopicIndex } from '../indexes.js';
import { scenarioResult, timedRow, type Row } from '../results.js';
import { boundedSample, build, hitRate, SCAN_LIMIT, sizesFor, type Scenario } from '../scenario.js';
import { findRow, ratioOf } from '../table.js';
import { sampleWithInput, time, timingOf } from '../timing.js';
import { mqttWorkload, type Subscription } from '../workloads.js';

/** Publishes between two churn events (one subscribe and one unsubscribe). */
const PUBLISHES_PER_CHURN = 100;
/** Churn subscriptions alive at any time: each new one replaces the oldest. */
const LIVE_CHURN = 8;
/** Distinct churn filters, cycled; more than `LIVE_CHURN`, so a re-added pattern is new again. */
const POOL = 256;
const FIRST_CHURN_ID = 1_000_000_000;

/** The series: publishes under churn, and the subscribe + unsubscribe pairs alone (target 7). */
export const PUBLISHES = 'publishes';
export const PAIRS = 'pairs';

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
  #created = 0;

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
    if (churn) {
      for (let k = 0; k < LIVE_CHURN; k += 1) {
        const subscription = this.prepare();
        this.index.add(subscription);
        this.#live.push(subscription);
      }
    }
  }

  /** Churn events so far. */
  get churned(): number {
    return this.#churned;
  }

  /** The churn subscriptions alive now. */
  get live(): readonly Subscription[] {
    return this.#live;
  }

  /**
   * The next churn subscription, not yet subscribed: a filter of the pool, its pattern
   * compiled by `mqtt()` as a user would subscribe (the base subscriptions are regexes).
   */
  prepare(): Subscription {
    const filter = this.#filters[this.#created % this.#filters.length]!;
    const subscription: Subscription = {
      id: FIRST_CHURN_ID + this.#created,
      filter,
      pattern: mqtt(filter),
    };
    this.#created += 1;
    return subscription;
  }

  /** One churn event: subscribes `subscription` and unsubscribes the oldest churn subscription. */
  pair(subscription: Subscription): void {
    this.index.add(subscription);
    this.#live.push(subscription);
    this.index.remove(this.#live.shift()!);
    this.#churned += 1;
  }

  /** 100 publishes, round robin over the hot topics. */
  publishes(): void {
    const index = this.index;
    const hotTopics = this.#hotTopics;
    let next = this.#next;
    for (let i = 0; i < PUBLISHES_PER_CHURN; i += 1) {
      do_not_optimize(index.match(hotTopics[next]!));
      next = next + 1 === hotTopics.length ? 0 : next + 1;
    }
    this.#next = next;
  }

  /**
   * One round: 100 publishes (round robin over the hot topics), then, with churn, one
   * subscribe and one unsubscribe.
   * @param publish - `false` skips the publishes (to churn a slow index in lockstep cheaply).
   */
  round(publish = true): void {
    if (publish) this.publishes();
    if (this.#churn) this.pair(this.prepare());
  }
}

/** 6. Subscription churn while publishing hot topics: does the memo survive it? */
export const churn: Scenario = {
  id: '06-churn',
  title: 'Churn: subscribe and unsubscribe while publishing',
  question:
    `With one subscribe and one unsubscribe every ${PUBLISHES_PER_CHURN} publishes over 1 000 hot topics, what does ` +
    'one subscribe + unsubscribe pair cost sigx with its memo warm (sigx patches memo entries ' +
    "rather than flushing), next to qlobber's add + remove, and what is left of sigx's memo hit " +
    'rate and memoised throughput? Against the same run without churn, the naive scan behind an ' +
    'LRU that is flushed on every change, the naive scan, and qlobber.',
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
        context.log(
          `  timing ${driver.index.name} (${PUBLISHES}) @ ${size.toLocaleString('en-US')}`,
        );
        const before = driver.index.memoCounts();
        const churnedBefore = driver.churned;
        const timing = await time(() => driver.round(), context.budget, PUBLISHES_PER_CHURN);
        const facts = {
          ...hitRate(before, driver.index.memoCounts()),
          'churn events': driver.churned - churnedBefore,
        };
        rows.push(timedRow(PUBLISHES, driver.index.name, size, timing, facts));
      }

      // The pairs alone: sigx's with its 100 publishes before each (untimed), so that every
      // pair meets a memo warm with the hot topics and patches it; qlobber's back to back (it
      // has no memo, and 100 of its publishes would take longer than the pair itself).
      const sigxDriver = drivers.find((driver) => driver.index.name === 'sigx')!;
      const qlobberDriver = drivers.find((driver) => driver.index.name === 'qlobber')!;
      for (const [driver, publishing] of [
        [sigxDriver, true],
        [qlobberDriver, false],
      ] as const) {
        context.log(`  timing ${driver.index.name} (${PAIRS}) @ ${size.toLocaleString('en-US')}`);
        const before = driver.index.memoCounts();
        const churnedBefore = driver.churned;
        const samples = await sampleWithInput(
          (subscription: Subscription) => driver.pair(subscription),
          publishing
            ? () => {
                driver.publishes();
                return driver.prepare();
              }
            : () => driver.prepare(),
          context.budget,
          false,
        );
        rows.push(
          timedRow(PAIRS, driver.index.name, size, timingOf(samples), {
            ...hitRate(before, driver.index.memoCounts()),
            'publishes between pairs': publishing ? PUBLISHES_PER_CHURN : 0,
            'churn events': driver.churned - churnedBefore,
          }),
        );
      }
      // After thousands of patches, sigx must still agree with an index built from scratch
      // with the same subscriptions (a stale memo entry would show).
      const fresh = new QlobberIndex('qlobber (rebuilt)');
      for (const subscription of workload.subscriptions) fresh.add(subscription);
      for (const subscription of sigxDriver.live) fresh.add(subscription);
      crossChecks.push(
        await crossCheck(
          `${this.id} @ ${size} after the timed pairs (${sigxDriver.churned} churn events)`,
          sample,
          fresh,
          [sigxDriver.index],
        ),
      );
    }
    const largest = sizes.at(-1)!;
    return scenarioResult(this, {
      operation: 'operation',
      baseline: 'naive',
      rows,
      crossChecks,
      notes: [
        `Two series, each with its own operation. \`${PUBLISHES}\`: one operation is one publish (a \`match\` on the next hot topic), timed in rounds of ${PUBLISHES_PER_CHURN} publishes followed by one subscribe (a filter on a hot topic, new to the index) and one unsubscribe (the oldest of ${LIVE_CHURN} churn subscriptions), so the churn's cost is spread over the publishes. \`${PAIRS}\`: one operation is one subscribe + unsubscribe pair (sigx \`add\` + \`remove\`, qlobber \`add\` + \`remove\` of the same filters), each pair its own sample.`,
        `In \`${PAIRS}\`, sigx publishes ${PUBLISHES_PER_CHURN} hot topics before each pair, outside the timed part, so every pair meets a memo warm with the hot topics and keeps it so: the hit rate is over those publishes. qlobber has no memo: its pairs run back to back. Each churn subscription's \`mqtt()\` RegExp is built outside the timed part too, so both contenders time only their index (\`mqtt(filter)\` is a user's cost on top of sigx's pair). A sample is one pair, read with two clock calls: the clock's own cost (tens of ns) is in every sample.`,
        `naive and naive+LRU are not timed above ${SCAN_LIMIT.toLocaleString('en-US')} subscriptions (one round would take seconds); the naive scan is still the cross-check's reference there.`,
        '`sigx (no churn)` is the same index and topics without churn.',
        `The churn subscriptions' patterns are compiled by \`mqtt()\` of \`@sigx/matcher\` (e.g. \`t0/+/temp\` to \`${mqtt('t0/+/temp').source}\`); the base subscriptions are the hand-written regexes of the other scenarios.`,
        "naive+LRU flushes its memo on every change (the simple correct policy), so it rarely hits; sigx patches the entries a change affects. Hit rates are measured over the timed run (sigx's from `stats().cache`).",
        'Cross-checks: before churn, after 25 rounds in lockstep, and after the timed pairs (sigx against a qlobber built from scratch with the same subscriptions).',
      ],
      headlineOf: (result, ratio) => {
        const pairRow = (name: string): Row | undefined => findRow(result, name, largest, PAIRS);
        const sigxRate = pairRow('sigx')?.facts['hit rate'];
        const sigxPair = pairRow('sigx')?.timing?.nsPerOp ?? Number.NaN;
        const qlobberPair = pairRow('qlobber')?.timing?.nsPerOp ?? Number.NaN;
        return (
          `At ${largest.toLocaleString('en-US')} subscriptions a sigx subscribe + unsubscribe pair takes ${formatDuration(sigxPair)} with a warm memo ` +
          `(${formatRatio(sigxPair / qlobberPair)} qlobber's add + remove, ${formatDuration(qlobberPair)}), and sigx keeps a ${typeof sigxRate === 'number' ? formatPercent(sigxRate) : '–'} memo hit rate; ` +
          `with one pair every ${PUBLISHES_PER_CHURN} publishes it publishes at ${formatPercent(ratioOf(result, 'sigx', 'sigx (no churn)', largest, PUBLISHES))} of its churn-free rate, ` +
          `${ratio('sigx', 'qlobber', largest, PUBLISHES)} qlobber's.`
        );
      },
    });
  },
};
