// Proves TopicIndex, the reverse of TopicMatcher (topics with values, searched by pattern), on the
// rules of docs/pattern-semantics.md it reuses: "Anchored at index 0, not at the end" and "Flags"
// (match(pattern) returns the topics the pattern matches from index 0, like a sticky test at
// lastIndex 0); "What the index can index" (only the topics under the pattern's literal prefixes
// are visited, a whole-topic literal is looked up, a pattern with no prefix visits every topic);
// "Errors" (the errors TopicMatcher throws for the same input). And its own rules: set replaces a
// value and makes the topic the most recently set, which orders oldest(), entries() and match().
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PATTERN_LENGTH,
  DEFAULT_MAX_TOPIC_LENGTH,
  LimitExceededError,
  mqtt,
  PatternSyntaxError,
  TopicIndex,
  UnsafePatternError,
  type TopicPattern,
} from '../src/index.js';
import { naiveTest } from './support/naive.js';
import { thrownBy } from './support/thrown-by.js';

/** Topics visited by one `match` call, with its result. */
function visitedBy<V>(
  index: TopicIndex<V>,
  pattern: TopicPattern,
): { result: [string, V][]; visited: number } {
  const before = index.stats().visited;
  const result = index.match(pattern);
  return { result, visited: index.stats().visited - before };
}

/** The naive answer: every entry whose topic the pattern matches at index 0, in entry order. */
function naiveMatch<V>(index: TopicIndex<V>, pattern: TopicPattern): [string, V][] {
  return index.entries().filter(([topic]) => naiveTest(pattern, topic));
}

/** An index holding `count` topics under `other/`, none of them under the prefixes tried. */
function withOthers(count = 1000): TopicIndex<number> {
  const index = new TopicIndex<number>();
  for (let i = 0; i < count; i += 1) index.set(`other/${i}/x`, -i);
  return index;
}

describe('set, get, has, delete, size', () => {
  it('set returns the index, for chaining', () => {
    const index = new TopicIndex<number>();
    expect(index.set('a', 1)).toBe(index);
  });

  it('get returns the value set, has says whether the topic is held, size counts topics', () => {
    const index = new TopicIndex<number | undefined>();
    expect(index.size).toBe(0);
    index.set('a/b', 1).set('a', 2).set('', 3).set('u', undefined);
    expect(index.size).toBe(4);
    expect(index.get('a/b')).toBe(1);
    expect(index.get('a')).toBe(2);
    expect(index.get('')).toBe(3);
    expect(index.get('a/')).toBeUndefined();
    // A topic held with the value undefined is held: has, not get, tells it apart.
    expect(index.get('u')).toBeUndefined();
    expect(index.has('u')).toBe(true);
    expect(index.has('a/')).toBe(false);
    expect(index.stats().topics).toBe(4);
  });

  it('topics are compared exactly: no case folding, no normalisation', () => {
    const index = new TopicIndex<number>();
    index.set('a', 1).set('A', 2).set('\u212A', 3).set('K', 4);
    expect(index.size).toBe(4);
    expect(index.get('A')).toBe(2);
    expect(index.get('\u212A')).toBe(3);
  });

  it('delete removes a held topic and returns true; an unknown topic returns false', () => {
    const index = new TopicIndex<number>();
    index.set('a/b', 1).set('a/c', 2);
    expect(index.delete('a/b')).toBe(true);
    expect(index.has('a/b')).toBe(false);
    expect(index.get('a/b')).toBeUndefined();
    expect(index.size).toBe(1);
    expect(index.delete('a/b')).toBe(false);
    expect(index.delete('a')).toBe(false);
    expect(index.match('a/.*')).toEqual([['a/c', 2]]);
    expect(index.entries()).toEqual([['a/c', 2]]);
  });

  it('a deleted topic set again is held again, as the most recent', () => {
    const index = new TopicIndex<number>();
    index.set('a', 1).set('b', 2).set('c', 3);
    index.delete('a');
    index.set('a', 4);
    expect(index.entries()).toEqual([
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ]);
    expect(index.match('')).toEqual(index.entries());
  });
});

describe('set of an existing topic replaces its value and makes it the most recent', () => {
  it('replaces the value without adding a topic', () => {
    const index = new TopicIndex<string>();
    index.set('a/b', 'old').set('a/b', 'new');
    expect(index.size).toBe(1);
    expect(index.get('a/b')).toBe('new');
    expect(index.match('a/b')).toEqual([['a/b', 'new']]);
  });

  it('oldest() and entries() go from the least recently set to the most', () => {
    const index = new TopicIndex<number>();
    expect(index.oldest()).toBeUndefined();
    index.set('a', 1).set('b', 2).set('c', 3);
    expect(index.oldest()).toEqual(['a', 1]);
    index.set('a', 4);
    expect(index.oldest()).toEqual(['b', 2]);
    expect(index.entries()).toEqual([
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ]);
    // Setting the same value again still moves the topic.
    index.set('b', 2);
    expect(index.oldest()).toEqual(['c', 3]);
  });

  it('match orders its results the same way, whatever path found them', () => {
    const index = new TopicIndex<number>();
    index.set('x/1', 1).set('y/2', 2).set('x/3', 3).set('y/4', 4);
    index.set('x/1', 5);
    // No prefix: every topic visited.
    expect(index.match('.*')).toEqual([
      ['y/2', 2],
      ['x/3', 3],
      ['y/4', 4],
      ['x/1', 5],
    ]);
    // Two prefixes, two subtrees: merged back into set order.
    expect(index.match('(x|y)/')).toEqual([
      ['y/2', 2],
      ['x/3', 3],
      ['y/4', 4],
      ['x/1', 5],
    ]);
    // One prefix, needing a regex.
    expect(index.match('x/\\d')).toEqual([
      ['x/3', 3],
      ['x/1', 5],
    ]);
    // Whole topics, looked up in the order the pattern lists them.
    expect(index.match('(?:x\\/1|x\\/3)$')).toEqual([
      ['x/3', 3],
      ['x/1', 5],
    ]);
  });

  it('match returns a new array each time, which the caller may change', () => {
    const index = new TopicIndex<number>();
    index.set('a', 1);
    const first = index.match('a');
    first.push(['b', 2]);
    first[0]![1] = 9;
    expect(index.match('a')).toEqual([['a', 1]]);
    expect(index.get('a')).toBe(1);
  });
});

describe('clear', () => {
  it('removes every topic; the index works as new afterwards', () => {
    const index = new TopicIndex<number>();
    index.set('a/b', 1).set('a/c', 2).set('b', 3);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.stats().topics).toBe(0);
    expect(index.oldest()).toBeUndefined();
    expect(index.entries()).toEqual([]);
    expect(index.get('a/b')).toBeUndefined();
    expect(index.has('b')).toBe(false);
    expect(index.delete('a/c')).toBe(false);
    expect(index.match('a/.*')).toEqual([]);
    expect(index.match('.*')).toEqual([]);
    index.set('a/c', 4).set('a/b', 5);
    expect(index.match('a/.*')).toEqual([
      ['a/c', 4],
      ['a/b', 5],
    ]);
    expect(index.oldest()).toEqual(['a/c', 4]);
  });
});

describe('match of a literal-prefix pattern visits only the topics under the prefix', () => {
  it('with 1000 other topics present, visits exactly the topics under `sensors/`', () => {
    const index = withOthers();
    const under = ['sensors/hall/temp', 'sensors/attic/temp', 'sensors/', 'sensors/hall/hum'];
    for (const [i, topic] of under.entries()) index.set(topic, i);
    // Near misses: not under `sensors/`, so never visited.
    index.set('sensors', 100).set('sensorsX/temp', 101).set('sensor/hall/temp', 102);
    const { result, visited } = visitedBy(index, 'sensors/.*');
    expect(visited).toBe(under.length);
    expect(result).toEqual(under.map((topic, i) => [topic, i]));
    expect(result).toEqual(naiveMatch(index, 'sensors/.*'));
  });

  it('a prefix that is not exact visits the same topics and tests them with the regex', () => {
    const index = withOthers();
    index.set('sensors/hall/temp', 1).set('sensors/hall/hum', 2).set('sensors/attic/temp', 3);
    const pattern = String.raw`sensors/[^/]+/temp$`;
    const { result, visited } = visitedBy(index, pattern);
    expect(visited).toBe(3);
    expect(result).toEqual([
      ['sensors/hall/temp', 1],
      ['sensors/attic/temp', 3],
    ]);
    expect(result).toEqual(naiveMatch(index, pattern));
  });

  it('an MQTT filter visits the topics under its literal levels', () => {
    const index = withOthers();
    index.set('sensors/hall/temp', 1).set('sensors/hall/hum', 2).set('sensorsX', 3);
    const pattern = mqtt('sensors/+/temp');
    const { result, visited } = visitedBy(index, pattern);
    expect(visited).toBe(2);
    expect(result).toEqual([['sensors/hall/temp', 1]]);
    expect(result).toEqual(naiveMatch(index, pattern));
  });

  it('a prefix that no topic has visits nothing', () => {
    const index = withOthers();
    const { result, visited } = visitedBy(index, 'missing/.*');
    expect(visited).toBe(0);
    expect(result).toEqual([]);
  });

  it('stats().visited accumulates across match calls', () => {
    const index = new TopicIndex<number>();
    index.set('a/1', 1).set('a/2', 2).set('b/1', 3);
    expect(index.stats()).toEqual({ topics: 3, visited: 0 });
    index.match('a/.*');
    index.match('b/.*');
    expect(index.stats()).toEqual({ topics: 3, visited: 3 });
  });
});

describe('a pattern without a literal prefix visits every topic', () => {
  it('`.*/temp` visits all 1000 + 2 topics, and finds the matching ones', () => {
    const index = withOthers();
    index.set('sensors/hall/temp', 1).set('attic/temp', 2);
    const { result, visited } = visitedBy(index, '.*/temp');
    expect(visited).toBe(index.size);
    expect(result).toEqual([
      ['sensors/hall/temp', 1],
      ['attic/temp', 2],
    ]);
    expect(result).toEqual(naiveMatch(index, '.*/temp'));
  });

  it('the empty pattern matches every topic', () => {
    const index = new TopicIndex<number>();
    index.set('a', 1).set('', 2).set('b/c', 3);
    const { result, visited } = visitedBy(index, '');
    expect(visited).toBe(3);
    expect(result).toEqual(index.entries());
  });
});

describe('a whole-topic literal is looked up', () => {
  it('`a/b$` visits the one topic it matches, with 1000 others present', () => {
    const index = withOthers();
    index.set('a/b', 1).set('a/bc', 2).set('a/b/c', 3).set('a', 4);
    const { result, visited } = visitedBy(index, 'a/b$');
    expect(visited).toBe(1);
    expect(result).toEqual([['a/b', 1]]);
    expect(result).toEqual(naiveMatch(index, 'a/b$'));
  });

  it('`a/b$` visits nothing when the topic is not held, even with longer topics under it', () => {
    const index = withOthers();
    index.set('a/bc', 2).set('a/b/c', 3);
    const { result, visited } = visitedBy(index, 'a/b$');
    expect(visited).toBe(0);
    expect(result).toEqual([]);
  });

  it('an alternation of whole topics looks up each', () => {
    const index = withOthers();
    index.set('b/x', 1).set('a/x', 2).set('c/x', 3).set('a/xy', 4);
    const { result, visited } = visitedBy(index, '[abd]/x$');
    expect(visited).toBe(2);
    expect(result).toEqual([
      ['b/x', 1],
      ['a/x', 2],
    ]);
  });

  it('under the m flag `$` is not the end of the topic: no lookup, and a line break matches', () => {
    const index = new TopicIndex<number>();
    index.set('a/b', 1).set('a/b\nc', 2).set('a/bc', 3);
    const pattern = /a\/b$/m;
    const { result, visited } = visitedBy(index, pattern);
    expect(visited).toBe(3);
    expect(result).toEqual([
      ['a/b', 1],
      ['a/b\nc', 2],
    ]);
    expect(result).toEqual(naiveMatch(index, pattern));
  });
});

describe('alternation prefixes', () => {
  it('`(a|b)/x` visits the topics under `a/x` and `b/x` only', () => {
    const index = withOthers();
    const under = ['a/x', 'b/x/1', 'a/xy', 'b/x'];
    for (const [i, topic] of under.entries()) index.set(topic, i);
    index.set('c/x', 10).set('a/y', 11).set('a/', 12).set('ab/x', 13);
    const { result, visited } = visitedBy(index, '(a|b)/x');
    expect(visited).toBe(under.length);
    expect(result).toEqual(under.map((topic, i) => [topic, i]));
    expect(result).toEqual(naiveMatch(index, '(a|b)/x'));
  });

  it('alternatives where one is a prefix of another visit each topic once', () => {
    const index = withOthers();
    index.set('a', 1).set('ab', 2).set('abc', 3).set('b', 4);
    const { result, visited } = visitedBy(index, 'ab|a');
    expect(visited).toBe(3);
    expect(result).toEqual([
      ['a', 1],
      ['ab', 2],
      ['abc', 3],
    ]);
  });
});

describe('flags: a RegExp with flags is honoured, g and y are ignored', () => {
  it('`/A\\/.*/i` visits the topics under each case of its prefix (`A/`, `a/`)', () => {
    const index = withOthers();
    const under = ['a/x', 'A/y', 'a/', 'A/B/c'];
    for (const [i, topic] of under.entries()) index.set(topic, i);
    index.set('b/x', 10).set('a', 11).set('A', 12).set('ä/x', 13);
    const pattern = /A\/.*/i;
    const { result, visited } = visitedBy(index, pattern);
    expect(visited).toBe(under.length);
    expect(result).toEqual(under.map((topic, i) => [topic, i]));
    expect(result).toEqual(naiveMatch(index, pattern));
  });

  it('a case-insensitive whole topic looks up every case variant', () => {
    const index = withOthers();
    index.set('a/b', 1).set('A/B', 2).set('a/B', 3).set('A/bc', 4);
    const pattern = /a\/b$/i;
    const { result, visited } = visitedBy(index, pattern);
    expect(visited).toBe(3);
    expect(result).toEqual(naiveMatch(index, pattern));
    expect(result.map(([topic]) => topic)).toEqual(['a/b', 'A/B', 'a/B']);
  });

  it('under iu, the Kelvin sign folds to k: the prefix `k/` includes it', () => {
    const index = withOthers();
    index.set('k/1', 1).set('K/2', 2).set('\u212A/3', 3).set('x/4', 4);
    for (const pattern of [/k\/\d/iu, /k\/\d/i]) {
      expect(index.match(pattern), `/${pattern.source}/${pattern.flags}`).toEqual(
        naiveMatch(index, pattern),
      );
    }
    expect(index.match(/k\/\d/iu).map(([topic]) => topic)).toEqual(['k/1', 'K/2', '\u212A/3']);
    // Without u, the i flag does not fold the Kelvin sign.
    expect(index.match(/k\/\d/i).map(([topic]) => topic)).toEqual(['k/1', 'K/2']);
  });

  it('g and y change nothing, and repeated calls agree', () => {
    const index = new TopicIndex<number>();
    index.set('a/1', 1).set('ba', 2).set('a', 3);
    for (const pattern of [/a/g, /a/y, /a/gy]) {
      expect(index.match(pattern)).toEqual([
        ['a/1', 1],
        ['a', 3],
      ]);
      expect(index.match(pattern)).toEqual(index.match('a'));
    }
  });
});

describe('anchored at index 0, not at the end', () => {
  it('`a/b` matches `a/b`, `a/bc` and `a/b/c`, not `x/a/b`', () => {
    const index = new TopicIndex<number>();
    index.set('a/b', 1).set('a/bc', 2).set('a/b/c', 3).set('x/a/b', 4).set('a/', 5);
    expect(index.match('a/b')).toEqual([
      ['a/b', 1],
      ['a/bc', 2],
      ['a/b/c', 3],
    ]);
    expect(index.match('a/b')).toEqual(naiveMatch(index, 'a/b'));
  });

  it('every alternative is anchored at index 0: `a|b` does not match `xb`', () => {
    const index = new TopicIndex<number>();
    index.set('xb', 1).set('b/x', 2).set('ax', 3);
    expect(index.match('a|b')).toEqual([
      ['b/x', 2],
      ['ax', 3],
    ]);
  });

  it('a match after index 0 does not count, even when the regex could find one later', () => {
    const index = new TopicIndex<number>();
    index.set('xa/b', 1).set('x/a/b', 2).set('a/b', 3);
    const pattern = String.raw`.?a/b`;
    expect(index.match(pattern)).toEqual([
      ['xa/b', 1],
      ['a/b', 3],
    ]);
    expect(index.match(pattern)).toEqual(naiveMatch(index, pattern));
  });

  it('`^` under the m flag does not hold after a line break: `/^foo/m` misses `x\\nfoo`', () => {
    const index = new TopicIndex<number>();
    index.set('x\nfoo', 1).set('foo/x', 2);
    expect(index.match(/^foo/m)).toEqual([['foo/x', 2]]);
  });
});

describe('errors', () => {
  it('an invalid pattern throws PatternSyntaxError, and visits nothing', () => {
    const index = new TopicIndex<number>();
    index.set('a/(', 1);
    const error = thrownBy(() => index.match('a/(')) as PatternSyntaxError;
    expect(error).toBeInstanceOf(PatternSyntaxError);
    expect(error).toBeInstanceOf(SyntaxError);
    expect(error.pattern).toBe('a/(');
    expect(error.code).toBe('ERR_SIGX_PATTERN_SYNTAX');
    expect(index.stats().visited).toBe(0);
  });

  it('a pattern that is neither a string nor a RegExp throws TypeError', () => {
    const index = new TopicIndex<number>();
    index.set('a', 1);
    for (const pattern of [42, null, undefined, {}, ['a']]) {
      expect(() => index.match(pattern as unknown as string)).toThrow(TypeError);
    }
  });

  it('a pattern longer than maxPatternLength throws LimitExceededError, string or RegExp', () => {
    const index = new TopicIndex<number>({ maxPatternLength: 4 });
    index.set('abcd', 1);
    expect(index.match('abcd')).toEqual([['abcd', 1]]);
    const error = thrownBy(() => index.match('abcde')) as LimitExceededError;
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toBeInstanceOf(RangeError);
    expect(error.limit).toBe('maxPatternLength');
    expect(error.length).toBe(5);
    expect(error.max).toBe(4);
    // Counted on the RegExp's source: `a\/b` is 4 code units, `a\/bc` 5.
    expect(() => index.match(/a\/b/)).not.toThrow();
    expect(() => index.match(/a\/bc/)).toThrow(LimitExceededError);
    // Checked before compiling: a long invalid pattern is refused for its length.
    expect(() => index.match('(((((')).toThrow(LimitExceededError);
    expect(index.stats().visited).toBe(1);
  });

  it('maxPatternLength defaults to DEFAULT_MAX_PATTERN_LENGTH', () => {
    const index = new TopicIndex<number>();
    expect(() => index.match('a'.repeat(DEFAULT_MAX_PATTERN_LENGTH))).not.toThrow();
    expect(() => index.match('a'.repeat(DEFAULT_MAX_PATTERN_LENGTH + 1))).toThrow(
      LimitExceededError,
    );
  });

  it("an unsafe pattern is allowed by default; with unsafePatterns: 'reject' it throws UnsafePatternError", () => {
    const allowing = new TopicIndex<number>();
    allowing.set('aaa', 1).set('aab', 2);
    expect(allowing.match('(a+)+$')).toEqual([['aaa', 1]]);

    const rejecting = new TopicIndex<number>({ unsafePatterns: 'reject' });
    rejecting.set('aaa', 1);
    const error = thrownBy(() => rejecting.match('(a+)+$')) as UnsafePatternError;
    expect(error).toBeInstanceOf(UnsafePatternError);
    expect(error.code).toBe('ERR_SIGX_UNSAFE_PATTERN');
    expect(error.pattern).toBe('(a+)+$');
    expect(error.construct).toBe('(a+)+');
    expect(rejecting.stats().visited).toBe(0);
    // Safe patterns, level-shaped ones included, are still matched.
    expect(rejecting.match('a+$')).toEqual([['aaa', 1]]);
    expect(rejecting.match(mqtt('aaa'))).toEqual([['aaa', 1]]);
  });

  it('set with a non-string topic throws TypeError and leaves the index unchanged', () => {
    const index = new TopicIndex<number>();
    index.set('a', 1);
    for (const topic of [42, null, undefined, {}, Symbol('a')]) {
      expect(() => index.set(topic as unknown as string, 2)).toThrow(TypeError);
    }
    expect(index.entries()).toEqual([['a', 1]]);
  });

  it('set with a topic longer than maxTopicLength throws LimitExceededError and leaves the index unchanged', () => {
    const index = new TopicIndex<number>({ maxTopicLength: 4 });
    index.set('abcd', 1);
    const error = thrownBy(() => index.set('abcde', 2)) as LimitExceededError;
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error.limit).toBe('maxTopicLength');
    expect(error.length).toBe(5);
    expect(error.max).toBe(4);
    expect(index.entries()).toEqual([['abcd', 1]]);
    expect(index.has('abcde')).toBe(false);
  });

  it('maxTopicLength defaults to DEFAULT_MAX_TOPIC_LENGTH; Infinity lifts it', () => {
    const index = new TopicIndex<number>();
    index.set('a'.repeat(DEFAULT_MAX_TOPIC_LENGTH), 1);
    expect(() => index.set('a'.repeat(DEFAULT_MAX_TOPIC_LENGTH + 1), 2)).toThrow(
      LimitExceededError,
    );
    const unlimited = new TopicIndex<number>({ maxTopicLength: Infinity });
    unlimited.set('a'.repeat(DEFAULT_MAX_TOPIC_LENGTH + 1), 2);
    expect(unlimited.size).toBe(1);
  });

  it('options out of range throw RangeError; options that are not an object throw TypeError', () => {
    for (const options of [
      { maxTopicLength: 0 },
      { maxTopicLength: -1 },
      { maxTopicLength: 1.5 },
      { maxTopicLength: Number.NaN },
      { maxPatternLength: 0 },
      { maxPatternLength: '10' as unknown as number },
      { unsafePatterns: 'maybe' as unknown as 'allow' },
    ]) {
      expect(() => new TopicIndex(options), JSON.stringify(options)).toThrow(RangeError);
    }
    for (const options of [null, 42, 'reject']) {
      expect(() => new TopicIndex(options as unknown as object)).toThrow(TypeError);
    }
    expect(() => new TopicIndex(undefined)).not.toThrow();
  });
});
