import { messageIdAt } from './ids.js';

/** The fields of a {@link Message}; the optional ones have defaults. */
export interface MessageInit<V = unknown> {
  /**
   * Name of the publisher, used for publisher routing; `null` (or left out) for an anonymous
   * one.
   * @default null
   */
  readonly publisherName?: string | null;
  /** The topic, e.g. `parent/child`. Validated by `publish`, not here. */
  readonly topic: string;
  /** The payload. */
  readonly value: V;
  /** The previous value on this topic, if the publisher tracks one. @default null */
  readonly previousValue?: V | null;
  /** When the message was made. @default now */
  readonly created?: Date;
  /** Unique, time-ordered id. @default Message.newMessageId() */
  readonly messageId?: string;
}

/**
 * A message published on a topic. Immutable.
 *
 * @typeParam V - the type of `value` and `previousValue`.
 *
 * @example
 * ```ts
 * const message = new Message({ topic: 'parent/child', value: 'my message' }); // publisherName: null
 * message.messageId; // '0000187b1c3e9a5c40002f3a9c1b7d2e', 32 hex digits, time-ordered
 * ```
 */
export class Message<V = unknown> {
  /** Name of the publisher; `null` for an anonymous one. */
  readonly publisherName: string | null;
  /** The topic. */
  readonly topic: string;
  /** The payload. */
  readonly value: V;
  /** The previous value, or `null`. */
  readonly previousValue: V | null;
  /** When the message was made. */
  readonly created: Date;
  /** 32 lowercase hex digits: nanoseconds since the epoch (20), then a random tail (12). */
  readonly messageId: string;

  /**
   * @param init - the message's fields; see {@link MessageInit} for defaults.
   */
  constructor(init: MessageInit<V>) {
    this.publisherName = init.publisherName ?? null;
    this.topic = init.topic;
    this.value = init.value;
    this.previousValue = init.previousValue ?? null;
    // One clock reading for both defaults, so `created` and the id's timestamp agree.
    const now = Date.now();
    this.created = init.created ?? new Date(now);
    const newMessageId = (new.target as typeof Message).newMessageId;
    this.messageId =
      init.messageId ?? (newMessageId === defaultNewMessageId ? messageIdAt(now) : newMessageId());
    Object.freeze(this);
  }

  /**
   * Makes a message id: 32 lowercase hex characters, the first 20 the nanoseconds since the
   * Unix epoch, the last 12 random (incremented instead when the clock has not advanced), so
   * ids made in one process are strictly increasing in string order, even when the wall clock
   * steps back. Assign a function to this property to make ids your own way.
   *
   * @returns a new id.
   */
  static newMessageId: () => string = defaultNewMessageId;

  /**
   * A readable one-line form, like the seed's `Message(...)` repr.
   *
   * @returns `Message(publisherName=…, topic=…, value=…, previousValue=…, created=…, messageId=…)`,
   * strings quoted, `created` as an ISO date.
   */
  toString(): string {
    return (
      `Message(publisherName=${JSON.stringify(this.publisherName)}, topic=${JSON.stringify(this.topic)}, ` +
      `value=${show(this.value)}, previousValue=${show(this.previousValue)}, ` +
      `created=${showDate(this.created)}, messageId=${JSON.stringify(this.messageId)})`
    );
  }
}

function defaultNewMessageId(): string {
  return messageIdAt(Date.now());
}

function showDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString();
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
