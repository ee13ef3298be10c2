// Proves docs/how-the-index-works.md, "The traps, and how each is handled",
// "Escapes are read as the runtime reads them" (and docs/pattern-semantics.md,
// "What the index can index", for classes): character classes, '.', \d \w \s, [^], and escapes (\/
// \. \x41 \u0041 \u{1F600} \cA \0, and Annex B forms that look like them but are not: \u{3} without
// u, \c1, \01, \k, \p without u) are read exactly as the runtime reads them.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

describe('character classes', () => {
  it('[ab]c is the literal set ac, bc', () => {
    expect(analyzePattern('[ab]c')).toMatchObject({ prefixes: ['ac', 'bc'], exact: true });
    expectTopics('[ab]c', { match: ['ac', 'bc'], noMatch: ['cc', 'abc', 'a'] });
  });

  it('[a-c] is a, b, c', () => {
    expect(analyzePattern('[a-c]')).toMatchObject({ prefixes: ['a', 'b', 'c'], exact: true });
    expectTopics('[a-c]', { match: ['a', 'c/x'], noMatch: ['d', '-', ''] });
  });

  it('[^a] has no prefix and is not exact', () => {
    const analysis = analyzePattern('[^a]');
    expect(analysis).toMatchObject({ prefixes: [], exact: false });
    expect(analysis.reason).toEqual(expect.any(String));
    expectTopics('[^a]', { match: ['b', '\n'], noMatch: ['a', ''] });
  });

  it('[^] matches any one character, including line breaks', () => {
    expect(analyzePattern('[^]x')).toMatchObject({ prefixes: [], exact: false });
    expectTopics('[^]x', { match: ['ax', '\nx'], noMatch: ['x', ''] });
  });

  it('[] never matches', () => {
    expect(analyzePattern('[]')).toMatchObject({ exact: false });
    expectTopics('[]', { match: [], noMatch: ['', 'a', '[]'] });
  });

  it('[\\d-z] (Annex B: \\d, -, z) is not read as a range', () => {
    expectTopics('[\\d-z]', { match: ['5', '-', 'z'], noMatch: ['a', 'y'] });
  });

  it('[\\b] is a backspace', () => {
    expectTopics('[\\b]', { match: ['\b'], noMatch: ['b', '\\'] });
  });

  it('a large range is left to the regex', () => {
    expect(analyzePattern('[a-zA-Z]x').prefixes).toEqual([]);
    expectTopics('[a-zA-Z]x', { match: ['qx', 'Qx'], noMatch: ['1x', 'q'] });
    // 26 letters is still few enough to list.
    expect(analyzePattern('[a-z]x')).toMatchObject({ exact: true });
    expect(analyzePattern('[a-z]x').prefixes).toHaveLength(26);
  });
});

describe('class escapes and dot', () => {
  it("'.' stops the prefix; '\\.' is a literal dot", () => {
    expect(analyzePattern('a.b')).toMatchObject({ prefixes: ['a'], exact: false });
    expectTopics('a.b', { match: ['a.b', 'axb'], noMatch: ['ab', 'a\nb'] });
    expect(analyzePattern('a\\.b')).toMatchObject({ prefixes: ['a.b'], exact: true });
    expectTopics('a\\.b', { match: ['a.b'], noMatch: ['axb'] });
  });

  it('\\d is the ten digits', () => {
    expect(analyzePattern('\\dx')).toMatchObject({ exact: true });
    expect(analyzePattern('\\dx').prefixes).toHaveLength(10);
    expectTopics('\\dx', { match: ['0x', '9x'], noMatch: ['x', 'ax', '٣x'] });
  });

  it('\\D, \\w, \\s are left to the regex', () => {
    for (const source of ['\\D', '\\w', '\\s', '\\W', '\\S']) {
      expect(analyzePattern(source)).toMatchObject({ prefixes: [], exact: false });
    }
    expectTopics('\\w', { match: ['a', '_', '0'], noMatch: ['-', ''] });
    expectTopics('\\s', { match: [' ', '\t', '\u00a0'], noMatch: ['a'] });
    expectTopics('\\D', { match: ['a'], noMatch: ['1'] });
  });
});

describe('escapes', () => {
  it('\\/ is a slash', () => {
    expect(analyzePattern('a\\/b')).toMatchObject({ prefixes: ['a/b'], exact: true });
    expectTopics('a\\/b', { match: ['a/b'], noMatch: ['a\\/b', 'ab'] });
  });

  it('\\x41 and \\u0041 are A', () => {
    expect(analyzePattern('\\x41')).toMatchObject({ prefixes: ['A'], exact: true });
    expect(analyzePattern('\\u0041')).toMatchObject({ prefixes: ['A'], exact: true });
    expectTopics('\\x41', { match: ['A'], noMatch: ['a', 'x41'] });
    expectTopics('\\u0041', { match: ['A'], noMatch: ['a', 'u0041'] });
  });

  it('\\u{1F600} with u is the emoji', () => {
    expect(analyzePattern(/\u{1F600}/u)).toMatchObject({ prefixes: ['😀'], exact: true });
    expectTopics(/\u{1F600}/u, { match: ['😀'], noMatch: ['\uD83D', 'u'] });
  });

  it('\\u{1F600} without u is u followed by literal braces, and \\u{3} is uuu', () => {
    expectTopics('\\u{1F600}', { match: ['u{1F600}'], noMatch: ['😀'] });
    expectTopics('\\u{3}', { match: ['uuu', 'uuuu'], noMatch: ['\u0003', 'uu'] });
    expectTopics('a\\u{2}b', { match: ['auub'], noMatch: ['a\u0002b', 'aub'] });
  });

  it('\\cA and \\ca are U+0001; \\c1 and a lone \\c are literal backslash-c', () => {
    expect(analyzePattern('\\cA')).toMatchObject({ prefixes: ['\u0001'], exact: true });
    expectTopics('\\cA', { match: ['\u0001'], noMatch: ['cA', 'A'] });
    expectTopics('\\ca', { match: ['\u0001'], noMatch: ['ca'] });
    expectTopics('\\c1', { match: ['\\c1'], noMatch: ['\u0011', 'c1'] });
    expectTopics('\\c', { match: ['\\c'], noMatch: ['c'] });
  });

  it('\\0 is NUL; \\01 is an octal escape, not NUL then 1', () => {
    expect(analyzePattern('\\0')).toMatchObject({ prefixes: ['\0'], exact: true });
    expectTopics('\\0', { match: ['\0'], noMatch: ['0', ''] });
    expectTopics('\\01', { match: ['\u0001'], noMatch: ['\u00001', '\0'] });
    expectTopics('\\08', { match: ['\u00008'], noMatch: ['\0', '\u0008'] });
    expectTopics('\\00x', { match: ['\0x'], noMatch: ['\u00000x'] });
  });

  it('\\n, \\t and \\- are single characters', () => {
    expect(analyzePattern('a\\nb')).toMatchObject({ prefixes: ['a\nb'], exact: true });
    expect(analyzePattern('a\\-b')).toMatchObject({ prefixes: ['a-b'], exact: true });
    expectTopics('a\\tb', { match: ['a\tb'], noMatch: ['atb'] });
  });

  it('identity escapes of letters without u (\\k, \\p{L}, \\P) are literal letters', () => {
    expectTopics('\\k', { match: ['k'], noMatch: ['\\k'] });
    expectTopics('\\p{L}', { match: ['p{L}'], noMatch: ['a'] });
    expectTopics('\\P', { match: ['P'], noMatch: ['p', '\\P'] });
    expectTopics(/\p{L}/u, { match: ['a', 'é', 'p{L}'], noMatch: ['{', '1'] });
  });

  it('literal ] and } are characters', () => {
    expectTopics(']', { match: [']'], noMatch: [''] });
    expectTopics('a}', { match: ['a}'], noMatch: ['a'] });
  });
});
