// The sources of a bundle are read off its source map: each mapped segment's characters,
// up to the next segment or the end of the line, count for its source; unmapped ones for none.
import { describe, expect, it } from 'vitest';
import { charactersBySource } from '../src/bundle-size.js';

describe('charactersBySource', () => {
  it('attributes each segment up to the next one or the end of its line', () => {
    // Line 0: `abc` from source 0, `def` from source 1; line 1: `gh` from source 0.
    expect(charactersBySource('abcdef\ngh', 'AAAA,GCAA;ADAA')).toEqual([5, 3]);
  });

  it('counts no source for an unmapped segment, and reads multi-digit numbers', () => {
    // `abc` from source 0, unmapped from column 3, then 'gB' (16, two digits) moves to column
    // 19, whose one character is source 0's again.
    expect(charactersBySource('abcdefghijklmnopqrst', 'AAAA,G,gBAAA')).toEqual([3 + 1]);
  });
});
