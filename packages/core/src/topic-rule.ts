import { describeValue, InvalidTopicError } from './errors.js';

/**
 * The default topic grammar: the empty string, or segments separated by single `/`, each
 * segment lowercase ASCII letters and digits joined by single hyphens (`parent/child`,
 * `device-42/temp`).
 */
export const DEFAULT_TOPIC_RULE: RegExp =
  /^(?:[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*)?$/;

/**
 * How `publish` validates topics: a RegExp that must match the whole topic, a predicate, or
 * `false` to accept every string topic.
 */
export type TopicValidation = RegExp | ((topic: string) => boolean) | false;

/** A compiled topic rule: returns `null` for a valid topic, or the error to reject with. */
export type TopicCheck = (topic: string) => InvalidTopicError | null;

/**
 * Compiles the `validateTopic` option into a check.
 * @param validation - the option; `undefined` means the default grammar.
 * @returns the check.
 * @throws `TypeError` when the option is of the wrong type.
 */
export function compileTopicRule(validation: TopicValidation | undefined): TopicCheck {
  if (validation === undefined) {
    return (topic) =>
      DEFAULT_TOPIC_RULE.test(topic)
        ? null
        : new InvalidTopicError(
            topic,
            'a topic is empty or slash-separated segments of lowercase letters and digits joined by single hyphens',
          );
  }
  if (validation === false) return () => null;
  if (Object.prototype.toString.call(validation) === '[object RegExp]') {
    const rule = validation as RegExp;
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
