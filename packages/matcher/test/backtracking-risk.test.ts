// PatternAnalysis.backtracking: the constructs that risk super-linear backtracking are
// reported with the construct and the reason; patterns without them are not; the fast
// analysis (literal head + rest) reports exactly what the full parse does.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { amqp, analyzePattern, glob, mqtt, type TopicPattern } from '../src/index.js';
import { analyzeWithFullParse } from '../src/pattern-analysis.js';
import { normalizePattern } from '../src/topic-pattern.js';

const risky: readonly (readonly [TopicPattern, string, RegExp])[] = [
  ['(a+)+$', '(a+)+', /nested quantifiers/],
  ['^(a+)+$', '(a+)+', /nested quantifiers/],
  ['x/(a*)*', '(a*)*', /nested quantifiers/],
  ['(a{1,2})*', '(a{1,2})*', /nested quantifiers/],
  ['(.*a){10}', '(.*a){10}', /nested quantifiers/],
  ['(?:x+y?)+z', '(?:x+y?)+', /nested quantifiers/],
  ['(?=(a+)+)b', '(a+)+', /nested quantifiers/],
  ['(?:/(a+)+)*', '(a+)+', /nested quantifiers/],
  ['(?:/[^/]*.*)*', '(?:\\/[^/]*.*)*', /`\.\*` repeats/],
  ['(?:a[^/]+a)*', '(?:a[^/]+a)*', /nested quantifiers/],
  ['(a|a)*', '(a|a)*', /`a` and `a` can begin with the same character/],
  ['(a|ab)*c', '(a|ab)*', /`a` and `ab` can begin with the same character/],
  ['(\\w|\\d)+', '(\\w|\\d)+', /same character/],
  ['(?:x|.)*', '(?:x|.)*', /same character/],
  ['(a|)*', '(a|)*', /the alternative `` can match nothing/],
  [/(A|a)*/i, '(A|a)*', /same character/],
  [/([^a]|b)*/, '([^a]|b)*', /same character/],
  ['(a)\\1*', '\\1*', /back-reference `\\1` is repeated/],
  ['((a)\\2)+', '((a)\\2)+', /back-reference `\\2` is repeated/],
  ['(?<n>a)(?:\\k<n>b)*', '(?:\\k<n>b)*', /back-reference `\\k<n>` is repeated/],
];

const safe: readonly TopicPattern[] = [
  'parent/.*',
  'parent/child$',
  'a+b+',
  '(ab)+',
  '(ab?)*',
  '[^/]+/temp$',
  '(a|b)*',
  '(\\d|\\D)*',
  '(\\d{1,3}\\.){3}',
  '(a|b){3}',
  'a{2}',
  '(a)\\1',
  '.*foo',
  /(x|y)*/i,
  't1/d2(?:/.*)?$',
  '(?:/[^/]*)*$',
  '(?:,\\d+)*',
  '(?:[^/]+/)*',
  mqtt('sensors/+/temp'),
  mqtt('#'),
  mqtt('+/+/#'),
];

describe('backtracking risk', () => {
  it.each(risky)('%s risks super-linear backtracking', (pattern, construct, reason) => {
    const risk = analyzePattern(pattern).backtracking;
    expect(risk?.construct).toBe(construct);
    expect(risk?.reason).toMatch(reason);
  });

  it.each(safe.map((pattern) => [pattern]))('%s does not', (pattern) => {
    expect(analyzePattern(pattern).backtracking).toBeNull();
  });

  it('reports a pattern regexp-tree cannot parse as unchecked', () => {
    const risk = analyzePattern(new RegExp('[\\p{L}--[a-z]]', 'v')).backtracking;
    expect(risk?.construct).toBe('[\\p{L}--[a-z]]');
    expect(risk?.reason).toMatch(/cannot be checked/);
  });

  it('gives the same answer through the literal-head fast path as through the full parse', () => {
    for (const source of ['t1/d2/(a+)+$', 'a/b/(x|xy)*z', 'a/(a)\\1*', 'a/b/(ab)+', 'a/b/c$']) {
      const normalized = normalizePattern(source);
      expect(analyzePattern(source)).toEqual(analyzeWithFullParse(normalized));
    }
  });

  // The filters of the three wildcard syntaxes repeat only delimited levels: none is a risk,
  // so `unsafePatterns: 'reject'` accepts every one of them.
  const levels = (alphabet: string[]) =>
    fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 6 });
  test.prop([levels(['a', 'b', '+', '$x']), fc.boolean()])(
    'no mqtt() filter is a risk',
    (parts, multi) => {
      expect(
        analyzePattern(mqtt([...parts, ...(multi ? ['#'] : [])].join('/'))).backtracking,
      ).toBeNull();
    },
  );
  test.prop([levels(['a', 'b.c', '*', '#'])])('no amqp() binding key is a risk', (words) => {
    expect(analyzePattern(amqp(words.join('.'))).backtracking).toBeNull();
  });
  test.prop([levels(['a', '*', '**', 'a*b', '?'])])('no glob() pattern is a risk', (segments) => {
    expect(analyzePattern(glob(segments.join('/'))).backtracking).toBeNull();
  });
});
