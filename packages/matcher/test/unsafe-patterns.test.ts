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
      matcher.add('safe/(a|aa)*c', 'risky');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsafePatternError);
    const error = caught as UnsafePatternError;
    expect(error.name).toBe('UnsafePatternError');
    expect(error.code).toBe('ERR_SIGX_UNSAFE_PATTERN');
    expect(error.pattern).toBe('safe\\/(a|aa)*c');
    expect(error.construct).toBe('(a|aa)*');
    expect(error.reason).toMatch(/the alternatives `a` and `aa` can match the same text/);
    expect(error.message).toContain('"safe\\\\/(a|aa)*c"');
    expect(error.message).toContain('"(a|aa)*"');
    // Nothing changed: no pattern, no registration, the memo as it was.
    expect(matcher.stats()).toEqual(before);
    expect(matcher.match('safe/abc')).toEqual(['safe']);
  });

  it("'reject' refuses polynomial patterns too: adjacent quantifiers that split the same text", () => {
    const matcher = new TopicMatcher<string>({ unsafePatterns: 'reject' });
    for (const pattern of ['.*.*x', '\\s*\\s*$', '[^/]*[^/]*\\/x', 'logs/.*error.*\\.log$']) {
      expect(() => matcher.add(pattern, 'x'), pattern).toThrow(/adjacent quantifiers/);
    }
    expect(matcher.size).toBe(0);
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
      .add(/b(c|d)*$/, 3)
      .add('(a|ab)*c', 4); // `a` and `ab` overlap, but a topic splits into them one way only
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
