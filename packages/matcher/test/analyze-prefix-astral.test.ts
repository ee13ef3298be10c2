// Proves docs/how-the-index-works.md, "The traps, and how each is handled",
// "Surrogates and astral characters": surrogate pairs and astral characters, with and without the u
// flag. Without u a pattern reads code units (\uD83D matches the first half of 😀, quantifiers bind
// to the low surrogate); with u it reads code points (a lone surrogate never matches half of a
// pair, quantifiers bind to the whole character).
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

const HIGH = '\uD83D';
const LOW = '\uDE00';

describe('astral characters', () => {
  it('😀 is a literal prefix with and without u', () => {
    expect(analyzePattern(/😀/u)).toMatchObject({ prefixes: ['😀'], exact: true });
    expect(analyzePattern('😀')).toMatchObject({ prefixes: ['😀'], exact: true });
    for (const pattern of [/😀/u, '😀', /\uD83D\uDE00/u, /\u{1F600}/u, /\uD83D\uDE00/]) {
      expectTopics(pattern, {
        match: ['😀', '😀x', `${HIGH}${LOW}`],
        noMatch: [HIGH, `${HIGH}x`, LOW, ''],
      });
    }
  });

  it('without u, a high surrogate matches the first half of a pair', () => {
    expect(analyzePattern(/\uD83D/)).toMatchObject({ prefixes: [HIGH], exact: true });
    expectTopics(/\uD83D/, { match: ['😀', HIGH, `${HIGH}x`], noMatch: [LOW, 'x'] });
  });

  it('with u, a lone surrogate does not match half of a pair, and is not indexed as one', () => {
    const analysis = analyzePattern(/\uD83D/u);
    expect(analysis).toMatchObject({ prefixes: [], exact: false });
    expect(analysis.reason).toContain('surrogate');
    expectTopics(/\uD83D/u, { match: [HIGH, `${HIGH}x`], noMatch: ['😀', LOW] });
    expectTopics(new RegExp(`${HIGH}a`, 'u'), { match: [`${HIGH}a`], noMatch: ['😀a', 'a'] });
    expectTopics(/\uDE00/u, { match: [LOW], noMatch: ['😀', `${HIGH}`] });
  });

  it('escaped halves that the runtime does not join stay apart under u', () => {
    expectTopics(new RegExp('\\uD83D\\u{DE00}', 'u'), { match: [], noMatch: ['😀', HIGH] });
    expectTopics(new RegExp(`${HIGH}\\uDE00`, 'u'), { match: [], noMatch: ['😀'] });
  });

  it('a quantifier binds to the whole character with u, to the low surrogate without', () => {
    expectTopics(/😀+/u, { match: ['😀', '😀😀', `😀${LOW}`], noMatch: [HIGH, `${HIGH}x`] });
    expectTopics(/^😀{2}$/u, { match: ['😀😀'], noMatch: [`😀${LOW}`] });
    expectTopics('^😀{2}$', { match: [`😀${LOW}`], noMatch: ['😀😀'] });
    expectTopics(/x😀?y/u, { match: ['xy', 'x😀y'], noMatch: [`x${HIGH}y`] });
    expectTopics('x😀?y', { match: [`x${HIGH}y`, 'x😀y'], noMatch: ['xy'] });
  });

  it('a class holds the character with u, its two halves without', () => {
    expectTopics(/[😀]/u, { match: ['😀'], noMatch: [HIGH, LOW] });
    // The misleading class is the point: without u it holds two code units.
    // eslint-disable-next-line no-misleading-character-class
    const halves = /[😀]/;
    expect(analyzePattern(halves)).toMatchObject({ exact: true });
    expectTopics(halves, { match: ['😀', HIGH, LOW], noMatch: ['x'] });
    expectTopics(/[😀-😂]/u, { match: ['😁'], noMatch: ['😃'] });
  });

  it('dot reads one code point with u, one code unit without', () => {
    expectTopics(/a.b/u, { match: ['a😀b'], noMatch: [`a${HIGH}${LOW}${LOW}b`] });
    expectTopics(/a.b/, { match: [], noMatch: ['a😀b'] });
    expectTopics(/a..b/, { match: ['a😀b'], noMatch: ['ab'] });
  });

  it('astral letters fold under iu (Deseret 𐐀 / 𐐨)', () => {
    expectTopics(/𐐀/iu, { match: ['𐐀', '𐐨'], noMatch: ['x'] });
    expectTopics(/𐐀/u, { match: ['𐐀'], noMatch: ['𐐨'] });
  });
});
