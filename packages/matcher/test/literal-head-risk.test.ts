// A risky pattern after a literal head is reported as the full parse reports it: the fast path
// once analysed the rest alone, and `a(|aa)+` named `(|aa)+` with another reason (a
// counterexample of fast-analysis.prop.test.ts, shrunk).
import { expect, it } from 'vitest';
import { analyzeNormalized, analyzeWithFullParse } from '../src/pattern-analysis.js';
import { normalizePattern } from '../src/topic-pattern.js';

it.each(['a(|aa)+', 'x(|aa)+$', 'sensors\\/(a+)+$', 'ab(a|a)*c'])(
  '%s: the fast path reports the risk the full parse reports',
  (source) => {
    const pattern = normalizePattern(source);
    const fast = analyzeNormalized(pattern);
    expect(fast.backtracking).not.toBeNull();
    expect(fast).toEqual(analyzeWithFullParse(pattern));
  },
);
