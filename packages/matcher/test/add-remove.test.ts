// Proves docs/pattern-semantics.md, "Registrations and results", on registrations: (pattern, value)
// is a set; remove(pattern, value) removes one value, remove(pattern) every value of the pattern,
// remove(pattern, undefined) only the value undefined; unknown removals return false; size, clear
// and stats() counts stay exact, and the trie shrinks back to its root once everything is removed.
import { describe, expect, it } from 'vitest';
import { TopicMatcher } from '../src/index.js';

describe('add', () => {
  it('returns the matcher, for chaining', () => {
    const matcher = new TopicMatcher<number>();
    expect(matcher.add('a', 1)).toBe(matcher);
  });

  it('adding the same (pattern, value) twice is a no-op', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 1).add('a', 1);
    expect(matcher.size).toBe(1);
    expect(matcher.match('a')).toEqual([1]);
    // One removal is enough to remove it.
    expect(matcher.remove('a', 1)).toBe(true);
    expect(matcher.match('a')).toEqual([]);
  });

  it('re-adding an existing pair does not move it to the end', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add('a', 1).add('a', 2).add('a', 1);
    expect(matcher.match('a')).toEqual([1, 2]);
  });
});

describe('remove', () => {
  it('remove(pattern, value) removes that value only', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 1).add('a', 2).add('b', 1);
    expect(matcher.remove('a', 1)).toBe(true);
    expect(matcher.size).toBe(2);
    expect(matcher.match('a')).toEqual([2]);
    expect(matcher.match('b')).toEqual([1]);
    expect(matcher.remove('a', 1)).toBe(false);
    expect(matcher.size).toBe(2);
  });

  it('remove(pattern) removes every value of that pattern', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 1).add('a', 2).add('a', 3).add('a.*', 4);
    expect(matcher.remove('a')).toBe(true);
    expect(matcher.size).toBe(1);
    expect(matcher.match('a')).toEqual([4]);
    expect(matcher.remove('a')).toBe(false);
    expect(matcher.stats().patterns).toBe(1);
  });

  it('remove(pattern, undefined) removes only the value undefined', () => {
    const matcher = new TopicMatcher<number | undefined>();
    matcher.add('a', undefined).add('a', 1);
    expect(matcher.match('a')).toEqual([undefined, 1]);
    expect(matcher.remove('a', undefined)).toBe(true);
    expect(matcher.size).toBe(1);
    expect(matcher.match('a')).toEqual([1]);
  });

  it('remove(pattern, undefined) with no undefined registered removes nothing', () => {
    const matcher = new TopicMatcher<number | undefined>();
    matcher.add('a', 1).add('a', 2);
    expect(matcher.remove('a', undefined)).toBe(false);
    expect(matcher.size).toBe(2);
    expect(matcher.match('a')).toEqual([1, 2]);
  });

  it('returns false for an unknown pattern or value, and changes nothing', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 1);
    const before = matcher.stats();
    expect(matcher.remove('b')).toBe(false);
    expect(matcher.remove('b', 1)).toBe(false);
    expect(matcher.remove('a', 2)).toBe(false);
    expect(matcher.remove(/a/i, 1)).toBe(false);
    expect(matcher.stats()).toEqual(before);
    expect(matcher.match('a')).toEqual([1]);
  });

  it('a pattern can be added again after all its values were removed', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a|b', 1);
    matcher.remove('a|b');
    matcher.add('a|b', 2);
    expect(matcher.match('b')).toEqual([2]);
    expect(matcher.stats().patterns).toBe(1);
  });
});

describe('size and clear', () => {
  it('size counts registrations', () => {
    const matcher = new TopicMatcher<number>();
    expect(matcher.size).toBe(0);
    matcher.add('a', 1).add('a', 2).add('b', 1).add('b', 1);
    expect(matcher.size).toBe(3);
    matcher.remove('a', 2);
    expect(matcher.size).toBe(2);
    matcher.remove('b');
    expect(matcher.size).toBe(1);
  });

  it('clear removes everything, and the matcher stays usable', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('parent/.*', 1).add('.*x', 2).add('a|b', 3);
    matcher.match('parent/x');
    matcher.clear();
    expect(matcher.size).toBe(0);
    expect(matcher.match('parent/x')).toEqual([]);
    const stats = matcher.stats();
    expect(stats.patterns).toBe(0);
    expect(stats.registrations).toBe(0);
    expect(stats.indexedPatterns).toBe(0);
    expect(stats.unindexedPatterns).toBe(0);
    expect(stats.exactPatterns).toBe(0);
    expect(stats.trieNodes).toBe(1);
    matcher.add('parent/.*', 4);
    expect(matcher.match('parent/x')).toEqual([4]);
    expect(matcher.remove('.*x')).toBe(false);
  });
});

describe('stats', () => {
  it('counts patterns, registrations, indexed/unindexed/exact patterns and trie nodes', () => {
    const matcher = new TopicMatcher<string>();
    expect(matcher.stats().trieNodes).toBe(1);
    matcher
      .add('parent/.*', 'p1') // level shaped: parent, then any deeper level
      .add('parent/.*', 'p2')
      .add('ab+c', 'q') //      indexed under 'ab', not exact
      .add('a|bc', 'r') //      indexed under 'a' and 'bc', exact
      .add('.*foo', 's') //     filtered by the literal 'foo' it requires
      .add('.*x', 't'); //      unindexed: 'x' is too short to filter by
    const stats = matcher.stats();
    expect(stats.patterns).toBe(5);
    expect(stats.registrations).toBe(6);
    expect(stats.indexedPatterns).toBe(4);
    expect(stats.unindexedPatterns).toBe(1);
    expect(stats.filteredPatterns).toBe(1);
    expect(stats.exactPatterns).toBe(2);
    expect(stats.levelPatterns).toBe(1);
    // The level trie: the root and `parent`.
    expect(stats.levelNodes).toBe(2);
    // One node per code unit: root + a,b (shared 'a') + b,c = 5.
    expect(stats.trieNodes).toBe(5);
  });

  it('prunes trie nodes as patterns go, back to the root alone', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('parent/.*', 'p').add('ab+c', 'q').add('a|bc', 'r').add('.*foo', 's');
    expect(matcher.remove('parent/.*')).toBe(true);
    expect(matcher.stats().trieNodes).toBe(5);
    // 'ab+c' goes: the node for 'a' stays (it holds 'a|bc'), the one for 'ab' goes.
    expect(matcher.remove('ab+c', 'q')).toBe(true);
    expect(matcher.stats().trieNodes).toBe(4);
    expect(matcher.remove('a|bc')).toBe(true);
    expect(matcher.remove('.*foo', 's')).toBe(true);
    const stats = matcher.stats();
    expect(stats.trieNodes).toBe(1);
    expect(stats.patterns).toBe(0);
    expect(stats.registrations).toBe(0);
    expect(stats.indexedPatterns).toBe(0);
    expect(stats.unindexedPatterns).toBe(0);
    expect(stats.exactPatterns).toBe(0);
  });

  it('keeps a pattern while any of its values remains', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('abc', 1).add('abc', 2);
    matcher.remove('abc', 1);
    expect(matcher.stats().patterns).toBe(1);
    expect(matcher.stats().trieNodes).toBe(4);
    matcher.remove('abc', 2);
    expect(matcher.stats().patterns).toBe(0);
    expect(matcher.stats().trieNodes).toBe(1);
  });
});
