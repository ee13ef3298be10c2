/**
 * MQTT-style topic filters (what qlobber and EventEmitter2 understand) and the regular
 * expressions that are exactly equivalent to them under sigx's rule (a pattern matches when it
 * matches from index 0 of the topic).
 *
 * Equivalences, checked against qlobber 8 (`separator: '/'`, `wildcard_one: '+'`,
 * `wildcard_some: '#'`) by `test/mqtt.test.ts`:
 * - a literal level is itself, regex-escaped;
 * - `+` is exactly one NON-empty level: `[^/]+` (qlobber's `+` does not match `a//c`);
 * - a trailing `#` is zero or more levels, so `a/b/#` also matches the parent `a/b`:
 *   `a/b(?:/.*)?$` (not `a/b/.*`, which misses `a/b`); `#` alone matches every topic: `` (empty);
 * - anything without a trailing `#` must consume the whole topic: it ends in `$`.
 * `.` does not match line terminators; topics here never contain one.
 */

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
