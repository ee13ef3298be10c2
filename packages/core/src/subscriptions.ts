/**
 * The live subscriptions of an exchange: their records, filed both by id and in the matcher,
 * and the ways they end (unsubscribe, abort, a collected weak handler, clear).
 */
import type { TopicMatcher, TopicPattern } from '@sigx/matcher';
import type { SubscribeSettings } from './exchange-options.js';
import type { Message } from './message.js';
import type { Filter, Handler } from './types.js';

/** A live subscription. */
export interface Subscription {
  readonly id: string;
  readonly pattern: TopicPattern;
  readonly publisherName: string | undefined;
  readonly filter: Filter | undefined;
  /** The handler, or a `WeakRef` to it for `weak` subscriptions. */
  readonly handler: Handler | WeakRef<Handler>;
  readonly weak: boolean;
  /** Milliseconds `publish` waits for its handler's promise; `Infinity` for no limit. */
  readonly timeout: number;
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

  /**
   * @param id - a subscription id.
   * @returns whether a live subscription has it.
   */
  has(id: string): boolean {
    return this.#byId.has(id);
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
   * Files a subscription; aborting `signal` ends it.
   * @param id - its id, not in use.
   * @param settings - its checked options.
   * @param onEnd - called when it ends, however it ends.
   * @param onPlanned - told when a publish plans a delivery to it.
   * @returns the subscription.
   * @throws like `TopicMatcher.add`, for a pattern it refuses; then nothing has changed.
   */
  add(
    id: string,
    settings: SubscribeSettings,
    onEnd: (() => void) | undefined,
    onPlanned: ((message: Message) => void) | undefined,
  ): Subscription {
    const { topicPattern, handler, publisherName, filter, signal, weak, timeout } = settings;
    const abort = (): void => this.end(subscription);
    const subscription: Subscription = {
      id,
      pattern: topicPattern,
      publisherName,
      filter,
      handler: weak ? new WeakRef(handler) : handler,
      weak,
      timeout,
      onEnd: () => {
        signal?.removeEventListener('abort', abort);
        onEnd?.();
      },
      onPlanned,
    };
    this.#matcher.add(topicPattern, subscription);
    this.#byId.set(id, subscription);
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
    if (this.#byId.get(subscription.id) === subscription) this.#remove(subscription);
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
    if (subscription.weak) this.#collected.unregister(subscription);
    subscription.onEnd?.();
    this.#onRemoved(subscription);
  }
}
