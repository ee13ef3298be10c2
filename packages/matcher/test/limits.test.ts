// maxTopicLength and maxPatternLength: documented defaults; beyond them a LimitExceededError
// naming the limit, thrown before any work (no compile, no analysis, no memo lookup).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PATTERN_LENGTH,
  DEFAULT_MAX_TOPIC_LENGTH,
  LimitExceededError,
  TopicMatcher,
} from '../src/index.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('maxTopicLength', () => {
  it('defaults to 65 536 code units', () => {
    expect(DEFAULT_MAX_TOPIC_LENGTH).toBe(65_536);
    const matcher = new TopicMatcher<number>();
    matcher.add('a.*', 1);
    expect(matcher.match('a'.repeat(DEFAULT_MAX_TOPIC_LENGTH))).toEqual([1]);
    expect(() => matcher.match('a'.repeat(DEFAULT_MAX_TOPIC_LENGTH + 1))).toThrow(
      LimitExceededError,
    );
  });

  it('refuses a longer topic in match and test before the memo is asked', () => {
    const matcher = new TopicMatcher<number>({ maxTopicLength: 8 });
    matcher.add('a.*', 1);
    expect(matcher.match('a/345678')).toEqual([1]);
    const before = matcher.stats().cache;
    const error = thrown(() => matcher.match('a/3456789')) as LimitExceededError;
    expect(error).toBeInstanceOf(RangeError);
    expect(error.name).toBe('LimitExceededError');
    expect(error.code).toBe('ERR_SIGX_LIMIT_EXCEEDED');
    expect(error.limit).toBe('maxTopicLength');
    expect(error.length).toBe(9);
    expect(error.max).toBe(8);
    expect(error.message).toBe(
      'The topic "a/3456789" is 9 code units long, more than maxTopicLength (8)',
    );
    expect(() => matcher.test('a/3456789')).toThrow(LimitExceededError);
    expect(matcher.stats().cache).toEqual(before); // no hit, no miss: no lookup
  });

  it('shortens a long topic in the message', () => {
    const matcher = new TopicMatcher<number>({ maxTopicLength: 50 });
    const error = thrown(() => matcher.match('x'.repeat(100))) as LimitExceededError;
    expect(error.message).toBe(
      `The topic "${'x'.repeat(40)}"… is 100 code units long, more than maxTopicLength (50)`,
    );
  });

  it('still reports a non-string topic as a TypeError', () => {
    const matcher = new TopicMatcher<number>({ maxTopicLength: 1 });
    expect(() => matcher.match(42 as unknown as string)).toThrow(TypeError);
    expect(() => matcher.match(42 as unknown as string)).not.toThrow(LimitExceededError);
  });

  it('accepts Infinity', () => {
    const matcher = new TopicMatcher<number>({ maxTopicLength: Infinity });
    matcher.add('a.*', 1);
    expect(matcher.match('a'.repeat(DEFAULT_MAX_TOPIC_LENGTH * 2))).toEqual([1]);
  });
});

describe('maxPatternLength', () => {
  it('defaults to 4 096 code units', () => {
    expect(DEFAULT_MAX_PATTERN_LENGTH).toBe(4_096);
    const matcher = new TopicMatcher<number>();
    matcher.add('a'.repeat(DEFAULT_MAX_PATTERN_LENGTH), 1);
    expect(() => matcher.add('a'.repeat(DEFAULT_MAX_PATTERN_LENGTH + 1), 2)).toThrow(
      LimitExceededError,
    );
    expect(matcher.size).toBe(1);
  });

  it('is checked before the pattern is compiled: an invalid long pattern is refused for its length', () => {
    const matcher = new TopicMatcher<number>({ maxPatternLength: 10 });
    const error = thrown(() => matcher.add('('.repeat(11), 1)) as LimitExceededError;
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error.limit).toBe('maxPatternLength');
    expect(error.length).toBe(11);
    expect(error.message).toBe(
      'The pattern "(((((((((((" is 11 code units long, more than maxPatternLength (10)',
    );
  });

  it("counts a RegExp's source, and applies to remove too", () => {
    const matcher = new TopicMatcher<number>({ maxPatternLength: 4 });
    matcher.add(/a\/b/, 1); // source `a\/b`: 4 code units
    expect(() => matcher.add(/a\/bc/, 2)).toThrow(LimitExceededError);
    expect(() => matcher.remove('abcde')).toThrow(LimitExceededError);
    expect(matcher.remove(/a\/b/, 1)).toBe(true);
  });
});

describe('option validation', () => {
  it.each([0, -1, 1.5, NaN, null, '10', -Infinity])(
    'a length limit of %s is a RangeError naming the option',
    (value) => {
      expect(() => new TopicMatcher({ maxTopicLength: value as number })).toThrow(
        /^maxTopicLength must be a positive integer or Infinity, got /,
      );
      expect(() => new TopicMatcher({ maxPatternLength: value as number })).toThrow(
        /^maxPatternLength must be a positive integer or Infinity, got /,
      );
    },
  );

  it('options that are not an object are a TypeError', () => {
    expect(() => new TopicMatcher(null as unknown as object)).toThrow(TypeError);
    expect(() => new TopicMatcher('big' as unknown as object)).toThrow(
      /TopicMatcher options must be an object, got "big"/,
    );
  });
});
