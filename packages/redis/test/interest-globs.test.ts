// Interest routing, the computation: a subscription's pattern becomes Redis globs from its
// literal prefixes (whole topics for patterns anchored at both ends, everything when there is
// no prefix), reference-counted, reduced to a minimal cover, with glob specials escaped.
import { describe, expect, it } from 'vitest';
import { escapeGlob, Interest } from '../src/interest.js';

function globsOf(...patterns: (string | RegExp)[]): string[] {
  const interest = new Interest();
  patterns.forEach((pattern, index) => interest.add(String(index), pattern));
  return interest.globs('sigx:');
}

describe('Interest.globs', () => {
  it('files a pattern under its literal prefixes', () => {
    expect(globsOf('parent/.*')).toEqual(['sigx:parent/*']);
    expect(globsOf('parent/child.*')).toEqual(['sigx:parent/child*']);
    expect(globsOf('(?:a|b)/x/.*')).toEqual(['sigx:a/x/*', 'sigx:b/x/*']);
    // Matched from index 0, not to the end: `a` also matches `a/b` and `ab`.
    expect(globsOf('a')).toEqual(['sigx:a*']);
  });

  it('subscribes a pattern anchored at both ends to its exact channels', () => {
    expect(globsOf('parent/child$')).toEqual(['sigx:parent/child']);
    expect(globsOf('(?:x|y)/temp$')).toEqual(['sigx:x/temp', 'sigx:y/temp']);
  });

  it('subscribes to everything for a pattern without a literal prefix', () => {
    expect(globsOf('.*/temp')).toEqual(['sigx:*']);
    expect(globsOf('')).toEqual(['sigx:*']);
    expect(globsOf('a', '.*x', 'c$')).toEqual(['sigx:*']);
  });

  it('keeps the case variants of an `i` pattern', () => {
    expect(globsOf(/ab\//i)).toEqual(['sigx:AB/*', 'sigx:Ab/*', 'sigx:aB/*', 'sigx:ab/*']);
  });

  it('drops what a shorter prefix covers, so that no channel matches two globs', () => {
    expect(globsOf('parent/child/.*', 'parent/.*', 'parent/x$', 'other$')).toEqual([
      'sigx:other',
      'sigx:parent/*',
    ]);
    expect(globsOf('ab', 'abc', 'ac', 'b')).toEqual(['sigx:ab*', 'sigx:ac*', 'sigx:b*']);
  });

  it('escapes the glob specials * ? [ ] \\ of the prefix and the topics', () => {
    const interest = new Interest();
    interest.add('1', String.raw`a\*b\?c\[d\]e\\f/.*`);
    interest.add('2', String.raw`x\*$`);
    expect(interest.globs('p[1]:')).toEqual([
      String.raw`p\[1\]:a\*b\?c\[d\]e\\f/*`,
      String.raw`p\[1\]:x\*`,
    ]);
    expect(escapeGlob('*?[]\\-^')).toBe('\\*\\?\\[\\]\\\\-^');
  });

  it('does not end a prefix inside a surrogate pair (Redis compares UTF-8 bytes)', () => {
    // Without the u flag, `?` binds only the low surrogate: the literal prefix ends in the high one.
    expect(globsOf('x😀?')).toEqual(['sigx:x*']);
    expect(globsOf('x😀+')).toEqual(['sigx:x😀*']);
  });

  it('counts references: a glob stays while any subscription needs it', () => {
    const interest = new Interest();
    expect(interest.add('1', 'a/.*')).toBe(true);
    expect(interest.add('2', 'a/.*')).toBe(false);
    expect(interest.add('3', 'a/b.*')).toBe(true);
    expect(interest.globs('sigx:')).toEqual(['sigx:a/*']);
    expect(interest.remove('1')).toBe(false);
    expect(interest.globs('sigx:')).toEqual(['sigx:a/*']);
    expect(interest.remove('2')).toBe(true);
    expect(interest.globs('sigx:')).toEqual(['sigx:a/b*']);
    expect(interest.remove('3')).toBe(true);
    expect(interest.remove('3')).toBe(false);
    expect(interest.globs('sigx:')).toEqual([]);
  });
});
