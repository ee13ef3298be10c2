// The backtracking check costs at most its budgets, whatever the pattern (issue 14, item 6):
// huge alternations, long runs of optional atoms and megabyte patterns are reported as a risk
// ("too large for the backtracking check") or decided, never a RangeError, and the check
// recurses only as deep as groups nest (which the parser bounds), not along alternations or
// sequences. No timing is asserted: the budgets bound the work.
import { describe, expect, it } from 'vitest';
import { findBacktrackingRisk } from '../src/backtracking-risk.js';
import { parseRegExp } from '../src/regexp-parser.js';
import { TopicMatcher, UnsafePatternError } from '../src/index.js';

const risk = (source: string) => findBacktrackingRisk(parseRegExp(source, ''), false);

describe('the backtracking check on huge patterns', () => {
  it('decides a 100 000-branch alternation of nothing', () => {
    expect(risk('|'.repeat(100_000))?.reason).toMatch(
      /alternatives `` and `` can match the same text/,
    );
  });

  it('reports alternations and sequences beyond its budgets as too large to check', () => {
    const branches = Array.from({ length: 10_000 }, (_, i) => `x${i}`).join('|');
    expect(risk(`(?:${branches})y`)?.reason).toMatch(/too large for the backtracking check/);
    expect(risk(`${'a?'.repeat(5_000)}b`)?.reason).toMatch(/too large|can match the same text/);
    expect(risk('ab/'.repeat(350_000))?.reason).toMatch(/too large for the backtracking check/);
    const distinct = Array.from({ length: 2_000 }, (_, i) => String.fromCharCode(0x100 + i));
    expect(risk(`(?:${distinct.join('|')})*x`)?.reason).toMatch(
      /too large for the backtracking check/,
    );
  });

  it('accepts a large alternation of distinct topics within its budgets', () => {
    const topics = Array.from({ length: 300 }, (_, i) => `sensors\\/d${i}`).join('|');
    expect(risk(`(?:${topics})\\/temp$`)).toBeNull();
  });

  it('checks groups nested as deep as the parser reads', () => {
    expect(risk(`${'(?:'.repeat(60)}a+${')'.repeat(60)}+$`)?.reason).toMatch(/nested quantifiers/);
    expect(risk(`${'('.repeat(60)}a${')'.repeat(60)}b`)).toBeNull();
  });

  it("makes 'reject' refuse what it cannot check, with an UnsafePatternError", () => {
    const matcher = new TopicMatcher<number>({
      unsafePatterns: 'reject',
      maxPatternLength: Infinity,
    });
    const branches = Array.from({ length: 10_000 }, (_, i) => `x${i}`).join('|');
    expect(() => matcher.add(`(?:${branches})y`, 1)).toThrow(UnsafePatternError);
    expect(matcher.size).toBe(0);
  });
});
