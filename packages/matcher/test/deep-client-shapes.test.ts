// Data a client shapes never overflows the stack: topics that nest in the memo's trie (each a
// prefix of the next), alternations as long as the pattern limit allows, groups nested deep.
// Before, `add` walked the memo's trie recursively and threw `RangeError` after registering.
import { describe, expect, it } from 'vitest';
import { analyzePattern, TopicMatcher, UnsafePatternError } from '../src/index.js';
import { MAX_NESTING } from '../src/regexp-parser.js';
import { naiveScan } from './support/naive.js';

describe('topics that nest 10 000 deep in the memo', () => {
  const topics = Array.from({ length: 10_000 }, (_, i) => 'a'.repeat(i + 1));

  it('add and remove patch the memo without overflowing, and results stay exact', () => {
    const matcher = new TopicMatcher<string>({ cacheBytes: Infinity }).add('b', 'b');
    for (const topic of topics) matcher.match(topic);
    expect(matcher.stats().cache.size).toBe(10_000);
    expect(() => matcher.add('a.*', 'any a')).not.toThrow();
    expect(matcher.size).toBe(2);
    expect(matcher.match('aaaaa')).toEqual(['any a']);
    expect(matcher.match(topics[9_999]!)).toEqual(['any a']);
    expect(matcher.add('aa$', 'two a').match('aa')).toEqual(['any a', 'two a']);
    expect(matcher.remove('a.*')).toBe(true);
    expect(matcher.match('aaaaa')).toEqual([]);
    expect(matcher.match('aa')).toEqual(['two a']);
    // The memo was patched, not flushed.
    expect(matcher.stats().cache.size).toBe(10_000);
  });
});

describe('long alternations and deep groups', () => {
  it("'|'.repeat(4000), under the default maxPatternLength, is analysed and matches every topic", () => {
    const pattern = '|'.repeat(4000);
    expect(analyzePattern(pattern)).toMatchObject({ prefixes: [], exact: true, parseError: null });
    expect(new TopicMatcher<number>().add(pattern, 1).match('x/y')).toEqual([1]);
  });

  it('a 10 000-branch alternation is indexed under its literals', () => {
    const words = Array.from({ length: 10_000 }, (_, i) => `w${i}/`);
    const matcher = new TopicMatcher<number>({ maxPatternLength: Infinity }).add(
      words.join('|'),
      1,
    );
    expect(matcher.match('w9999/x')).toEqual([1]);
    expect(matcher.match('v1/')).toEqual([]);
  });

  it(`groups nested deeper than ${MAX_NESTING} are left unindexed, and still match exactly`, () => {
    const nested = (depth: number): string => '(?:'.repeat(depth) + 'ab' + ')'.repeat(depth);
    expect(analyzePattern(nested(MAX_NESTING))).toMatchObject({
      prefixes: ['ab'],
      parseError: null,
    });
    const deep = nested(10_000);
    expect(analyzePattern(deep).parseError).toBe(
      `the index's parser does not read groups nested more than ${MAX_NESTING} deep at index ${3 * MAX_NESTING + 3}`,
    );
    const matcher = new TopicMatcher<number>({ maxPatternLength: Infinity }).add(deep, 1);
    expect(matcher.stats()).toMatchObject({ unindexedPatterns: 1 });
    for (const topic of ['ab', 'abc', 'a', 'b']) {
      expect(matcher.match(topic)).toEqual(naiveScan([[deep, 1]], topic));
    }
    // What cannot be read cannot be shown safe.
    const strict = new TopicMatcher<number>({
      maxPatternLength: Infinity,
      unsafePatterns: 'reject',
    });
    expect(() => strict.add(deep, 1)).toThrow(UnsafePatternError);
    expect(strict.size).toBe(0);
  });
});
