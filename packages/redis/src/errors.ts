import { REPORT_WINDOW_MS } from './report-throttle.js';

/**
 * Errors of `@sigx/redis`. Each has a stable `code` and carries what it is about. They reach
 * the caller in two ways: `UnencodableMessageError` rejects `publish`, and `connectRedis`
 * rejects with `RedisConnectionError`; everything that happens later, away from any call,
 * goes to the bridge's `onError` option.
 */

/**
 * A message whose value the codec cannot encode: `publish` on a bridged exchange rejects with
 * it and dispatches nothing, locally or remotely.
 *
 * @example
 * ```ts
 * await exchange
 *   .publish({ message: new Message({ publisherName: null, topic: 'a/b', value: () => 1 }) })
 *   .catch((error) => error.code); // 'ERR_SIGX_REDIS_UNENCODABLE'
 * ```
 */
export class UnencodableMessageError extends Error {
  /** Always `'UnencodableMessageError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'UnencodableMessageError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_UNENCODABLE';
  /** The topic of the message. */
  readonly topic: string;
  /** The id of the message. */
  readonly messageId: string;

  /**
   * @param topic - the message's topic.
   * @param messageId - the message's id.
   * @param reason - what could not be encoded, in words.
   * @param options - `cause`: the codec's error.
   */
  constructor(topic: string, messageId: string, reason: string, options?: ErrorOptions) {
    super(
      `Cannot send the message on topic ${JSON.stringify(topic)} through Redis: ${reason}`,
      options,
    );
    this.topic = topic;
    this.messageId = messageId;
  }
}

/**
 * The default codec throws this for a value it cannot encode faithfully (a function, a symbol,
 * a class instance, a circular reference); the bridge wraps it in
 * {@link UnencodableMessageError}, which names the topic.
 */
export class UnsupportedValueError extends TypeError {
  /** Always `'UnsupportedValueError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'UnsupportedValueError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_UNSUPPORTED_VALUE';
  /** Where in the encoded value, e.g. `value.items[2]`. */
  readonly path: string;

  /**
   * @param path - where in the encoded value.
   * @param what - what was found there, in words.
   */
  constructor(path: string, what: string) {
    super(`${path} is ${what}, which the codec cannot encode`);
    this.path = path;
  }
}

/** Options of the errors that report dropped payloads. */
export interface DroppedPayloadOptions extends ErrorOptions {
  /**
   * How many payloads the report stands for: 1, or, for a summary of those that were not
   * reported one by one (past 10 of a kind in 5 s), their number.
   * @default 1
   */
  readonly count?: number;
}

/**
 * A payload arrived from Redis that is not a sigx message (another publisher on the same
 * channels, a codec mismatch, a record with an id out of bounds or an impossible sequence
 * number): reported to `onError` and dropped. Past 10 reports in 5 s, the rest of the window
 * is summed up in one report whose `count` says how many.
 */
export class MalformedPayloadError extends Error {
  /** Always `'MalformedPayloadError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'MalformedPayloadError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_MALFORMED';
  /** The Redis channel it arrived on (for a summary: the last one's). */
  readonly channel: string;
  /** Its first bytes (at most 200), for diagnosis. */
  readonly payload: Uint8Array;
  /** How many payloads this report stands for: 1, or more for a summary. */
  readonly count: number;

  /**
   * @param channel - the channel it arrived on.
   * @param payload - the payload (kept up to 200 bytes).
   * @param reason - what is wrong with it, in words.
   * @param options - `cause`: the codec's error, if it threw; `count`: see
   * {@link DroppedPayloadOptions}.
   */
  constructor(
    channel: string,
    payload: Uint8Array,
    reason: string,
    options?: DroppedPayloadOptions,
  ) {
    const count = options?.count ?? 1;
    super(
      count === 1
        ? `Dropped a malformed payload on Redis channel ${JSON.stringify(channel)}: ${reason}`
        : `Dropped ${count} more malformed payloads on Redis channels ${lastWindow()} without a report each; the last on channel ${JSON.stringify(channel)}: ${reason}`,
      options,
    );
    this.channel = channel;
    this.payload = new Uint8Array(payload.subarray(0, 200)); // a copy: not a view of a socket buffer
    this.count = count;
  }
}

/**
 * A payload arrived without this bridge's `sharedKey`: its MAC is missing, or does not match
 * its channel and bytes (a sender without the key or with another one, a record replayed onto
 * another channel, bytes changed on the way). Dropped before it is decoded; counted in
 * `stats().unauthenticated`; reported to `onError` at the same bounded rate as
 * {@link MalformedPayloadError}.
 */
export class UnauthenticatedPayloadError extends Error {
  /** Always `'UnauthenticatedPayloadError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'UnauthenticatedPayloadError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_UNAUTHENTICATED';
  /** The Redis channel it arrived on (for a summary: the last one's). */
  readonly channel: string;
  /** Its first bytes (at most 200), for diagnosis. */
  readonly payload: Uint8Array;
  /** How many payloads this report stands for: 1, or more for a summary. */
  readonly count: number;

  /**
   * @param channel - the channel it arrived on.
   * @param payload - the payload (kept up to 200 bytes).
   * @param reason - why it does not authenticate, in words.
   * @param options - `count`: see {@link DroppedPayloadOptions}.
   */
  constructor(
    channel: string,
    payload: Uint8Array,
    reason: string,
    options?: DroppedPayloadOptions,
  ) {
    const count = options?.count ?? 1;
    super(
      count === 1
        ? `Dropped a payload on Redis channel ${JSON.stringify(channel)} that does not carry this bridge's sharedKey (${reason})`
        : `Dropped ${count} more payloads without this bridge's sharedKey on Redis channels ${lastWindow()} without a report each; the last on channel ${JSON.stringify(channel)} (${reason})`,
      options,
    );
    this.channel = channel;
    this.payload = new Uint8Array(payload.subarray(0, 200));
    this.count = count;
  }
}

function lastWindow(): string {
  return `in the last ${REPORT_WINDOW_MS / 1_000} s`;
}

/**
 * Messages published while Redis was unreachable did not fit in the bridge's buffer
 * (`maxBuffered`) and were dropped. Reported to `onError` when the first message of an outage
 * is dropped, and again when the connection is back, with the number dropped in that outage.
 */
export class BufferOverflowError extends Error {
  /** Always `'BufferOverflowError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'BufferOverflowError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_BUFFER_OVERFLOW';
  /** The bound that was reached. */
  readonly maxBuffered: number;
  /** Messages dropped in this outage so far. */
  readonly dropped: number;
  /** The topic of the first message dropped in this outage. */
  readonly topic: string;

  /**
   * @param maxBuffered - the bound that was reached.
   * @param dropped - messages dropped in this outage so far.
   * @param topic - the topic of the first message dropped in this outage.
   * @param ended - whether the outage is over (the summary report).
   */
  constructor(maxBuffered: number, dropped: number, topic: string, ended: boolean) {
    super(
      ended
        ? `Redis is reachable again; ${dropped} message(s) published while it was not did not fit in the buffer of ${maxBuffered} and were dropped (the first on topic ${JSON.stringify(topic)})`
        : `Redis is unreachable and the buffer of ${maxBuffered} message(s) is full: the message on topic ${JSON.stringify(topic)} and later ones are dropped until it is back`,
    );
    this.maxBuffered = maxBuffered;
    this.dropped = dropped;
    this.topic = topic;
  }
}

/**
 * The connection to Redis failed: `connectRedis` rejects with it when the first connection
 * cannot be made; later, the loss of an established connection is reported to `onError` once
 * per outage (the bridge reconnects by itself), as is a subscription Redis refused.
 */
export class RedisConnectionError extends Error {
  /** Always `'RedisConnectionError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'RedisConnectionError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_CONNECTION';
  /** Which of the bridge's two connections: the one that publishes or the one that subscribes. */
  readonly connection: 'publisher' | 'subscriber';

  /**
   * @param connection - which connection.
   * @param what - what happened, in words.
   * @param options - `cause`: the client's error.
   */
  constructor(connection: 'publisher' | 'subscriber', what: string, options?: ErrorOptions) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Redis ${connection} connection ${what}${detail}`, options);
    this.connection = connection;
  }
}

/**
 * Redis refused to subscribe the bridge to some of its globs (an ACL without those channels:
 * Redis 7 compares a `PSUBSCRIBE` glob literally with the user's channel patterns). The local
 * subscriptions filed under them receive nothing from other processes. `connectRedis` rejects
 * with it when it happens to the subscriptions the exchange has at start-up; later (a new
 * subscription, a resubscription after an ACL change) it is reported to `onError`. The
 * refused globs are left out of `stats().patterns` and not requested again until no
 * subscription wants them and one wants them anew.
 */
export class SubscriptionRefusedError extends Error {
  /** Always `'SubscriptionRefusedError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'SubscriptionRefusedError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_SUBSCRIPTION_REFUSED';
  /** The refused Redis globs, channel prefix included. */
  readonly globs: readonly string[];

  /**
   * @param globs - the refused globs.
   * @param options - `cause`: Redis's error reply.
   */
  constructor(globs: readonly string[], options?: ErrorOptions) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      `Redis refused PSUBSCRIBE ${globs.join(' ')}${detail}. The subscriptions filed under ` +
        `${globs.length === 1 ? 'it' : 'them'} get nothing from other processes; the Redis user ` +
        `needs each glob allowed as written (allchannels, or ${globs.map((glob) => `&${glob}`).join(' ')})`,
      options,
    );
    this.globs = Object.freeze([...globs]);
  }
}
