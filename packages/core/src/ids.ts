/**
 * Identifiers: time-ordered message ids and random subscription ids, both 32 lowercase hex
 * characters. Uses only `crypto.getRandomValues` and `Date.now`, available in Node and browsers.
 */

const NS_PER_MS = 1_000_000n;
/** The random tail is kept as two 24-bit halves: small integers, cheap to add and to print. */
const HALF_LIMIT = 2 ** 24;

/** The timestamp of the last id, in nanoseconds, and its 20 hex digits. */
let lastTimestampNs = 0n;
let lastTimestampHex = '0'.repeat(20);
/** The millisecond reading that `lastTimestampNs` came from (-1: none yet). */
let lastMs = -1;
let randomHigh = 0;
let randomLow = 0;

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
  const ms = Math.trunc(nowMs);
  // Many ids share a millisecond: only a new reading pays for BigInt arithmetic.
  if (ms !== lastMs && BigInt(ms) * NS_PER_MS > lastTimestampNs) {
    lastMs = ms;
    lastTimestampNs = BigInt(ms) * NS_PER_MS;
    lastTimestampHex = lastTimestampNs.toString(16).padStart(20, '0');
    const random = crypto.getRandomValues(new Uint32Array(2));
    randomHigh = random[0]! % HALF_LIMIT;
    randomLow = random[1]! % HALF_LIMIT;
  } else if (++randomLow === HALF_LIMIT) {
    randomLow = 0;
    if (++randomHigh === HALF_LIMIT) {
      // 2^48 ids in one tick: borrow the next nanosecond.
      randomHigh = 0;
      lastTimestampNs += 1n;
      lastTimestampHex = lastTimestampNs.toString(16).padStart(20, '0');
    }
  }
  return (
    lastTimestampHex +
    randomHigh.toString(16).padStart(6, '0') +
    randomLow.toString(16).padStart(6, '0')
  );
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
