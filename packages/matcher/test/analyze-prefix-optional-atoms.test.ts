// Proves docs/how-the-index-works.md, "The traps, and how each is handled": leading atoms that
// may match nothing (a?b, a*b, a{0,3}b, (?:ab)?c) do not become mandatory prefixes; quantifiers
// bind only the atom before them (ab+, abc?, foo{2}); {n}, {n,m}, {n,} and lazy quantifiers are
// expanded or cut correctly.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

describe('optional leading atoms', () => {
  it("'parent/.*' has prefix ['parent/'] and is exact: a trailing '.*' may match nothing (issue: done when)", () => {
    expect(analyzePattern('parent/.*')).toMatchObject({
      prefixes: ['parent/'],
      exact: true,
      reason: null,
    });
    expectTopics('parent/.*', {
      match: ['parent/', 'parent/child', 'parent/\n'],
      noMatch: ['parent', 'Parent/x', 'xparent/'],
    });
  });

  it("'.*foo' has no prefix and says that '.*' may match nothing (issue: done when)", () => {
    const analysis = analyzePattern('.*foo');
    expect(analysis).toMatchObject({
      prefixes: [],
      exact: false,
      parseError: null,
    });
    expect(analysis.reason).toContain('.*');
    expect(analysis.reason).toMatch(/nothing/);
    expectTopics('.*foo', {
      match: ['foo', 'xfoo', 'a/b/foo/c'],
      noMatch: ['fo', 'f\noo', '\nfoo'],
    });
  });

  it("'a?b' gives ['ab', 'b'], exact (issue: done when)", () => {
    expect(analyzePattern('a?b')).toMatchObject({
      prefixes: ['ab', 'b'],
      exact: true,
      reason: null,
    });
    expectTopics('a?b', { match: ['b', 'ab', 'bb', 'b/x'], noMatch: ['a', 'aab', 'c', ''] });
  });

  it("'a??b' (lazy) is the same set", () => {
    expect(analyzePattern('a??b')).toMatchObject({ prefixes: ['ab', 'b'], exact: true });
    expectTopics('a??b', { match: ['b', 'ab'], noMatch: ['a', 'aab'] });
  });

  it("'a*b' has no prefix and says why", () => {
    const analysis = analyzePattern('a*b');
    expect(analysis).toMatchObject({ prefixes: [], exact: false });
    expect(analysis.reason).toContain('a*');
    expectTopics('a*b', { match: ['b', 'ab', 'aaaab'], noMatch: ['a', 'aac', ''] });
  });

  it("'a{0,3}b' expands to every repetition", () => {
    expect(analyzePattern('a{0,3}b')).toMatchObject({
      prefixes: ['aaab', 'aab', 'ab', 'b'],
      exact: true,
    });
    expectTopics('a{0,3}b', { match: ['b', 'ab', 'aaab'], noMatch: ['aaaab', 'a', 'c'] });
  });

  it("'(?:ab)?c' gives ['abc', 'c']", () => {
    expect(analyzePattern('(?:ab)?c')).toMatchObject({ prefixes: ['abc', 'c'], exact: true });
    expectTopics('(?:ab)?c', { match: ['c', 'abc', 'cab'], noMatch: ['ac', 'ab', 'bc', 'abab'] });
  });

  it("'a{0,20}b' is too many repetitions to expand: no prefix, but correct", () => {
    expect(analyzePattern('a{0,20}b')).toMatchObject({ prefixes: [], exact: false });
    expectTopics('a{0,20}b', {
      match: ['b', `${'a'.repeat(20)}b`],
      noMatch: [`${'a'.repeat(21)}b`, 'a'],
    });
  });

  it("'x*' and '(?:ab)*' match every topic", () => {
    expect(analyzePattern('x*')).toMatchObject({ prefixes: [], exact: true });
    expectTopics('x*', { match: ['', 'y', 'xx'], noMatch: [] });
    expectTopics('(?:ab)*', { match: ['', 'a', 'abab'], noMatch: [] });
  });
});

describe('quantifiers bind only the atom before them', () => {
  it("'ab+c' has prefix ['ab'] and is not exact (issue: done when)", () => {
    const analysis = analyzePattern('ab+c');
    expect(analysis).toMatchObject({ prefixes: ['ab'], exact: false });
    expect(analysis.reason).toContain('b+');
    expectTopics('ab+c', {
      match: ['abc', 'abbbc', 'abc/x'],
      noMatch: ['ab', 'abd', 'ac', 'abbb', 'bc'],
    });
  });

  it("'ab+' is exact with prefix ab", () => {
    expect(analyzePattern('ab+')).toMatchObject({ prefixes: ['ab'], exact: true });
    expectTopics('ab+', { match: ['ab', 'abbb', 'abx'], noMatch: ['a', 'ba', 'aab'] });
  });

  it("'abc?' has prefix 'ab'", () => {
    expect(analyzePattern('abc?')).toMatchObject({ prefixes: ['ab'], exact: true });
    expectTopics('abc?', { match: ['ab', 'abc', 'abd'], noMatch: ['a', 'ac', 'b'] });
  });

  it("'foo{2}' repeats only the last o", () => {
    expect(analyzePattern('foo{2}')).toMatchObject({ prefixes: ['fooo'], exact: true });
    expectTopics('foo{2}', { match: ['fooo', 'foooo'], noMatch: ['foofoo', 'foo', 'fo'] });
  });

  it("'(?:ab){2}' repeats the group", () => {
    expect(analyzePattern('(?:ab){2}')).toMatchObject({ prefixes: ['abab'], exact: true });
    expectTopics('(?:ab){2}', { match: ['abab', 'ababx'], noMatch: ['abb', 'ab', 'aabb'] });
  });
});

describe('counted quantifiers', () => {
  it("'ab{3}' is the literal abbb", () => {
    expect(analyzePattern('ab{3}')).toMatchObject({ prefixes: ['abbb'], exact: true });
    expectTopics('ab{3}', { match: ['abbb', 'abbbb'], noMatch: ['abb', 'ab{3}'] });
  });

  it("'ab{2,4}' has minimal prefix abb; 'ab{2,4}c' lists each length", () => {
    expect(analyzePattern('ab{2,4}')).toMatchObject({ prefixes: ['abb'], exact: true });
    expect(analyzePattern('ab{2,4}c')).toMatchObject({
      prefixes: ['abbbbc', 'abbbc', 'abbc'],
      exact: true,
    });
    expectTopics('ab{2,4}c', { match: ['abbc', 'abbbbc'], noMatch: ['abc', 'abbbbbc', 'abb'] });
  });

  it("'ab{2,}c' has prefix abb and is not exact", () => {
    expect(analyzePattern('ab{2,}c')).toMatchObject({ prefixes: ['abb'], exact: false });
    expectTopics('ab{2,}c', { match: ['abbc', 'abbbbbbbbbbbc'], noMatch: ['abbd', 'abc', 'abb'] });
  });

  it("'(?:a.*){2}' needs two a's: prefix a, not exact; '(?:a.*)+' is exact", () => {
    expect(analyzePattern('(?:a.*){2}')).toMatchObject({ prefixes: ['a'], exact: false });
    expectTopics('(?:a.*){2}', { match: ['aa', 'axa', 'aa/b'], noMatch: ['a', 'ax', 'b'] });
    expect(analyzePattern('(?:a.*)+')).toMatchObject({ prefixes: ['a'], exact: true });
    expectTopics('(?:a.*)+', { match: ['a', 'ax'], noMatch: ['b', ''] });
  });

  it("'a{20}' is a literal of 20 a's", () => {
    expect(analyzePattern('a{20}')).toMatchObject({ prefixes: ['a'.repeat(20)], exact: true });
    expectTopics('a{20}', { match: ['a'.repeat(20)], noMatch: ['a'.repeat(19)] });
  });

  it("'a{1,2}?b' (lazy) gives ['aab', 'ab']", () => {
    expect(analyzePattern('a{1,2}?b')).toMatchObject({ prefixes: ['aab', 'ab'], exact: true });
    expectTopics('a{1,2}?b', { match: ['ab', 'aab'], noMatch: ['b', 'aaab'] });
  });

  it("'a+?b' (lazy) has prefix a", () => {
    expect(analyzePattern('a+?b')).toMatchObject({ prefixes: ['a'], exact: false });
    expectTopics('a+?b', { match: ['ab', 'aaab'], noMatch: ['a', 'b'] });
  });

  it("'a{,3}' is literal text (Annex B), not a quantifier", () => {
    expectTopics('a{,3}', { match: ['a{,3}', 'a{,3}x'], noMatch: ['a', 'aaa', ''] });
    expectTopics('x{1', { match: ['x{1'], noMatch: ['x'] });
    expectTopics('{', { match: ['{'], noMatch: [''] });
  });

  it('a huge count keeps a bounded, true prefix', () => {
    const analysis = analyzePattern('a{1000}');
    expect(analysis.prefixes).toHaveLength(1);
    expect(analysis.prefixes[0]!.length).toBeLessThanOrEqual(256);
    expect(analysis.prefixes[0]!.length).toBeGreaterThan(0);
    expect(analysis.exact).toBe(false);
    expectTopics('a{1000}', {
      match: ['a'.repeat(1000)],
      noMatch: ['a'.repeat(999), 'a'.repeat(300)],
    });
  });
});
