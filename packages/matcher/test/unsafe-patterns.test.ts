// The unsafePatterns option: 'allow' (the default) adds risky patterns; 'reject' throws an
// UnsafePatternError naming the pattern and the construct, and leaves the matcher unchanged.
import { describe, expect, it } from 'vitest';
import { TopicMatcher, UnsafePatternError } from '../src/index.js';

describe('unsafePatterns', () => {
  it("is 'allow' by default: a risky pattern is added and matches", () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('(a+)+$', 'risky');
    expect(matcher.match('aaa')).toEqual(['risky']);
  });

  it("'reject' refuses a risky pattern with an UnsafePatternError", () => {
    const matcher = new TopicMatcher<string>({ unsafePatterns: 'reject', cacheSize: 10 });
    matcher.add('safe/.*', 'safe');
    matcher.match('safe/x');
    const before = matcher.stats();
    let caught: unknown;
    try {
      matcher.add('safe/(a|ab)*c', 'risky');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsafePatternError);
    const error = caught as UnsafePatternError;
    expect(error.name).toBe('UnsafePatternError');
    expect(error.code).toBe('ERR_SIGX_UNSAFE_PATTERN');
    expect(error.pattern).toBe('safe\\/(a|ab)*c');
    expect(error.construct).toBe('(a|ab)*');
    expect(error.reason).toMatch(/same character/);
    expect(error.message).toContain('"safe\\\\/(a|ab)*c"');
    expect(error.message).toContain('"(a|ab)*"');
    // Nothing changed: no pattern, no registration, the memo as it was.
    expect(matcher.stats()).toEqual(before);
    expect(matcher.match('safe/abc')).toEqual(['safe']);
  });

  it("'reject' refuses a pattern that cannot be checked", () => {
    const matcher = new TopicMatcher<string>({ unsafePatterns: 'reject' });
    expect(() => matcher.add(new RegExp('[\\p{L}--[a-z]]', 'v'), 'x')).toThrow(/cannot be checked/);
    expect(matcher.size).toBe(0);
  });

  it("'reject' still adds safe patterns, and a value under a known risky-free pattern", () => {
    const matcher = new TopicMatcher<number>({ unsafePatterns: 'reject' });
    matcher
      .add('a/.*', 1)
      .add('a/.*', 2)
      .add(/b(c|d)*$/, 3);
    expect(matcher.match('a/x')).toEqual([1, 2]);
    expect(matcher.match('bcdc')).toEqual([3]);
  });

  it('is validated by the constructor', () => {
    for (const value of ['deny', '', null, 0, true]) {
      expect(() => new TopicMatcher({ unsafePatterns: value as unknown as 'allow' })).toThrow(
        /unsafePatterns must be 'allow' or 'reject'/,
      );
    }
  });
});
