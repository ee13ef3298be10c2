/**
 * Thrown when a topic pattern is not a valid JavaScript regular expression.
 *
 * It is a `SyntaxError`, so code that already catches the runtime's own `SyntaxError`
 * keeps working; `cause` holds the runtime's original error.
 *
 * @example
 * ```ts
 * try {
 *   matcher.add('parent/(', 'x');
 * } catch (error) {
 *   if (error instanceof PatternSyntaxError) console.log(error.pattern); // 'parent/('
 * }
 * ```
 */
export class PatternSyntaxError extends SyntaxError {
  override readonly name = 'PatternSyntaxError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_PATTERN_SYNTAX';
  /** The pattern source that failed to compile. */
  readonly pattern: string;
  /** The runtime's reason, e.g. `Unterminated group`. */
  readonly reason: string;

  /**
   * @param pattern - the pattern source that failed to compile.
   * @param cause - the `SyntaxError` the runtime threw for it.
   */
  constructor(pattern: string, cause: unknown) {
    const reason = engineReason(cause);
    super(`Invalid topic pattern ${JSON.stringify(pattern)}: ${reason}`, { cause });
    this.pattern = pattern;
    this.reason = reason;
  }
}

/** V8 says `Invalid regular expression: /(/: Unterminated group`; keep the last part. */
function engineReason(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const match = /^Invalid regular expression: \/.*\/[a-z]*: (.*)$/s.exec(message);
  return match?.[1] ?? message;
}

/**
 * Describes a value for an error message without risking a throw (symbols, proxies,
 * objects with hostile `toString`).
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return `${typeof value} ${String(value)}`;
}
