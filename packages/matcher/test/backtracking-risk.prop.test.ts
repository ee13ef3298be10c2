// PatternAnalysis.backtracking: the constructs that risk super-linear backtracking are
// reported with the construct and the reason; patterns without them are not; the fast
// analysis (literal head + rest) reports exactly what the full parse does.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { amqp, analyzePattern, glob, mqtt, type TopicPattern } from '../src/index.js';
import { analyzeWithFullParse } from '../src/pattern-analysis.js';
import { normalizePattern } from '../src/topic-pattern.js';

const risky: readonly (readonly [TopicPattern, string, RegExp])[] = [
  ['(a+)+$', '(a+)+', /`a\+` repeats .*: nested quantifiers/],
  ['^(a+)+$', '(a+)+', /nested quantifiers/],
  ['x/(a*)*$', '(a*)*', /nested quantifiers/],
  ['(a{1,2})*$', '(a{1,2})*', /nested quantifiers/],
  ['(.*a){10}', '(.*a){10}', /`\.\*` repeats .*: nested quantifiers/],
  ['(?:x+y?)+z', '(?:x+y?)+', /nested quantifiers/],
  ['(?=(a+)+$)b', '(a+)+', /nested quantifiers/],
  ['(?:/(a+)+)*', '(a+)+', /nested quantifiers/],
  ['(?:/[^/]*.*)*$', '[^/]*.*', /`\[\^\/\]\*` and `\.\*` can read the same characters/],
  ['(?:a[^/]+a)*', '(?:a[^/]+a)*', /`\[\^\/\]\+` repeats .*: nested quantifiers/],
  [
    '(a|a)*$',
    '(a|a)*',
    /the alternatives `a` and `a` can match the same text, and `\(a\|a\)\*` repeats the choice/,
  ],
  ['(a|aa)*c', '(a|aa)*', /the alternatives `a` and `aa` can match the same text/],
  ['(\\w|\\d)+$', '(\\w|\\d)+', /the alternatives `\\w` and `\\d`/],
  ['(?:x|.)*$', '(?:x|.)*', /the alternatives `x` and `\.`/],
  ['(?:a|)(?:a|)b$', '(?:a|)(?:a|)b', /can match the same text in more than one way/],
  [/(A|a)*$/i, '(A|a)*', /the alternatives `A` and `a`/],
  [/([^a]|b)*$/, '([^a]|b)*', /the alternatives `\[\^a\]` and `b`/],
  ['.*a.*a.*a', '.*a.*', /adjacent quantifiers/],
  ['\\d+-?\\d+x', '\\d+-?\\d+', /`\\d\+` and `\\d\+` can read the same characters/],
  ['(?:a?|b?)c', '(?:a?|b?)', /the alternatives `a\?` and `b\?` can match the same text/],
  ['(?:a*|b*)*', '(?:a*|b*)*', /can match nothing in more than one way/],
  ['(?:a?){200,}x', '(?:a?){200,}', /can match nothing, so the 200 mandatory repetitions/],
  ['(a)\\1*', '\\1*', /back-reference `\\1` is repeated/],
  ['((a)\\2)+', '((a)\\2)+', /back-reference `\\2` is repeated/],
  ['(?<n>a)(?:\\k<n>b)*', '(?:\\k<n>b)*', /back-reference `\\k<n>` is repeated/],
  ['(.*)\\1x', '(.*)\\1', /`\(\.\*\)` and `\\1` can read the same characters/],
  ['[a-z]+(?=.*x)', '(?=.*x)', /the look-ahead `\(\?=\.\*x\)` can run at many positions/],
  ['(?:(?<=a.*)b)+', '(?<=a.*)', /the look-behind .* can run at many positions/],
];

// Accepted: one start (index 0) and no two ways of reading the same text to the same point.
// A loop that nothing follows succeeds at once (`(a|a)*`), and so does one before `$` when what
// follows reads every character (`(?:[^.]*\.)*a(?:\.[^.]*)*$`, AMQP's `#.a.#`).
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
  '(\\d+)-\\1$',
  '.*foo',
  /(x|y)*/i,
  't1/d2(?:/.*)?$',
  '(?:/[^/]*)*$',
  '(?:,\\d+)*',
  '(?:[^/]+/)*',
  '(?:\\d+(?:px|em))*$',
  '(a|ab)*c',
  '(a|)*b',
  '(a|a)*',
  '(?:a|a)x',
  '.*\\d{4}-\\d{2}$',
  '(?<=a.*)b',
  '^(?!\\$SYS).*',
  '(?:(?=x)[a-z])+$',
  mqtt('sensors/+/temp'),
  mqtt('#'),
  mqtt('+/+/#'),
  amqp('#.a.#'),
];

/**
 * Whether a multi-level wildcard (`#`, `**`) comes twice with a level between, and a level after
 * the second: `#.a.#.b` tries every `a` as the one that splits the topic, and then fails at the
 * end for each (quadratic in V8). `#.a.#.b.#` is refused too, though V8 is linear on it (once
 * there are two ways, the match succeeds): the check does not see that.
 */
function wordAfterTwoWildcards(levels: readonly string[], wildcard: string): boolean {
  const first = levels.indexOf(wildcard);
  if (first < 0) return false;
  return levels.some(
    (level, second) =>
      level === wildcard &&
      levels.slice(first + 1, second).some((between) => between !== wildcard) &&
      levels.slice(second + 1).some((after) => after !== wildcard),
  );
}

describe('backtracking risk', () => {
  it.each(risky)('%s risks super-linear backtracking', (pattern, construct, reason) => {
    const risk = analyzePattern(pattern).backtracking;
    expect(risk?.construct).toBe(construct);
    expect(risk?.reason).toMatch(reason);
  });

  it.each(safe.map((pattern) => [pattern]))('%s does not', (pattern) => {
    expect(analyzePattern(pattern).backtracking).toBeNull();
  });

  it("reports a pattern the index's parser cannot read as unchecked", () => {
    const risk = analyzePattern(new RegExp('[\\p{L}--[a-z]]', 'v')).backtracking;
    expect(risk?.construct).toBe('[\\p{L}--[a-z]]');
    expect(risk?.reason).toMatch(/cannot be checked/);
  });

  it('gives the same answer through the literal-head fast path as through the full parse', () => {
    for (const source of [
      't1/d2/(a+)+$',
      'a/b/(x|xx)*z',
      'a/(a)\\1*',
      'a/b/(ab)+',
      'a/b/c$',
      'a/b/[^/]*[^/]*$',
      'a/(?=.*x)[a-z]+',
    ]) {
      const normalized = normalizePattern(source);
      expect(analyzePattern(source)).toEqual(analyzeWithFullParse(normalized));
    }
  });

  // The filters of the three wildcard syntaxes repeat only delimited levels: none is a risk,
  // so `unsafePatterns: 'reject'` accepts them, but for the shapes below that V8 runs in
  // quadratic time (a glob level with two `*` around a literal, an AMQP key with a word after
  // two `#`).
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
  test.prop([levels(['a', 'b.c', '*', '#'])])(
    'no amqp() binding key is a risk, unless a word follows two `#`',
    (words) => {
      if (!wordAfterTwoWildcards(words, '#')) {
        expect(analyzePattern(amqp(words.join('.'))).backtracking).toBeNull();
      }
    },
  );
  test.prop([levels(['a', '*', '**', 'a*b', '?', '*.log', 'x?*'])])(
    'no glob() pattern with at most one `*` per level is a risk, unless a level follows two `**`',
    (segments) => {
      if (!wordAfterTwoWildcards(segments, '**')) {
        expect(analyzePattern(glob(segments.join('/'))).backtracking).toBeNull();
      }
    },
  );

  it.each(['*a*', 'logs/*-error-*', 'a/*.*/b'])(
    'a glob level with two `*` around a literal is quadratic in V8, so a risk: %s',
    (pattern) => {
      expect(analyzePattern(glob(pattern)).backtracking?.reason).toMatch(/adjacent quantifiers/);
    },
  );

  it.each(['#.a.#.b', 'x.#.*.#.y', '**/a/**/b'])(
    'a word after two multi-level wildcards is quadratic in V8, so a risk: %s',
    (key) => {
      const compiled = key.includes('**') ? glob(key) : amqp(key);
      expect(analyzePattern(compiled).backtracking?.reason).toMatch(/can read the same characters/);
    },
  );
});
