/**
 * `@sigx/matcher`: an index of regular-expression topic patterns. A topic is tested only
 * against the patterns whose literal prefix it starts with; results are memoised per topic.
 *
 * @packageDocumentation
 */
export { MAX_CACHE_SIZE, TopicMatcher } from './topic-matcher.js';
export type { MatcherStats, TopicMatcherOptions } from './topic-matcher.js';
export { analyzePattern } from './pattern-analysis.js';
export type { PatternAnalysis } from './pattern-analysis.js';
export type { TopicPattern } from './topic-pattern.js';
export { PatternSyntaxError } from './errors.js';
