import type { TopicPattern } from '@sigx/matcher';
import type { Message } from './message.js';
import type { TopicValidation } from './topic-rule.js';

/**
 * Receives a message. It may return a promise (or any thenable), which `publish` awaits.
 * @param subscriptionId - the subscription the message is delivered for.
 * @param publisher - the `publisher` passed to `publish` (any object; `undefined` if none).
 * @param message - the message.
 */
export type Handler<V = unknown> = (
  subscriptionId: string,
  publisher: unknown,
  message: Message<V>,
) => void | PromiseLike<void>;

/**
 * Decides, synchronously, whether a subscription receives a message (truthy: it does).
 * Filters run in subscription order before any handler of the same publish.
 */
export type Filter<V = unknown> = (
  subscriptionId: string,
  publisher: unknown,
  message: Message<V>,
) => boolean;

/** What `onError` is told besides the error itself: a delivery, or the retained store. */
export type ErrorContext = DeliveryErrorContext | RetainErrorContext;

/** The context of a filter or handler that failed. */
export interface DeliveryErrorContext {
  /** The subscription whose filter or handler failed. */
  readonly subscriptionId: string;
  /** The message being delivered. */
  readonly message: Message;
  /** Whether the filter or the handler failed. */
  readonly phase: 'filter' | 'handler';
}

/** The context of a `RetainedEvictionError`: retained messages dropped for `maxRetained`. */
export interface RetainErrorContext {
  /** No subscription is involved. */
  readonly subscriptionId: undefined;
  /** The retained publish that made room by evicting the first of them. */
  readonly message: Message;
  /** The retained store. */
  readonly phase: 'retain';
}

/** Options of `new SignalExchange()`. */
export interface SignalExchangeOptions {
  /**
   * Most topics whose matching subscriptions are memoised (passed to the matcher's LRU);
   * `0` turns the memo off.
   * @default 10_000
   */
  readonly cacheSize?: number;
  /**
   * Most bytes of topic text the memo keeps (2 per code unit), passed to the matcher: with
   * `cacheSize` it bounds the memo's memory however long the topics are. A positive integer,
   * or `Infinity`.
   * @default 16_777_216 (16 MiB)
   */
  readonly cacheBytes?: number;
  /**
   * `'sequential'`: call each handler in subscription order and await it (when it returns a
   * thenable) before calling the next. `'concurrent'`: call them all in subscription order,
   * then await them all.
   * @default 'sequential'
   */
  readonly dispatch?: 'sequential' | 'concurrent';
  /**
   * Told of every filter or handler that throws or rejects, and of every handler that exceeds
   * `handlerTimeout` (and again if it settles later); `publish` itself never rejects because of
   * them. Reporting never throws, whatever was thrown: an `onError` that throws is written to
   * `console.error` with both errors, and a `console.error` that throws (or cannot inspect the
   * value) is retried with the values described in words, then given up on.
   * @default writes the error and its context to `console.error`
   */
  readonly onError?: (error: unknown, context: ErrorContext) => void;
  /**
   * The topic rule `publish` and `deliver` enforce, a {@link TopicValidation}. A topic that
   * breaks it rejects with `InvalidTopicError`. `SEED_TOPIC_RULE` is the stricter grammar of
   * earlier releases (`parent/child`, `device-42/temp`).
   * @default DEFAULT_TOPIC_RULE: any well-formed Unicode string without U+0000
   */
  readonly validateTopic?: TopicValidation;
  /**
   * How long, in milliseconds, `publish` waits for the promise (or thenable) a handler returns.
   * One still pending then is reported to `onError` with a `HandlerTimeoutError` (phase
   * `'handler'`) and counted in `failed`, and `publish` moves on: in `'sequential'` mode the
   * next handler is called, in `'concurrent'` mode `publish` resolves without it. If the
   * promise settles later, that is reported too, with a `LateSettlementError`. The clock starts
   * when the handler returns; a handler that blocks synchronously cannot be interrupted.
   * A subscription may set its own (`subscribe({ handlerTimeout })`).
   *
   * A positive number up to 2^31 - 1 (about 24.8 days), or `Infinity` for no timeout; anything
   * else throws `TypeError` (not a number) or `RangeError` from the constructor. Timers do not
   * keep the process alive.
   * @default Infinity (no timeout)
   */
  readonly handlerTimeout?: number;
  /**
   * What `subscribe`, `stream` and `next` do with a pattern that risks super-linear
   * backtracking (nested quantifiers such as `(a+)+`, overlapping alternatives under a
   * quantifier, a repeated back-reference; see `analyzePattern(pattern).backtracking`), or that
   * cannot be checked: `'allow'` subscribes it, `'reject'` throws an `UnsafePatternError`.
   * Choose `'reject'` when patterns come from people you do not trust. Passed to the matcher.
   * @default 'allow'
   */
  readonly unsafePatterns?: 'allow' | 'reject';
  /**
   * Longest topic (UTF-16 code units) `publish` and `deliver` accept: a longer one rejects with
   * a `LimitExceededError` before anything else is done with it (no topic rule, observer,
   * filter or handler runs); `hasSubscribers` throws it. A positive integer or `Infinity`.
   * Passed to the matcher.
   * @default 65_536 (`DEFAULT_MAX_TOPIC_LENGTH` of `@sigx/matcher`)
   */
  readonly maxTopicLength?: number;
  /**
   * Longest pattern `subscribe`, `stream` and `next` accept, counted on the string or on the
   * `RegExp`'s `source`: a longer one throws a `LimitExceededError` before it is compiled.
   * A positive integer or `Infinity`. Passed to the matcher.
   * @default 4_096 (`DEFAULT_MAX_PATTERN_LENGTH` of `@sigx/matcher`)
   */
  readonly maxPatternLength?: number;
  /**
   * Most handler and filter calls a publish (or deliver) may be nested in: a handler runs
   * inside the `publish` call that delivers to it (the first one, or every one in
   * `'concurrent'` mode), so a handler that publishes a message that reaches it again deepens
   * the call stack with every level. A publish nested deeper rejects with a
   * `PublishDepthError` before anything is done with it. The calls of every exchange count,
   * since they share the stack. A positive integer, or `Infinity` for no limit (then a runaway
   * recursion ends in a stack overflow, a `RangeError` thrown wherever the stack ran out).
   * @default 256 (`DEFAULT_MAX_PUBLISH_DEPTH`)
   */
  readonly maxPublishDepth?: number;
  /**
   * Most topics whose retained message the exchange keeps (`publish({ retain: true })`). When
   * a new topic is retained beyond it, the topic retained least recently is forgotten; the
   * evictions of one burst (until the event loop turns) are reported to `onError` once, with
   * a `RetainedEvictionError`, and counted in `stats().retainedEvicted`. A positive integer,
   * or `Infinity` for no limit.
   * @default 10_000 (`DEFAULT_MAX_RETAINED`)
   */
  readonly maxRetained?: number;
}

/**
 * What a new subscription receives before live messages: `'retained'`, the retained messages
 * whose topics its pattern matches (see `publish({ retain: true })`).
 */
export type Replay = 'retained';

/**
 * Options of `SignalExchange#subscribe`.
 *
 * @typeParam V - the value type the handler and filter receive: on a typed exchange, the
 * `PatternValue` of the pattern; `unknown` otherwise.
 * @typeParam P - the type of `topicPattern`, as inferred from it.
 */
export interface SubscribeOptions<V = unknown, P extends TopicPattern = TopicPattern> {
  /** Which topics: a regular-expression source or a `RegExp`, matched from index 0. */
  readonly topicPattern: P;
  /** Called with each matching message. */
  readonly handler: Handler<V>;
  /** Only messages whose `publisherName` equals this. @default any publisher */
  readonly publisherName?: string;
  /** A synchronous predicate; an `async` function is refused with `TypeError`. */
  readonly filter?: Filter<V>;
  /** The id to use; one already in use throws `DuplicateSubscriptionError`. @default a random 32-hex id */
  readonly subscriptionId?: string;
  /** Aborting it unsubscribes; an already-aborted signal subscribes nothing. */
  readonly signal?: AbortSignal;
  /**
   * Hold the handler through a `WeakRef` and unsubscribe once it is garbage-collected, so a
   * subscription does not keep its handler (and what it closes over) alive.
   * @default false
   */
  readonly weak?: boolean;
  /**
   * This subscription's handler timeout in milliseconds, instead of the exchange's
   * `handlerTimeout` (`Infinity`: none, even when the exchange has one). Validated likewise.
   * @default the exchange's `handlerTimeout`
   */
  readonly handlerTimeout?: number;
  /**
   * A queue group: among the subscriptions of one group that a message reaches (pattern,
   * `publisherName` and filter all pass), exactly one receives it, in turn, in subscription
   * order. A non-empty string; the subscriptions without a group are unaffected.
   * @default no group
   */
  readonly group?: string;
  /**
   * `'retained'`: receive first, inside this `subscribe` call, the retained messages whose
   * topics the pattern matches (oldest retained first), then live messages. Not with `group`.
   * @default nothing is replayed
   */
  readonly replay?: Replay;
}

/**
 * Options of `SignalExchange#next` (and of `stream`, with {@link StreamOptions}).
 *
 * @typeParam V - the value type the filter (and the message) has, as for {@link SubscribeOptions}.
 * @typeParam P - the type of `topicPattern`.
 */
export interface NextOptions<V = unknown, P extends TopicPattern = TopicPattern> {
  /** Which topics. */
  readonly topicPattern: P;
  /** Only messages from this publisher name. @default any publisher */
  readonly publisherName?: string;
  /** A synchronous predicate. */
  readonly filter?: Filter<V>;
  /** Aborting it rejects the promise with the signal's reason. */
  readonly signal?: AbortSignal;
  /** A queue group, as for `subscribe`: the group's members take the messages in turn. */
  readonly group?: string;
  /**
   * `'retained'`: `next` resolves at once with the most recently retained message that
   * matches (and passes `publisherName` and `filter`), when there is one; `stream` starts
   * with the matching retained messages, oldest first. Not with `group`.
   */
  readonly replay?: Replay;
}

/** The argument of `SignalExchange#publish` and `SignalExchange#deliver`. */
export interface PublishArgs {
  /** Passed on to filters and handlers (any object; `undefined` if none). */
  readonly publisher?: unknown;
  /** The message. */
  readonly message: Message;
  /**
   * Keep the message as its topic's retained message, replacing the one before, besides
   * delivering it as usual. A message whose `value` is `undefined` forgets the topic's
   * retained message instead (as MQTT's empty retained payload does).
   * @default false
   */
  readonly retain?: boolean;
  /**
   * The W3C Trace Context `traceparent` of the trace this publish belongs to
   * (`00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`, lowercase; see `isTraceparent`).
   * It is passed to the `sigx:publish` and `sigx:handler` tracing channels and to `onPublish`
   * observers, so that a bridge such as `@sigx/redis` continues the trace in another process.
   * A malformed one is refused with `TypeError`.
   * @default no trace context
   */
  readonly traceparent?: string;
  /**
   * Which subscriptions the message may reach, by queue group: `null` only those without a
   * group, a group's name only the members of that group (one of them, as usual). A bridge
   * that shares a group among processes (`@sigx/nats`) delivers each message it receives for
   * the group with its name, and the rest with `null`. A bad value is refused with
   * `TypeError`.
   * @default every matching subscription, grouped or not
   */
  readonly group?: string | null;
}

/** What an `onPublish` observer is told besides the message and publisher. */
export interface PublishDetails {
  /** Whether it was published with `retain: true`. */
  readonly retain: boolean;
  /** The publish's `traceparent`, if one was given. */
  readonly traceparent: string | undefined;
}

/**
 * What `SignalExchange#stats` reports: what the exchange holds now, and what it has done since
 * construction (modelled on NATS's `/subsz`). Counts of publishes include `deliver` calls
 * where they say so; nothing is ever reset, not even by `clear()`.
 */
export interface ExchangeStats {
  /** Live subscriptions, the members of groups and those feeding streams included. */
  readonly subscriptions: number;
  /** Queue groups with at least one member. */
  readonly groups: number;
  /** Open `stream()`s (their subscriptions are counted in `subscriptions` too). */
  readonly streams: number;
  /** Topics with a retained message. */
  readonly retained: number;
  /** The `maxRetained` option. */
  readonly maxRetained: number;
  /** Retained messages forgotten to keep within `maxRetained`, since construction. */
  readonly retainedEvicted: number;
  /** `publish` calls accepted: valid, and not refused by an `onPublish` observer. */
  readonly publishes: number;
  /** `deliver` calls accepted (messages a bridge brought in). */
  readonly delivers: number;
  /**
   * `publish` and `deliver` calls that rejected: a bad argument or topic, a publish nested
   * too deep, an observer's refusal.
   */
  readonly refused: number;
  /** Subscriptions reached by accepted publishes and delivers, summed (`PublishResult.matched`). */
  readonly matched: number;
  /** Handler calls made, summed (`PublishResult.delivered`); replays of retained messages included. */
  readonly delivered: number;
  /** Handler calls that threw, rejected or timed out (`PublishResult.failed`, summed). */
  readonly failed: number;
  /** Handler calls that did not settle within their `handlerTimeout` (counted in `failed` too). */
  readonly timedOut: number;
  /** Filter calls that threw (or returned a thenable): each counted as a rejection. */
  readonly filterErrors: number;
  /** Subscriptions reached per accepted publish or deliver. */
  readonly fanOut: {
    /** `matched` divided by the accepted publishes and delivers; `0` before the first. */
    readonly mean: number;
    /** The most one of them reached. */
    readonly max: number;
  };
  /** The matcher's memo of per-topic results (see `cacheSize`). */
  readonly memo: {
    /** Lookups (publishes, delivers, `hasSubscribers`) answered from the memo. */
    readonly hits: number;
    /** Lookups that had to be computed. */
    readonly misses: number;
    /** Topics remembered now. */
    readonly size: number;
    /** Most topics remembered (`cacheSize`). */
    readonly max: number;
  };
}

/** What to do with a message that arrives when a stream's buffer is full. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/**
 * Options of `SignalExchange#stream`.
 *
 * @typeParam V - the value type, as for {@link NextOptions}.
 * @typeParam P - the type of `topicPattern`.
 */
export type StreamOptions<V = unknown, P extends TopicPattern = TopicPattern> = NextOptions<V, P> &
  (
    | {
        /** Omitted: the buffer is unbounded, so nothing is ever dropped. */
        readonly bufferSize?: undefined;
        /** Only with `bufferSize`. */
        readonly overflow?: undefined;
      }
    | {
        /** Most messages held for a slow consumer. @default unbounded */
        readonly bufferSize: number;
        /**
         * When the buffer is full: drop the oldest buffered message, drop the new one, or end
         * the stream with `StreamOverflowError` (after the buffered messages are read).
         * Required with `bufferSize`: there is no default.
         */
        readonly overflow: OverflowPolicy;
      }
  );

/** What `publish` resolves with. */
export interface PublishResult {
  /** Subscriptions that matched the topic and passed publisher routing and their filter. */
  readonly matched: number;
  /** Handler calls made (a handler shared by several matching subscriptions is called once). */
  readonly delivered: number;
  /**
   * Handler calls that threw, rejected, or did not settle within `handlerTimeout` (each is
   * reported to `onError`).
   */
  readonly failed: number;
}

/** A subscription as an {@link ExchangeObserver} is told of it. */
export interface SubscriptionInfo {
  /** The subscription's id. */
  readonly subscriptionId: string;
  /** Its pattern, as given to `subscribe`. */
  readonly topicPattern: TopicPattern;
  /** Its publisher routing; `undefined` when it takes messages from any publisher. */
  readonly publisherName: string | undefined;
  /** Its queue group; `undefined` when it has none. */
  readonly group: string | undefined;
}

/**
 * Watches an exchange, for bridges that carry its messages elsewhere (such as
 * `@sigx/redis`). Every callback is optional; see `SignalExchange#observe`.
 */
export interface ExchangeObserver {
  /**
   * Told of every message `publish` accepts (valid topic, a `Message`), synchronously inside
   * the `publish` call, before any filter or handler runs, in publish order. A throw refuses
   * the publish: `publish` rejects with the thrown error and dispatches nothing (observers
   * added earlier have already been told). Not told of `deliver`.
   */
  readonly onPublish?: (message: Message, publisher: unknown, details: PublishDetails) => void;
  /** Told of every subscription made, by `subscribe`, `stream` or `next`. A throw is written to `console.error`. */
  readonly onSubscribe?: (subscription: SubscriptionInfo) => void;
  /**
   * Told of every subscription that ends, however it ends (`unsubscribe`, abort, `clear`, a
   * settled `next`, a collected weak handler). A throw is written to `console.error`.
   */
  readonly onUnsubscribe?: (subscription: SubscriptionInfo) => void;
  /**
   * The observer shares queue groups among processes: while it is attached, `publish` (given
   * no `group` of its own) reaches only the subscriptions without a group, and the observer
   * delivers each message to one member of each group somewhere, with `deliver({ group })`.
   * `deliver` is not affected.
   * @default false
   */
  readonly routesGroups?: boolean;
}
