/**
 * Validation of the arguments of `mqtt()`, `amqp()` and `glob()`: the filter must be a
 * string, and a `separator` option a single character that is not one of the syntax's own.
 */
import { describeValue } from '../errors.js';

/**
 * Checks that a filter is a string.
 *
 * @param value - what the caller passed as the filter.
 * @param fn - the function's name, for the message.
 * @throws `TypeError` when `value` is not a string.
 */
export function requireFilterString(value: unknown, fn: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new TypeError(`${fn}() expects the filter as a string, got ${describeValue(value)}`);
  }
}

/**
 * Reads and checks the `separator` option.
 *
 * @param options - what the caller passed as options (`undefined` for none).
 * @param fn - the function's name, for messages.
 * @param fallback - the separator when none is given.
 * @param reserved - the syntax's own characters, which cannot separate levels.
 * @returns the separator: one UTF-16 code unit, not a surrogate, not reserved.
 * @throws `TypeError` when `options` is not an object or `separator` is not a string.
 * @throws `RangeError` when `separator` is not a single character, or is a reserved one.
 */
export function separatorOption(
  options: unknown,
  fn: string,
  fallback: string,
  reserved: string,
): string {
  if (options === undefined) return fallback;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${fn}() options must be an object, got ${describeValue(options)}`);
  }
  const separator = (options as { separator?: unknown }).separator;
  if (separator === undefined) return fallback;
  if (typeof separator !== 'string') {
    throw new TypeError(
      `${fn}() option \`separator\` must be a string, got ${describeValue(separator)}`,
    );
  }
  if (separator.length !== 1 || /[\uD800-\uDFFF]/.test(separator)) {
    throw new RangeError(
      `${fn}() option \`separator\` must be a single character (one UTF-16 code unit, not a surrogate), got ${JSON.stringify(separator)}`,
    );
  }
  if (reserved.includes(separator)) {
    throw new RangeError(
      `${fn}() option \`separator\` cannot be ${JSON.stringify(separator)}: it is a wildcard character of the syntax (${[...reserved].join(' ')})`,
    );
  }
  return separator;
}
