// Proves docs/how-the-index-works.md, "The traps, and how each is handled",
// "Forward back-references": back-references, including forward ones (\1(a), \k<x>(?<x>a)) that the
// runtime treats as empty matches (regexp-tree 0.1.27 mis-parsed them as literal characters, its
// issue #69). No prefix is ever derived from a back-reference.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

describe('forward back-references', () => {
  it("'\\1(a)' gets no prefix and explains why (issue: done when)", () => {
    const analysis = analyzePattern('\\1(a)');
    expect(analysis).toMatchObject({
      prefixes: [],
      exact: false,
      parseError: null,
    });
    expect(analysis.reason).toContain('back-reference');
    // Not the character U+0001 (as regexp-tree read it): the runtime reads an empty match.
    expectTopics('\\1(a)', { match: ['a', 'ab'], noMatch: ['\u0001a', '', 'b'] });
  });

  it("'\\k<x>(?<x>a)' gets no prefix", () => {
    const analysis = analyzePattern('\\k<x>(?<x>a)');
    expect(analysis).toMatchObject({ prefixes: [], exact: false });
    expect(analysis.reason).toEqual(expect.any(String));
    expectTopics('\\k<x>(?<x>a)', { match: ['a'], noMatch: ['k<x>a', 'k'] });
    // A forward reference is the point of this test.
    // eslint-disable-next-line no-useless-backreference
    expectTopics(/\k<x>(?<x>a)/u, { match: ['a'], noMatch: ['k<x>a'] });
  });

  it('a forward reference after a literal keeps only the literal before it', () => {
    expect(analyzePattern('x\\1(a)')).toMatchObject({ prefixes: ['x'], exact: false });
    expectTopics('x\\1(a)', { match: ['xa'], noMatch: ['x\u0001a', 'x'] });
    expectTopics('\\2(a)(b)', { match: ['ab'], noMatch: ['\u0002ab', 'bab'] });
    // eslint-disable-next-line no-useless-backreference
    expectTopics(/\1(a)/i, { match: ['A'], noMatch: ['\u0001a'] });
  });
});

describe('ordinary back-references', () => {
  it('(a)\\1 has prefix a and is not exact', () => {
    const analysis = analyzePattern('(a)\\1');
    expect(analysis).toMatchObject({ prefixes: ['a'], exact: false });
    expect(analysis.reason).toContain('back-reference');
    expectTopics('(a)\\1', { match: ['aa', 'aab'], noMatch: ['a', 'ab'] });
  });

  it('(?<x>ab)\\k<x>', () => {
    expect(analyzePattern('(?<x>ab)\\k<x>')).toMatchObject({ prefixes: ['ab'], exact: false });
    expectTopics('(?<x>ab)\\k<x>', { match: ['abab'], noMatch: ['abx', 'ab'] });
  });

  it('a reference to a group that did not participate matches empty', () => {
    expectTopics('(a)|\\1b', { match: ['a', 'b'], noMatch: ['c', '\u0001b'] });
    expectTopics('(a)?\\1b', { match: ['b', 'aab'], noMatch: ['ab'] });
    expectTopics('(?:(a)|b)\\1', { match: ['aa', 'b', 'bb'], noMatch: ['a'] });
  });

  it('the reference follows the case-insensitive text it captured', () => {
    expectTopics(/(a)\1/i, { match: ['aA', 'Aa'], noMatch: ['ab'] });
  });

  it('\\2 with one group is an octal escape (Annex B), \\10 with fewer than 10 groups too', () => {
    expectTopics('(a)\\2', { match: ['a\u0002'], noMatch: ['aa', 'a'] });
    expectTopics('\\10', { match: ['\u0008'], noMatch: ['\u00010'] });
    const ten = '(a)'.repeat(10);
    expectTopics(`${ten}\\10`, { match: ['a'.repeat(11)], noMatch: [`${'a'.repeat(10)}\u0008`] });
  });
});

describe('a quantifier after `\\k<name>` in a pattern without named groups', () => {
  // Without `u` and named groups, `\k` is the letter k (Annex B): the runtime reads `k<n2` and
  // repeats `>`. (regexp-tree made the quantifier repeat all of `\k<n2>`.)
  it('reads `k<n2` as literal characters and repeats only `>`, like the runtime', () => {
    const analysis = analyzePattern(new RegExp('a\\k<n2>*'));
    expect(analysis.prefixes).toEqual(['ak<n2']);
    expect(analysis.exact).toBe(true);
    expect(analysis.wholeTopics).toBeNull();
    expectTopics(new RegExp('a\\k<n2>*'), {
      match: ['ak<n2', 'ak<n2>>>'],
      noMatch: ['ab', 'a', 'ak'],
    });
    expectTopics(new RegExp('a\\k<n2>*x'), {
      match: ['ak<n2x', 'ak<n2>>x'],
      noMatch: ['ax', 'ak<n2>'],
    });
  });
});
