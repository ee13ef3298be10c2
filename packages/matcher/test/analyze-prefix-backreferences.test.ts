// Proves SPEC §2 trap 6: back-references, including forward ones (\1(a), \k<x>(?<x>a)) that
// regexp-tree 0.1.27 mis-parses as literal characters (its issue #69) while the runtime treats
// them as empty matches. No prefix is ever derived from a back-reference.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

describe('forward back-references', () => {
  it("'\\1(a)' gets no prefix and explains why (issue: done when)", () => {
    const analysis = analyzePattern('\\1(a)');
    expect(analysis).toMatchObject({
      prefixes: [],
      indexed: false,
      exact: false,
      parseError: null,
    });
    expect(analysis.reason).toContain('back-reference');
    // regexp-tree reads \1 as the character U+0001; the runtime reads an empty match.
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

describe('a quantifier after `\\k<name>` with no such group', () => {
  // regexp-tree makes the quantifier repeat all of `\k<n2>` (an array, not a node); the runtime
  // reads `k<n2` and repeats `>`. The pattern must neither crash the analysis nor be called
  // exact (that would match `ab`, which the runtime refuses).
  it('is analysed without throwing, not exact, and matched like the runtime', () => {
    const analysis = analyzePattern(new RegExp('a\\k<n2>*'));
    expect(analysis.prefixes).toEqual(['a']);
    expect(analysis.exact).toBe(false);
    expect(analysis.wholeTopics).toBeNull();
    expect(analysis.reason).toMatch(/regexp-tree (may )?misread/);
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
