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

/** The wildcard syntaxes that {@link FilterSyntaxError} reports on. */
export type FilterSyntax = 'mqtt' | 'amqp' | 'glob';

const FILTER_NAMES: Readonly<Record<FilterSyntax, string>> = {
  mqtt: 'MQTT topic filter',
  amqp: 'AMQP binding key',
  glob: 'glob pattern',
};

/**
 * Thrown by `mqtt()`, `amqp()` and `glob()` when a filter breaks a rule of its syntax
 * (`a/#/b` in MQTT: `#` must be the last level).
 *
 * It is a `SyntaxError`; the message names the filter, the index of the offending character
 * and the rule.
 *
 * @example
 * ```ts
 * try {
 *   mqtt('a/#/b');
 * } catch (error) {
 *   if (error instanceof FilterSyntaxError) console.log(error.index, error.rule); // 2 '`#` must be the last level'
 * }
 * ```
 */
export class FilterSyntaxError extends SyntaxError {
  override readonly name = 'FilterSyntaxError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_FILTER_SYNTAX';
  /** Which syntax the filter was read as. */
  readonly syntax: FilterSyntax;
  /** The filter as given. */
  readonly filter: string;
  /** Index (UTF-16 code unit) in `filter` of the character that breaks the rule. */
  readonly index: number;
  /** The rule that is broken, e.g. ``'`#` must be the last level'``. */
  readonly rule: string;

  /**
   * @param syntax - the syntax the filter was read as.
   * @param filter - the filter as given.
   * @param index - where in `filter` the rule is broken.
   * @param rule - the rule, as a sentence without a final period.
   */
  constructor(syntax: FilterSyntax, filter: string, index: number, rule: string) {
    super(`Invalid ${FILTER_NAMES[syntax]} ${JSON.stringify(filter)} at index ${index}: ${rule}`);
    this.syntax = syntax;
    this.filter = filter;
    this.index = index;
    this.rule = rule;
  }
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
