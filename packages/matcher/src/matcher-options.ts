import { describeValue } from './errors.js';

/** Options of `TopicMatcher`. */
export interface TopicMatcherOptions {
  /**
   * Most topics whose results are memoised (an LRU). Memory stays bounded however many
   * distinct topics are matched. `0` turns the memo off. At most {@link MAX_CACHE_SIZE}.
   * @default 10_000
   */
  readonly cacheSize?: number;
  /**
   * Most bytes of topic text the memo keeps, counted as 2 per UTF-16 code unit of the
   * remembered topics: with `cacheSize` it bounds the memo's memory however long the topics
   * are (10 000 topics of 65 536 code units would otherwise hold 1.3 GB). The least recently
   * used topics go first; a topic longer than the budget is matched but not remembered. A
   * positive integer, or `Infinity` for no limit.
   * @default 16_777_216 (16 MiB, {@link DEFAULT_CACHE_BYTES})
   */
  readonly cacheBytes?: number;
  /**
   * Most states of the automaton that reads topics level by level over the level-shaped
   * patterns (per level separator in use). When it is full, every state is dropped and built
   * again as topics need them. `0` turns it off: every topic then walks the level trie. An
   * integer from 0 to {@link MAX_CACHE_SIZE}. A state takes a few hundred bytes.
   * @default 65_536
   */
  readonly automatonSize?: number;
  /**
   * What `add` does with a pattern that risks super-linear backtracking
   * (`PatternAnalysis.backtracking`: two ways of reading the same text to the same point, as
   * in nested quantifiers `(a+)+`, overlapping alternatives `(a|aa)*` or adjacent quantifiers
   * `.*.*x`; a back-reference under a quantifier) or that cannot be checked: `'allow'` adds it,
   * `'reject'` throws an `UnsafePatternError`. Choose `'reject'` when patterns come from
   * people you do not trust.
   * @default 'allow'
   */
  readonly unsafePatterns?: 'allow' | 'reject';
  /**
   * Longest topic (UTF-16 code units) that `match` and `test` accept; a longer one throws a
   * `LimitExceededError` before any work. A positive integer, or `Infinity` for no limit.
   * @default 65_536 ({@link DEFAULT_MAX_TOPIC_LENGTH})
   */
  readonly maxTopicLength?: number;
  /**
   * Longest pattern that `add` and `remove` accept, counted on the string given or on the
   * `RegExp`'s `source`; a longer one throws a `LimitExceededError` before it is compiled or
   * analysed. A positive integer, or `Infinity` for no limit.
   * @default 4_096 ({@link DEFAULT_MAX_PATTERN_LENGTH})
   */
  readonly maxPatternLength?: number;
}

/** The largest `cacheSize` accepted: 2^24 topics. */
export const MAX_CACHE_SIZE: number = 2 ** 24;
/** The default `cacheBytes`: 16 MiB of remembered topic text. */
export const DEFAULT_CACHE_BYTES: number = 16 * 2 ** 20;
/** The default `maxTopicLength`: 65 536 code units (MQTT allows topics of 65 535 bytes). */
export const DEFAULT_MAX_TOPIC_LENGTH: number = 65_536;
/** The default `maxPatternLength`: 4 096 code units. */
export const DEFAULT_MAX_PATTERN_LENGTH: number = 4_096;
const DEFAULT_CACHE_SIZE = 10_000;
const DEFAULT_AUTOMATON_SIZE = 65_536;

/** {@link TopicMatcherOptions} with every default applied, validated. */
export interface ResolvedOptions {
  readonly cacheSize: number;
  readonly automatonSize: number;
  readonly cacheBytes: number;
  readonly rejectUnsafe: boolean;
  readonly maxTopicLength: number;
  readonly maxPatternLength: number;
}

/**
 * Applies the defaults and checks every option.
 * @throws `TypeError` when `options` is not an object.
 * @throws `RangeError` naming the option when one is out of its range.
 */
export function resolveOptions(options: TopicMatcherOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`TopicMatcher options must be an object, got ${describeValue(options)}`);
  }
  const cacheSize = countOption('cacheSize', options.cacheSize, DEFAULT_CACHE_SIZE);
  const automatonSize = countOption('automatonSize', options.automatonSize, DEFAULT_AUTOMATON_SIZE);
  const unsafePatterns = options.unsafePatterns === undefined ? 'allow' : options.unsafePatterns;
  if (unsafePatterns !== 'allow' && unsafePatterns !== 'reject') {
    throw new RangeError(
      `unsafePatterns must be 'allow' or 'reject', got ${describeValue(unsafePatterns)}`,
    );
  }
  return {
    cacheSize,
    automatonSize,
    cacheBytes: lengthLimit('cacheBytes', options.cacheBytes, DEFAULT_CACHE_BYTES),
    rejectUnsafe: unsafePatterns === 'reject',
    maxTopicLength: lengthLimit('maxTopicLength', options.maxTopicLength, DEFAULT_MAX_TOPIC_LENGTH),
    maxPatternLength: lengthLimit(
      'maxPatternLength',
      options.maxPatternLength,
      DEFAULT_MAX_PATTERN_LENGTH,
    ),
  };
}

function countOption(name: string, value: number | undefined, fallback: number): number {
  const count = value === undefined ? fallback : value;
  if (!Number.isInteger(count) || count < 0 || count > MAX_CACHE_SIZE) {
    throw new RangeError(
      `${name} must be an integer from 0 to ${MAX_CACHE_SIZE}, got ${describeValue(count)}`,
    );
  }
  return count;
}

function lengthLimit(name: string, value: number | undefined, fallback: number): number {
  // `undefined` only: `null` is an invalid value, not a missing one.
  const limit = value === undefined ? fallback : value;
  if (limit !== Infinity && !(Number.isInteger(limit) && limit > 0)) {
    throw new RangeError(
      `${name} must be a positive integer or Infinity, got ${describeValue(limit)}`,
    );
  }
  return limit;
}
