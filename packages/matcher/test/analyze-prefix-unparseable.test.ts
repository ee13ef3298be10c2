// Proves docs/how-the-index-works.md, "The traps, and how each is handled",
// "Syntax the parser does not read but the runtime accepts" (and docs/pattern-semantics.md,
// "What the index does not change"): syntax that the index's parser does not read but the runtime
// accepts (flag v; modifier groups where the runtime has them: see regexp-parser.test.ts) is never
// rejected: the pattern is left unindexed, analyzePattern reports parseError, and it still matches
// exactly as the runtime does. Annex B forms that regexp-tree could not parse (a quantified
// look-ahead, [\B], a range of astral characters under u) are read and indexed. Flag d, which does
// not change what matches, is accepted too.
import { describe, expect, it } from 'vitest';
import { analyzePattern, TopicMatcher } from '../src/index.js';
import { expectTopics } from './support/naive.js';

const supports = (source: string, flags = ''): boolean => {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
};
const supportsV = supports('', 'v');

function expectUnparsedButAccepted(pattern: RegExp | string): void {
  const analysis = analyzePattern(pattern);
  expect(analysis.parseError).toEqual(expect.any(String));
  expect(analysis).toMatchObject({ prefixes: [], exact: false });
  expect(analysis.reason).toEqual(expect.any(String));
  const matcher = new TopicMatcher<number>();
  expect(() => matcher.add(pattern, 1)).not.toThrow();
  expect(matcher.stats()).toMatchObject({ patterns: 1, unindexedPatterns: 1, indexedPatterns: 0 });
}

describe("patterns the index's parser does not read", () => {
  it.runIf(supportsV)('flag v', () => {
    // RegExp literals with v need an ES2024 target; build them at run time.
    const ab = new RegExp('ab', 'v');
    expectUnparsedButAccepted(ab);
    expectTopics(ab, { match: ['ab', 'abc'], noMatch: ['a', 'b'] });
    const setDifference = new RegExp('[\\p{L}--[a-z]]x', 'v');
    expectUnparsedButAccepted(setDifference);
    expectTopics(setDifference, { match: ['Ax', 'éx'], noMatch: ['ax', 'A'] });
    expectTopics(new RegExp('k', 'iv'), { match: ['K', '\u212A'], noMatch: ['x'] });
  });
});

describe('Annex B forms and astral ranges, read like the runtime', () => {
  it('a quantified look-ahead', () => {
    expect(analyzePattern('(?=a)*b')).toMatchObject({ parseError: null, prefixes: [] });
    expectTopics('(?=a)*b', { match: ['b'], noMatch: ['a', 'ab'] });
    expect(analyzePattern('x(?=a)?a')).toMatchObject({ parseError: null, prefixes: ['x'] });
    expectTopics('(?=a)?a', { match: ['a'], noMatch: ['b'] });
  });

  it('[\\B], an identity escape in a class', () => {
    expect(analyzePattern('[\\B]')).toMatchObject({
      parseError: null,
      prefixes: ['B'],
      exact: true,
    });
    expectTopics('[\\B]', { match: ['B'], noMatch: ['b', '\\'] });
  });

  it('a range of astral characters under u', () => {
    expect(analyzePattern(/[😀-😂]/u)).toMatchObject({
      parseError: null,
      prefixes: ['😀', '😁', '😂'],
      exact: true,
    });
    expectTopics(/[😀-😂]/u, { match: ['😁'], noMatch: ['😃', '\uD83D'] });
  });
});

describe('flag d', () => {
  it('is accepted and analysed like the same pattern without d', () => {
    const withD = analyzePattern(/ab+c/d);
    const without = analyzePattern(/ab+c/);
    expect(withD.flags).toBe('d');
    expect(withD.prefixes).toEqual(without.prefixes);
    expect(withD.exact).toBe(without.exact);
    expectTopics(/ab+c/d, { match: ['abc', 'abbc'], noMatch: ['ab', 'ac'] });
    expectTopics(/(a)|b/dgi, { match: ['A', 'b'], noMatch: ['c'] });
  });
});
