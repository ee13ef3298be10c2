/**
 * The checks `TopicMatcher` makes of its input, for the packages that must refuse bad input
 * before they reach a matcher (`@sigx/core` refuses a topic before any observer sees it, and a
 * pattern even when the subscription is never filed), so that each check lives here only.
 */
import { describeValue, LimitExceededError, UnsafePatternError } from './errors.js';
import { resolveOptions, type TopicMatcherOptions } from './matcher-options.js';
import { analyzeNormalized } from './pattern-analysis.js';
import { normalizePattern, type TopicPattern } from './topic-pattern.js';

/** The options {@link checkPattern} reads. */
export type PatternCheckOptions = Pick<TopicMatcherOptions, 'maxPatternLength' | 'unsafePatterns'>;

/**
 * Refuses a pattern as `TopicMatcher.add` would, without a matcher.
 * @param pattern - the value to check.
 * @param options - the matcher's limits (`maxPatternLength`, `unsafePatterns`).
 * @throws {@link PatternSyntaxError} when a string is not a valid regular expression.
 * @throws {@link LimitExceededError} when it is longer than `maxPatternLength`.
 * @throws {@link UnsafePatternError} with `unsafePatterns: 'reject'`, when it risks
 * super-linear backtracking or cannot be checked.
 * @throws `TypeError` when the value is neither a string nor a `RegExp`, or an option is.
 */
export function checkPattern(pattern: TopicPattern, options: PatternCheckOptions = {}): void {
  const { maxPatternLength, rejectUnsafe } = resolveOptions(options);
  const normalized = normalizePattern(pattern, maxPatternLength);
  // A level-shaped pattern cannot backtrack; any other is analysed, as `add` does.
  if (!rejectUnsafe || normalized.shape !== null) return;
  const risk = analyzeNormalized(normalized).backtracking;
  if (risk !== null) throw new UnsafePatternError(normalized.source, risk.construct, risk.reason);
}

/**
 * Refuses a topic as `TopicMatcher.match` would: not a string, or longer than the limit.
 * @param topic - the value to check.
 * @param maxTopicLength - the longest topic accepted.
 * @returns nothing: it returns only for a valid topic (an assertion for the type checker).
 * @throws `TypeError` when the topic is not a string.
 * @throws {@link LimitExceededError} when it is longer than `maxTopicLength`.
 */
export function checkTopic(topic: unknown, maxTopicLength: number): asserts topic is string {
  if (typeof topic !== 'string') {
    throw new TypeError(`A topic must be a string, got ${describeValue(topic)}`);
  }
  if (topic.length > maxTopicLength) {
    throw new LimitExceededError('maxTopicLength', topic.length, maxTopicLength, topic);
  }
}
