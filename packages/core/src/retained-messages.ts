/**
 * Retained messages (`publish({ retain: true })`): the last retained message of each topic,
 * kept for the subscriptions that come later (`replay: 'retained'`). Filed by topic in a
 * `TopicIndex`, so that a pattern with a literal prefix visits only its own topics, and bounded
 * by `maxRetained`; docs/delivery-semantics.md, "Retained messages", gives the rules.
 */
import {
  describeValue,
  TopicIndex,
  type TopicIndexOptions,
  type TopicPattern,
} from '@sigx/matcher';
import { RetainedEvictionError } from './errors.js';
import type { Message } from './message.js';
import type { RetainErrorContext } from './types.js';

/**
 * The default `maxRetained`: enough for a retained state per device or per entity of a large
 * application, and a bound on memory (with the default `maxTopicLength`, the topics alone stay
 * within about 1.3 GB in the worst case, and typically a few MB).
 */
export const DEFAULT_MAX_RETAINED: number = 10_000;

/** How many evicted topics a {@link RetainedEvictionError} names. */
const SAMPLE_SIZE = 10;

/**
 * Validates a `maxRetained` option.
 * @param value - the option as given.
 * @returns the bound; {@link DEFAULT_MAX_RETAINED} for `undefined`.
 * @throws `TypeError` for a value that is not a number, `RangeError` for one that is not a
 * positive integer or `Infinity`.
 */
export function checkMaxRetained(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_RETAINED;
  if (value === Infinity || (Number.isSafeInteger(value) && (value as number) > 0)) {
    return value as number;
  }
  const problem = `maxRetained must be a positive integer or Infinity, got ${describeValue(value)}`;
  throw typeof value === 'number' ? new RangeError(problem) : new TypeError(problem);
}

/** A retained message, with the `publisher` it was published with (replay passes it on). */
export interface Retained {
  readonly message: Message;
  readonly publisher: unknown;
}

/** Evictions not yet reported: one report per burst. */
interface Burst {
  readonly first: Message;
  count: number;
  readonly topics: string[];
}

/** The retained messages of one exchange. */
export class RetainedMessages {
  readonly #index: TopicIndex<Retained>;
  readonly #max: number;
  readonly #report: (error: RetainedEvictionError, context: RetainErrorContext) => void;
  #evicted = 0;
  #burst: Burst | null = null;

  /**
   * @param max - the `maxRetained` option, checked.
   * @param rules - the exchange's pattern rules and topic limit, so that a pattern the exchange
   * accepts is accepted here.
   * @param report - tells `onError` of a burst of evictions; must not throw.
   */
  constructor(
    max: number,
    rules: TopicIndexOptions,
    report: (error: RetainedEvictionError, context: RetainErrorContext) => void,
  ) {
    this.#max = max;
    this.#index = new TopicIndex<Retained>(rules);
    this.#report = report;
  }

  /** Topics with a retained message. */
  get size(): number {
    return this.#index.size;
  }

  /** The `maxRetained` bound. */
  get max(): number {
    return this.#max;
  }

  /** Retained messages forgotten to stay within the bound, since construction. */
  get evicted(): number {
    return this.#evicted;
  }

  /**
   * Keeps a message as its topic's retained message, replacing the one before; a message whose
   * `value` is `undefined` forgets the topic's retained message instead. A new topic beyond the
   * bound evicts the topic retained least recently.
   * @param message - the message, on a topic the exchange accepted.
   * @param publisher - the `publisher` it was published with.
   */
  retain(message: Message, publisher: unknown): void {
    const topic = message.topic;
    if (message.value === undefined) {
      this.#index.delete(topic);
      return;
    }
    if (!this.#index.has(topic) && this.#index.size >= this.#max) this.#evictOldest(message);
    this.#index.set(topic, { message, publisher });
  }

  /**
   * The retained messages whose topics a pattern matches, oldest retained first.
   * @param pattern - a topic pattern, checked as the exchange checks patterns.
   * @returns a new array.
   * @throws like `TopicMatcher.add` for a pattern it refuses.
   */
  matching(pattern: TopicPattern): Retained[] {
    return this.#index.match(pattern).map(([, retained]) => retained);
  }

  /**
   * The retained messages, oldest retained first.
   * @param pattern - only those whose topic it matches; omitted: all.
   * @returns a frozen array of the (frozen) messages.
   */
  list(pattern?: TopicPattern): readonly Message[] {
    const entries =
      pattern === undefined
        ? this.#index.entries().map(([, retained]) => retained)
        : this.matching(pattern);
    return Object.freeze(entries.map((retained) => retained.message));
  }

  #evictOldest(cause: Message): void {
    const oldest = this.#index.oldest();
    if (oldest === undefined) return;
    this.#index.delete(oldest[0]);
    this.#evicted += 1;
    if (this.#burst === null) {
      const burst: Burst = { first: cause, count: 0, topics: [] };
      this.#burst = burst;
      // One report when the event loop turns, for every eviction until then; unref'd, so that
      // a pending report never keeps a process alive.
      const timer = setTimeout(() => this.#flush(burst), 0);
      (timer as unknown as { unref?: () => void }).unref?.();
    }
    this.#burst.count += 1;
    if (this.#burst.topics.length < SAMPLE_SIZE) this.#burst.topics.push(oldest[0]);
  }

  #flush(burst: Burst): void {
    this.#burst = null;
    const error = new RetainedEvictionError(burst.count, this.#max, burst.topics);
    this.#report(error, { subscriptionId: undefined, message: burst.first, phase: 'retain' });
  }
}
