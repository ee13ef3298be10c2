import { describeValue, LimitExceededError, PatternSyntaxError } from './errors.js';

/**
 * A topic pattern: a regular-expression source string, or a `RegExp`.
 *
 * A pattern matches a topic when it matches starting at index 0 of the topic (like Python's
 * `re.match`); it need not consume the whole topic. End it with `$` to require that.
 */
export type TopicPattern = string | RegExp;

/** A pattern reduced to what decides its behaviour: its source and its relevant flags. */
export interface NormalizedPattern {
  /** `RegExp#source` of the pattern: `'a/b'` and `/a\/b/` both give `a\/b`. */
  readonly source: string;
  /** The flags, sorted, without `g` and `y` (matching never depends on `lastIndex`). */
  readonly flags: string;
  /** Identity of the pattern: two patterns with the same key are the same pattern. */
  readonly key: string;
}

const IGNORED_FLAGS = /[gy]/g;

/**
 * Validates and normalises a topic pattern.
 *
 * @param pattern - a regular-expression source string or a `RegExp`.
 * @param maxLength - the longest string or `RegExp` source accepted, checked before any work.
 * @returns the pattern's normalised source, flags and identity key.
 * @throws {@link PatternSyntaxError} when a string is not a valid regular expression.
 * @throws {@link LimitExceededError} when it is longer than `maxLength`.
 * @throws `TypeError` when the value is neither a string nor a `RegExp`.
 */
export function normalizePattern(
  pattern: TopicPattern,
  maxLength: number = Infinity,
): NormalizedPattern {
  let source: string;
  let flags: string;
  if (typeof pattern === 'string') {
    if (pattern.length > maxLength) {
      throw new LimitExceededError('maxPatternLength', pattern.length, maxLength, pattern);
    }
    try {
      source = new RegExp(pattern).source;
    } catch (error) {
      throw new PatternSyntaxError(pattern, error);
    }
    flags = '';
  } else if (isRegExp(pattern)) {
    source = sourceOf(pattern);
    if (source.length > maxLength) {
      throw new LimitExceededError('maxPatternLength', source.length, maxLength, source);
    }
    flags = [...pattern.flags.replace(IGNORED_FLAGS, '')].sort().join('');
  } else {
    throw new TypeError(
      `A topic pattern must be a string or a RegExp, got ${describeValue(pattern)}`,
    );
  }
  // Without flags the key is the source itself (no second string per pattern). With flags it
  // is `flags/source`, which no source can equal: a source has no `/` outside a character
  // class that is not escaped, and before this one there are only flag letters, so no `[`
  // and no `\`.
  return { source, flags, key: flags === '' ? source : `${flags}/${source}` };
}

/**
 * Compiles the regular expression that tests a topic from index 0: a sticky copy whose
 * `lastIndex` is reset before each test. (Wrapping in `^(?:…)` would be wrong under `m`.)
 * `d` is dropped: it only adds match indices, which a test never reads.
 */
export function compileAnchored(pattern: NormalizedPattern): RegExp {
  return new RegExp(pattern.source, `${pattern.flags.replace('d', '')}y`);
}

const sourceOf = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!.call.bind(
  Object.getOwnPropertyDescriptor(RegExp.prototype, 'source')!.get!,
) as (regex: RegExp) => string;

/**
 * Whether a value is a real RegExp, from any realm. `instanceof` fails across realms (iframes,
 * `vm`) and `Symbol.toStringTag` can be faked; the `source` getter of `RegExp.prototype` throws
 * for anything but a RegExp (its only non-RegExp receiver is `RegExp.prototype` itself).
 */
export function isRegExp(value: unknown): value is RegExp {
  if (value instanceof RegExp) return true;
  if (typeof value !== 'object' || value === null || value === RegExp.prototype) return false;
  try {
    sourceOf(value as RegExp);
    return true;
  } catch {
    return false;
  }
}
