// Proves that top-level and nested alternation, including empty alternatives, is indexed correctly
// (docs/how-the-index-works.md, "The traps, and how each is handled":
// "Alternation and empty alternatives"): every alternative is anchored at index 0, an empty
// alternative makes a pattern match every topic, and a prefix set too large to keep is cut back to
// shorter prefixes rather than to wrong ones.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

describe('alternation', () => {
  it("'a|b' has prefixes a and b and is exact", () => {
    expect(analyzePattern('a|b')).toMatchObject({
      prefixes: ['a', 'b'],
      exact: true,
      reason: null,
    });
    expectTopics('a|b', { match: ['a', 'b/x', 'ba', 'ab'], noMatch: ['', 'c', 'xb', 'xa'] });
  });

  it("'a|bc' has prefixes ['a', 'bc'] and is exact (issue: done when)", () => {
    expect(analyzePattern('a|bc')).toMatchObject({
      prefixes: ['a', 'bc'],
      exact: true,
      reason: null,
    });
    expectTopics('a|bc', { match: ['a', 'bc', 'bcd', 'a/b'], noMatch: ['b', 'cb', 'ba', ''] });
  });

  it("'(?:x|y)z' has prefixes ['xz', 'yz'] and is exact (issue: done when)", () => {
    expect(analyzePattern('(?:x|y)z')).toMatchObject({
      prefixes: ['xz', 'yz'],
      exact: true,
      reason: null,
    });
    expectTopics('(?:x|y)z', {
      match: ['xz', 'yz/q', 'xzz'],
      noMatch: ['x', 'y', 'z', 'zz', 'xy', 'xyz'],
    });
  });

  it("'ab|' (empty last alternative) matches every topic", () => {
    expect(analyzePattern('ab|')).toMatchObject({ prefixes: [], exact: true });
    expectTopics('ab|', { match: ['', 'ab', 'x', 'ba'], noMatch: [] });
  });

  it("'|ab' (empty first alternative) matches every topic", () => {
    expect(analyzePattern('|ab')).toMatchObject({ prefixes: [], exact: true });
    expectTopics('|ab', { match: ['', 'x'], noMatch: [] });
  });

  it("'a(?:|b)c' gives ['abc', 'ac']", () => {
    expect(analyzePattern('a(?:|b)c')).toMatchObject({ prefixes: ['abc', 'ac'], exact: true });
    expectTopics('a(?:|b)c', { match: ['ac', 'abc', 'acb'], noMatch: ['a', 'ab', 'abb', 'bc'] });
  });

  it("'a(?:b|)' is exact with prefix a", () => {
    expect(analyzePattern('a(?:b|)')).toMatchObject({ prefixes: ['a'], exact: true });
    expectTopics('a(?:b|)', { match: ['a', 'ab', 'ac'], noMatch: ['b', ''] });
  });

  it('keeps only minimal prefixes: ab|a is a', () => {
    expect(analyzePattern('ab|a')).toMatchObject({ prefixes: ['a'], exact: true });
    expectTopics('ab|a', { match: ['a', 'ab', 'ac'], noMatch: ['b'] });
  });

  it('handles a long, left-nested chain and groups around it', () => {
    expect(analyzePattern('a|b|c|d').prefixes).toEqual(['a', 'b', 'c', 'd']);
    expect(analyzePattern('(a|b)c|d')).toMatchObject({ prefixes: ['ac', 'bc', 'd'], exact: true });
    expectTopics('(a|b)c|d', { match: ['ac', 'bc', 'd', 'dd'], noMatch: ['a', 'c', 'cd', 'ab'] });
    expectTopics('(?:(?:a|b)|(?:c|))x', { match: ['ax', 'cx', 'x'], noMatch: ['a', 'c', 'dx'] });
  });

  it("an alternative that is not a literal: 'x(?:a|b.*)' is exact, 'a.*|b+c' is not", () => {
    expect(analyzePattern('x(?:a|b.*)')).toMatchObject({ prefixes: ['xa', 'xb'], exact: true });
    expectTopics('x(?:a|b.*)', { match: ['xa', 'xb', 'xbzz'], noMatch: ['x', 'xc', 'a'] });
    const analysis = analyzePattern('a.*|b+c');
    expect(analysis).toMatchObject({ prefixes: ['a', 'b'], exact: false });
    expect(analysis.reason).toEqual(expect.any(String));
    expectTopics('a.*|b+c', { match: ['a', 'bc', 'bbbc'], noMatch: ['b', 'bb', 'c'] });
  });

  it('an alternative with no literal at all leaves the pattern unindexed', () => {
    const analysis = analyzePattern('ab|.c');
    expect(analysis).toMatchObject({ prefixes: [], exact: false });
    expect(analysis.reason).toEqual(expect.any(String));
    expectTopics('ab|.c', { match: ['ab', 'xc', 'ac'], noMatch: ['a', 'x', 'c/'] });
  });

  it('too many alternatives are cut back to shorter true prefixes, never to wrong ones', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${String(i).padStart(2, '0')}`);
    const pattern = words.join('|');
    const analysis = analyzePattern(pattern);
    expect(analysis.exact).toBe(false);
    expect(analysis.reason).toEqual(expect.any(String));
    expect(analysis.prefixes.length).toBeGreaterThan(0);
    expect(analysis.prefixes.length).toBeLessThanOrEqual(32);
    for (const word of words) expect(analysis.prefixes.some((p) => word.startsWith(p))).toBe(true);
    // 'w0x' starts with a kept prefix but matches no alternative.
    expectTopics(pattern, { match: ['w00', 'w39', 'w05/x'], noMatch: ['w0x', 'w4', 'w', 'x00'] });
  });

  it('an empty alternative after the set was cut back still leaves no prefix', () => {
    // Shrunk from the naive-equivalence property: the union of the first two alternatives
    // exceeds the bounds, and the third, empty, matches every topic.
    expect(analyzePattern('\\d|[ab]?\\da|')).toMatchObject({ prefixes: [] });
    expectTopics('\\d|[ab]?\\da|', { match: ['0', '', 'x'], noMatch: [] });
  });
});
