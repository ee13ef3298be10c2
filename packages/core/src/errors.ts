/**
 * Errors of `@sigx/core`. Each has a stable `code` and carries the offending input.
 * `PatternSyntaxError` (an invalid topic pattern) comes from `@sigx/matcher` and is
 * re-exported by this package.
 */

/**
 * `publish` rejects with this when the message's topic breaks the exchange's topic rule.
 *
 * @example
 * ```ts
 * await exchange.publish({ message: new Message({ publisherName: null, topic: 'Bad Topic', value: 1 }) })
 *   .catch((error) => error instanceof InvalidTopicError); // true
 * ```
 */
export class InvalidTopicError extends Error {
  override readonly name = 'InvalidTopicError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_INVALID_TOPIC';
  /** The topic that was refused, as given (a string, unless the caller passed something else). */
  readonly topic: unknown;
  /** The rule it broke, in words. */
  readonly rule: string;

  /**
   * @param topic - the topic that was refused.
   * @param rule - the rule it broke, in words.
   * @param options - `cause`: the error a `validateTopic` function threw, if any.
   */
  constructor(topic: unknown, rule: string, options?: ErrorOptions) {
    super(`Invalid topic ${describeValue(topic)}: ${rule}`, options);
    this.topic = topic;
    this.rule = rule;
  }
}

/** `subscribe` throws this when the requested `subscriptionId` is already in use. */
export class DuplicateSubscriptionError extends Error {
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
 * Describes a value for an error message without risking a throw.
 * @param value - anything.
 * @returns a short description.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return `${typeof value} ${String(value)}`;
}
