/**
 * `@sigx/matcher`: an index of regular-expression topic patterns. A topic is tested only
 * against the patterns whose literal prefix it starts with; results are memoised per topic.
 * MQTT, AMQP and glob filters compile to such patterns (`mqtt()`, `amqp()`, `glob()`).
 *
 * @packageDocumentation
 * @module @sigx/matcher
 */
export { TopicMatcher } from './topic-matcher.js';
export type { MatcherStats } from './matcher-stats.js';
export {
  DEFAULT_CACHE_BYTES,
  DEFAULT_MAX_PATTERN_LENGTH,
  DEFAULT_MAX_TOPIC_LENGTH,
  MAX_CACHE_SIZE,
} from './matcher-options.js';
export type { TopicMatcherOptions } from './matcher-options.js';
export { analyzePattern } from './pattern-analysis.js';
export { levelShapeOf } from './level-shape-of.js';
export { ANY_LEVEL, NON_EMPTY_LEVEL, NO_DOLLAR_LEVEL } from './level-shape.js';
export type { LevelEnd, LevelShape, LevelStep, WildcardLevel } from './level-shape.js';
export { checkPattern, checkTopic } from './checks.js';
export type { PatternCheckOptions } from './checks.js';
export { isRegExp } from './topic-pattern.js';
export type { FilterBounds, PatternAnalysis } from './pattern-analysis.js';
export type { BacktrackingRisk } from './backtracking-risk.js';
export type { TopicPattern } from './topic-pattern.js';
export {
  describeValue,
  FilterSyntaxError,
  LimitExceededError,
  PatternSyntaxError,
  UnsafePatternError,
} from './errors.js';
export type { FilterSyntax, LengthLimit } from './errors.js';
export { mqtt } from './filters/mqtt.js';
export type { MqttPattern } from './filters/mqtt.js';
export { amqp } from './filters/amqp.js';
export type { AmqpOptions } from './filters/amqp.js';
export { glob } from './filters/glob.js';
export type { GlobOptions } from './filters/glob.js';
export { TopicIndex } from './topic-index.js';
export type { TopicIndexOptions, TopicIndexStats } from './topic-index.js';
