/**
 * `@sigx/matcher`: an index of regular-expression topic patterns. A topic is tested only
 * against the patterns whose literal prefix it starts with; results are memoised per topic.
 * MQTT, AMQP and glob filters compile to such patterns (`mqtt()`, `amqp()`, `glob()`).
 *
 * @packageDocumentation
 */
export { MAX_CACHE_SIZE, TopicMatcher } from './topic-matcher.js';
export type { MatcherStats, TopicMatcherOptions } from './topic-matcher.js';
export { analyzePattern } from './pattern-analysis.js';
export type { PatternAnalysis } from './pattern-analysis.js';
export type { TopicPattern } from './topic-pattern.js';
export { FilterSyntaxError, PatternSyntaxError } from './errors.js';
export type { FilterSyntax } from './errors.js';
export { mqtt } from './filters/mqtt.js';
export { amqp } from './filters/amqp.js';
export type { AmqpOptions } from './filters/amqp.js';
export { glob } from './filters/glob.js';
export type { GlobOptions } from './filters/glob.js';
