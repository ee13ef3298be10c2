/**
 * MQTT-style topic filters (what qlobber and EventEmitter2 understand) and the sigx patterns
 * that match the same topics: the hand-written regular expressions below, exactly equivalent
 * to qlobber's filters under sigx's rule (a pattern matches when it matches from index 0 of
 * the topic), or the filters compiled by `mqtt()` of `@sigx/matcher`.
 *
 * Equivalences, checked against qlobber 8 (`separator: '/'`, `wildcard_one: '+'`,
 * `wildcard_some: '#'`) by `test/mqtt.test.ts`:
 * - a literal level is itself, regex-escaped;
 * - `+` is exactly one NON-empty level: `[^/]+` (qlobber's `+` does not match `a//c`);
 * - a trailing `#` is zero or more levels, so `a/b/#` also matches the parent `a/b`:
 *   `a/b(?:/.*)?$` (not `a/b/.*`, which misses `a/b`); `#` alone matches every topic: `` (empty);
 * - anything without a trailing `#` must consume the whole topic: it ends in `$`.
 * `.` does not match line terminators; topics here never contain one.
 *
 * `mqtt()` follows the MQTT specification, where `+` also matches an empty level (`a//c`) and
 * a filter starting with a wildcard skips topics starting with `$`; qlobber (default options)
 * does neither. The workloads' topics have no `$` and no empty level where a filter has a `+`,
 * so both notations give qlobber's results there; `test/mqtt.test.ts` checks both.
 */
import { mqtt, type TopicPattern } from '@sigx/matcher';

/** How a workload writes sigx's patterns: hand-written regexes, or filters compiled by `mqtt()`. */
export type PatternNotation = 'regex' | 'mqtt()';

/**
 * The sigx pattern of an MQTT filter in a notation.
 *
 * @param filter - an MQTT filter.
 * @param notation - `regex` for {@link mqttToRegex}, `mqtt()` for the `@sigx/matcher` compiler.
 * @returns the pattern.
 */
export function mqttPattern(filter: string, notation: PatternNotation): TopicPattern {
  return notation === 'mqtt()' ? mqtt(filter) : mqttToRegex(filter);
}

const REGEX_SPECIALS = /[\\^$.*+?()[\]{}|]/g;

/**
 * Translates an MQTT filter to the equivalent sigx pattern source.
 *
 * @param filter - levels separated by `/`; `+` a whole level; `#` only as the last level.
 * @returns the regular-expression source.
 * @throws `SyntaxError` for a misplaced wildcard.
 */
export function mqttToRegex(filter: string): string {
  const levels = filter.split('/');
  const multi = levels.at(-1) === '#';
  const fixed = multi ? levels.slice(0, -1) : levels;
  const parts = fixed.map((level) => {
    if (level === '+') return '[^/]+';
    if (level.includes('+') || level.includes('#')) {
      throw new SyntaxError(`Misplaced wildcard in MQTT filter ${JSON.stringify(filter)}`);
    }
    return level.replace(REGEX_SPECIALS, '\\$&');
  });
  if (!multi) return `${parts.join('/')}$`;
  if (parts.length === 0) return '';
  return `${parts.join('/')}(?:/.*)?$`;
}

/**
 * Translates an MQTT filter to EventEmitter2's wildcard syntax (`delimiter: '/'`): `+` is
 * `*` (one level). A trailing `#` has no exact EventEmitter2 equivalent checked here.
 *
 * @param filter - an MQTT filter without `#`.
 * @returns the EventEmitter2 event name.
 * @throws `SyntaxError` for a filter with `#`.
 */
export function mqttToEventEmitter2(filter: string): string {
  if (filter.includes('#')) {
    throw new SyntaxError(`No EventEmitter2 equivalent is checked for ${JSON.stringify(filter)}`);
  }
  return filter
    .split('/')
    .map((level) => (level === '+' ? '*' : level))
    .join('/');
}
