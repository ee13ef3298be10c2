// Proves docs/how-the-index-works.md, "The traps, and how each is handled", "Assertions anywhere":
// look-ahead and look-behind, \b and \B anywhere, ^ and $ in the middle of a pattern, and the m
// flag. An assertion consumes nothing but may fail, so it ends the literal prefix and the pattern
// is not exact; ^ at the very start always holds.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

describe('look-around', () => {
  it('a leading look-ahead is not a prefix: (?=ab)a does not match ac', () => {
    const analysis = analyzePattern('(?=ab)a');
    expect(analysis).toMatchObject({ prefixes: [], exact: false });
    expect(analysis.reason).toContain('look-around');
    expectTopics('(?=ab)a', { match: ['ab', 'abc'], noMatch: ['ac', 'a', 'b'] });
    expectTopics('(?!a)b', { match: ['b'], noMatch: ['a', 'ab'] });
  });

  it('a trailing look-ahead keeps the prefix but is not exact', () => {
    expect(analyzePattern('a(?=b)')).toMatchObject({ prefixes: ['a'], exact: false });
    expectTopics('a(?=b)', { match: ['ab'], noMatch: ['a', 'ac'] });
    expectTopics('a(?!b)', { match: ['a', 'ac'], noMatch: ['ab', 'b'] });
  });

  it('look-behind at index 0 sees nothing before the topic', () => {
    expectTopics('(?<=a)b', { match: [], noMatch: ['b', 'ab'] });
    expectTopics('(?<!a)b', { match: ['b'], noMatch: ['ab'] });
    expectTopics('a(?<=a)b', { match: ['ab'], noMatch: ['a', 'b'] });
    expectTopics('a(?<!a)b', { match: [], noMatch: ['ab'] });
  });

  it('a look-ahead in an alternative: a(?=b)|c', () => {
    expect(analyzePattern('a(?=b)|c')).toMatchObject({ prefixes: ['a', 'c'], exact: false });
    expectTopics('a(?=b)|c', { match: ['ab', 'c'], noMatch: ['a', 'b'] });
  });
});

describe('word boundaries', () => {
  it('a\\b and a\\B', () => {
    expect(analyzePattern('a\\b')).toMatchObject({ prefixes: ['a'], exact: false });
    expectTopics('a\\b', { match: ['a', 'a/b', 'a b'], noMatch: ['ab', 'a1'] });
    expectTopics('a\\B', { match: ['ab', 'a_'], noMatch: ['a', 'a/'] });
    expectTopics('\\bfoo', { match: ['foo'], noMatch: ['xfoo'] });
    expectTopics('\\B', { match: ['', '/'], noMatch: ['a'] });
  });
});

describe('^ and $', () => {
  it('^ at the start always holds: ^a and ^^a are exact', () => {
    expect(analyzePattern('^a')).toMatchObject({ prefixes: ['a'], exact: true });
    expect(analyzePattern('^^a')).toMatchObject({ prefixes: ['a'], exact: true });
    expectTopics('^a', { match: ['a', 'ab'], noMatch: ['ba'] });
    expectTopics(/^a/m, { match: ['a'], noMatch: ['x\na'] });
  });

  it('^ at the start of an alternative holds too', () => {
    expect(analyzePattern('(?:^|x)a')).toMatchObject({ prefixes: ['a', 'xa'], exact: true });
    expect(analyzePattern('(?:a|^)b')).toMatchObject({ prefixes: ['ab', 'b'], exact: true });
    expectTopics('(?:a|^)b', { match: ['ab', 'b'], noMatch: ['a', 'c'] });
    expectTopics('a|^b', { match: ['a', 'b'], noMatch: ['c'] });
  });

  it('^ in the middle never holds without m, and needs a line break with m', () => {
    expect(analyzePattern('a^b')).toMatchObject({ prefixes: ['a'], exact: false });
    expectTopics('a^b', { match: [], noMatch: ['ab', 'a^b', 'a\nb'] });
    expectTopics('x(?:^|a)b', { match: ['xab'], noMatch: ['xb'] });
    expectTopics(/a\n^b/m, { match: ['a\nb'], noMatch: ['ab'] });
    expectTopics(/a\n^b/, { match: [], noMatch: ['a\nb'] });
    expectTopics(/a?^b/, { match: ['b'], noMatch: ['ab'] });
  });

  it('$ in the middle, and $ under m', () => {
    expect(analyzePattern('a$')).toMatchObject({ prefixes: ['a'], exact: false });
    expectTopics('a$', { match: ['a'], noMatch: ['ab', 'a\n'] });
    expectTopics(/a$/m, { match: ['a', 'a\nx'], noMatch: ['ab'] });
    expectTopics('a$b', { match: [], noMatch: ['ab', 'a$b'] });
    expectTopics(/a$\nb/m, { match: ['a\nb'], noMatch: ['ab'] });
    expectTopics('$', { match: [''], noMatch: ['a'] });
    expectTopics(/$/m, { match: ['', '\na'], noMatch: ['a'] });
  });

  it('(?=) and an optional assertion match everything', () => {
    expectTopics('(?=)', { match: ['', 'a'], noMatch: [] });
    expectTopics('(?:\\b)?x', { match: ['x'], noMatch: ['y'] });
  });
});
