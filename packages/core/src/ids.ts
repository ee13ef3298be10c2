/**
 * Identifiers: time-ordered message ids and random subscription ids, both 32 lowercase hex
 * characters. Uses only `crypto.getRandomValues` and `Date.now`, available in Node and browsers.
 */

const NS_PER_MS = 1_000_000n;
const RANDOM_BITS = 48n;
const RANDOM_LIMIT = 1n << RANDOM_BITS;

let lastTimestampNs = 0n;
let lastRandom = 0n;

/**
 * The next message id for a clock reading: 20 hex digits of nanoseconds since the Unix epoch
 * (80 bits, big-endian), then 12 hex digits of 48 random bits. When the clock has not
 * advanced past the previous id (same millisecond, or the wall clock stepped back), the
 * previous timestamp is kept and the random part incremented instead, so ids made in one
 * process are strictly increasing in string order.
 *
 * @param nowMs - the clock reading, in milliseconds since the epoch.
 * @returns a 32-character lowercase hex id.
 */
export function messageIdAt(nowMs: number): string {
  const nowNs = BigInt(Math.trunc(nowMs)) * NS_PER_MS;
  if (nowNs > lastTimestampNs) {
    lastTimestampNs = nowNs;
    lastRandom = randomBits48();
  } else {
    lastRandom += 1n;
    if (lastRandom >= RANDOM_LIMIT) {
      // 2^48 ids in one tick: borrow the next nanosecond.
      lastTimestampNs += 1n;
      lastRandom = 0n;
    }
  }
  return lastTimestampNs.toString(16).padStart(20, '0') + lastRandom.toString(16).padStart(12, '0');
}

/**
 * A random 32-character lowercase hex id (128 random bits), for subscriptions.
 * @returns the id.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

function randomBits48(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
