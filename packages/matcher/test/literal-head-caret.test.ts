// A leading `^` always holds at index 0 (with or without the m flag), so the literal-head
// split skips it: compiled wildcard filters (`^sensors\/[^/]*\/temp$`) keep the fast analysis
// and share their tail regex with the same patterns written without `^`.
import { describe, expect, it } from 'vitest';
import { splitLiteralHead } from '../src/literal-head.js';
import { analyzePattern } from '../src/index.js';

describe('splitLiteralHead with a leading ^', () => {
  it('skips the ^ and splits the rest as without it', () => {
    expect(splitLiteralHead('^sensors\\/[^/]*\\/temp$')).toEqual({
      head: 'sensors/',
      rest: '[^/]*\\/temp$',
    });
    expect(splitLiteralHead('^sensors\\/[^/]*\\/temp$')).toEqual(
      splitLiteralHead('sensors\\/[^/]*\\/temp$'),
    );
  });

  it('gives a quantified last character back to the rest', () => {
    expect(splitLiteralHead('^ab+c')).toEqual({ head: 'a', rest: 'b+c' });
    expect(splitLiteralHead('^a+')).toBeNull();
  });

  it('finds no head after ^ alone, ^^ or ^ followed by a group', () => {
    expect(splitLiteralHead('^')).toBeNull();
    expect(splitLiteralHead('^^a')).toBeNull();
    expect(splitLiteralHead('^(?:a|b)c')).toBeNull();
  });

  it('still refuses a rest with a top-level alternation', () => {
    expect(splitLiteralHead('^ab|c')).toBeNull();
  });

  it('gives the analysis of the same pattern without ^', () => {
    const { source: withCaret, ...caret } = analyzePattern('^t0\\/d1(?:\\/[^/]*)*$');
    const { source: without, ...plain } = analyzePattern('t0\\/d1(?:\\/[^/]*)*$');
    expect(withCaret).toBe(`^${without}`);
    expect(caret).toEqual(plain);
  });
});
