import { checkPattern, checkTopic, describeValue } from '@sigx/matcher';
import { checkPublishDepth, Dispatcher } from './dispatch.js';
import {
  DuplicateSubscriptionError,
  InvalidTopicError,
  SubscriptionClosedError,
} from './errors.js';
import {
  checkStreamBuffer,
  checkSubscribeOptions,
  resolveExchangeOptions,
  targetOf,
  type ExchangeSettings,
} from './exchange-options.js';
import { randomId } from './ids.js';
import { Message } from './message.js';
import { BufferedMessageStream, type MessageStream } from './message-stream.js';
import { Observers } from './observers.js';
import { reportSafely } from './reporting.js';
import { liveHandler, Subscriptions, type Subscription } from './subscriptions.js';
import type {
  ExchangeObserver,
  NextOptions,
  PublishResult,
  SignalExchangeOptions,
  StreamOptions,
  SubscribeOptions,
} from './types.js';

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
 */
export class SignalExchange {
  /** The options of the constructor, checked. */
  readonly #settings: ExchangeSettings<Subscription>;
  readonly #subscriptions: Subscriptions;
  readonly #observers = new Observers();
  readonly #dispatcher: Dispatcher;

  /**
   * @param options - see {@link SignalExchangeOptions}.
   * @throws `TypeError` or `RangeError` for an option of the wrong type or out of range.
   */
  constructor(options: SignalExchangeOptions = {}) {
    const settings = resolveExchangeOptions<Subscription>(options);
    this.#settings = settings;
    this.#subscriptions = new Subscriptions(settings.matcher, (subscription) =>
      this.#observers.subscription('onUnsubscribe', subscription),
    );
    this.#dispatcher = new Dispatcher(
      settings.concurrent,
      // onError is called with the exchange as `this`; reporting never throws (reporting.ts).
      (error, context) => reportSafely(settings.onError, this, error, context),
      (subscription) => this.#subscriptions.end(subscription),
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
  subscribe(options: SubscribeOptions): string {
    return this.#subscribe(options, undefined, undefined);
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
   * @param args - `message`, and the `publisher` passed on to filters and handlers.
   * @returns a promise of how many subscriptions matched and how many handler calls were made
   * and failed.
   * @throws (rejects) `InvalidTopicError` for a topic that breaks the topic rule,
   * `LimitExceededError` for one longer than `maxTopicLength`, `TypeError` when `message`
   * is not a {@link Message}, {@link PublishDepthError} when it is nested in more than
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
  publish(args: {
    readonly publisher?: unknown;
    readonly message: Message;
  }): Promise<PublishResult> {
    try {
      return this.#publish(args, 'publish');
    } catch (error) {
      // A refusal, a getter of `args` that throws, a stack that ran out: reject, never throw.
      return Promise.reject(error);
    }
  }

  /**
   * Dispatches a message that came from elsewhere (another process, through a bridge) to this
   * exchange's subscriptions, exactly as {@link SignalExchange.publish} does, except that the
   * `onPublish` observers are not told: a bridge that delivers what it received never sends it
   * back out.
   *
   * @param args - `message`, and the `publisher` passed on to filters and handlers (a bridge
   * passes a description of the origin).
   * @returns a promise of the {@link PublishResult}, as `publish`.
   * @throws (rejects) like `publish`: `InvalidTopicError`, `LimitExceededError`, `TypeError`
   * for a non-`Message`, or {@link PublishDepthError}.
   */
  deliver(args: {
    readonly publisher?: unknown;
    readonly message: Message;
  }): Promise<PublishResult> {
    try {
      return this.#publish(args, 'deliver');
    } catch (error) {
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

  #publish(
    args: { readonly publisher?: unknown; readonly message: Message },
    operation: 'publish' | 'deliver',
  ): Promise<PublishResult> {
    // Everything thrown here is a rejection (see publish and deliver).
    const message = (args as { message?: unknown } | null | undefined)?.message;
    if (!(message instanceof Message)) {
      throw new TypeError(`${operation} needs { message: Message }, got ${describeValue(message)}`);
    }
    const topic: unknown = message.topic;
    // A bad topic is refused before any observer sees it; a non-string with core's own error.
    if (typeof topic !== 'string') throw new InvalidTopicError(topic, 'a topic must be a string');
    checkTopic(topic, this.#settings.maxTopicLength);
    const invalid = this.#settings.checkTopic(topic);
    if (invalid !== null) throw invalid;
    checkPublishDepth(topic, this.#settings.maxPublishDepth);
    const publisher = args.publisher;
    if (operation === 'publish') this.#observers.published(message, publisher);
    return this.#dispatcher.dispatch(this.#subscriptions.match(topic), publisher, message);
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
  stream(options: StreamOptions): MessageStream {
    const { bufferSize, overflow } = checkStreamBuffer(options);
    const subscriptionId = randomId();
    const stream = new BufferedMessageStream(
      subscriptionId,
      () => this.unsubscribe(subscriptionId),
      bufferSize,
      overflow,
    );
    const signal = options.signal;
    this.#subscribe(
      {
        ...targetOf(options),
        subscriptionId,
        handler: (_id, _publisher, message) => stream.push(message),
      },
      // Aborted: stop now, like return(). Removed by clear() or unsubscribe(): buffer what the
      // publishes already under way planned for it, at once, and end once all is read.
      () => (signal?.aborted === true ? void stream.return() : stream.close()),
      (message) => stream.reserve(message),
    );
    return stream;
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
  next(options: NextOptions): Promise<Message> {
    let resolve!: (message: Message) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<Message>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    const signal = (options as NextOptions | undefined)?.signal;
    const subscriptionId = randomId();
    // Outside the promise executor, so bad options throw synchronously, like subscribe.
    this.#subscribe(
      {
        ...targetOf(options),
        subscriptionId,
        handler: (_id, _publisher, message) => {
          resolve(message); // settles first, so the rejection in onEnd below is a no-op
          this.unsubscribe(subscriptionId);
        },
      },
      () => {
        if (signal?.aborted === true) reject(signal.reason);
        else reject(new SubscriptionClosedError(subscriptionId));
      },
      undefined,
    );
    return promise;
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
    for (const subscription of this.#subscriptions.match(topic)) {
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
   * Removes every subscription. Open streams end once their buffered messages are read,
   * including those that publishes already under way planned for them (added at once, without
   * waiting for those publishes); pending `next()` calls reject with
   * {@link SubscriptionClosedError}.
   */
  clear(): void {
    this.#subscriptions.clear();
  }

  #subscribe(
    options: SubscribeOptions,
    onEnd: (() => void) | undefined,
    onPlanned: ((message: Message) => void) | undefined,
  ): string {
    const settings = checkSubscribeOptions(options, this.#settings.handlerTimeout);
    const id = options.subscriptionId ?? randomId();
    if (this.#subscriptions.has(id)) throw new DuplicateSubscriptionError(id);
    if (settings.signal?.aborted === true) {
      // Still refuse a pattern that subscribing would refuse: invalid, unsafe or too long.
      checkPattern(settings.topicPattern, this.#settings.patternRules);
      onEnd?.();
      return id;
    }
    // The matcher checks the pattern: if it throws, nothing has changed yet.
    const subscription = this.#subscriptions.add(id, settings, onEnd, onPlanned);
    this.#observers.subscription('onSubscribe', subscription);
    return id;
  }
}
