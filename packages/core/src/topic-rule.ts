import { describeValue, isRegExp } from '@sigx/matcher';
import { InvalidTopicError } from './errors.js';

/**
 * The default topic rule: any string that is well-formed Unicode (no lone surrogate, which no
 * bridge can encode as UTF-8) and contains no U+0000 (MQTT forbids it, and it ends C strings
 * in servers). It accepts what MQTT, AMQP and glob users publish: upper case, `$SYS/…`, empty
 * levels, `.`-separated routing keys, file-like paths, the empty string. The length is bounded
 * by `maxTopicLength`, not by this rule.
 *
 * @example
 * ```ts
 * DEFAULT_TOPIC_RULE.test('quick.orange.rabbit'); // true
 * DEFAULT_TOPIC_RULE.test('$SYS/broker/uptime'); // true
 * DEFAULT_TOPIC_RULE.test('a\0b'); // false
 * ```
 */
export const DEFAULT_TOPIC_RULE: RegExp = /^[^\0\p{Cs}]*$/u;

/**
 * The seed's topic grammar, the default of earlier releases: the empty string, or segments
 * separated by single `/`, each segment lowercase ASCII letters and digits joined by single
 * hyphens (`parent/child`, `device-42/temp`). Opt into it with
 * `new SignalExchange({ validateTopic: SEED_TOPIC_RULE })`.
 *
 * @example
 * ```ts
 * const strict = new SignalExchange({ validateTopic: SEED_TOPIC_RULE });
 * await strict.publish({ message: new Message({ topic: 'Parent/Child', value: 1 }) }); // rejects
 * ```
 */
export const SEED_TOPIC_RULE: RegExp =
  /^(?:[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*)?$/;

/**
 * A topic rule (the `validateTopic` option): a RegExp that must match the whole topic, a
 * function that returns `true` for a valid topic, or `false` to accept every string topic.
 */
export type TopicValidation = RegExp | ((topic: string) => boolean) | false;

/** A compiled topic rule: returns `null` for a valid topic, or the error to reject with. */
export type TopicCheck = (topic: string) => InvalidTopicError | null;

const DEFAULT_RULE_WORDS = 'a topic must be well-formed Unicode without U+0000';
const SEED_RULE_WORDS =
  'it must be empty or `/`-separated segments of lowercase letters and digits joined by single hyphens (SEED_TOPIC_RULE)';

/**
 * Compiles the `validateTopic` option into a check.
 * @param validation - the option; `undefined` means the default rule.
 * @returns the check.
 * @throws `TypeError` when the option is of the wrong type.
 */
export function compileTopicRule(validation: TopicValidation | undefined): TopicCheck {
  if (validation === undefined || validation === DEFAULT_TOPIC_RULE) {
    return (topic) =>
      DEFAULT_TOPIC_RULE.test(topic)
        ? null
        : new InvalidTopicError(topic, `${DEFAULT_RULE_WORDS} (found ${defaultRuleBreak(topic)})`);
  }
  if (validation === SEED_TOPIC_RULE) {
    return (topic) =>
      SEED_TOPIC_RULE.test(topic) ? null : new InvalidTopicError(topic, SEED_RULE_WORDS);
  }
  if (validation === false) return () => null;
  if (isRegExp(validation)) {
    const rule = validation;
    // A whole-topic match, independent of the caller's `g`/`y`/`m` and `lastIndex`.
    const whole = new RegExp(`^(?:${rule.source})$`, rule.flags.replace(/[gym]/g, ''));
    return (topic) =>
      whole.test(topic) ? null : new InvalidTopicError(topic, `it must match ${String(rule)}`);
  }
  if (typeof validation === 'function') {
    return (topic) => {
      try {
        return validation(topic) === true
          ? null
          : new InvalidTopicError(topic, 'the validateTopic function refused it');
      } catch (error) {
        return new InvalidTopicError(topic, 'the validateTopic function threw', { cause: error });
      }
    };
  }
  throw new TypeError(
    `validateTopic must be a RegExp, a function or false, got ${describeValue(validation)}`,
  );
}

/** What in a topic breaks the default rule, and where: the first U+0000 or lone surrogate. */
function defaultRuleBreak(topic: string): string {
  for (let index = 0; index < topic.length; index += 1) {
    const unit = topic.charCodeAt(index);
    if (unit === 0) return `U+0000 at index ${index}`;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = topic.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index += 1; // a pair: one code point
        continue;
      }
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      return `a lone surrogate, U+${unit.toString(16).toUpperCase()}, at index ${index}`;
    }
  }
  return 'nothing'; // unreachable: only called for a topic the rule refused
}
