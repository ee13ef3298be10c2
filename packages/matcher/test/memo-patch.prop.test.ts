// The memo's patches visit exactly the remembered topics that start with one of the changed
// pattern's prefixes (all of them when it has none), also after evictions, overwrites and
// clear: the trie of remembered topics never keeps a topic the LRU has forgotten.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { TopicMemo } from '../src/topic-memo.js';
import { TopicMatcher } from '../src/index.js';

/** The topics a patch visits, sorted. */
function visited(memo: TopicMemo<number>, prefixes: readonly string[]): string[] {
  const topics: string[] = [];
  memo.patch(prefixes, (topic, result) => {
    topics.push(topic);
    return result;
  });
  return topics.sort();
}

describe('TopicMemo.patch', () => {
  it('visits only the remembered topics under the prefixes', () => {
    const memo = new TopicMemo<number>(3);
    memo.set('a/1', 1);
    memo.set('a/2', 2);
    memo.set('b/1', 3);
    memo.set('a/3', 4); // evicts a/1
    expect(visited(memo, ['a/'])).toEqual(['a/2', 'a/3']);
    expect(visited(memo, ['b', 'a/3'])).toEqual(['a/3', 'b/1']);
    expect(visited(memo, [])).toEqual(['a/2', 'a/3', 'b/1']);
    expect(visited(memo, ['a/1'])).toEqual([]);
    memo.set('a/2', 5); // overwrites: still visited once, with the new result
    const results: number[] = [];
    memo.patch(['a/2'], (_topic, result) => {
      results.push(result);
      return result + 10;
    });
    expect(results).toEqual([5]);
    expect(memo.get('a/2')).toBe(15);
    memo.clear();
    expect(visited(memo, ['a'])).toEqual([]);
    expect(visited(memo, [])).toEqual([]);
  });

  it('never visits a prefix twice when one prefix starts another', () => {
    const memo = new TopicMemo<number>(10);
    memo.set('ab', 1);
    expect(visited(memo, ['a', 'ab'])).toEqual(['ab']);
  });

  it('does nothing without a memo', () => {
    const memo = new TopicMemo<number>(0);
    memo.set('a', 1);
    expect(visited(memo, [])).toEqual([]);
    expect(visited(memo, ['a'])).toEqual([]);
  });

  const topic = fc
    .array(fc.constantFrom('a', 'b', '/'), { maxLength: 4 })
    .map((units) => units.join(''));
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), topic, result: fc.nat(9) }),
    fc.record({ kind: fc.constant('get' as const), topic }),
    fc.record({ kind: fc.constant('clear' as const) }),
  );

  test.prop([fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 40 }), fc.array(topic)])(
    'visits exactly the remembered topics under the prefixes, as an LRU model says',
    (max, ops, prefixes) => {
      const memo = new TopicMemo<number>(max);
      // The model: topics in LRU order, most recent last.
      let model: [string, number][] = [];
      for (const step of ops) {
        if (step.kind === 'set') {
          model = model.filter(([t]) => t !== step.topic);
          model.push([step.topic, step.result]);
          if (model.length > max) model.shift();
          memo.set(step.topic, step.result);
        } else if (step.kind === 'get') {
          const at = model.findIndex(([t]) => t === step.topic);
          expect(memo.get(step.topic)).toBe(at === -1 ? undefined : model[at]![1]);
          if (at !== -1) model.push(...model.splice(at, 1));
        } else {
          model = [];
          memo.clear();
        }
      }
      const expected = model
        .map(([t]) => t)
        .filter((t) => prefixes.length === 0 || prefixes.some((p) => t.startsWith(p)))
        .sort();
      expect(visited(memo, prefixes)).toEqual(expected);
    },
  );
});

describe('memo patches through the matcher', () => {
  it('patches topics under the pattern prefixes, and every topic for an unindexed pattern', () => {
    const matcher = new TopicMatcher<string>({ cacheSize: 4 });
    matcher.add('a/.*', 'x');
    for (const t of ['a/1', 'a/2', 'b/1', 'c']) matcher.match(t);
    matcher.add('a/1', 'y').add('.*1', 'z');
    expect(matcher.match('a/1')).toEqual(['x', 'y', 'z']);
    expect(matcher.match('a/2')).toEqual(['x']);
    expect(matcher.match('b/1')).toEqual(['z']);
    expect(matcher.match('c')).toEqual([]);
    matcher.remove('a/.*');
    expect(matcher.match('a/1')).toEqual(['y', 'z']);
    expect(matcher.match('a/2')).toEqual([]);
    expect(matcher.stats().cache).toMatchObject({ size: 4, hits: 6, misses: 4 });
  });
});
