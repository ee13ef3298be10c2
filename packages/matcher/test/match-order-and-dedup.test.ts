// Proves docs/pattern-semantics.md, "Registrations and results", on match results: values come in
// the order of their earliest matching registration (across patterns, not grouped by pattern); a
// value is returned once even when registered under several matching patterns (SameValueZero: NaN
// is one value, +0 and -0 are one value); the returned array is frozen.
import { describe, expect, it } from 'vitest';
import { TopicMatcher } from '../src/index.js';

describe('order of match results', () => {
  it('follows registration order across patterns, not pattern order', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('a.*', 'v1').add('ab', 'v2').add('a.*', 'v3').add('a', 'v4').add('ab', 'v5');
    expect(matcher.match('ab')).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect(matcher.match('a')).toEqual(['v1', 'v3', 'v4']);
  });

  it('mixes indexed, unindexed and exact patterns in registration order', () => {
    const matcher = new TopicMatcher<string>();
    matcher
      .add('.*b', 'unindexed-1')
      .add('a/b', 'exact')
      .add('a/.+', 'indexed')
      .add('(?=a)', 'unindexed-2')
      .add('', 'always');
    expect(matcher.match('a/b')).toEqual([
      'unindexed-1',
      'exact',
      'indexed',
      'unindexed-2',
      'always',
    ]);
    expect(matcher.match('b')).toEqual(['unindexed-1', 'always']);
  });

  it('a later registration of a removed value goes to its new position', () => {
    const matcher = new TopicMatcher<string>({ cacheSize: 0 });
    matcher.add('a', 'x').add('a', 'y');
    matcher.remove('a', 'x');
    matcher.add('a', 'x');
    expect(matcher.match('a')).toEqual(['y', 'x']);
  });
});

describe('deduplication', () => {
  it('a value under two matching patterns appears once, at its earliest registration', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('a', 'first').add('a.*', 'second').add('a.*', 'first');
    expect(matcher.match('ab')).toEqual(['first', 'second']);
  });

  it('the position is that of the earliest registration whose pattern matches this topic', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('x', 'shared').add('a', 'other').add('a', 'shared');
    // 'x' does not match 'a', so 'shared' counts from its registration under 'a'.
    expect(matcher.match('a')).toEqual(['other', 'shared']);
    expect(matcher.match('x')).toEqual(['shared']);
  });

  it('removing the earliest registration moves the value to its next one', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('a', 'shared').add('a.*', 'other').add('a.*', 'shared');
    expect(matcher.match('a')).toEqual(['shared', 'other']);
    matcher.remove('a', 'shared');
    expect(matcher.match('a')).toEqual(['other', 'shared']);
  });

  it('objects are compared by identity', () => {
    const one = { id: 1 };
    const twin = { id: 1 };
    const matcher = new TopicMatcher<object>();
    matcher.add('a', one).add('a', twin).add('a.*', one);
    expect(matcher.size).toBe(3);
    const result = matcher.match('a');
    expect(result).toHaveLength(2);
    expect(result[0]).toBe(one);
    expect(result[1]).toBe(twin);
  });
});

describe('SameValueZero', () => {
  it('NaN registered twice under one pattern is one registration', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', NaN).add('a', Number.NaN);
    expect(matcher.size).toBe(1);
    expect(matcher.match('a')).toEqual([NaN]);
    expect(matcher.remove('a', NaN)).toBe(true);
    expect(matcher.size).toBe(0);
  });

  it('NaN under two matching patterns appears once', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', NaN).add('a.*', 1).add('a.*', NaN);
    expect(matcher.match('ab')).toEqual([NaN, 1]);
  });

  it('+0 and -0 are one value', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 0).add('a', -0);
    expect(matcher.size).toBe(1);
    matcher.add('a.*', -0).add('a.*', 1);
    const result = matcher.match('a');
    expect(result).toHaveLength(2);
    expect(result[0] === 0).toBe(true);
    expect(result[1]).toBe(1);
    expect(matcher.remove('a', -0)).toBe(true);
    expect(matcher.remove('a.*', 0)).toBe(true);
    expect(matcher.match('a')).toEqual([1]);
  });

  it('returns a value as it was registered (-0 stays -0)', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', -0).add('a.*', 1);
    expect(Object.is(matcher.match('a')[0], -0)).toBe(true);
    expect(Object.is(new TopicMatcher<number>().add('x', -0).match('x')[0], -0)).toBe(true);
  });
});

describe('the returned array', () => {
  it('is frozen, whether empty, from one pattern or merged from several', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('a$', 'x').add('a.*', 'y');
    const empty = matcher.match('zzz');
    const single = matcher.match('ab');
    const merged = matcher.match('a');
    expect(single).toEqual(['y']);
    expect(merged).toEqual(['x', 'y']);
    for (const result of [empty, single, merged]) {
      expect(Object.isFrozen(result)).toBe(true);
      expect(() => (result as string[]).push('intruder')).toThrow(TypeError);
    }
    expect(matcher.match('zzz')).toEqual([]);
    expect(matcher.match('ab')).toEqual(['y']);
    expect(matcher.match('a')).toEqual(['x', 'y']);
  });

  it('is frozen when computed without a memo too', () => {
    const matcher = new TopicMatcher<string>({ cacheSize: 0 });
    matcher.add('a$', 'x').add('a.*', 'y');
    expect(matcher.match('a')).toEqual(['x', 'y']);
    expect(matcher.match('ab')).toEqual(['y']);
    expect(Object.isFrozen(matcher.match('a'))).toBe(true);
    expect(Object.isFrozen(matcher.match('ab'))).toBe(true);
    expect(Object.isFrozen(matcher.match('b'))).toBe(true);
  });

  it('a result obtained earlier is not changed by later additions', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('a', 'x');
    const before = matcher.match('a');
    matcher.add('a', 'y');
    expect(before).toEqual(['x']);
    expect(matcher.match('a')).toEqual(['x', 'y']);
  });
});
