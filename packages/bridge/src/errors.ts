import { REPORT_WINDOW_MS } from './report-throttle.js';

/**
 * The errors every bridge shares, about the records it sends and receives. Each has a stable
 * `code` and carries what it is about. `UnencodableMessageError` rejects `publish`; the
 * others go to the bridge's `onError` option.
 */

/**
 * A message whose value the codec cannot encode: `publish` on a bridged exchange rejects with
 * it and dispatches nothing, locally or remotely.
 *
 * @example
 * ```ts
 * await exchange
 *   .publish({ message: new Message({ publisherName: null, topic: 'a/b', value: () => 1 }) })
 *   .catch((error) => error.code); // 'ERR_SIGX_UNENCODABLE'
 * ```
 */
export class UnencodableMessageError extends Error {
  /** Always `'UnencodableMessageError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'UnencodableMessageError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_UNENCODABLE';
  /** The topic of the message. */
  readonly topic: string;
  /** The id of the message. */
  readonly messageId: string;

  /**
   * @param transport - what the bridge sends through (`'Redis'`, `'NATS'`).
   * @param topic - the message's topic.
   * @param messageId - the message's id.
   * @param reason - what could not be encoded, in words.
   * @param options - `cause`: the codec's error.
   */
  constructor(
    transport: string,
    topic: string,
    messageId: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `Cannot send the message on topic ${JSON.stringify(topic)} through ${transport}: ${reason}`,
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
  readonly code = 'ERR_SIGX_UNSUPPORTED_VALUE';
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
 * A payload arrived (on a Redis channel, a NATS subject) that is not a sigx message (another
 * publisher on the same channels, a codec mismatch, a record with an id out of bounds or an impossible sequence
 * number): reported to `onError` and dropped. Past 10 reports in 5 s, the rest of the window
 * is summed up in one report whose `count` says how many.
 */
export class MalformedPayloadError extends Error {
  /** Always `'MalformedPayloadError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'MalformedPayloadError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_MALFORMED_PAYLOAD';
  /** The Redis channel or NATS subject it arrived on (for a summary: the last one's). */
  readonly channel: string;
  /** Its first bytes (at most 200), for diagnosis. */
  readonly payload: Uint8Array;
  /** How many payloads this report stands for: 1, or more for a summary. */
  readonly count: number;

  /**
   * @param where - what `channel` names, for the message: `'Redis channel'`, `'NATS subject'`.
   * @param channel - the channel it arrived on.
   * @param payload - the payload (kept up to 200 bytes).
   * @param reason - what is wrong with it, in words.
   * @param options - `cause`: the codec's error, if it threw; `count`: see
   * {@link DroppedPayloadOptions}.
   */
  constructor(
    where: string,
    channel: string,
    payload: Uint8Array,
    reason: string,
    options?: DroppedPayloadOptions,
  ) {
    const count = options?.count ?? 1;
    super(
      count === 1
        ? `Dropped a malformed payload on ${where} ${JSON.stringify(channel)}: ${reason}`
        : `Dropped ${count} more malformed payloads on ${where}s ${lastWindow()} without a report each; the last on ${lastWord(where)} ${JSON.stringify(channel)}: ${reason}`,
      options,
    );
    this.channel = channel;
    this.payload = new Uint8Array(payload.subarray(0, 200)); // a copy: not a view of a socket buffer
    this.count = count;
  }
}

/**
 * A payload arrived without this bridge's `sharedKey`: its MAC is missing, or does not match
 * its channel (subject) and bytes (a sender without the key or with another one, a record replayed onto
 * another channel, bytes changed on the way). Dropped before it is decoded; counted in
 * `stats().unauthenticated`; reported to `onError` at the same bounded rate as
 * {@link MalformedPayloadError}.
 */
export class UnauthenticatedPayloadError extends Error {
  /** Always `'UnauthenticatedPayloadError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'UnauthenticatedPayloadError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_UNAUTHENTICATED_PAYLOAD';
  /** The Redis channel or NATS subject it arrived on (for a summary: the last one's). */
  readonly channel: string;
  /** Its first bytes (at most 200), for diagnosis. */
  readonly payload: Uint8Array;
  /** How many payloads this report stands for: 1, or more for a summary. */
  readonly count: number;

  /**
   * @param where - what `channel` names, for the message: `'Redis channel'`, `'NATS subject'`.
   * @param channel - the channel it arrived on.
   * @param payload - the payload (kept up to 200 bytes).
   * @param reason - why it does not authenticate, in words.
   * @param options - `count`: see {@link DroppedPayloadOptions}.
   */
  constructor(
    where: string,
    channel: string,
    payload: Uint8Array,
    reason: string,
    options?: DroppedPayloadOptions,
  ) {
    const count = options?.count ?? 1;
    super(
      count === 1
        ? `Dropped a payload on ${where} ${JSON.stringify(channel)} that does not carry this bridge's sharedKey (${reason})`
        : `Dropped ${count} more payloads without this bridge's sharedKey on ${where}s ${lastWindow()} without a report each; the last on ${lastWord(where)} ${JSON.stringify(channel)} (${reason})`,
      options,
    );
    this.channel = channel;
    this.payload = new Uint8Array(payload.subarray(0, 200));
    this.count = count;
  }
}

/**
 * Messages published while the server (Redis, NATS) was unreachable did not fit in the bridge's buffer
 * (`maxBuffered`) and were dropped. Reported to `onError` when the first message of an outage
 * is dropped, and again when the connection is back, with the number dropped in that outage.
 */
export class BufferOverflowError extends Error {
  /** Always `'BufferOverflowError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'BufferOverflowError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_BUFFER_OVERFLOW';
  /** The bound that was reached. */
  readonly maxBuffered: number;
  /** Messages dropped in this outage so far. */
  readonly dropped: number;
  /** The topic of the first message dropped in this outage. */
  readonly topic: string;

  /**
   * @param transport - the server (`'Redis'`, `'NATS'`).
   * @param maxBuffered - the bound that was reached.
   * @param dropped - messages dropped in this outage so far.
   * @param topic - the topic of the first message dropped in this outage.
   * @param ended - whether the outage is over (the summary report).
   */
  constructor(
    transport: string,
    maxBuffered: number,
    dropped: number,
    topic: string,
    ended: boolean,
  ) {
    super(
      ended
        ? `${transport} is reachable again; ${dropped} message(s) published while it was not did not fit in the buffer of ${maxBuffered} and were dropped (the first on topic ${JSON.stringify(topic)})`
        : `${transport} is unreachable and the buffer of ${maxBuffered} message(s) is full: the message on topic ${JSON.stringify(topic)} and later ones are dropped until it is back`,
    );
    this.maxBuffered = maxBuffered;
    this.dropped = dropped;
    this.topic = topic;
  }
}

/** `'channel'` of `'Redis channel'`. */
function lastWord(where: string): string {
  return where.slice(where.lastIndexOf(' ') + 1);
}

function lastWindow(): string {
  return `in the last ${REPORT_WINDOW_MS / 1_000} s`;
}
