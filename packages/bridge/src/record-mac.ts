import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Shortest `sharedKey`, in bytes. */
export const MIN_KEY_BYTES = 16;
/** HMAC-SHA256: the MAC that leads a record sent with a `sharedKey`. */
export const MAC_BYTES = 32;

/**
 * Checks a `sharedKey` option and keeps a copy of it (later changes to the caller's bytes do
 * not count).
 * @param sharedKey - the option as given.
 * @returns the key, or `undefined` when none was given.
 * @throws `TypeError` when it is neither a string nor a `Uint8Array`; `RangeError` when it is
 * shorter than {@link MIN_KEY_BYTES} (a string counts its UTF-8 bytes).
 */
export function sharedKeyOf(sharedKey: unknown): KeyObject | undefined {
  if (sharedKey === undefined) return undefined;
  if (typeof sharedKey !== 'string' && !(sharedKey instanceof Uint8Array)) {
    throw new TypeError('sharedKey must be a string or a Uint8Array');
  }
  const bytes = typeof sharedKey === 'string' ? Buffer.from(sharedKey, 'utf8') : sharedKey;
  if (bytes.byteLength < MIN_KEY_BYTES) {
    throw new RangeError(
      `sharedKey must be at least ${MIN_KEY_BYTES} bytes, got ${bytes.byteLength}`,
    );
  }
  return createSecretKey(Buffer.from(bytes));
}

/**
 * Record authentication with a key shared by every bridge on the same channels: each payload
 * is led by an HMAC-SHA256 over the channel (or subject) and the payload's bytes, so that a
 * record replayed onto another channel, or from a sender without the key, is told apart.
 */
export class RecordMac {
  readonly #key: KeyObject;
  readonly #domain: Buffer;

  /**
   * @param key - from {@link sharedKeyOf}.
   * @param domain - separates the MACs of one format from any other use of the same key
   * (`'sigx-redis-mac-v1'`, `'sigx-nats-mac-v1'`).
   */
  constructor(key: KeyObject, domain: string) {
    this.#key = key;
    this.#domain = Buffer.from(`${domain}\0`);
  }

  /**
   * @param channel - the channel (subject) the payload goes to.
   * @param payload - the payload.
   * @returns the payload led by its MAC, over the channel and the payload's bytes.
   */
  seal(channel: string, payload: string | Uint8Array): Buffer {
    const body =
      typeof payload === 'string'
        ? Buffer.from(payload, 'utf8')
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    return Buffer.concat([this.#mac(Buffer.from(channel, 'utf8'), body), body]);
  }

  /**
   * @param channel - the channel (subject) the payload arrived on, as bytes.
   * @param payload - the payload as it arrived.
   * @returns the body after the MAC when the MAC is right, or why it is not (in words).
   */
  open(channel: Uint8Array, payload: Uint8Array): Uint8Array | string {
    if (payload.length < MAC_BYTES) return 'it is shorter than a MAC';
    const body = payload.subarray(MAC_BYTES);
    return timingSafeEqual(payload.subarray(0, MAC_BYTES), this.#mac(channel, body))
      ? body
      : 'its MAC does not match: a sender without the key, or with another one';
  }

  /** HMAC-SHA256 of the channel (length first, so that no two inputs run together) and body. */
  #mac(channel: Uint8Array, body: Uint8Array): Buffer {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(channel.length);
    return createHmac('sha256', this.#key)
      .update(this.#domain)
      .update(length)
      .update(channel)
      .update(body)
      .digest();
  }
}
