/**
 * Joins the levels of a wildcard filter into one regular-expression source, for the three
 * syntaxes: each level is a source that matches within one level, or {@link ANY_LEVELS}, a
 * wildcard for zero or more whole levels (`#` in MQTT and AMQP, `**` in glob), which takes
 * its separator with it when it matches no level (`a/#` matches `a`, `#.a` matches `a`).
 */
import { allBut, escapeLiteral } from './escape.js';

/** A wildcard for zero or more whole levels. */
export const ANY_LEVELS: unique symbol = Symbol('any levels');

/** One level of a filter: a source that matches within a level, or {@link ANY_LEVELS}. */
export type LevelSource = string | typeof ANY_LEVELS;

/**
 * Joins levels with the separator.
 *
 * @param levels - at least one level; consecutive {@link ANY_LEVELS} count as one.
 * @param separator - one UTF-16 code unit, not a surrogate.
 * @returns the source, without anchors. A literal first level stays at the start of the
 * source, so the index finds it as the literal prefix.
 */
export function joinLevels(levels: readonly LevelSource[], separator: string): string {
  const sep = escapeLiteral(separator);
  const level = `${allBut(separator)}*`;
  let source = '';
  /** Whether a level has been written, so that the next one starts with a separator. */
  let started = false;
  for (let index = 0; index < levels.length; index += 1) {
    const current = levels[index]!;
    if (current === ANY_LEVELS) {
      if (levels[index + 1] === ANY_LEVELS) continue;
      if (started) source += `(?:${sep}${level})*`;
      else if (index === levels.length - 1) source += '[^]*';
      else source += `(?:${level}${sep})*`;
    } else {
      source += started ? `${sep}${current}` : current;
      started = true;
    }
  }
  return source;
}
