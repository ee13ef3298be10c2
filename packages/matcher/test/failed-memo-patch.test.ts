// A change is never half done: when patching the memo fails for a remembered topic (here a
// regex that overflows V8's backtracking stack on a 10-million-character topic), `add` and
// `remove` still succeed, and that topic is forgotten rather than left with a stale result.
// Before, `add` threw `RangeError` after registering the pattern.
import { describe, expect, it } from 'vitest';
import { TopicMatcher } from '../src/index.js';

const HUGE = 'a'.repeat(10_000_000);
// Overflows the regex backtracking stack on HUGE (a RangeError from the runtime).
const OVERFLOWING = '(?:a|b)*c';

describe('a memo patch that throws for one topic', () => {
  it('add succeeds and forgets only that topic', () => {
    const matcher = new TopicMatcher<string>({
      maxTopicLength: Infinity,
      cacheBytes: Infinity,
    }).add('b', 'b');
    expect(matcher.match(HUGE)).toEqual([]);
    expect(matcher.match('ac')).toEqual([]);
    expect(matcher.stats().cache.size).toBe(2);
    expect(() => matcher.add(OVERFLOWING, 'overflowing')).not.toThrow();
    expect(matcher.size).toBe(2);
    expect(matcher.stats().cache.size).toBe(1); // HUGE forgotten, 'ac' patched
    expect(matcher.match('ac')).toEqual(['overflowing']);
    expect(matcher.stats().cache).toMatchObject({ size: 1, hits: 1 });
    // Matching HUGE again runs the regex, and the runtime's error reaches the caller.
    expect(() => matcher.match(HUGE)).toThrow(RangeError);
  });

  it('remove succeeds and forgets only that topic', () => {
    const matcher = new TopicMatcher<string>({ maxTopicLength: Infinity, cacheBytes: Infinity })
      .add(OVERFLOWING, 'overflowing')
      .add('a', 'a')
      .add('a.*', 'overflowing');
    expect(matcher.match('ac')).toEqual(['overflowing', 'a']);
    expect(matcher.remove('a', 'a')).toBe(true);
    expect(matcher.match('ac')).toEqual(['overflowing']);
    // A remembered HUGE, then a removal that recomputes it (the value stays registered).
    const other = new TopicMatcher<string>({ maxTopicLength: Infinity, cacheBytes: Infinity }).add(
      'a.*',
      'v',
    );
    expect(other.match(HUGE)).toEqual(['v']);
    other.add(OVERFLOWING, 'w');
    expect(other.stats().cache.size).toBe(0); // the add's patch already could not test HUGE
    expect(other.match('a')).toEqual(['v']);
    other.add('b', 'v');
    expect(() => other.remove('a.*', 'v')).not.toThrow();
    expect(other.match('a')).toEqual([]);
    expect(other.size).toBe(2);
  });
});
