// Whole-topic patterns (a literal set anchored at both ends) are matched by comparing strings,
// without their regex: the matcher must still agree with the naive scan, on topics equal to,
// longer and shorter than their literals, under i, u and m, and with memo patches.
import { describe, expect, it } from 'vitest';
import { TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveScan } from './support/naive.js';

const PATTERNS: readonly TopicPattern[] = [
  't1/d1/temp$',
  '(?:a|b)/temp$',
  'a$|b$',
  '^x$',
  '$',
  'colou?r$',
  'a\\d$',
  /ab$/i,
  /k$/iu,
  /ab$/m,
  't1/d1/temp',
  't1/.*',
];

const TOPICS: readonly string[] = [
  't1/d1/temp',
  't1/d1/temp/raw',
  't1/d1/tem',
  'a/temp',
  'b/temp',
  'c/temp',
  'a',
  'b',
  'ab',
  'AB',
  'aB',
  'ab\nc',
  'abc',
  'x',
  'xy',
  '',
  'color',
  'colour',
  'colours',
  'a5',
  'a55',
  'k',
  'K',
  '\u212A',
];

describe('whole-topic patterns', () => {
  it.each([0, 2, 100])('match as the naive scan says (cacheSize %i)', (cacheSize) => {
    const matcher = new TopicMatcher<number>({ cacheSize });
    const registrations: [TopicPattern, number][] = [];
    for (const topic of TOPICS) matcher.match(topic); // something for the patches to patch
    PATTERNS.forEach((pattern, value) => {
      matcher.add(pattern, value);
      registrations.push([pattern, value]);
      for (const topic of TOPICS)
        expect(matcher.match(topic)).toEqual(naiveScan(registrations, topic));
    });
    for (let value = 0; value < PATTERNS.length; value += 2) {
      matcher.remove(PATTERNS[value]!, value);
      registrations.splice(
        registrations.findIndex(([, v]) => v === value),
        1,
      );
      for (const topic of TOPICS)
        expect(matcher.match(topic)).toEqual(naiveScan(registrations, topic));
    }
  });
});
