// The fast path of pattern analysis (a literal head, then a tail analysed once per distinct tail)
// gives exactly the analysis of a full regexp-tree parse, for patterns with every trap of
// docs/how-the-index-works.md, "The traps, and how each is handled" behind heads of literal
// characters and escapes, and tails that bind the head's last character (`+`, `{2}`), alternate at
// the top level, or anchor at either end.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { splitLiteralHead } from '../src/literal-head.js';
import { analyzeNormalized, analyzeWithFullParse } from '../src/pattern-analysis.js';
import { normalizePattern } from '../src/topic-pattern.js';
import { compiles, patternCase } from './support/pattern-arbitrary.js';

const headChar = fc.constantFrom(
  'a',
  'b',
  'k',
  's',
  '/',
  '-',
  '_',
  ':',
  '1',
  '\\/',
  '\\.',
  '\\-',
  '\\$',
);
const head = fc.array(headChar, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
const tail = fc.constantFrom(
  '',
  '$',
  '.*',
  '.*$',
  '+',
  '*x',
  '?',
  '{2}',
  '{1,3}y',
  '{',
  '|b',
  '(?:x|y)$',
  '(?:x$|y$)',
  '[^/]+/t$',
  '\\d+',
  '(a)\\1',
  '\\1(a)',
  '\\k<n>(?<n>a)',
  '^a',
  '(?=a)',
  '\\b',
);

let fastPathTaken = 0;
let cases = 0;

test.prop([head, tail, patternCase, fc.boolean(), fc.boolean()], { numRuns: 4000 })(
  'the literal-head fast path equals the full parse',
  (literalHead, tailSource, generated, tailFirst, caret) => {
    const rest = tailFirst ? tailSource + generated.source : generated.source + tailSource;
    // A leading `^` (as compiled wildcard filters have) is skipped by the split.
    const source = (caret ? '^' : '') + literalHead + rest;
    const flags = generated.flags;
    if (!compiles(source, flags)) return;
    const normalized = normalizePattern(new RegExp(source, flags));
    cases += 1;
    if (splitLiteralHead(normalized.source) !== null && !flags.includes('i')) fastPathTaken += 1;
    expect(analyzeNormalized(normalized)).toEqual(analyzeWithFullParse(normalized));
  },
);

test('the fast path applies to most generated patterns (the property is not vacuous)', () => {
  expect(cases).toBeGreaterThan(1000);
  expect(fastPathTaken / cases).toBeGreaterThan(0.3);
});
