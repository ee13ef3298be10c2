import type { Message } from '@sigx/core';
import type { Codec } from './codec.js';
import { UnencodableMessageError, UnsupportedValueError } from './errors.js';
import { fromWireRecord, toWireRecord, type ReceivedRecord } from './wire-record.js';

/** Who sends a record: the bridge's node id, its run id and the record's sequence number. */
export interface Sender {
  /** The bridge's `nodeId`. */
  readonly node: string;
  /** The bridge's random run id. */
  readonly run: string;
  /** The record's sequence number. */
  readonly seq: number;
}

/**
 * Encodes a published message for the wire; called inside `publish` (from `onPublish`), so
 * that a message no other exchange can receive is refused before anything is dispatched.
 * @param codec - the bridge's codec.
 * @param transport - for the error message (`'Redis'`, `'NATS'`).
 * @param message - the message.
 * @param sender - who sends it.
 * @param retain - whether it was published with `retain: true`.
 * @param traceparent - the publish's trace context, if any.
 * @returns the payload.
 * @throws {@link UnencodableMessageError} when the codec throws or returns something else than
 * a string or bytes.
 */
export function encodeRecord(
  codec: Codec,
  transport: string,
  message: Message,
  sender: Sender,
  retain: boolean,
  traceparent: string | undefined,
): string | Uint8Array {
  let payload: unknown;
  try {
    const { node, run, seq } = sender;
    payload = codec.encode(toWireRecord(message, node, run, seq, retain, traceparent));
  } catch (error) {
    throw new UnencodableMessageError(
      transport,
      message.topic,
      message.messageId,
      error instanceof UnsupportedValueError ? error.message : `the codec threw ${String(error)}`,
      { cause: error },
    );
  }
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
    throw new UnencodableMessageError(
      transport,
      message.topic,
      message.messageId,
      'the codec returned neither a string nor a Uint8Array',
    );
  }
  return payload;
}

/** Why a payload was not a record: in words, and the codec's error if it threw. */
export interface Malformed {
  /** What is wrong with it. */
  readonly reason: string;
  /** The codec's error, when decoding threw. */
  readonly cause?: unknown;
}

/**
 * Decodes a received payload and checks it.
 * @param codec - the bridge's codec.
 * @param body - the payload (after the MAC, with a `sharedKey`).
 * @param topic - the topic its channel (subject) names: the record must carry the same.
 * @returns the record, or why it is malformed.
 */
export function decodeRecord(
  codec: Codec,
  body: Uint8Array,
  topic: string,
): ReceivedRecord | Malformed {
  let decoded: unknown;
  try {
    decoded = codec.decode(body);
  } catch (error) {
    return { reason: `the codec could not decode it (${String(error)})`, cause: error };
  }
  const record = fromWireRecord(decoded, topic);
  return typeof record === 'string' ? { reason: record } : record;
}
