/**
 * MQTT topic filters (MQTT 3.1.1 and 5.0, section 4.7) compiled to regular expressions.
 */
import { FilterSyntaxError } from '../errors.js';
import { requireFilterString } from './arguments.js';
import { escapeLiteral } from './escape.js';
import { ANY_LEVELS, joinLevels, type LevelSource } from './levels.js';

/** The key of {@link MqttPattern}'s phantom filter: a type only, never a runtime value. */
declare const mqttFilter: unique symbol;

/**
 * What `mqtt(filter)` returns: a plain `RegExp` whose type remembers the filter it was compiled
 * from, so that a typed `SignalExchange` can tell which topic templates it can match. The
 * filter is a phantom, optional property: it exists only in types, never on the object.
 *
 * @typeParam F - the MQTT filter, e.g. `'sensors/+/temp'`; `string` when it is not known.
 */
export type MqttPattern<F extends string = string> = RegExp & {
  /** The filter it was compiled from, for the compiler only: never set. */
  readonly [mqttFilter]?: F;
};

/** `+`: exactly one level, which may be empty (`a/+/c` matches `a//c`). */
const ONE_LEVEL = '[^/]*';
/**
 * `+` as the first level: one level that does not start with `$` (MQTT-4.7.2-1). Written
 * without a look-ahead, which would stop the index from reading anything after it.
 */
const FIRST_LEVEL = '(?:[^$/][^/]*)?';

/**
 * Compiles an MQTT topic filter to a regular expression that matches exactly the topics the
 * filter matches, to use as a sigx topic pattern.
 *
 * Levels are separated by `/`; `+` matches exactly one level (possibly empty); `#`, only as
 * the last level, matches any number of levels, the parent level included (`sport/#` matches
 * `sport`). A filter whose first level is a wildcard does not match topics that start with
 * `$` (`#` does not match `$SYS/uptime`; `$SYS/#` does). Everything else is literal.
 *
 * @param filter - an MQTT topic filter, e.g. `sensors/+/temp`.
 * @returns a `RegExp` anchored at both ends, e.g. `/^sensors\/[^/]*\/temp$/`, typed as an
 * {@link MqttPattern} that keeps the filter's literal type. Its literal first levels are its
 * literal prefix in the index.
 * @throws {@link FilterSyntaxError} for an empty filter, a `+` or `#` that is not a whole
 * level, a `#` that is not the last level, or a U+0000 character.
 * @throws `TypeError` when `filter` is not a string.
 *
 * @example
 * ```ts
 * const routes = new TopicMatcher<string>().add(mqtt('sensors/+/temp'), 'temperature');
 * routes.match('sensors/kitchen/temp'); // → ['temperature']
 * mqtt('sport/#').test('sport'); // → true
 * mqtt('#').test('$SYS/uptime'); // → false
 * ```
 */
export function mqtt<const F extends string>(filter: F): MqttPattern<F> {
  requireFilterString(filter, 'mqtt');
  const fail = (index: number, rule: string): never => {
    throw new FilterSyntaxError('mqtt', filter, index, rule);
  };
  if (filter === '') fail(0, 'a filter must be at least one character long');
  const nul = filter.indexOf('\0');
  if (nul !== -1) fail(nul, 'a filter must not contain U+0000');
  const levels: LevelSource[] = [];
  let start = 0;
  for (const level of filter.split('/')) {
    const end = start + level.length;
    if (level === '#') {
      if (end !== filter.length) fail(start, '`#` must be the last level');
      levels.push(ANY_LEVELS);
    } else if (level === '+') {
      levels.push(start === 0 ? FIRST_LEVEL : ONE_LEVEL);
    } else {
      const hash = level.indexOf('#');
      if (hash !== -1) fail(start + hash, '`#` must be a level of its own');
      const plus = level.indexOf('+');
      if (plus !== -1) fail(start + plus, '`+` must be a level of its own');
      levels.push(escapeLiteral(level));
    }
    start = end + 1;
  }
  // `#` alone is `+/#`: any topic whose first level does not start with `$`.
  if (levels[0] === ANY_LEVELS) levels.unshift(FIRST_LEVEL);
  return new RegExp(`^${joinLevels(levels, '/')}$`);
}
