import { isTraceparent, Message } from '@sigx/core';

/** Longest node id a bridge takes (and the `nodeId` option allows), in UTF-16 code units. */
export const MAX_NODE_ID_LENGTH = 256;
/** Longest run id a bridge takes (its own are 24 hex digits). */
export const MAX_RUN_ID_LENGTH = 64;

/**
 * What one message looks like on the wire, before the codec: every `Message` field, plus the
 * sending bridge's node id, its run id and its sequence number (for echo and duplicate
 * suppression), whether it was published with `retain: true`, and its trace context.
 * Everything but `value` and `previousValue` is a JSON primitive, so any JSON codec can carry
 * it.
 */
export interface WireRecord {
  /** Format version. */
  readonly v: 1;
  /** Node id of the sending bridge (its `nodeId` option). */
  readonly node: string;
  /** Random id of the sending bridge, unique even when two bridges share a node id. */
  readonly run: string;
  /** The sending bridge's sequence number: increasing by one per message it sends. */
  readonly seq: number;
  /** The message's topic. */
  readonly topic: string;
  /** The message's `publisherName`. */
  readonly publisherName: string | null;
  /** The message's id. */
  readonly messageId: string;
  /** `created` in milliseconds since the epoch; `null` for an invalid date. */
  readonly created: number | null;
  /** The message's value; a codec that drops `undefined` properties may leave it out. */
  readonly value: unknown;
  /** The message's `previousValue`. */
  readonly previousValue: unknown;
  /**
   * Present, and `true`, only for a message published with `retain: true`: records without it
   * (every other message, and every record of a bridge that predates the flag) are not
   * retained, so the format stays version 1 and the records of other messages stay as they
   * were. A receiver refuses a record whose flag is there but not a boolean.
   */
  readonly retain?: true;
  /**
   * The publish's W3C `traceparent`, present only when it had one (like `retain`, so that
   * other records stay as they were): the receiver delivers with it, so the trace continues
   * there. A receiver refuses a record whose `traceparent` is there but malformed.
   */
  readonly traceparent?: string;
}

/**
 * @param message - the message.
 * @param node - the sending bridge's node id.
 * @param run - its run id.
 * @param seq - the record's sequence number.
 * @param retain - whether it was published with `retain: true`.
 * @param traceparent - the publish's trace context, if any.
 * @returns the wire record of the message.
 */
export function toWireRecord(
  message: Message,
  node: string,
  run: string,
  seq: number,
  retain = false,
  traceparent?: string,
): WireRecord {
  const created = message.created.getTime();
  const record: WireRecord = {
    v: 1,
    node,
    run,
    seq,
    topic: message.topic,
    publisherName: message.publisherName,
    messageId: message.messageId,
    created: Number.isNaN(created) ? null : created,
    value: message.value,
    previousValue: message.previousValue,
  };
  if (!retain && traceparent === undefined) return record;
  return {
    ...record,
    ...(retain ? { retain: true } : {}),
    ...(traceparent === undefined ? {} : { traceparent }),
  };
}

/** A decoded record that passed validation, with its message rebuilt. */
export interface ReceivedRecord {
  /** The sender's node id. */
  readonly node: string;
  /** The sender's run id. */
  readonly run: string;
  /** The record's sequence number. */
  readonly seq: number;
  /** The message, rebuilt. */
  readonly message: Message;
  /** Whether it was published with `retain: true` (`false` for a record without the flag). */
  readonly retain: boolean;
  /** The publish's trace context; `undefined` for a record without one. */
  readonly traceparent: string | undefined;
}

/**
 * Checks a decoded payload and rebuilds its message.
 * @param record - what the codec decoded.
 * @param channelTopic - the topic the channel names (the channel without the prefix).
 * @returns the record, or a string that says what is wrong with it.
 */
export function fromWireRecord(record: unknown, channelTopic: string): ReceivedRecord | string {
  if (typeof record !== 'object' || record === null) return 'not an object';
  const r = record as Partial<Record<keyof WireRecord, unknown>>;
  if (r.v !== 1) return `unknown format version ${JSON.stringify(r.v)}`;
  // Bounded, since a bridge remembers them per sender.
  if (typeof r.node !== 'string' || r.node === '') return 'no node id';
  if (r.node.length > MAX_NODE_ID_LENGTH) {
    return `its node id is longer than ${MAX_NODE_ID_LENGTH} characters`;
  }
  if (typeof r.run !== 'string' || r.run === '') return 'no run id';
  if (r.run.length > MAX_RUN_ID_LENGTH) {
    return `its run id is longer than ${MAX_RUN_ID_LENGTH} characters`;
  }
  if (typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq) || r.seq < 0) {
    return 'no sequence number';
  }
  // The topic's one check here: the channel's topic is a string. Its length and the topic rule
  // are the exchange's, which `deliver` enforces (and the bridge reports).
  if (r.topic !== channelTopic) {
    return typeof r.topic === 'string'
      ? `its topic ${JSON.stringify(r.topic)} is not the channel's`
      : 'no topic';
  }
  if (r.publisherName !== null && typeof r.publisherName !== 'string') {
    return 'publisherName is neither a string nor null';
  }
  if (typeof r.messageId !== 'string') return 'no message id';
  if (r.created !== null && (typeof r.created !== 'number' || !Number.isFinite(r.created))) {
    return 'created is not a time';
  }
  // Absent (or `undefined`, as the default codec keeps an undefined property) means false.
  if (r.retain !== undefined && typeof r.retain !== 'boolean') return 'retain is not a boolean';
  if (r.traceparent !== undefined && !isTraceparent(r.traceparent)) {
    return 'traceparent is not a W3C traceparent';
  }
  return {
    node: r.node,
    run: r.run,
    seq: r.seq,
    message: new Message({
      publisherName: r.publisherName,
      topic: r.topic,
      value: r.value,
      previousValue: r.previousValue,
      created: new Date(r.created ?? Number.NaN),
      messageId: r.messageId,
    }),
    retain: r.retain === true,
    traceparent: r.traceparent,
  };
}
