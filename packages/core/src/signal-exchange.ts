import {
  DEFAULT_MAX_TOPIC_LENGTH,
  LimitExceededError,
  TopicMatcher,
  type TopicMatcherOptions,
  type TopicPattern,
} from '@sigx/matcher';
import {
  DuplicateSubscriptionError,
  HandlerTimeoutError,
  InvalidTopicError,
  LateSettlementError,
  PublishDepthError,
  SubscriptionClosedError,
  describeValue,
} from './errors.js';
import { adopt, checkHandlerTimeout, settleWithin } from './handler-timeout.js';
import { randomId } from './ids.js';
import { Message } from './message.js';
import { BufferedMessageStream, type MessageStream } from './message-stream.js';
import { checkMaxPublishDepth } from './publish-depth.js';
import { defaultOnError, reportSafely, writeError } from './reporting.js';
import { compileTopicRule, type TopicCheck } from './topic-rule.js';
import type {
  ErrorContext,
  ExchangeObserver,
  Filter,
  Handler,
  NextOptions,
  PublishResult,
  SignalExchangeOptions,
  StreamOptions,
  SubscribeOptions,
  SubscriptionInfo,
} from './types.js';

/**
 * Handler and filter calls, of every exchange, on the call stack now: a publish made inside
 * them is nested that deep (see `maxPublishDepth`). One count for all exchanges, since they
 * share the stack. Incremented just before a call and decremented as soon as it returns or
 * throws, so an `async` handler counts only until its first `await`.
 */
let nesting = 0;

/** A live subscription. */
interface Subscription {
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

/** One handler call planned by `publish`. */
interface Delivery {
  readonly subscriptionId: string;
  readonly handler: Handler;
  readonly timeout: number;
}

/** An observer's callbacks, read once when `observe` is called. */
interface Observation {
  readonly observer: ExchangeObserver;
  readonly onPublish: ExchangeObserver['onPublish'];
  readonly onSubscribe: ExchangeObserver['onSubscribe'];
  readonly onUnsubscribe: ExchangeObserver['onUnsubscribe'];
}

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
  readonly #matcher: TopicMatcher<Subscription>;
  /** The matcher's rules for patterns, to check one that is not registered (aborted signal). */
  readonly #patternRules: TopicMatcherOptions;
  readonly #maxTopicLength: number;
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #checkTopic: TopicCheck;
  readonly #concurrent: boolean;
  readonly #onError: (error: unknown, context: ErrorContext) => void;
  /** The default `handlerTimeout` of subscriptions, `Infinity` for none. */
  readonly #handlerTimeout: number;
  /** Most handler and filter calls a publish may be nested in. */
  readonly #maxPublishDepth: number;
  /** Replaced, never mutated, so a notification loop is not disturbed by observe/dispose. */
  #observers: readonly Observation[] = [];
  /** Unsubscribes weak subscriptions whose handler was collected. */
  readonly #collected = new FinalizationRegistry<Subscription>((subscription) => {
    if (this.#subscriptions.get(subscription.id) === subscription) this.#remove(subscription);
  });

  /**
   * @param options - see {@link SignalExchangeOptions}.
   * @throws `TypeError` or `RangeError` for an option of the wrong type or out of range.
   */
  constructor(options: SignalExchangeOptions = {}) {
    const {
      cacheSize,
      cacheBytes,
      dispatch = 'sequential',
      onError,
      validateTopic,
      handlerTimeout,
      unsafePatterns,
      maxTopicLength,
      maxPatternLength,
      maxPublishDepth,
    } = options;
    if (dispatch !== 'sequential' && dispatch !== 'concurrent') {
      throw new TypeError(
        `dispatch must be 'sequential' or 'concurrent', got ${describeValue(dispatch)}`,
      );
    }
    if (onError !== undefined && typeof onError !== 'function') {
      throw new TypeError(`onError must be a function, got ${describeValue(onError)}`);
    }
    this.#handlerTimeout = checkHandlerTimeout(handlerTimeout, 'handlerTimeout');
    this.#maxPublishDepth = checkMaxPublishDepth(maxPublishDepth);
    this.#patternRules = {
      ...(unsafePatterns === undefined ? {} : { unsafePatterns }),
      ...(maxPatternLength === undefined ? {} : { maxPatternLength }),
    };
    // The matcher validates its options (RangeError naming the option).
    this.#matcher = new TopicMatcher({
      ...this.#patternRules,
      ...(cacheSize === undefined ? {} : { cacheSize }),
      ...(cacheBytes === undefined ? {} : { cacheBytes }),
      ...(maxTopicLength === undefined ? {} : { maxTopicLength }),
    });
    this.#maxTopicLength = maxTopicLength ?? DEFAULT_MAX_TOPIC_LENGTH;
    this.#checkTopic = compileTopicRule(validateTopic);
    this.#concurrent = dispatch === 'concurrent';
    this.#onError = onError ?? defaultOnError;
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
    const subscription = this.#subscriptions.get(subscriptionId);
    if (subscription === undefined) return false;
    this.#remove(subscription);
    return true;
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
      // A getter of `args` that throws, or a stack that ran out: reject, never throw.
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
    const observation: Observation = { observer, onPublish, onSubscribe, onUnsubscribe };
    this.#observers = [...this.#observers, observation];
    if (onSubscribe !== undefined) {
      for (const subscription of [...this.#subscriptions.values()]) {
        notify(observation, onSubscribe, infoOf(subscription));
      }
    }
    return () => {
      this.#observers = this.#observers.filter((other) => other !== observation);
    };
  }

  #publish(
    args: { readonly publisher?: unknown; readonly message: Message },
    operation: 'publish' | 'deliver',
  ): Promise<PublishResult> {
    const message = (args as { message?: unknown } | null | undefined)?.message;
    if (!(message instanceof Message)) {
      return Promise.reject(
        new TypeError(`${operation} needs { message: Message }, got ${describeValue(message)}`),
      );
    }
    const topic: unknown = message.topic;
    if (typeof topic !== 'string') {
      return Promise.reject(new InvalidTopicError(topic, 'a topic must be a string'));
    }
    if (topic.length > this.#maxTopicLength) {
      return Promise.reject(
        new LimitExceededError('maxTopicLength', topic.length, this.#maxTopicLength, topic),
      );
    }
    const invalid = this.#checkTopic(topic);
    if (invalid !== null) return Promise.reject(invalid);
    if (nesting > this.#maxPublishDepth) {
      return Promise.reject(new PublishDepthError(topic, nesting, this.#maxPublishDepth));
    }
    const publisher = args.publisher;
    if (operation === 'publish' && this.#observers.length !== 0) {
      try {
        for (const { observer, onPublish } of this.#observers) {
          onPublish?.call(observer, message, publisher);
        }
      } catch (refusal) {
        return Promise.reject(refusal);
      }
    }

    // Everything up to the first handler call happens now, so the set of handlers is fixed
    // by this call whatever later subscribes or unsubscribes.
    const candidates = this.#matcher.match(message.topic);
    const deliveries: Delivery[] = [];
    const seen = new Set<Handler>();
    let matched = 0;
    for (const subscription of candidates) {
      if (
        subscription.publisherName !== undefined &&
        subscription.publisherName !== message.publisherName
      ) {
        continue;
      }
      const handler = this.#handlerOf(subscription);
      if (handler === undefined) continue;
      if (subscription.filter !== undefined && !this.#passes(subscription, publisher, message)) {
        continue;
      }
      matched += 1;
      if (seen.has(handler)) continue;
      seen.add(handler);
      subscription.onPlanned?.(message);
      deliveries.push({ subscriptionId: subscription.id, handler, timeout: subscription.timeout });
    }
    return this.#concurrent
      ? this.#dispatchConcurrently(deliveries, publisher, message, matched)
      : this.#dispatchSequentially(deliveries, publisher, message, matched);
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
    const { bufferSize, overflow } = options;
    if (bufferSize !== undefined) {
      if (!Number.isSafeInteger(bufferSize) || bufferSize < 1) {
        throw new RangeError(
          `bufferSize must be a positive integer, got ${describeValue(bufferSize)}`,
        );
      }
      if (overflow !== 'drop-oldest' && overflow !== 'drop-newest' && overflow !== 'error') {
        throw new TypeError(
          `bufferSize needs overflow 'drop-oldest', 'drop-newest' or 'error', got ${describeValue(overflow)}`,
        );
      }
    } else if (overflow !== undefined) {
      throw new TypeError('overflow needs a bufferSize');
    }
    const subscriptionId = randomId();
    const stream = new BufferedMessageStream(
      subscriptionId,
      () => this.unsubscribe(subscriptionId),
      bufferSize ?? Infinity,
      overflow,
    );
    const signal = options.signal;
    this.#subscribe(
      {
        ...pickTarget(options),
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
        ...pickTarget(options),
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
    for (const subscription of this.#matcher.match(topic)) {
      if (
        (publisherName === undefined ||
          subscription.publisherName === undefined ||
          subscription.publisherName === publisherName) &&
        this.#handlerOf(subscription) !== undefined
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
    for (const subscription of [...this.#subscriptions.values()]) this.#remove(subscription);
    // Whatever the matcher might still hold, nothing can be delivered after a clear().
    this.#matcher.clear();
  }

  #subscribe(
    options: SubscribeOptions,
    onEnd: (() => void) | undefined,
    onPlanned: ((message: Message) => void) | undefined,
  ): string {
    const { topicPattern, handler, publisherName, filter, signal, weak, timeout } =
      this.#validate(options);
    const id = options.subscriptionId ?? randomId();
    if (this.#subscriptions.has(id)) throw new DuplicateSubscriptionError(id);
    if (signal?.aborted === true) {
      // Still refuse a pattern that subscribing would refuse: invalid, unsafe or too long.
      new TopicMatcher<null>({ ...this.#patternRules, cacheSize: 0 }).add(topicPattern, null);
      onEnd?.();
      return id;
    }
    const abort = (): void => {
      if (this.#subscriptions.get(id) === subscription) this.#remove(subscription);
    };
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
    // The matcher validates the pattern: if it throws, nothing has changed yet.
    this.#matcher.add(topicPattern, subscription);
    this.#subscriptions.set(id, subscription);
    signal?.addEventListener('abort', abort, { once: true });
    if (weak) this.#collected.register(handler, subscription, subscription);
    this.#notifySubscription('onSubscribe', subscription);
    return id;
  }

  /** Checks every option's type; returns them with defaults applied. */
  #validate(options: SubscribeOptions): {
    topicPattern: TopicPattern;
    handler: Handler;
    publisherName: string | undefined;
    filter: Filter | undefined;
    signal: AbortSignal | undefined;
    weak: boolean;
    timeout: number;
  } {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`subscribe needs an options object, got ${describeValue(options)}`);
    }
    const {
      topicPattern,
      handler,
      publisherName,
      filter,
      subscriptionId,
      signal,
      weak = false,
      handlerTimeout,
    } = options;
    if (typeof handler !== 'function') {
      throw new TypeError(`handler must be a function, got ${describeValue(handler)}`);
    }
    if (publisherName !== undefined && typeof publisherName !== 'string') {
      throw new TypeError(`publisherName must be a string, got ${describeValue(publisherName)}`);
    }
    if (filter !== undefined) {
      if (typeof filter !== 'function') {
        throw new TypeError(`filter must be a function, got ${describeValue(filter)}`);
      }
      if (isAsyncFunction(filter)) {
        throw new TypeError(
          'filter must be synchronous: an async function cannot decide delivery before handlers run',
        );
      }
    }
    if (subscriptionId !== undefined && typeof subscriptionId !== 'string') {
      throw new TypeError(`subscriptionId must be a string, got ${describeValue(subscriptionId)}`);
    }
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw new TypeError(`signal must be an AbortSignal, got ${describeValue(signal)}`);
    }
    if (typeof weak !== 'boolean') {
      throw new TypeError(`weak must be a boolean, got ${describeValue(weak)}`);
    }
    if (typeof topicPattern !== 'string' && !looksLikeRegExp(topicPattern)) {
      throw new TypeError(
        `topicPattern must be a string or a RegExp, got ${describeValue(topicPattern)}`,
      );
    }
    const timeout =
      handlerTimeout === undefined
        ? this.#handlerTimeout
        : checkHandlerTimeout(handlerTimeout, 'handlerTimeout');
    return { topicPattern, handler, publisherName, filter, signal, weak, timeout };
  }

  #remove(subscription: Subscription): void {
    this.#subscriptions.delete(subscription.id);
    this.#matcher.remove(subscription.pattern, subscription);
    if (subscription.weak) this.#collected.unregister(subscription);
    subscription.onEnd?.();
    this.#notifySubscription('onUnsubscribe', subscription);
  }

  #notifySubscription(key: 'onSubscribe' | 'onUnsubscribe', subscription: Subscription): void {
    if (this.#observers.length === 0) return;
    const info = infoOf(subscription);
    for (const observation of this.#observers) {
      const callback = observation[key];
      if (callback !== undefined) notify(observation, callback, info);
    }
  }

  /** The live handler; `undefined` (and the subscription removed) once a weak one is collected. */
  #handlerOf(subscription: Subscription): Handler | undefined {
    if (!subscription.weak) return subscription.handler as Handler;
    const handler = (subscription.handler as WeakRef<Handler>).deref();
    if (handler === undefined && this.#subscriptions.get(subscription.id) === subscription) {
      this.#remove(subscription);
    }
    return handler;
  }

  #passes(subscription: Subscription, publisher: unknown, message: Message): boolean {
    try {
      let verdict: unknown;
      nesting += 1;
      try {
        verdict = subscription.filter!(subscription.id, publisher, message);
      } finally {
        nesting -= 1;
      }
      if (isThenable(verdict)) {
        throw new TypeError('filter returned a promise; filters must be synchronous');
      }
      return Boolean(verdict);
    } catch (error) {
      this.#report(error, { subscriptionId: subscription.id, message, phase: 'filter' });
      return false;
    }
  }

  async #dispatchSequentially(
    deliveries: readonly Delivery[],
    publisher: unknown,
    message: Message,
    matched: number,
  ): Promise<PublishResult> {
    let failed = 0;
    for (const { subscriptionId, handler, timeout } of deliveries) {
      let result: unknown;
      nesting += 1;
      try {
        result = handler(subscriptionId, publisher, message);
      } catch (error) {
        nesting -= 1;
        failed += 1;
        this.#report(error, { subscriptionId, message, phase: 'handler' });
        continue;
      }
      nesting -= 1;
      if (result === undefined) continue;
      try {
        if (isThenable(result)) {
          if (timeout === Infinity) await result;
          else if (!(await this.#settleWithin(result, subscriptionId, message, timeout))) {
            failed += 1;
          }
        }
      } catch (error) {
        failed += 1;
        this.#report(error, { subscriptionId, message, phase: 'handler' });
      }
    }
    return { matched, delivered: deliveries.length, failed };
  }

  async #dispatchConcurrently(
    deliveries: readonly Delivery[],
    publisher: unknown,
    message: Message,
    matched: number,
  ): Promise<PublishResult> {
    let failed = 0;
    /** One per handler that returned a thenable: `true` once it fulfilled in time. */
    const pending: Promise<boolean>[] = [];
    for (const { subscriptionId, handler, timeout } of deliveries) {
      let result: unknown;
      nesting += 1;
      try {
        result = handler(subscriptionId, publisher, message);
      } catch (error) {
        nesting -= 1;
        failed += 1;
        this.#report(error, { subscriptionId, message, phase: 'handler' });
        continue;
      }
      nesting -= 1;
      if (result === undefined) continue;
      try {
        if (isThenable(result)) {
          pending.push(this.#completes(result, subscriptionId, message, timeout));
        }
      } catch (error) {
        // Reading `then` threw (a Proxy, a getter).
        failed += 1;
        this.#report(error, { subscriptionId, message, phase: 'handler' });
      }
    }
    if (pending.length > 0) {
      for (const completed of await Promise.all(pending)) if (!completed) failed += 1;
    }
    return { matched, delivered: deliveries.length, failed };
  }

  /**
   * Whether a handler's thenable fulfils (in time, with a timeout); a rejection is reported.
   * The promise never rejects, and settles once whatever the thenable does.
   */
  #completes(
    result: PromiseLike<unknown>,
    subscriptionId: string,
    message: Message,
    timeout: number,
  ): Promise<boolean> {
    const rejected = (error: unknown): boolean => {
      this.#report(error, { subscriptionId, message, phase: 'handler' });
      return false;
    };
    return timeout === Infinity
      ? adopt(result).then(() => true, rejected)
      : this.#settleWithin(result, subscriptionId, message, timeout).then(undefined, rejected);
  }

  /**
   * Waits for a handler's promise for at most `timeout` ms, reporting a timeout and any late
   * settlement to `onError`.
   * @returns `true` if it fulfilled in time, `false` if it timed out; rejects with its reason
   * if it rejected in time.
   */
  #settleWithin(
    result: PromiseLike<unknown>,
    subscriptionId: string,
    message: Message,
    timeout: number,
  ): Promise<boolean> {
    const context: ErrorContext = { subscriptionId, message, phase: 'handler' };
    const deadline = {
      subscriptionId,
      topic: message.topic,
      messageId: message.messageId,
      timeout,
    };
    return settleWithin(
      result,
      timeout,
      () => this.#report(new HandlerTimeoutError(deadline), context),
      (late) =>
        this.#report(
          late.outcome === 'fulfilled'
            ? new LateSettlementError(deadline, 'fulfilled')
            : new LateSettlementError(deadline, 'rejected', { cause: late.reason }),
          context,
        ),
    );
  }

  /** Tells onError of a failure; never throws, whatever was thrown (see reporting.ts). */
  #report(error: unknown, context: ErrorContext): void {
    reportSafely(this.#onError, this, error, context);
  }
}

function infoOf(subscription: Subscription): SubscriptionInfo {
  return {
    subscriptionId: subscription.id,
    topicPattern: subscription.pattern,
    publisherName: subscription.publisherName,
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

/** The subscription target fields shared by `stream` and `next`. */
function pickTarget(options: NextOptions): Omit<SubscribeOptions, 'handler'> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`expected an options object, got ${describeValue(options)}`);
  }
  const { topicPattern, publisherName, filter, signal } = options;
  return {
    topicPattern,
    ...(publisherName === undefined ? {} : { publisherName }),
    ...(filter === undefined ? {} : { filter }),
    ...(signal === undefined ? {} : { signal }),
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function isAsyncFunction(fn: (...args: never[]) => unknown): boolean {
  const tag = Object.prototype.toString.call(fn);
  return tag === '[object AsyncFunction]' || tag === '[object AsyncGeneratorFunction]';
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function'
  );
}

/** A first check of `topicPattern`'s type, for a message naming the option; the matcher reads
 * the RegExp's internal slots when it adds it. A revoked proxy throws here: not a RegExp. */
function looksLikeRegExp(value: unknown): boolean {
  try {
    return Object.prototype.toString.call(value) === '[object RegExp]';
  } catch {
    return false;
  }
}
