/**
 * The observers of an exchange (`SignalExchange#observe`): told of publishes, which they may
 * refuse, and of subscriptions coming and going, which they may not disturb.
 */
import { describeValue } from '@sigx/matcher';
import type { Message } from './message.js';
import { writeError } from './reporting.js';
import type { Subscription, Subscriptions } from './subscriptions.js';
import type { ExchangeObserver, PublishDetails, SubscriptionInfo } from './types.js';

/** An observer's callbacks, read once when `observe` is called. */
interface Observation {
  readonly observer: ExchangeObserver;
  readonly onPublish: ExchangeObserver['onPublish'];
  readonly onSubscribe: ExchangeObserver['onSubscribe'];
  readonly onUnsubscribe: ExchangeObserver['onUnsubscribe'];
}

/** The observers of one exchange, in the order they were added. */
export class Observers {
  /** Replaced, never mutated, so a notification loop is not disturbed by observe/dispose. */
  #observations: readonly Observation[] = [];
  /** Observers attached with `routesGroups: true`. */
  #groupRouters = 0;

  /** Whether an observer shares the queue groups among processes (`routesGroups`). */
  get routesGroups(): boolean {
    return this.#groupRouters > 0;
  }

  /**
   * Adds an observer, and tells it at once of the live subscriptions.
   * @param observer - see {@link ExchangeObserver}.
   * @param live - the live subscriptions, replayed to `onSubscribe` in subscription order.
   * @returns a function that removes it (calling it again does nothing).
   * @throws `TypeError` when `observer` is not an object or a callback is not a function.
   */
  add(observer: ExchangeObserver, live: Subscriptions): () => void {
    if (typeof observer !== 'object' || observer === null) {
      throw new TypeError(`observe needs an observer object, got ${describeValue(observer)}`);
    }
    const { onPublish, onSubscribe, onUnsubscribe } = observer;
    for (const [key, callback] of [
      ['onPublish', onPublish],
      ['onSubscribe', onSubscribe],
      ['onUnsubscribe', onUnsubscribe],
    ] as const) {
      if (callback !== undefined && typeof callback !== 'function') {
        throw new TypeError(`${key} must be a function, got ${describeValue(callback)}`);
      }
    }
    const { routesGroups = false } = observer;
    if (typeof routesGroups !== 'boolean') {
      throw new TypeError(`routesGroups must be a boolean, got ${describeValue(routesGroups)}`);
    }
    const observation: Observation = { observer, onPublish, onSubscribe, onUnsubscribe };
    this.#observations = [...this.#observations, observation];
    if (routesGroups) this.#groupRouters += 1;
    if (onSubscribe !== undefined) {
      for (const subscription of live.list())
        notify(observation, onSubscribe, infoOf(subscription));
    }
    return () => {
      if (!this.#observations.includes(observation)) return;
      this.#observations = this.#observations.filter((other) => other !== observation);
      if (routesGroups) this.#groupRouters -= 1;
    };
  }

  /**
   * Tells every `onPublish` of a publish.
   * @param message - the message published.
   * @param publisher - its publisher.
   * @param retain - whether it was published with `retain: true`.
   * @param traceparent - its trace context, if any.
   * @throws what an `onPublish` threw to refuse the publish (the later ones are not told).
   */
  published(
    message: Message,
    publisher: unknown,
    retain: boolean,
    traceparent: string | undefined,
  ): void {
    const observations = this.#observations;
    if (observations.length === 0) return;
    const details: PublishDetails = Object.freeze({ retain, traceparent });
    for (const { observer, onPublish } of observations) {
      onPublish?.call(observer, message, publisher, details);
    }
  }

  /**
   * Tells every `onSubscribe` or `onUnsubscribe` of a subscription; never throws.
   * @param key - which callback.
   * @param subscription - the subscription that came or went.
   */
  subscription(key: 'onSubscribe' | 'onUnsubscribe', subscription: Subscription): void {
    if (this.#observations.length === 0) return;
    const info = infoOf(subscription);
    for (const observation of this.#observations) {
      const callback = observation[key];
      if (callback !== undefined) notify(observation, callback, info);
    }
  }
}

function infoOf(subscription: Subscription): SubscriptionInfo {
  return {
    subscriptionId: subscription.id,
    topicPattern: subscription.pattern,
    publisherName: subscription.publisherName,
    group: subscription.group?.name,
  };
}

/**
 * Calls a subscription observer; one that throws must not break subscribe, unsubscribe or
 * clear: what it threw is written to console.error, which never throws (see reporting.ts).
 */
function notify(
  observation: Observation,
  callback: (info: SubscriptionInfo) => void,
  info: SubscriptionInfo,
): void {
  try {
    callback.call(observation.observer, info);
  } catch (error) {
    writeError(
      `sigx: an exchange observer threw while told of subscription ${info.subscriptionId}:`,
      error,
    );
  }
}
