/**
 * The options of `new SignalExchange()` and of `subscribe`, `stream` and `next`: their checks
 * and defaults, so that the exchange itself only reads settled values.
 */
import {
  checkTopic,
  DEFAULT_MAX_TOPIC_LENGTH,
  describeValue,
  isRegExp,
  TopicMatcher,
  type PatternCheckOptions,
  type TopicPattern,
} from '@sigx/matcher';
import { checkPublishDepth } from './dispatch.js';
import { InvalidTopicError } from './errors.js';
import { checkHandlerTimeout } from './handler-timeout.js';
import { Message } from './message.js';
import { checkMaxPublishDepth } from './publish-depth.js';
import { checkMaxRetained } from './retained-messages.js';
import { isTraceparent } from './trace-context.js';
import { defaultOnError } from './reporting.js';
import { compileTopicRule, type TopicCheck } from './topic-rule.js';
import type {
  ErrorContext,
  Filter,
  Handler,
  NextOptions,
  OverflowPolicy,
  PublishArgs,
  Replay,
  SignalExchangeOptions,
  StreamOptions,
  SubscribeOptions,
} from './types.js';

/** {@link SignalExchangeOptions} checked, with their defaults applied. */
export interface ExchangeSettings<T> {
  /** The index of subscriptions, built with the matcher's options. */
  readonly matcher: TopicMatcher<T>;
  /** The matcher's rules for patterns, to check one that is never filed (aborted signal). */
  readonly patternRules: PatternCheckOptions;
  readonly maxTopicLength: number;
  readonly checkTopic: TopicCheck;
  readonly concurrent: boolean;
  readonly onError: (error: unknown, context: ErrorContext) => void;
  /** The default `handlerTimeout` of subscriptions, `Infinity` for none. */
  readonly handlerTimeout: number;
  /** Most handler and filter calls a publish may be nested in. */
  readonly maxPublishDepth: number;
  /** Most topics with a retained message. */
  readonly maxRetained: number;
}

/**
 * Checks the options of `new SignalExchange()` and applies their defaults.
 * @param options - as given.
 * @returns the settings, with the subscription index built.
 * @throws `TypeError` or `RangeError` for an option of the wrong type or out of range.
 */
export function resolveExchangeOptions<T>(options: SignalExchangeOptions): ExchangeSettings<T> {
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
    maxRetained,
  } = options;
  if (dispatch !== 'sequential' && dispatch !== 'concurrent') {
    throw new TypeError(
      `dispatch must be 'sequential' or 'concurrent', got ${describeValue(dispatch)}`,
    );
  }
  if (onError !== undefined && typeof onError !== 'function') {
    throw new TypeError(`onError must be a function, got ${describeValue(onError)}`);
  }
  const defaultTimeout = checkHandlerTimeout(handlerTimeout, 'handlerTimeout');
  const maxDepth = checkMaxPublishDepth(maxPublishDepth);
  const retainedBound = checkMaxRetained(maxRetained);
  const patternRules: PatternCheckOptions = {
    ...(unsafePatterns === undefined ? {} : { unsafePatterns }),
    ...(maxPatternLength === undefined ? {} : { maxPatternLength }),
  };
  // The matcher checks its own options (RangeError naming the option), so it is built here,
  // between the checks that come before and after it.
  const matcher = new TopicMatcher<T>({
    ...patternRules,
    ...(cacheSize === undefined ? {} : { cacheSize }),
    ...(cacheBytes === undefined ? {} : { cacheBytes }),
    ...(maxTopicLength === undefined ? {} : { maxTopicLength }),
  });
  return {
    matcher,
    patternRules,
    maxTopicLength: maxTopicLength ?? DEFAULT_MAX_TOPIC_LENGTH,
    checkTopic: compileTopicRule(validateTopic),
    concurrent: dispatch === 'concurrent',
    onError: onError ?? defaultOnError,
    handlerTimeout: defaultTimeout,
    maxPublishDepth: maxDepth,
    maxRetained: retainedBound,
  };
}

/** {@link SubscribeOptions} checked, with their defaults applied (the id aside). */
export interface SubscribeSettings {
  readonly topicPattern: TopicPattern;
  readonly handler: Handler;
  readonly publisherName: string | undefined;
  readonly filter: Filter | undefined;
  readonly signal: AbortSignal | undefined;
  readonly weak: boolean;
  /** Milliseconds `publish` waits for the handler's promise; `Infinity` for no limit. */
  readonly timeout: number;
  /** The queue group's name, if any. */
  readonly group: string | undefined;
  /** What to replay before live messages, if anything. */
  readonly replay: Replay | undefined;
}

/**
 * Checks every subscribe option's type (the pattern itself is checked by the matcher).
 * @param options - as given.
 * @param defaultTimeout - the exchange's `handlerTimeout`.
 * @returns the options, with defaults applied.
 * @throws `TypeError` for an option of the wrong type; `RangeError` for a `handlerTimeout`
 * out of range.
 */
export function checkSubscribeOptions(
  options: SubscribeOptions,
  defaultTimeout: number,
): SubscribeSettings {
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
    group,
    replay,
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
  // Checked here for a message naming the option; the matcher checks the pattern itself.
  if (typeof topicPattern !== 'string' && !isRegExp(topicPattern)) {
    throw new TypeError(
      `topicPattern must be a string or a RegExp, got ${describeValue(topicPattern)}`,
    );
  }
  const timeout =
    handlerTimeout === undefined
      ? defaultTimeout
      : checkHandlerTimeout(handlerTimeout, 'handlerTimeout');
  checkGroupAndReplay(group, replay);
  return { topicPattern, handler, publisherName, filter, signal, weak, timeout, group, replay };
}

/**
 * Checks `group` and `replay`: a group is a non-empty string; `'retained'` is the only replay,
 * and not for a group member (as MQTT 5 sends no retained messages to shared subscriptions: a
 * replay to one member would be a delivery the others never see).
 */
function checkGroupAndReplay(group: unknown, replay: unknown): void {
  if (group !== undefined && (typeof group !== 'string' || group === '')) {
    throw new TypeError(`group must be a non-empty string, got ${describeValue(group)}`);
  }
  if (replay !== undefined && replay !== 'retained') {
    throw new TypeError(`replay must be 'retained', got ${describeValue(replay)}`);
  }
  if (replay !== undefined && group !== undefined) {
    throw new TypeError(
      `replay cannot be used with group ${describeValue(group)}: a queue group takes live messages only`,
    );
  }
}

/**
 * Checks the buffer options of `stream`.
 * @param options - as given.
 * @returns the buffer size (`Infinity` when unbounded) and the overflow policy.
 * @throws `TypeError` for a `bufferSize` without an `overflow` policy or the reverse,
 * `RangeError` for a `bufferSize` that is not a positive integer.
 */
export function checkStreamBuffer(options: StreamOptions): {
  bufferSize: number;
  overflow: OverflowPolicy | undefined;
} {
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
  return { bufferSize: bufferSize ?? Infinity, overflow };
}

/** The argument of `publish` and `deliver`, checked. */
export interface CheckedPublish {
  readonly message: Message;
  readonly publisher: unknown;
  readonly retain: boolean;
  readonly traceparent: string | undefined;
  /** `undefined` (every subscription), `null` (none in a group) or one group's name. */
  readonly group: string | null | undefined;
}

/**
 * Checks the argument of `publish` and `deliver` (the topic is checked by the exchange).
 * @param args - as given.
 * @param operation - `'publish'` or `'deliver'`, for messages.
 * @returns the message, its publisher, whether to retain it, its trace context and group.
 * @throws `TypeError` when `message` is not a {@link Message}, `retain` is not a boolean,
 * `traceparent` is not a well-formed W3C traceparent or `group` is neither a name nor `null`.
 */
export function checkPublishArgs(
  args: PublishArgs,
  operation: 'publish' | 'deliver',
): CheckedPublish {
  const message = (args as { message?: unknown } | null | undefined)?.message;
  if (!(message instanceof Message)) {
    throw new TypeError(`${operation} needs { message: Message }, got ${describeValue(message)}`);
  }
  const { publisher, retain = false, traceparent, group } = args;
  if (typeof retain !== 'boolean') {
    throw new TypeError(`retain must be a boolean, got ${describeValue(retain)}`);
  }
  if (traceparent !== undefined && !isTraceparent(traceparent)) {
    throw new TypeError(
      `traceparent must be a W3C traceparent ('00-' 32 hex digits '-' 16 hex digits '-' 2 hex digits, lowercase, ids not all zero), got ${describeValue(traceparent)}`,
    );
  }
  if (group !== undefined && group !== null && (typeof group !== 'string' || group === '')) {
    throw new TypeError(
      `group must be a group's name (a non-empty string) or null, got ${describeValue(group)}`,
    );
  }
  return { message, publisher, retain, traceparent, group };
}

/**
 * Checks the topic of a message to publish or deliver: a string, within `maxTopicLength`,
 * allowed by the topic rule, and not nested too deep in handler calls. A bad topic is refused
 * before any observer sees it.
 * @param topic - the message's topic.
 * @param settings - the exchange's settings.
 * @returns the topic.
 * @throws `InvalidTopicError` (also for a non-string, with core's own error),
 * `LimitExceededError` or {@link PublishDepthError}.
 */
export function checkPublishedTopic(topic: unknown, settings: ExchangeSettings<unknown>): string {
  if (typeof topic !== 'string') throw new InvalidTopicError(topic, 'a topic must be a string');
  checkTopic(topic, settings.maxTopicLength);
  const invalid = settings.checkTopic(topic);
  if (invalid !== null) throw invalid;
  checkPublishDepth(topic, settings.maxPublishDepth);
  return topic;
}

/**
 * The subscription target fields shared by `stream` and `next`.
 * @param options - as given.
 * @returns the fields given, for `subscribe`.
 * @throws `TypeError` when `options` is not an object.
 */
export function targetOf(options: NextOptions): Omit<SubscribeOptions, 'handler'> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`expected an options object, got ${describeValue(options)}`);
  }
  const { topicPattern, publisherName, filter, signal, group, replay } = options;
  return {
    topicPattern,
    ...(publisherName === undefined ? {} : { publisherName }),
    ...(filter === undefined ? {} : { filter }),
    ...(signal === undefined ? {} : { signal }),
    ...(group === undefined ? {} : { group }),
    ...(replay === undefined ? {} : { replay }),
  };
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
