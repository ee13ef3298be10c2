// Proves docs/pattern-semantics.md, "Identity: source and flags": a string s is the same pattern as
// new RegExp(s) (compared by RegExp#source, so 'a/b' and /a\/b/ are one pattern); the same source
// with the same flags, in any order and ignoring g and y, is the same pattern; different flags are
// different patterns.
import { describe, expect, it } from 'vitest';
import { analyzePattern, TopicMatcher } from '../src/index.js';

describe('pattern identity', () => {
  it("'a/b' and /a\\/b/ are one pattern: the same value under both is one registration", () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a/b', 1).add(/a\/b/, 1);
    expect(matcher.size).toBe(1);
    expect(matcher.stats().patterns).toBe(1);
    expect(matcher.match('a/b')).toEqual([1]);
  });

  it('a value added through one form is removed through the other', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add(/a\/b/, 1).add('a/b', 2);
    expect(matcher.stats().patterns).toBe(1);
    expect(matcher.remove('a/b', 1)).toBe(true);
    expect(matcher.match('a/b')).toEqual([2]);
    expect(matcher.remove(/a\/b/)).toBe(true);
    expect(matcher.size).toBe(0);
    expect(matcher.stats().patterns).toBe(0);
  });

  it("the escaped string 'a\\/b' is that pattern too, and new RegExp(s) is s", () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a/b', 1).add('a\\/b', 1).add(new RegExp('a/b'), 1);
    expect(matcher.size).toBe(1);
    expect(analyzePattern('a/b').source).toBe(/a\/b/.source);
  });

  it("'' and /(?:)/ are one pattern", () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('', 1).add(/(?:)/, 1).add(new RegExp(''), 1);
    expect(matcher.size).toBe(1);
  });

  it('flags in another order, or with g or y, are the same pattern', () => {
    const matcher = new TopicMatcher<number>();
    matcher
      .add(new RegExp('x', 'im'), 1)
      .add(new RegExp('x', 'mi'), 1)
      .add(/x/gim, 1)
      .add(/x/imy, 1)
      .add(/x/gimy, 1);
    expect(matcher.size).toBe(1);
    expect(matcher.stats().patterns).toBe(1);
    expect(matcher.remove(/x/gimy, 1)).toBe(true);
    expect(matcher.size).toBe(0);
  });

  it('a string is the same pattern as a RegExp with no flags, or only g/y', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('x', 1).add(/x/, 1).add(/x/g, 1).add(/x/y, 1);
    expect(matcher.size).toBe(1);
  });

  it('analyzePattern reports normalised flags: sorted, without g and y', () => {
    expect(analyzePattern(/x/gimsuy).flags).toBe('imsu');
    expect(analyzePattern(/x/y).flags).toBe('');
    expect(analyzePattern('x').flags).toBe('');
  });

  it('different flags are different patterns', () => {
    const matcher = new TopicMatcher<string>();
    matcher
      .add('x', 'v')
      .add(/x/i, 'v')
      .add(/x/m, 'v')
      .add(/x/im, 'v')
      .add(/x/u, 'v')
      .add(/x/s, 'v');
    expect(matcher.size).toBe(6);
    expect(matcher.stats().patterns).toBe(6);
    // Removing one flag variant leaves the others.
    expect(matcher.remove(/x/i, 'v')).toBe(true);
    expect(matcher.remove(/x/i, 'v')).toBe(false);
    expect(matcher.size).toBe(5);
    expect(matcher.match('X')).toEqual(['v']); // still /x/im
    matcher.remove(/x/im);
    expect(matcher.match('X')).toEqual([]);
    expect(matcher.match('x')).toEqual(['v']);
  });

  it('different sources that match the same topics are still different patterns', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 1).add('(?:a)', 1).add('[a]', 1);
    expect(matcher.size).toBe(3);
    expect(matcher.match('a')).toEqual([1]);
  });

  it('a pattern without flags never shares an identity with one with flags', () => {
    // Spelled so that a key of `source` alone next to `flags/source` could collide.
    const matcher = new TopicMatcher<string>();
    matcher.add(/x/i, 'flagged').add('i/x', 'plain').add(/[i/x]/, 'class');
    expect(matcher.stats().patterns).toBe(3);
    expect(matcher.match('X')).toEqual(['flagged']);
    expect(matcher.match('i/x')).toEqual(['plain', 'class']);
    expect(matcher.remove('i/x')).toBe(true);
    expect(matcher.match('X')).toEqual(['flagged']);
  });
});
