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
  /** Always `'PatternSyntaxError'` (for `error.name`, messages and stack traces). */
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
    super(`Invalid topic pattern ${quoted(pattern)}: ${reason}`, { cause });
    this.pattern = pattern;
    this.reason = reason;
  }
}

/**
 * Thrown by `TopicMatcher.add` with `unsafePatterns: 'reject'` when a pattern holds a
 * construct that risks super-linear backtracking (see `PatternAnalysis.backtracking`), or
 * cannot be checked.
 *
 * @example
 * ```ts
 * const matcher = new TopicMatcher({ unsafePatterns: 'reject' });
 * try {
 *   matcher.add('(a+)+$', 'x');
 * } catch (error) {
 *   if (error instanceof UnsafePatternError) console.log(error.construct); // '(a+)+'
 * }
 * ```
 */
export class UnsafePatternError extends Error {
  /** Always `'UnsafePatternError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'UnsafePatternError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_UNSAFE_PATTERN';
  /** The pattern's source. */
  readonly pattern: string;
  /** The risky construct, e.g. `(a+)+`. */
  readonly construct: string;
  /** Why it is a risk. */
  readonly reason: string;

  /**
   * @param pattern - the pattern's source.
   * @param construct - the risky construct.
   * @param reason - why it is a risk, as a sentence without a final period.
   */
  constructor(pattern: string, construct: string, reason: string) {
    super(
      `Unsafe topic pattern ${quoted(pattern)}: ${quoted(construct)} risks super-linear backtracking (${reason})`,
    );
    this.pattern = pattern;
    this.construct = construct;
    this.reason = reason;
  }
}

/** The limits that {@link LimitExceededError} reports on. */
export type LengthLimit = 'maxTopicLength' | 'maxPatternLength';

/**
 * Thrown when a topic or a pattern is longer than the matcher's `maxTopicLength` or
 * `maxPatternLength`, before any work is done on it. A `RangeError`.
 *
 * @example
 * ```ts
 * const matcher = new TopicMatcher({ maxTopicLength: 8 });
 * try {
 *   matcher.match('a/very/long/topic');
 * } catch (error) {
 *   if (error instanceof LimitExceededError) console.log(error.limit, error.length); // 'maxTopicLength' 17
 * }
 * ```
 */
export class LimitExceededError extends RangeError {
  /** Always `'LimitExceededError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'LimitExceededError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_LIMIT_EXCEEDED';
  /** Which limit was exceeded. */
  readonly limit: LengthLimit;
  /** The length (UTF-16 code units) of what was refused. */
  readonly length: number;
  /** The limit's value. */
  readonly max: number;

  /**
   * @param limit - which limit was exceeded.
   * @param length - the refused value's length.
   * @param max - the limit's value.
   * @param what - the refused topic or pattern, shown shortened in the message.
   */
  constructor(limit: LengthLimit, length: number, max: number, what: string) {
    const kind = limit === 'maxTopicLength' ? 'topic' : 'pattern';
    const shown = what.length > 40 ? `${JSON.stringify(what.slice(0, 40))}…` : JSON.stringify(what);
    super(`The ${kind} ${shown} is ${length} code units long, more than ${limit} (${max})`);
    this.limit = limit;
    this.length = length;
    this.max = max;
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
  /** Always `'FilterSyntaxError'` (for `error.name`, messages and stack traces). */
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
    super(`Invalid ${FILTER_NAMES[syntax]} ${quoted(filter)} at index ${index}: ${rule}`);
    this.syntax = syntax;
    this.filter = filter;
    this.index = index;
    this.rule = rule;
  }
}

/** Longest text quoted whole in a message; a longer one is cut, with its length given. */
const MAX_QUOTED = 120;

/**
 * A string in quotes for a message, cut when long: a message must not repeat a megabyte of
 * pattern, and the full value is on the error's own field.
 * @param text - the text.
 * @returns it in JSON quotes, cut after {@link MAX_QUOTED} code units.
 */
export function quoted(text: string): string {
  if (text.length <= MAX_QUOTED) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, MAX_QUOTED))}… (${text.length} code units)`;
}

/**
 * Describes a value for an error message without risking a throw (symbols, proxies, revoked
 * proxies, objects with a hostile `toString` or `Symbol.toStringTag`).
 * @param value - anything.
 * @returns a short description.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'object') {
    try {
      return `an object (${Object.prototype.toString.call(value)})`;
    } catch {
      return 'an object that cannot be inspected'; // a revoked proxy, a throwing toStringTag
    }
  }
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return `${typeof value} ${String(value)}`;
}
