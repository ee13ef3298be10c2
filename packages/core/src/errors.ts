/**
 * Errors of `@sigx/core`. Each has a stable `code` and carries the offending input.
 * `PatternSyntaxError` (an invalid topic pattern), `UnsafePatternError` (a pattern that risks
 * super-linear backtracking, with `unsafePatterns: 'reject'`) and `LimitExceededError` (a
 * topic or pattern beyond `maxTopicLength` or `maxPatternLength`) come from `@sigx/matcher` and
 * are re-exported by this package.
 */
import { describeValue } from '@sigx/matcher';

// The matcher's, which never throws; exported here beside describeThrown, which builds on it.
export { describeValue };

/**
 * `publish` (and `deliver`) rejects with this when the message's topic breaks the exchange's
 * topic rule, or is not a string. The message names the topic, the rule it broke and
 * `validateTopic`, the option of `new SignalExchange()` that sets the rule.
 *
 * @example
 * ```ts
 * await exchange.publish({ message: new Message({ topic: 'jobs/\0', value: 1 }) })
 *   .catch((error) => error instanceof InvalidTopicError); // true
 * // Invalid topic "jobs/\u0000": a topic must be well-formed Unicode without U+0000 (found
 * // U+0000 at index 5); pass `validateTopic` to `new SignalExchange()` to change the rule, or
 * // `false` to accept every string
 * ```
 */
export class InvalidTopicError extends Error {
  /** Always `'InvalidTopicError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'InvalidTopicError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_INVALID_TOPIC';
  /** The topic that was refused, as given (a string, unless the caller passed something else). */
  readonly topic: unknown;
  /** The rule it broke, in words. */
  readonly rule: string;

  /**
   * @param topic - the topic that was refused.
   * @param rule - the rule it broke, in words; the message adds how to change the rule.
   * @param options - `cause`: the error a `validateTopic` function threw, if any.
   */
  constructor(topic: unknown, rule: string, options?: ErrorOptions) {
    super(
      `Invalid topic ${describeValue(topic)}: ${rule}; ` +
        (typeof topic === 'string'
          ? 'pass `validateTopic` to `new SignalExchange()` to change the rule, or `false` to accept every string'
          : 'no `validateTopic` of `new SignalExchange()` changes that, not even `false`'),
      options,
    );
    this.topic = topic;
    this.rule = rule;
  }
}

/** `subscribe` throws this when the requested `subscriptionId` is already in use. */
export class DuplicateSubscriptionError extends Error {
  /** Always `'DuplicateSubscriptionError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'DuplicateSubscriptionError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_DUPLICATE_SUBSCRIPTION';
  /** The id that is already taken. */
  readonly subscriptionId: string;

  /** @param subscriptionId - the id that is already taken. */
  constructor(subscriptionId: string) {
    super(`A subscription with id ${JSON.stringify(subscriptionId)} already exists`);
    this.subscriptionId = subscriptionId;
  }
}

/**
 * A stream with `bufferSize` and `overflow: 'error'` ends with this error when a message
 * arrives while its buffer is full.
 */
export class StreamOverflowError extends Error {
  /** Always `'StreamOverflowError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'StreamOverflowError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_STREAM_OVERFLOW';
  /** The buffer size that was exceeded. */
  readonly bufferSize: number;
  /** The topic of the message that did not fit. */
  readonly topic: string;

  /**
   * @param bufferSize - the buffer size that was exceeded.
   * @param topic - the topic of the message that did not fit.
   */
  constructor(bufferSize: number, topic: string) {
    super(
      `Stream buffer of ${bufferSize} message(s) is full; a message on ${JSON.stringify(topic)} did not fit`,
    );
    this.bufferSize = bufferSize;
    this.topic = topic;
  }
}

/** A pending `next()` rejects with this when `clear()` removes its subscription. */
export class SubscriptionClosedError extends Error {
  /** Always `'SubscriptionClosedError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'SubscriptionClosedError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_SUBSCRIPTION_CLOSED';
  /** The subscription that was removed. */
  readonly subscriptionId: string;

  /** @param subscriptionId - the subscription that was removed. */
  constructor(subscriptionId: string) {
    super(`Subscription ${subscriptionId} was removed before a message arrived`);
    this.subscriptionId = subscriptionId;
  }
}

/**
 * Reported to `onError` (phase `'retain'`, no subscription) when retained messages were
 * forgotten to keep within `maxRetained`: once per burst of evictions (those made until the
 * event loop turns), naming how many and the first few topics. Evictions are counted in
 * `stats().retainedEvicted` as well.
 */
export class RetainedEvictionError extends Error {
  /** Always `'RetainedEvictionError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'RetainedEvictionError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_RETAINED_EVICTED';
  /** How many retained messages this burst forgot. */
  readonly count: number;
  /** The `maxRetained` bound that made room for newer topics. */
  readonly maxRetained: number;
  /** The topics forgotten first (at most 10), least recently retained first. */
  readonly topics: readonly string[];

  /**
   * @param count - how many retained messages were forgotten.
   * @param maxRetained - the bound.
   * @param topics - the first of the topics forgotten.
   */
  constructor(count: number, maxRetained: number, topics: readonly string[]) {
    const more = count > topics.length ? `, and ${count - topics.length} more` : '';
    super(
      `Forgot ${count} retained message(s) to keep within maxRetained (${maxRetained}): ` +
        `${topics.map((topic) => JSON.stringify(topic)).join(', ')}${more}; ` +
        'raise maxRetained, or retain fewer topics',
    );
    this.count = count;
    this.maxRetained = maxRetained;
    this.topics = Object.freeze([...topics]);
  }
}

/** What a {@link HandlerTimeoutError} or a {@link LateSettlementError} is about. */
export interface HandlerDeadline {
  /** The subscription whose handler was called. */
  readonly subscriptionId: string;
  /** The topic of the message it was called with. */
  readonly topic: string;
  /** The id of the message it was called with. */
  readonly messageId: string;
  /** The `handlerTimeout` that applied, in milliseconds. */
  readonly timeout: number;
}

/**
 * Reported to `onError` (phase `'handler'`) when a handler's promise has not settled
 * `handlerTimeout` milliseconds after the handler returned it. `publish` stops waiting for it
 * and counts it in `failed`; if the promise settles later, a {@link LateSettlementError}
 * follows.
 *
 * @example
 * ```ts
 * const exchange = new SignalExchange({
 *   handlerTimeout: 5_000,
 *   onError: (error) => {
 *     if (error instanceof HandlerTimeoutError) metrics.increment('stuck', error.subscriptionId);
 *   },
 * });
 * ```
 */
export class HandlerTimeoutError extends Error implements HandlerDeadline {
  /** Always `'HandlerTimeoutError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'HandlerTimeoutError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_HANDLER_TIMEOUT';
  /** The subscription whose handler did not settle in time. */
  readonly subscriptionId: string;
  /** The topic of the message it was handling. */
  readonly topic: string;
  /** The id of the message it was handling. */
  readonly messageId: string;
  /** The `handlerTimeout` that expired, in milliseconds. */
  readonly timeout: number;

  /** @param deadline - the subscription, the message's topic and id, and the timeout. */
  constructor(deadline: HandlerDeadline) {
    super(
      `Handler of subscription ${deadline.subscriptionId} did not settle within ${deadline.timeout} ms ` +
        `(message ${deadline.messageId} on topic ${JSON.stringify(deadline.topic)})`,
    );
    this.subscriptionId = deadline.subscriptionId;
    this.topic = deadline.topic;
    this.messageId = deadline.messageId;
    this.timeout = deadline.timeout;
  }
}

/**
 * Reported to `onError` (phase `'handler'`) when a handler whose {@link HandlerTimeoutError}
 * was reported settles after all. Its `outcome` says how; a rejection's reason is the `cause`.
 * The publish has already resolved, so its `PublishResult` does not change.
 */
export class LateSettlementError extends Error implements HandlerDeadline {
  /** Always `'LateSettlementError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'LateSettlementError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_LATE_SETTLEMENT';
  /** The subscription whose handler settled late. */
  readonly subscriptionId: string;
  /** The topic of the message it was handling. */
  readonly topic: string;
  /** The id of the message it was handling. */
  readonly messageId: string;
  /** The `handlerTimeout` it exceeded, in milliseconds. */
  readonly timeout: number;
  /** `'fulfilled'`: the handler completed; `'rejected'`: it failed, with `cause` as the reason. */
  readonly outcome: 'fulfilled' | 'rejected';

  /**
   * @param deadline - the subscription, the message's topic and id, and the timeout.
   * @param outcome - how the handler's promise settled.
   * @param options - `cause`: the rejection reason, when `outcome` is `'rejected'`.
   */
  constructor(
    deadline: HandlerDeadline,
    outcome: 'fulfilled' | 'rejected',
    options?: ErrorOptions,
  ) {
    const how =
      outcome === 'fulfilled' ? 'fulfilled' : `rejected (${describeReason(options?.cause)})`;
    super(
      `Handler of subscription ${deadline.subscriptionId} ${how} after its ${deadline.timeout} ms ` +
        `timeout (message ${deadline.messageId} on topic ${JSON.stringify(deadline.topic)})`,
      options,
    );
    this.subscriptionId = deadline.subscriptionId;
    this.topic = deadline.topic;
    this.messageId = deadline.messageId;
    this.timeout = deadline.timeout;
    this.outcome = outcome;
  }
}

/**
 * A publish (or deliver) nested in more than `maxPublishDepth` handler and filter calls rejects
 * with this, before anything is done with it: a handler that publishes a message that reaches
 * it again recurses without end, and the call stack would run out. The handler that made the
 * refused publish fails with it if it awaits it; the publishes above it resolve.
 *
 * @example
 * ```ts
 * const exchange = new SignalExchange();
 * exchange.subscribe({
 *   topicPattern: 'loop',
 *   handler: async (id, publisher, message) => {
 *     await exchange.publish({ message }); // republishes to itself
 *   },
 * });
 * // The handler 257 levels down fails with a PublishDepthError, reported to onError.
 * await exchange.publish({ message: new Message({ topic: 'loop', value: 1 }) });
 * ```
 */
export class PublishDepthError extends RangeError {
  /** Always `'PublishDepthError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'PublishDepthError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_PUBLISH_DEPTH';
  /** The topic of the refused publish. */
  readonly topic: string;
  /** How many handler and filter calls the refused publish was nested in. */
  readonly depth: number;
  /** The `maxPublishDepth` it exceeded. */
  readonly max: number;

  /**
   * @param topic - the topic of the refused publish.
   * @param depth - how many handler and filter calls it was nested in.
   * @param max - the `maxPublishDepth` it exceeded.
   */
  constructor(topic: string, depth: number, max: number) {
    super(
      `Publish on topic ${JSON.stringify(topic)} refused: it is nested in ${depth} handler or ` +
        `filter calls, more than maxPublishDepth (${max}) allows; a handler that publishes a ` +
        'message that reaches it again recurses without end',
    );
    this.topic = topic;
    this.depth = depth;
    this.max = max;
  }
}

/**
 * Describes something thrown: `name: message` for an `Error` (its name alone when its message
 * cannot be read or is empty), else {@link describeValue}. Never throws.
 * @param value - anything.
 * @returns a short description.
 */
export function describeThrown(value: unknown): string {
  let isError = false;
  try {
    isError = value instanceof Error;
  } catch {
    // A Proxy whose getPrototypeOf trap throws: describe it from the outside.
  }
  if (!isError) return describeValue(value);
  const name = readString(value as Error, 'name');
  const message = readString(value as Error, 'message');
  if (name === undefined) return describeValue(value);
  return message === undefined || message === '' ? name : `${name}: ${message}`;
}

/** A property that should be a string, or `undefined` when it is not or its getter throws. */
function readString(error: Error, key: 'name' | 'message'): string | undefined {
  try {
    const value: unknown = error[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A rejection reason in a message: an `Error`'s message, else {@link describeValue}. Never
 * throws.
 */
function describeReason(reason: unknown): string {
  let isError = false;
  try {
    isError = reason instanceof Error;
  } catch {
    // As in describeThrown.
  }
  const message = isError ? readString(reason as Error, 'message') : undefined;
  return message ?? describeValue(reason);
}
