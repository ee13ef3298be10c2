// The memo is bounded in bytes of topic text as well as in topics (`cacheBytes`, 2 bytes per
// code unit): long topics cannot make 10 000 remembered results hold gigabytes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_BYTES, TopicMatcher } from '../src/index.js';
import { thrownBy } from './support/thrown-by.js';

describe('cacheBytes', () => {
  it('defaults to 16 MiB, shown in stats() with the bytes kept', () => {
    const matcher = new TopicMatcher<number>().add('a', 1);
    expect(DEFAULT_CACHE_BYTES).toBe(16 * 2 ** 20);
    matcher.match('abc');
    expect(matcher.stats().cache).toMatchObject({
      maxBytes: DEFAULT_CACHE_BYTES,
      bytes: 6,
      size: 1,
    });
  });

  it('evicts the least recently used topics to stay within the budget', () => {
    const matcher = new TopicMatcher<number>({ cacheBytes: 100 }).add('t', 1);
    const topic = (n: number): string => `t${String(n).padStart(19, '0')}`; // 20 code units, 40 bytes
    matcher.match(topic(1));
    matcher.match(topic(2));
    expect(matcher.stats().cache).toMatchObject({ size: 2, bytes: 80 });
    matcher.match(topic(3)); // 120 bytes would not fit: topic 1 goes
    expect(matcher.stats().cache).toMatchObject({ size: 2, bytes: 80 });
    matcher.match(topic(2));
    matcher.match(topic(3));
    expect(matcher.stats().cache).toMatchObject({ hits: 2 });
    matcher.match(topic(1));
    expect(matcher.stats().cache).toMatchObject({ misses: 4 });
  });

  it('matches a topic longer than the budget without remembering it', () => {
    const matcher = new TopicMatcher<number>({ cacheBytes: 10 }).add('a', 1);
    expect(matcher.match('aaaaaa')).toEqual([1]);
    expect(matcher.match('aaaaaa')).toEqual([1]);
    expect(matcher.stats().cache).toMatchObject({ size: 0, bytes: 0, hits: 0, misses: 2 });
  });

  it('bounds a flood of long distinct topics', () => {
    const matcher = new TopicMatcher<number>({ cacheBytes: 2 ** 20 }).add('x', 1);
    for (let i = 0; i < 200; i += 1) matcher.match(`x${i}/${'y'.repeat(10_000)}`);
    const { bytes, size } = matcher.stats().cache;
    expect(bytes).toBeLessThanOrEqual(2 ** 20);
    expect(size).toBe(52); // 20 006-byte topics, 52 of which fit in 1 MiB
  });

  it.each([0, -1, 1.5, Number.NaN, '10', null])('refuses %s with RangeError', (value) => {
    const error = thrownBy(() => new TopicMatcher({ cacheBytes: value as number }));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(
      /^cacheBytes must be a positive integer or Infinity, got /,
    );
  });

  it('accepts Infinity: no byte bound, cacheSize alone', () => {
    const matcher = new TopicMatcher<number>({
      cacheBytes: Infinity,
      cacheSize: 3,
      maxTopicLength: Infinity,
    }).add('a', 1);
    matcher.match(`a${'b'.repeat(1_000_000)}`);
    expect(matcher.stats().cache).toMatchObject({ size: 1, maxBytes: Infinity });
  });
});
