// Proves docs/how-the-index-works.md, "The traps, and how each is handled",
// "Case folding under `i`": under the i flag case folding is Unicode-aware with u (/k/iu matches
// U+212A KELVIN SIGN, /s/iu matches U+017F LONG S), so the index files every case variant an ASCII
// letter matches, never a lowercased key; non-ASCII letters are left to the regex.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

const KELVIN = '\u212A';
const LONG_S = '\u017F';

describe('the i flag', () => {
  it('/k/iu lists k, K and KELVIN SIGN; /k/i only k and K', () => {
    expect(analyzePattern(/k/iu)).toMatchObject({ exact: true });
    expect([...analyzePattern(/k/iu).prefixes].sort()).toEqual(['K', 'k', KELVIN].sort());
    expectTopics(/k/iu, { match: ['k', 'K', KELVIN, `${KELVIN}x`], noMatch: ['x', ''] });
    expectTopics(/K/iu, { match: ['k', KELVIN], noMatch: ['x'] });
    expect([...analyzePattern(/k/i).prefixes].sort()).toEqual(['K', 'k']);
    expectTopics(/k/i, { match: ['k', 'K'], noMatch: [KELVIN] });
  });

  it('/s/iu lists s, S and LONG S; /s/i only s and S', () => {
    expect([...analyzePattern(/s/iu).prefixes].sort()).toEqual(['S', 's', LONG_S].sort());
    expectTopics(/s/iu, { match: ['s', 'S', LONG_S], noMatch: ['x'] });
    expectTopics(/s/i, { match: ['s', 'S'], noMatch: [LONG_S] });
    expectTopics(/ask/iu, { match: ['ASK', `a${LONG_S}${KELVIN}`], noMatch: ['ass'] });
  });

  it('lowercasing is not a safe key: LONG S and KELVIN SIGN do not lowercase to s and k', () => {
    expect(LONG_S.toLowerCase()).toBe(LONG_S);
    expectTopics(/s.*/iu, { match: [LONG_S, 'S'], noMatch: [] });
  });

  it('i and I do not match dotted İ or dotless ı, even under iu', () => {
    expectTopics(/i/iu, { match: ['i', 'I'], noMatch: ['\u0130', '\u0131'] });
    expectTopics(/i/i, { match: ['i', 'I'], noMatch: ['\u0130', '\u0131'] });
  });

  it("'parent' under i has too many variants to list: a shorter, still true prefix set", () => {
    const analysis = analyzePattern(/parent/i);
    expect(analysis.exact).toBe(false);
    expect(analysis.reason).toEqual(expect.any(String));
    expect(analysis.prefixes.length).toBeGreaterThan(0);
    expect(analysis.prefixes.length).toBeLessThanOrEqual(32);
    for (const prefix of analysis.prefixes)
      expect('parent'.startsWith(prefix.toLowerCase())).toBe(true);
    // 'Parenx' starts with a kept prefix but does not match.
    expectTopics(/parent/i, {
      match: ['parent', 'PARENT/x', 'pArEnT'],
      noMatch: ['Parenx', 'paren', 'xparent'],
    });
    expectTopics(/PARENT/i, { match: ['parent/x'], noMatch: ['parenx'] });
  });

  it('non-ASCII letters are left to the regex (É/é, ſ, KELVIN, ß/ẞ)', () => {
    for (const pattern of [/É/i, /ſ/iu, /\u212A/iu, /ß/iu]) {
      expect(analyzePattern(pattern).exact).toBe(false);
    }
    expectTopics(/É/i, { match: ['é', 'É'], noMatch: ['e'] });
    expectTopics(/ſ/iu, { match: ['s', 'S', LONG_S], noMatch: ['x'] });
    expectTopics(/ſ/i, { match: [LONG_S], noMatch: ['s', 'S'] });
    expectTopics(/\u212A/iu, { match: ['k', 'K'], noMatch: ['x'] });
    expectTopics(/ß/iu, { match: ['ß', '\u1E9E'], noMatch: ['ss', 's'] });
  });

  it('classes and escapes under i list every variant', () => {
    expectTopics(/[j-l]/iu, { match: ['j', 'J', 'l', KELVIN], noMatch: ['m', 'i'] });
    expect(analyzePattern(/[j-l]/iu).prefixes).toHaveLength(7);
    expectTopics(/\x6b/iu, { match: ['K', KELVIN], noMatch: ['x'] });
    expectTopics(/\u0053/iu, { match: ['s', LONG_S], noMatch: ['x'] });
    expectTopics(/[a-z]/iu, { match: ['Q', KELVIN, LONG_S], noMatch: ['1'] });
    expectTopics(/[Z-a]x/i, { match: ['zx', 'Ax', '_x', '[x'], noMatch: ['bx'] });
  });

  it('non-letters have one variant', () => {
    expect(analyzePattern(/a\/1-/i).prefixes).toHaveLength(2);
    expectTopics(/a\/1-/i, { match: ['a/1-', 'A/1-'], noMatch: ['a/1_'] });
  });
});
