// Patterns `head rest` run only a regex of `rest`, shared by every pattern with the same rest
// and flags, from the end of the head: they must still agree with the naive scan, whatever the
// rest looks at (look-behinds into the head, `\b`, `^` under m, back-references, named groups,
// quantifiers next to the head) and whatever the flags.
import { describe, expect, it } from 'vitest';
import { TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveScan } from './support/naive.js';

const PATTERNS: readonly TopicPattern[] = [
  't1/d1/[^/]+$',
  't1/d2/[^/]+$',
  't1(?:/.*)?$',
  't12(?:/.*)?$',
  '^t1/d1/[^/]+$',
  '^t1(?:/[^]*)?$',
  /^t1\/d2\/.+$/m,
  'ab(?<=b)c',
  'ab(?<!b)c',
  'ab\\b',
  'ab\\B',
  /ab^c/m,
  /ab$/m,
  'ab(c)\\1',
  'ab(?<x>c)\\k<x>',
  'ab+c',
  'ab{2}',
  'ab*',
  'a.c',
  /a.c/s,
  /a.c/su,
  /a\/[^/]+/d,
  new RegExp('ab(?:c|d)e', 'v'),
  'ab(?:c|d)',
  'a\\/b\\.c.*',
  /ab.*/i,
];

const TOPICS: readonly string[] = [
  't1/d1/temp',
  't1/d1/',
  't1/d2/x/y',
  't1',
  't12',
  't12/x',
  't1x',
  'abc',
  'abcc',
  'ab',
  'abb',
  'abbc',
  'abd',
  'ab\nc',
  'ab\n',
  'a\nc',
  'a😀c',
  'a/x',
  'abce',
  'abde',
  'a/b.cz',
  'ABC',
  '',
];

describe('shared tails', () => {
  it.each([0, 3, 100])('match as the naive scan says (cacheSize %i)', (cacheSize) => {
    const matcher = new TopicMatcher<number>({ cacheSize });
    const registrations: [TopicPattern, number][] = [];
    for (const topic of TOPICS) matcher.match(topic);
    PATTERNS.forEach((pattern, value) => {
      matcher.add(pattern, value);
      registrations.push([pattern, value]);
    });
    for (const topic of TOPICS)
      expect(matcher.match(topic)).toEqual(naiveScan(registrations, topic));
    // Removing one user of a shared tail leaves the other working, and the tail goes with its
    // last user.
    for (const value of [0, 2, 1, 3]) {
      matcher.remove(PATTERNS[value]!);
      registrations.splice(
        registrations.findIndex(([, v]) => v === value),
        1,
      );
      for (const topic of TOPICS) {
        expect(matcher.match(topic)).toEqual(naiveScan(registrations, topic));
      }
    }
    matcher.clear();
    matcher.add('t1/d1/[^/]+$', 99);
    expect(matcher.match('t1/d1/x')).toEqual([99]);
    expect(matcher.match('t1/d1/x/y')).toEqual([]);
  });
});
