import { describeValue } from '@sigx/matcher';

/**
 * The default `maxPublishDepth`: how many handler and filter calls a publish may be nested in.
 * A handler runs inside the `publish` call that delivers to it (the first one, or every one in
 * `'concurrent'` mode), so each level of re-entrant publishing deepens the call stack; 256
 * levels leave a wide margin below the depth at which a default Node or browser stack runs out
 * (over a thousand levels, with small handlers), and far more than deliberate re-entrancy
 * needs.
 */
export const DEFAULT_MAX_PUBLISH_DEPTH: number = 256;

/**
 * Validates a `maxPublishDepth` option.
 * @param value - the option as given.
 * @returns the depth; {@link DEFAULT_MAX_PUBLISH_DEPTH} for `undefined`.
 * @throws `TypeError` for a value that is not a number, `RangeError` for one that is not a
 * positive integer or `Infinity`.
 */
export function checkMaxPublishDepth(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_PUBLISH_DEPTH;
  if (value === Infinity || (Number.isSafeInteger(value) && (value as number) > 0)) {
    return value as number;
  }
  const problem = `maxPublishDepth must be a positive integer or Infinity, got ${describeValue(value)}`;
  throw typeof value === 'number' ? new RangeError(problem) : new TypeError(problem);
}
