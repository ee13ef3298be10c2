/**
 * What an exchange counts as it works, for `SignalExchange#stats`: plain numbers that the
 * exchange and its dispatcher add to at fixed points, so that counting costs a few additions
 * per publish and nothing per message when nobody reads them.
 */
import type { TopicMatcher } from '@sigx/matcher';
import type { RetainedMessages } from './retained-messages.js';
import type { Subscriptions } from './subscriptions.js';
import type { ExchangeStats } from './types.js';

/** The running counts of one exchange, since construction. */
export class ExchangeCounters {
  /** `publish` calls accepted (valid arguments and topic, no observer refused them). */
  publishes = 0;
  /** `deliver` calls accepted. */
  delivers = 0;
  /** `publish` and `deliver` calls that rejected: bad arguments or topic, depth, an observer. */
  refused = 0;
  /** Subscriptions reached, over every dispatched publish (filters and groups passed). */
  matched = 0;
  /** Handler calls made. */
  delivered = 0;
  /** Handler calls that threw, rejected or timed out. */
  failed = 0;
  /** Handler calls that timed out (also counted in `failed`). */
  timedOut = 0;
  /** Filter calls that threw or returned a thenable. */
  filterErrors = 0;
  /** Most subscriptions one publish reached. */
  maxFanOut = 0;

  /**
   * Counts one dispatched publish.
   * @param matched - the subscriptions it reached.
   * @param delivered - the handler calls planned.
   */
  dispatched(matched: number, delivered: number): void {
    this.matched += matched;
    this.delivered += delivered;
    if (matched > this.maxFanOut) this.maxFanOut = matched;
  }
}

/**
 * The exchange's counters and what it holds now, as `stats()` reports them.
 * @param counters - the running counts.
 * @param subscriptions - its live subscriptions.
 * @param retained - its retained messages.
 * @param matcher - its matcher, for the memo's counters.
 * @returns a frozen snapshot.
 */
export function statsOf(
  counters: ExchangeCounters,
  subscriptions: Subscriptions,
  retained: RetainedMessages,
  matcher: TopicMatcher<unknown>,
): ExchangeStats {
  const dispatched = counters.publishes + counters.delivers;
  const { hits, misses, size, max } = matcher.stats().cache;
  return Object.freeze({
    subscriptions: subscriptions.size,
    groups: subscriptions.groups.size,
    streams: subscriptions.streams,
    retained: retained.size,
    maxRetained: retained.max,
    retainedEvicted: retained.evicted,
    publishes: counters.publishes,
    delivers: counters.delivers,
    refused: counters.refused,
    matched: counters.matched,
    delivered: counters.delivered,
    failed: counters.failed,
    timedOut: counters.timedOut,
    filterErrors: counters.filterErrors,
    fanOut: Object.freeze({
      mean: dispatched === 0 ? 0 : counters.matched / dispatched,
      max: counters.maxFanOut,
    }),
    memo: Object.freeze({ hits, misses, size, max }),
  });
}
