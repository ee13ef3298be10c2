import type { LevelShape } from './level-shape.js';
import { normalizePattern, type TopicPattern } from './topic-pattern.js';

/**
 * The levels of a level-shaped pattern, as the index reads them: literal levels and one-level
 * wildcards between `/` (or another single separator), then an end condition. `mqtt()` filters
 * are level shaped (`mqtt('a/+/c')` is levels `a`, any level, `c`, then the end);
 * so are prefixes of whole levels such as `orders/eu/.*`. Bridges use it to subscribe to the
 * narrowest subjects of a server that matches by levels (NATS: `a.*.c`).
 *
 * @param pattern - a topic pattern.
 * @returns its shape, or `null` when it is not level shaped (any other construct, flags other
 * than `d`, `s` and `u`): the pattern is then known only by its literal prefixes
 * ({@link analyzePattern}).
 * @throws `PatternSyntaxError` for an invalid pattern string; `TypeError` for a value that is
 * not a pattern.
 *
 * @example
 * ```ts
 * levelShapeOf(mqtt('a/+/c'))?.levels; // ['a', ANY_LEVEL, 'c']
 * levelShapeOf('a|b'); // null
 * ```
 */
export function levelShapeOf(pattern: TopicPattern): LevelShape | null {
  return normalizePattern(pattern).shape;
}
