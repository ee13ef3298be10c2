// Proves the memo's contract (docs/pattern-semantics.md, "The memo"; how the patching works:
// docs/how-the-index-works.md, "How `add` and `remove` patch the memo"): cacheSize 0 turns it off;
// it never holds more than cacheSize topics (least recently used go first); hits and misses are
// counted; add and remove after topics are memoised never give a stale answer (checked against a
// fresh matcher), and they patch the memo in place instead of flushing it.
import { describe, expect, it } from 'vitest';
import { TopicMatcher, type TopicPattern } from '../src/index.js';

function fresh(registrations: readonly (readonly [TopicPattern, string])[]): TopicMatcher<string> {
  const matcher = new TopicMatcher<string>({ cacheSize: 0 });
  for (const [pattern, value] of registrations) matcher.add(pattern, value);
  return matcher;
}

/**
 * The identity of a pattern, as docs/pattern-semantics.md ("Identity: source and flags")
 * defines it: source, and flags without g/y.
 */
function keyOf(pattern: TopicPattern): string {
  const regex = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  return `${regex.flags.replace(/[gy]/g, '')}/${regex.source}`;
}

describe('memo size', () => {
  it('cacheSize 0 turns the memo off', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add('a', 1);
    for (let i = 0; i < 3; i += 1) expect(matcher.match('a')).toEqual([1]);
    const cache = matcher.stats().cache;
    expect(cache.max).toBe(0);
    expect(cache.size).toBe(0);
    expect(cache.hits).toBe(0);
    expect(cache.misses).toBe(3);
  });

  it('holds at most cacheSize topics', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 5 });
    matcher.add('t.*', 1).add('.*7', 2);
    for (let i = 0; i < 1000; i += 1) {
      matcher.match(`t${i}`);
      expect(matcher.stats().cache.size).toBeLessThanOrEqual(5);
    }
    expect(matcher.stats().cache.size).toBe(5);
  });

  it('evicts the least recently used topic', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 2 });
    matcher.add('.*', 1);
    matcher.match('a');
    matcher.match('b');
    matcher.match('a'); // 'a' is now the most recent
    matcher.match('c'); // evicts 'b'
    const before = matcher.stats().cache;
    matcher.match('a');
    expect(matcher.stats().cache.hits).toBe(before.hits + 1);
    matcher.match('b');
    expect(matcher.stats().cache.misses).toBe(before.misses + 1);
  });
});

describe('approximate recency', () => {
  // A hit moves its topic to the recent end of the LRU only once cacheSize / 8 new topics have
  // entered since it last moved there (docs/how-the-index-works.md, "The memo").
  it('a hit moves its topic to the recent end once cacheSize / 8 topics have entered', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 16 }); // refreshed after 2 entries
    matcher.add('.*', 1);
    matcher.match('a');
    matcher.match('x1');
    matcher.match('x2');
    matcher.match('a'); // two topics entered since 'a': it moves to the recent end
    for (let i = 3; i <= 16; i += 1) matcher.match(`x${i}`); // the 17th topic evicts 'x1'
    const before = matcher.stats().cache;
    matcher.match('a');
    expect(matcher.stats().cache.hits).toBe(before.hits + 1);
    matcher.match('x1');
    expect(matcher.stats().cache.misses).toBe(before.misses + 1);
  });

  it('a hit sooner than that leaves the LRU order alone', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 16 });
    matcher.add('.*', 1);
    matcher.match('a');
    matcher.match('x1');
    matcher.match('a'); // one topic entered since 'a': it stays where it was
    for (let i = 2; i <= 16; i += 1) matcher.match(`x${i}`); // the 17th topic evicts 'a'
    const before = matcher.stats().cache;
    matcher.match('x1');
    expect(matcher.stats().cache.hits).toBe(before.hits + 1);
    matcher.match('a');
    expect(matcher.stats().cache.misses).toBe(before.misses + 1);
  });

  it('never evicts a working set of up to 7/8 of cacheSize while new topics stream past', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 80 });
    matcher.add('w.*', 1);
    const workingSet = Array.from({ length: 69 }, (_, i) => `w${i}`);
    for (let round = 0; round < 300; round += 1) {
      for (const topic of workingSet) expect(matcher.match(topic)).toEqual([1]);
      expect(matcher.match(`new${round}`)).toEqual([]);
    }
    // Only the first round of the working set and the new topics missed.
    expect(matcher.stats().cache.misses).toBe(workingSet.length + 300);
    expect(matcher.stats().cache.size).toBe(80);
  });
});

describe('hits and misses', () => {
  it('counts a miss for the first lookup of a topic and a hit for the next', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 1);
    matcher.match('a');
    expect(matcher.stats().cache).toMatchObject({ hits: 0, misses: 1, size: 1 });
    matcher.match('a');
    matcher.test('a');
    expect(matcher.stats().cache).toMatchObject({ hits: 2, misses: 1, size: 1 });
    matcher.match('zzz'); // a topic that matches nothing is remembered too
    matcher.match('zzz');
    expect(matcher.stats().cache).toMatchObject({ hits: 3, misses: 2, size: 2 });
    expect(matcher.match('zzz')).toEqual([]);
  });

  it('clear() empties the memo but keeps the counters', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a', 1);
    matcher.match('a');
    matcher.match('a');
    matcher.clear();
    expect(matcher.stats().cache).toMatchObject({ size: 0, hits: 1, misses: 1 });
    expect(matcher.match('a')).toEqual([]);
  });
});

describe('no stale answers after add and remove', () => {
  const topics = ['a', 'ab', 'abc', 'b', 'ba', 'x/y', 'A', ''];

  it('agrees with a fresh matcher after every step of a churn sequence', () => {
    const steps: readonly (
      | readonly ['add', TopicPattern, string]
      | readonly ['remove', TopicPattern, string]
      | readonly ['removeAll', TopicPattern]
    )[] = [
      ['add', 'a', 'v1'],
      ['add', 'ab', 'v2'],
      ['add', '.*b', 'v3'],
      ['add', 'a.*', 'v2'], // v2 already matches via 'ab' on 'ab', not on 'a'
      ['add', /A/i, 'v1'],
      ['add', '', 'v4'],
      ['remove', 'ab', 'v2'], // v2 must move to its 'a.*' position on 'ab'
      ['remove', 'a', 'v1'], // v1 stays through /A/i
      ['add', 'a', 'v1'],
      ['removeAll', '.*b'],
      ['remove', /A/gi, 'v1'], // same pattern as /A/i
      ['add', 'x/y|b', 'v5'],
      ['removeAll', ''],
      ['removeAll', 'a.*'],
      ['removeAll', 'a'],
      ['removeAll', 'x/y|b'],
    ];
    for (const cacheSize of [1, 3, 100]) {
      const matcher = new TopicMatcher<string>({ cacheSize });
      const registrations: (readonly [TopicPattern, string])[] = [];
      for (const step of steps) {
        for (const topic of topics) matcher.match(topic); // fill the memo first
        if (step[0] === 'add') {
          matcher.add(step[1], step[2]);
          registrations.push([step[1], step[2]]);
        } else if (step[0] === 'remove') {
          expect(matcher.remove(step[1], step[2]), `step ${String(step)}`).toBe(true);
          const index = registrations.findIndex(
            ([p, v]) => v === step[2] && keyOf(p) === keyOf(step[1]),
          );
          registrations.splice(index, 1);
        } else {
          expect(matcher.remove(step[1]), `step ${String(step)}`).toBe(true);
          for (let i = registrations.length - 1; i >= 0; i -= 1) {
            if (keyOf(registrations[i]![0]) === keyOf(step[1])) registrations.splice(i, 1);
          }
        }
        const reference = fresh(registrations);
        for (const topic of topics) {
          expect(
            matcher.match(topic),
            `cacheSize ${cacheSize}, after ${String(step)}, topic ${JSON.stringify(topic)}`,
          ).toEqual(reference.match(topic));
        }
      }
      expect(matcher.size).toBe(0);
    }
  });

  it('a value added under a second pattern does not appear twice in a memoised result', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('a', 'v');
    expect(matcher.match('ab')).toEqual(['v']);
    matcher.add('a.*', 'v').add('ab', 'w');
    expect(matcher.match('ab')).toEqual(['v', 'w']);
  });

  it('removing a value that another matching pattern still holds keeps it, at its new place', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('a', 'v').add('a', 'w').add('.*', 'v');
    expect(matcher.match('a')).toEqual(['v', 'w']);
    matcher.remove('a', 'v');
    expect(matcher.match('a')).toEqual(['w', 'v']);
    matcher.remove('.*');
    expect(matcher.match('a')).toEqual(['w']);
  });
});

describe('add and remove patch the memo instead of flushing it', () => {
  it('after add, the memo keeps its topics and an unaffected topic is still a hit', () => {
    const matcher = new TopicMatcher<string>({ cacheSize: 10 });
    matcher.add('a', 'v').add('b', 'w');
    for (const topic of ['a', 'b', 'c']) matcher.match(topic);
    expect(matcher.stats().cache.size).toBe(3);
    matcher.add('b.*', 'x');
    expect(matcher.stats().cache.size).toBe(3);
    const { hits, misses } = matcher.stats().cache;
    expect(matcher.match('a')).toEqual(['v']); // unaffected
    expect(matcher.match('b')).toEqual(['w', 'x']); // patched
    expect(matcher.match('c')).toEqual([]);
    expect(matcher.stats().cache).toMatchObject({ hits: hits + 3, misses });
  });

  it('after remove, the memo keeps its topics and answers them as hits', () => {
    const matcher = new TopicMatcher<string>({ cacheSize: 10 });
    matcher.add('a', 'v').add('b', 'w').add('.*', 'w');
    for (const topic of ['a', 'b', 'c']) matcher.match(topic);
    matcher.remove('b', 'w');
    matcher.remove('a');
    expect(matcher.stats().cache.size).toBe(3);
    const { hits, misses } = matcher.stats().cache;
    expect(matcher.match('a')).toEqual(['w']);
    expect(matcher.match('b')).toEqual(['w']);
    expect(matcher.match('c')).toEqual(['w']);
    expect(matcher.stats().cache).toMatchObject({ hits: hits + 3, misses });
  });
});
