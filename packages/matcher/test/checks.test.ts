// checkPattern and checkTopic refuse exactly what TopicMatcher.add and match refuse, with the
// same errors (security and limits: the checks live in the matcher, and the other packages
// call them).
import { describe, expect, it } from 'vitest';
import {
  checkPattern,
  checkTopic,
  describeValue,
  LimitExceededError,
  PatternSyntaxError,
  TopicMatcher,
  UnsafePatternError,
  type TopicPattern,
} from '../src/index.js';
import { thrownBy } from './support/thrown-by.js';

describe('checkPattern', () => {
  const refused: [string, unknown, { maxPatternLength?: number; unsafePatterns?: 'reject' }][] = [
    ['an invalid string', '(', {}],
    ['a value of another type', 42, {}],
    ['a pattern past maxPatternLength', 'a'.repeat(11), { maxPatternLength: 10 }],
    ['a backtracking pattern under reject', '(a+)+$', { unsafePatterns: 'reject' }],
    [
      'a pattern the parser does not read, under reject',
      new RegExp('a', 'v'),
      { unsafePatterns: 'reject' },
    ],
  ];
  it.each(refused)('refuses %s with the error add throws', (_, pattern, options) => {
    const fromCheck = thrownBy(() => checkPattern(pattern as TopicPattern, options));
    const fromAdd = thrownBy(() => new TopicMatcher(options).add(pattern as TopicPattern, 1));
    expect(fromCheck).toBeInstanceOf(Error);
    expect(fromCheck).toEqual(fromAdd);
    expect((fromCheck as Error).constructor).toBe((fromAdd as Error).constructor);
  });

  it('gives each kind its typed error', () => {
    expect(thrownBy(() => checkPattern('('))).toBeInstanceOf(PatternSyntaxError);
    expect(thrownBy(() => checkPattern('ab', { maxPatternLength: 1 }))).toBeInstanceOf(
      LimitExceededError,
    );
    expect(thrownBy(() => checkPattern('(a+)+$', { unsafePatterns: 'reject' }))).toBeInstanceOf(
      UnsafePatternError,
    );
    expect(thrownBy(() => checkPattern({} as TopicPattern))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => checkPattern('a', { unsafePatterns: 'no' as 'reject' }))).toBeInstanceOf(
      RangeError,
    );
  });

  it('accepts what add accepts: backtracking patterns when allowed, level shapes when not', () => {
    expect(() => checkPattern('(a+)+$')).not.toThrow();
    expect(() => checkPattern('a/[^/]+/c$', { unsafePatterns: 'reject' })).not.toThrow();
    expect(() => checkPattern(/.*\/status$/i, { unsafePatterns: 'reject' })).not.toThrow();
  });
});

describe('checkTopic', () => {
  it('refuses what match refuses, with the same errors', () => {
    for (const [topic, max] of [
      [42, 10],
      [null, 10],
      ['x'.repeat(11), 10],
    ] as const) {
      const fromCheck = thrownBy(() => checkTopic(topic, max));
      const fromMatch = thrownBy(() =>
        new TopicMatcher({ maxTopicLength: max }).match(topic as string),
      );
      expect(fromCheck).toBeInstanceOf(Error);
      expect(fromCheck).toEqual(fromMatch);
      expect((fromCheck as Error).constructor).toBe((fromMatch as Error).constructor);
    }
    expect(thrownBy(() => checkTopic(42, 10))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => checkTopic('xx', 1))).toBeInstanceOf(LimitExceededError);
  });

  it('accepts a string up to the limit', () => {
    expect(() => checkTopic('x'.repeat(10), 10)).not.toThrow();
    expect(() => checkTopic('', 0)).not.toThrow();
  });
});

describe('describeValue', () => {
  it('describes a revoked proxy without throwing', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describeValue(proxy)).toBe('an object that cannot be inspected');
    expect(describeValue('x')).toBe('"x"');
    expect(describeValue(null)).toBe('null');
  });
});
