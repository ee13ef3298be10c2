// Proves the table of docs/pattern-semantics.md, "Anchored at index 0, not at the end": a
// pattern matches a topic when it matches starting at index 0 (Python's re.match); it need not
// consume the whole topic; every alternative of a top-level alternation is anchored; the empty
// pattern matches every topic.
import { describe, expect, it } from 'vitest';
import { TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveTest } from './support/naive.js';

const table: readonly (readonly [TopicPattern, string, boolean])[] = [
  ['parent/.*', 'parent/child', true],
  ['parent/child.*', 'parent/child', true],
  ['parent/child.*', 'parent/chipmunk', false],
  ['a', 'a/b', true],
  ['a', 'ab', true],
  ['a', 'ba', false],
  ['a$', 'ab', false],
  ['a$', 'a', true],
  ['a|b', 'b/x', true],
  ['a|b', 'xb', false],
  ['x|a|b', 'ca', false],
  [/PARENT/i, 'parent/x', true],
  [/PARENT/i, 'xparent', false],
  ['PARENT', 'parent/x', false],
  ['', 'anything/at/all', true],
  ['', '', true],
  ['child', 'parent/child', false],
  ['.*child', 'parent/child', true],
  ['parent/child$', 'parent/child/x', false],
];

describe('a pattern matches a topic from index 0 (pattern semantics, "Anchored at index 0")', () => {
  it.each(table)('%s on %j -> %s', (pattern, topic, expected) => {
    // The test's own expectation is the runtime's anchored answer.
    expect(naiveTest(pattern, topic)).toBe(expected);
    const matcher = new TopicMatcher<string>({ cacheSize: 0 });
    matcher.add(pattern, 'v');
    expect(matcher.match(topic)).toEqual(expected ? ['v'] : []);
    expect(matcher.test(topic)).toBe(expected);
  });

  it('answers the whole table correctly from one matcher holding every pattern', () => {
    const matcher = new TopicMatcher<number>();
    table.forEach(([pattern], index) => matcher.add(pattern, index));
    for (const [, topic] of table) {
      const expected = table.flatMap(([pattern], index) =>
        naiveTest(pattern, topic) ? [index] : [],
      );
      // Twice: computed, then from the memo.
      expect(matcher.match(topic), `topic ${JSON.stringify(topic)}`).toEqual(expected);
      expect(matcher.match(topic), `topic ${JSON.stringify(topic)} (memo)`).toEqual(expected);
    }
  });

  it('does not search past index 0 even under the m flag', () => {
    const matcher = new TopicMatcher<string>({ cacheSize: 0 });
    matcher.add(/^foo/m, 'v');
    expect(matcher.match('x\nfoo')).toEqual([]);
    expect(matcher.match('foo\nx')).toEqual(['v']);
  });
});
