import { checkPattern, type TopicPattern } from '@sigx/matcher';
import { Dispatcher } from './dispatch.js';
import { DuplicateSubscriptionError } from './errors.js';
import { ExchangeCounters, statsOf } from './exchange-counters.js';
import {
  checkPublishArgs,
  checkPublishedTopic,
  type CheckedPublish,
  checkSubscribeOptions,
  resolveExchangeOptions,
  type ExchangeSettings,
} from './exchange-options.js';
import { randomId } from './ids.js';
import type { Message } from './message.js';
import { openStream, type MessageStream } from './message-stream.js';
import { nextMessage } from './next-message.js';
import { shortPublishArgs, type PublishOptions } from './publish-short-form.js';
import { Observers } from './observers.js';
import { reportSafely } from './reporting.js';
import { RetainedMessages } from './retained-messages.js';
import { openSubscription, type SubscriptionHandle } from './subscription-handle.js';
import { publishTrace, publishTracing } from './tracing.js';
import {
  Subscriptions,
  type Subscriber,
  type Subscription,
  type SubscriptionHooks,
} from './subscriptions.js';
import type {
  ErrorContext,
  ExchangeObserver,
  ExchangeStats,
  NextOptions,
  PublishArgs,
  PublishResult,
  SignalExchangeOptions,
  StreamOptions,
  SubscribeOptions,
} from './types.js';
import type {
  CheckedTopic,
  PatternValue,
  TopicMap,
  TopicValue,
  UntypedTopics,
} from './typed-topics.js';

/**
 * An async, in-memory topic-pattern signal exchange. Publishers publish {@link Message}s on
 * topics such as `parent/child`; subscribers subscribe with regular-expression patterns such
 * as `parent/.*`; every message reaches every subscription whose pattern matches the topic
 * from index 0. Matching goes through a `@sigx/matcher` index with a per-topic memo.
 *
 * @example
 * ```ts
 * const exchange = new SignalExchange();
 * exchange.subscribe({
 *   topicPattern: 'parent/.*',
 *   handler: (subscriptionId, publisher, message) => console.log(message.topic, message.value),
 * });
 * await exchange.publish({
 *   message: new Message({ publisherName: null, topic: 'parent/child', value: 'my message' }),
 * }); // logs "parent/child my message"; resolves { matched: 1, delivered: 1, failed: 0 }
 * ```
 *
 * @typeParam T - a {@link TopicMap} of MQTT-style topic templates to value types, which types
 * `publish(topic, value)`, and the messages of `subscribe`, `stream` and `next` (see
 * {@link PatternValue}). The default, {@link UntypedTopics}, takes any topic and any value.
 *
 * @example
 * ```ts
 * const typed = new SignalExchange<{ 'devices/+/temp': number; 'logs/#': string }>();
 * typed.subscribe({ topicPattern: mqtt('devices/#'), handler: (id, p, m) => m.value.toFixed(1) });
 * await typed.publish(`devices/${id}/temp`, 21); // a string value would not compile
 * ```
 */
export class SignalExchange<T extends TopicMap = UntypedTopics> {
  /** The options of the constructor, checked. */
  readonly #settings: ExchangeSettings<Subscription>;
  readonly #subscriptions: Subscriptions;
  readonly #observers = new Observers();
  readonly #dispatcher: Dispatcher;
  readonly #retained: RetainedMessages;
  readonly #counters = new ExchangeCounters();

  /**
   * @param options - see {@link SignalExchangeOptions}.
   * @throws `TypeError` or `RangeError` for an option of the wrong type or out of range.
   */
  constructor(options: SignalExchangeOptions = {}) {
    const settings = resolveExchangeOptions<Subscription>(options);
    this.#settings = settings;
    // onError is called with the exchange as `this`; reporting never throws (reporting.ts).
    const report = (error: unknown, context: ErrorContext): void =>
      reportSafely(settings.onError, this, error, context);
    this.#subscriptions = new Subscriptions(settings.matcher, (subscription) =>
      this.#observers.subscription('onUnsubscribe', subscription),
    );
    this.#dispatcher = new Dispatcher(
      this,
      settings.concurrent,
      report,
      (subscription) => this.#subscriptions.end(subscription),
      this.#counters,
    );
    const { patternRules, maxTopicLength } = settings;
    this.#retained = new RetainedMessages(
      settings.maxRetained,
      { ...patternRules, maxTopicLength },
      report,
    );
  }

  /** Number of live subscriptions. */
  get size(): number {
    return this.#subscriptions.size;
  }

  /**
   * Subscribes a handler to the topics a pattern matches.
   *
   * @param options - see {@link SubscribeOptions}.
   * @returns the subscription id (also when an already-aborted `signal` subscribed nothing).
   * @throws `PatternSyntaxError` when `topicPattern` is an invalid regular expression.
   * @throws `UnsafePatternError` with `unsafePatterns: 'reject'`, when `topicPattern` risks
   * super-linear backtracking.
   * @throws `LimitExceededError` when `topicPattern` is longer than `maxPatternLength`.
   * @throws {@link DuplicateSubscriptionError} when `subscriptionId` is already in use.
   * @throws `TypeError` for an option of the wrong type, such as a handler that is not a
   * function or an `async` filter. A failed call changes nothing.
   *
   * @example
   * ```ts
   * const id = exchange.subscribe({
   *   topicPattern: /^sensors\/[^/]+\/temp$/,
   *   publisherName: 'thermostat',
   *   filter: (id, publisher, message) => typeof message.value === 'number',
   *   handler: async (id, publisher, message) => { await save(message.value); },
   * });
   * exchange.unsubscribe(id);
   * ```
   */
  subscribe<const P extends TopicPattern>(
    options: SubscribeOptions<NoInfer<PatternValue<T, P>>, P>,
  ): string;
  subscribe(options: SubscribeOptions): string {
    return this.#subscribe(options, {});
  }

  /**
   * Subscribes as {@link SignalExchange.subscribe} does, and returns the subscription as a
   * disposable handle, so that `using` ends it with the block that holds it.
   *
   * @param options - see {@link SubscribeOptions}.
   * @returns the {@link SubscriptionHandle}: its `subscriptionId`, `unsubscribe()`, and
   * `[Symbol.dispose]()`, which unsubscribes (`Symbol.for('Symbol.dispose')` where the runtime
   * has no `Symbol.dispose`). Either removes this subscription only while it is live.
   * @throws like {@link SignalExchange.subscribe}; nothing is subscribed then.
   *
   * @example
   * ```ts
   * {
   *   using subscription = exchange.subscription({ topicPattern: mqtt('jobs/#'), handler });
   *   await exchange.publish('jobs/1', 'resize'); // delivered
   * } // unsubscribed here, even if the block throws
   * ```
   */
  subscription<const P extends TopicPattern>(
    options: SubscribeOptions<NoInfer<PatternValue<T, P>>, P>,
  ): SubscriptionHandle;
  subscription(options: SubscribeOptions): SubscriptionHandle {
    return openSubscription(options, this.#subscriber, (id) => this.unsubscribe(id));
  }

  /**
   * Removes a subscription.
   * @param subscriptionId - its id.
   * @returns `true` if it existed, `false` for an unknown id.
   */
  unsubscribe(subscriptionId: string): boolean {
    return this.#subscriptions.delete(subscriptionId);
  }

  /**
   * Publishes a message to every subscription whose pattern matches its topic.
   *
   * In order: the topic is validated (an invalid one rejects with `InvalidTopicError` before
   * anything is dispatched); the matching subscriptions are found; those bound to another
   * `publisherName` are dropped; every remaining filter runs, in subscription order, before any
   * handler; each handler function is called at most once, with the id of its first remaining
   * subscription, in subscription order, sequentially or concurrently (any thenable returned is
   * awaited, for at most `handlerTimeout` ms). Failures of filters and handlers, and handler
   * timeouts, go to `onError`; they never reject `publish`.
   * The subscriptions are fixed when `publish` is called.
   *
   * With `retain: true`, the message also becomes its topic's retained message (once the
   * `onPublish` observers accepted it, before any filter runs), for later subscriptions with
   * `replay: 'retained'`; a `value` of `undefined` forgets the topic's retained message.
   *
   * @param args - `message`, the `publisher` passed on to filters and handlers, and `retain`.
   * @returns a promise of how many subscriptions matched and how many handler calls were made
   * and failed.
   * @throws (rejects) `InvalidTopicError` for a topic that breaks the topic rule,
   * `LimitExceededError` for one longer than `maxTopicLength`, `TypeError` when `message`
   * is not a {@link Message} or `retain` not a boolean, {@link PublishDepthError} when it is nested in more than
   * `maxPublishDepth` handler and filter calls, and the error an `onPublish` observer threw to
   * refuse it. It never throws synchronously.
   *
   * @example
   * ```ts
   * const result = await exchange.publish({
   *   publisher: thermostat, // any object; handlers and filters receive it
   *   message: new Message({ publisherName: 'thermostat', topic: 'sensors/hall/temp', value: 21 }),
   * });
   * result; // { matched: 1, delivered: 1, failed: 0 }
   * ```
   */
  publish(args: PublishArgs): Promise<PublishResult>;
  /**
   * Publishes `value` on `topic`: the short form of `publish({ message, publisher, retain })`,
   * which makes the {@link Message} (`publisherName` and `previousValue` from `options`) and
   * then publishes exactly as the object form does.
   *
   * On an exchange typed by a {@link TopicMap}, the topic must fit a template (literal topics
   * level by level: `devices/a/b/temp` does not fit `devices/+/temp`; template literal types
   * such as `` `devices/${string}/temp` `` as their levels allow), and the value must have the
   * type of every template it fits ({@link TopicValue}).
   *
   * @param topic - the topic (a string: that is how the two forms are told apart).
   * @param value - the message's value.
   * @param options - see {@link PublishOptions}.
   * @returns a promise of the {@link PublishResult}, as the object form.
   * @throws (rejects) what the object form rejects with, and `TypeError` when `options` is not
   * an object or `publisherName` is neither a string nor `null`. It never throws synchronously.
   *
   * @example
   * ```ts
   * await exchange.publish('sensors/hall/temp', 21, { publisherName: 'thermostat', retain: true });
   * ```
   */
  publish<const K extends string>(
    topic: CheckedTopic<T, K>,
    value: NoInfer<TopicValue<T, K>>,
    options?: PublishOptions<NoInfer<TopicValue<T, K>>>,
  ): Promise<PublishResult>;
  publish(
    argsOrTopic: PublishArgs | string,
    value?: unknown,
    options?: PublishOptions,
  ): Promise<PublishResult> {
    try {
      const args =
        typeof argsOrTopic === 'string'
          ? shortPublishArgs(argsOrTopic, value, options)
          : argsOrTopic;
      return this.#publish(args, 'publish');
    } catch (error) {
      // A refusal, a getter of `args` that throws, a stack that ran out: reject, never throw.
      this.#counters.refused += 1;
      return Promise.reject(error);
    }
  }

  /**
   * Dispatches a message that came from elsewhere (another process, through a bridge) to this
   * exchange's subscriptions, exactly as {@link SignalExchange.publish} does, except that the
   * `onPublish` observers are not told: a bridge that delivers what it received never sends it
   * back out. `retain` keeps the message as `publish` does (a bridge passes on the remote
   * publish's `retain`).
   *
   * @param args - `message`, the `publisher` passed on to filters and handlers (a bridge
   * passes a description of the origin), and `retain`.
   * @returns a promise of the {@link PublishResult}, as `publish`.
   * @throws (rejects) like `publish`: `InvalidTopicError`, `LimitExceededError`, `TypeError`
   * for a non-`Message` or a non-boolean `retain`, or {@link PublishDepthError}.
   */
  deliver(args: PublishArgs): Promise<PublishResult> {
    try {
      return this.#publish(args, 'deliver');
    } catch (error) {
      this.#counters.refused += 1;
      return Promise.reject(error);
    }
  }

  /**
   * Watches this exchange: `onPublish` is told of every accepted publish (and may refuse it by
   * throwing), `onSubscribe` and `onUnsubscribe` of every subscription that comes and goes.
   * The live subscriptions are replayed to `onSubscribe` at once, in subscription order, so the
   * observer starts with the whole picture. This is the extension point of bridges such as
   * `@sigx/redis`, which forward local publishes and subscribe elsewhere to what the local
   * subscriptions can match; they bring messages in with {@link SignalExchange.deliver}.
   *
   * @param observer - see {@link ExchangeObserver}; every callback is optional.
   * @returns a function that stops the observation (calling it again does nothing).
   * @throws `TypeError` when `observer` is not an object or a callback is not a function.
   *
   * @example
   * ```ts
   * const stop = exchange.observe({
   *   onPublish: (message) => outbox.push(message),
   *   onSubscribe: ({ topicPattern }) => interest.add(topicPattern),
   * });
   * stop();
   * ```
   */
  observe(observer: ExchangeObserver): () => void {
    return this.#observers.add(observer, this.#subscriptions);
  }

  #publish(args: PublishArgs, operation: 'publish' | 'deliver'): Promise<PublishResult> {
    // Everything thrown here is a rejection, counted as refused (see publish and deliver).
    const checked = checkPublishArgs(args, operation);
    const tracing = publishTracing();
    if (tracing === undefined) return this.#dispatch(checked, operation);
    const trace = publishTrace(this, operation, checked);
    return tracing.tracePromise(() => this.#dispatch(checked, operation), trace);
  }

  #dispatch(checked: CheckedPublish, operation: 'publish' | 'deliver'): Promise<PublishResult> {
    const { message, publisher, retain, traceparent } = checked;
    // An observer that shares groups among processes delivers to them itself.
    const group =
      checked.group === undefined && operation === 'publish' && this.#observers.routesGroups
        ? null
        : checked.group;
    const topic = checkPublishedTopic(message.topic, this.#settings);
    const counters = this.#counters;
    if (operation === 'publish') {
      this.#observers.published(message, publisher, retain, traceparent);
      counters.publishes += 1;
    } else {
      counters.delivers += 1;
    }
    if (retain) this.#retained.retain(message, publisher);
    const subscriptions = this.#subscriptions;
    const grouped = subscriptions.groups.members > 0 || group !== undefined;
    const candidates = subscriptions.match(topic);
    return this.#dispatcher.dispatch(candidates, publisher, message, grouped, traceparent, group);
  }

  /**
   * Streams the messages a pattern matches, as an async iterator. It subscribes when called;
   * messages wait in a buffer while the consumer is slow (unbounded unless `bufferSize` is
   * given, with an `overflow` policy). `return()`, `break` and abort unsubscribe.
   *
   * @param options - see {@link StreamOptions}.
   * @returns the stream; its `subscriptionId` is the subscription that feeds it.
   * @throws like {@link SignalExchange.subscribe}, and `TypeError` for a `bufferSize` without
   * an `overflow` policy, or `RangeError` for a `bufferSize` that is not a positive integer.
   *
   * @example
   * ```ts
   * for await (const message of exchange.stream({ topicPattern: 'parent/.*' })) {
   *   console.log(message.value);
   *   if (message.value === 'stop') break; // unsubscribes
   * }
   * ```
   */
  stream<const P extends TopicPattern>(
    options: StreamOptions<NoInfer<PatternValue<T, P>>, P>,
  ): MessageStream<PatternValue<T, P>>;
  stream(options: StreamOptions): MessageStream {
    return openStream(options, this.#subscriber, (id) => this.unsubscribe(id));
  }

  /**
   * The next message a pattern matches. Subscribes now, unsubscribes once settled.
   *
   * @param options - see {@link NextOptions}.
   * @returns a promise of the message; aborting `signal` rejects it with the signal's reason,
   * and `clear()` rejects it with {@link SubscriptionClosedError}.
   * @throws like {@link SignalExchange.subscribe} (synchronously, for bad options).
   *
   * @example
   * ```ts
   * const reply = await exchange.next({ topicPattern: 'replies/42$', signal: AbortSignal.timeout(1000) });
   * ```
   */
  next<const P extends TopicPattern>(
    options: NextOptions<NoInfer<PatternValue<T, P>>, P>,
  ): Promise<Message<PatternValue<T, P>>>;
  next(options: NextOptions): Promise<Message> {
    return nextMessage(options, this.#subscriber, (id) => this.unsubscribe(id));
  }

  /**
   * Whether a message on this topic would reach at least one subscription, filters aside.
   * @param topic - the topic.
   * @param publisherName - the message's publisher name; omitted: from any publisher.
   * @returns `true` if a subscription's pattern matches and its publisher routing allows it.
   * @throws `TypeError` when `topic` is not a string, `LimitExceededError` when it is longer
   * than `maxTopicLength`.
   */
  hasSubscribers(topic: string, publisherName?: string | null): boolean {
    return this.#subscriptions.reaches(topic, publisherName);
  }

  /**
   * The retained messages (see `publish({ retain: true })`), oldest retained first.
   * @param topicPattern - only those whose topic it matches; omitted: all of them.
   * @returns a frozen array of the messages, a snapshot.
   * @throws for a pattern `subscribe` would refuse, with the same errors.
   */
  retained(topicPattern?: TopicPattern): readonly Message[] {
    return this.#retained.list(topicPattern);
  }

  /** @returns a frozen snapshot of what the exchange holds and has done: {@link ExchangeStats}. */
  stats(): ExchangeStats {
    return statsOf(this.#counters, this.#subscriptions, this.#retained, this.#settings.matcher);
  }

  /**
   * Removes every subscription (retained messages stay: they belong to topics, not to
   * subscribers). Open streams end once their buffered messages are read,
   * including those that publishes already under way planned for them (added at once, without
   * waiting for those publishes); pending `next()` calls reject with
   * {@link SubscriptionClosedError}.
   */
  clear(): void {
    this.#subscriptions.clear();
  }

  /** Subscribes with hooks: what `stream` and `next` build on. */
  readonly #subscriber: Subscriber = (options, hooks) => this.#subscribe(options, hooks);

  #subscribe(options: SubscribeOptions, hooks: SubscriptionHooks): string {
    const settings = checkSubscribeOptions(options, this.#settings.handlerTimeout);
    const id = options.subscriptionId ?? randomId();
    if (this.#subscriptions.has(id)) throw new DuplicateSubscriptionError(id);
    if (settings.signal?.aborted === true) {
      // Still refuse a pattern that subscribing would refuse: invalid, unsafe or too long.
      checkPattern(settings.topicPattern, this.#settings.patternRules);
      hooks.onEnd?.();
      return id;
    }
    // Taken before the subscription is filed, so that a publish a replayed handler makes is
    // live for it, not replayed as well. The index checks the pattern as the matcher does.
    const retained =
      settings.replay === 'retained' ? this.#retained.matching(settings.topicPattern) : [];
    if (hooks.newestFirst === true) retained.reverse();
    // The matcher checks the pattern: if it throws, nothing has changed yet.
    const subscriptions = this.#subscriptions;
    const subscription = subscriptions.add(id, settings, hooks);
    this.#observers.subscription('onSubscribe', subscription);
    if (retained.length > 0) {
      this.#dispatcher.replay(subscription, retained, () => subscriptions.isLive(subscription));
    }
    return id;
  }
}
