/**
 * The live subscriptions of an exchange: their records, filed both by id and in the matcher,
 * and the ways they end (unsubscribe, abort, a collected weak handler, clear).
 */
import type { TopicMatcher, TopicPattern } from '@sigx/matcher';
import type { SubscribeSettings } from './exchange-options.js';
import type { Message } from './message.js';
import { QueueGroups, type QueueGroup } from './queue-groups.js';
import type { Filter, Handler, SubscribeOptions } from './types.js';

/** What `stream` and `next` attach to the subscription they make. */
export interface SubscriptionHooks {
  /** Undoes side registrations (abort listener, stream) when the subscription ends. */
  readonly onEnd?: () => void;
  /** Told when a publish plans a delivery to it (streams keep the deliveries still to come). */
  readonly onPlanned?: (message: Message) => void;
  /** Replay the retained messages newest first (`next`: the latest one that passes wins). */
  readonly newestFirst?: boolean;
}

/** Subscribes with hooks (the exchange's own `subscribe`, for `stream` and `next`). */
export type Subscriber = (options: SubscribeOptions, hooks: SubscriptionHooks) => string;

/** A live subscription. */
export interface Subscription {
  readonly id: string;
  /** Its place in subscription order: larger for every later subscription of the exchange. */
  readonly order: number;
  readonly pattern: TopicPattern;
  readonly publisherName: string | undefined;
  readonly filter: Filter | undefined;
  /** The handler, or a `WeakRef` to it for `weak` subscriptions. */
  readonly handler: Handler | WeakRef<Handler>;
  readonly weak: boolean;
  /** Milliseconds `publish` waits for its handler's promise; `Infinity` for no limit. */
  readonly timeout: number;
  /** Its queue group, if it joined one. */
  readonly group: QueueGroup | undefined;
  /** Undoes side registrations (abort listener, stream) when the subscription ends. */
  readonly onEnd: (() => void) | undefined;
  /** Told when a publish plans a delivery to it (streams keep the deliveries still to come). */
  readonly onPlanned: ((message: Message) => void) | undefined;
}

/**
 * A subscription's handler, if it is still alive.
 * @param subscription - the subscription.
 * @returns the handler; `undefined` once a weak one was collected.
 */
export function liveHandler(subscription: Subscription): Handler | undefined {
  return subscription.weak
    ? (subscription.handler as WeakRef<Handler>).deref()
    : (subscription.handler as Handler);
}

/** The subscriptions of one exchange, in subscription order. */
export class Subscriptions {
  readonly #matcher: TopicMatcher<Subscription>;
  readonly #byId = new Map<string, Subscription>();
  readonly #groups = new QueueGroups();
  #nextOrder = 0;
  /** Live subscriptions that feed a stream (those with an `onPlanned` hook). */
  #streams = 0;
  readonly #onRemoved: (subscription: Subscription) => void;
  /** Ends weak subscriptions whose handler was collected. */
  readonly #collected = new FinalizationRegistry<Subscription>((subscription) =>
    this.end(subscription),
  );

  /**
   * @param matcher - an empty matcher, which files the subscriptions by pattern.
   * @param onRemoved - told of every subscription removed, once it is gone.
   */
  constructor(
    matcher: TopicMatcher<Subscription>,
    onRemoved: (subscription: Subscription) => void,
  ) {
    this.#matcher = matcher;
    this.#onRemoved = onRemoved;
  }

  /** Number of live subscriptions. */
  get size(): number {
    return this.#byId.size;
  }

  /** Number of live subscriptions that feed a `stream()`. */
  get streams(): number {
    return this.#streams;
  }

  /** The queue groups the live subscriptions joined. */
  get groups(): QueueGroups {
    return this.#groups;
  }

  /**
   * @param id - a subscription id.
   * @returns whether a live subscription has it.
   */
  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /**
   * @param subscription - a subscription.
   * @returns whether it is still live (not ended, its id not reused).
   */
  isLive(subscription: Subscription): boolean {
    return this.#byId.get(subscription.id) === subscription;
  }

  /** @returns the live subscriptions, in subscription order, as an array of their own. */
  list(): Subscription[] {
    return [...this.#byId.values()];
  }

  /**
   * @param topic - a topic.
   * @returns the subscriptions whose pattern matches it, in subscription order.
   * @throws like `TopicMatcher.match`, for a topic that is not a string or too long.
   */
  match(topic: string): readonly Subscription[] {
    return this.#matcher.match(topic);
  }

  /**
   * Whether a message on a topic would reach a subscription, filters aside (`hasSubscribers`).
   * @param topic - the topic.
   * @param publisherName - the message's publisher name; `undefined`: from any publisher.
   * @returns `true` if a subscription's pattern matches and its publisher routing allows it;
   * a member of a queue group counts like any subscription.
   * @throws like `TopicMatcher.match`, for a topic that is not a string or too long.
   */
  reaches(topic: string, publisherName: string | null | undefined): boolean {
    for (const subscription of this.#matcher.match(topic)) {
      if (
        (publisherName === undefined ||
          subscription.publisherName === undefined ||
          subscription.publisherName === publisherName) &&
        // A collected weak handler does not count; its subscription is left for delivery or
        // the FinalizationRegistry to remove, since a question must not change the exchange.
        liveHandler(subscription) !== undefined
      ) {
        return true;
      }
    }
    return false;
  }

  /**
   * Files a subscription; aborting `signal` ends it.
   * @param id - its id, not in use.
   * @param settings - its checked options.
   * @param hooks - `onEnd`, called when it ends, however it ends; `onPlanned`, told when a
   * publish plans a delivery to it.
   * @returns the subscription.
   * @throws like `TopicMatcher.add`, for a pattern it refuses; then nothing has changed.
   */
  add(
    id: string,
    settings: SubscribeSettings,
    { onEnd, onPlanned }: SubscriptionHooks,
  ): Subscription {
    const { topicPattern, handler, publisherName, filter, signal, weak, timeout, group } = settings;
    const abort = (): void => this.end(subscription);
    const queueGroup = group === undefined ? undefined : this.#groups.join(group);
    const subscription: Subscription = {
      id,
      order: this.#nextOrder,
      pattern: topicPattern,
      publisherName,
      filter,
      handler: weak ? new WeakRef(handler) : handler,
      weak,
      timeout,
      group: queueGroup,
      onEnd: () => {
        signal?.removeEventListener('abort', abort);
        onEnd?.();
      },
      onPlanned,
    };
    try {
      this.#matcher.add(topicPattern, subscription);
    } catch (error) {
      if (queueGroup !== undefined) this.#groups.leave(queueGroup); // a refused pattern joins nothing
      throw error;
    }
    this.#nextOrder += 1;
    this.#byId.set(id, subscription);
    if (onPlanned !== undefined) this.#streams += 1;
    signal?.addEventListener('abort', abort, { once: true });
    if (weak) this.#collected.register(handler, subscription, subscription);
    return subscription;
  }

  /**
   * Removes a subscription by id.
   * @param id - its id.
   * @returns `true` if it existed.
   */
  delete(id: string): boolean {
    const subscription = this.#byId.get(id);
    if (subscription === undefined) return false;
    this.#remove(subscription);
    return true;
  }

  /**
   * Removes a subscription if it is still live: an abort, a collection or a delivery that
   * finds its weak handler gone may come after it ended, or after its id was reused.
   * @param subscription - the subscription.
   */
  end(subscription: Subscription): void {
    if (this.isLive(subscription)) this.#remove(subscription);
  }

  /** Removes every subscription, in subscription order. */
  clear(): void {
    for (const subscription of this.list()) this.#remove(subscription);
    // Whatever the matcher might still hold, nothing can be delivered after a clear().
    this.#matcher.clear();
  }

  #remove(subscription: Subscription): void {
    this.#byId.delete(subscription.id);
    this.#matcher.remove(subscription.pattern, subscription);
    if (subscription.onPlanned !== undefined) this.#streams -= 1;
    if (subscription.group !== undefined) this.#groups.leave(subscription.group);
    if (subscription.weak) this.#collected.unregister(subscription);
    subscription.onEnd?.();
    this.#onRemoved(subscription);
  }
}
