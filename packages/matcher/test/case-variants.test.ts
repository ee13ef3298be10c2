// Proves the claim in src/case-variants.ts against the runtime, over every code point
// 0..0x10FFFF: under 'i' no non-ASCII character matches an ASCII one, under 'iu' exactly
// U+017F and U+212A do; and for each ASCII character caseVariants() returns exactly the
// characters the runtime matches.
import { describe, expect, it } from 'vitest';
import { caseVariants } from '../src/case-variants.js';

const EXTRA_UNDER_U = [0x17f, 0x212a];

/** Code points >= 0x80 that match some ASCII character under the flags. */
function nonAsciiMatchingAscii(flags: string): number[] {
  // eslint-disable-next-line no-control-regex -- every ASCII character, controls included
  const anyAscii = new RegExp('^[\\x00-\\x7f]$', flags);
  const out: number[] = [];
  for (let codePoint = 0x80; codePoint <= 0x10ffff; codePoint += 1) {
    if (anyAscii.test(String.fromCodePoint(codePoint))) out.push(codePoint);
  }
  return out;
}

function hex(codePoint: number): string {
  return `\\x${codePoint.toString(16).padStart(2, '0')}`;
}

describe('case variants of ASCII characters', () => {
  it("under 'i', no non-ASCII code point matches an ASCII character", () => {
    expect(nonAsciiMatchingAscii('i')).toEqual([]);
  });

  it("under 'iu', exactly U+017F and U+212A match an ASCII character", () => {
    expect(nonAsciiMatchingAscii('iu')).toEqual(EXTRA_UNDER_U);
  });

  it.each([
    ['i', false],
    ['iu', true],
  ] as const)(
    "under '%s', caseVariants() lists exactly what each ASCII character matches",
    (flags, unicode) => {
      const candidates = [...Array.from({ length: 0x80 }, (_, i) => i), ...EXTRA_UNDER_U];
      for (let codePoint = 0; codePoint < 0x80; codePoint += 1) {
        const one = new RegExp(`^${hex(codePoint)}$`, flags);
        const expected = candidates
          .map((c) => String.fromCodePoint(c))
          .filter((s) => one.test(s))
          .sort();
        const actual = caseVariants(codePoint, unicode);
        expect(actual, `code point ${codePoint}`).not.toBeNull();
        expect([...actual!].sort(), `code point ${codePoint} under ${flags}`).toEqual(expected);
        expect(new Set(actual).size, `duplicates for ${codePoint}`).toBe(actual!.length);
      }
    },
  );

  it('returns null for non-ASCII code points', () => {
    for (const codePoint of [0x80, 0xe9, 0x17f, 0x212a, 0xd83d, 0x1f600, 0x10ffff]) {
      expect(caseVariants(codePoint, false)).toBeNull();
      expect(caseVariants(codePoint, true)).toBeNull();
    }
  });
});
