// Percentiles are nearest rank over every sample, and the mean is of the same samples: a few
// samples with one slow one give a p99 at that slow sample, never below the mean (mitata's
// `sorted[floor(0.99 * (n - 1))]` gave the second slowest, below a mean that included it).
import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../src/percentiles.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('summarize', () => {
  it('puts the p99 of a few samples with one outlier at the outlier, above the mean', () => {
    // A quick run's row: five fast samples and one that met a GC pause.
    const stats = summarize([6.25, 5, 150, 5.5, 6, 5.25]);
    expect(stats).toEqual({ count: 6, mean: 178 / 6, min: 5, p50: 5.5, p99: 150, max: 150 });
    expect(stats.p99).toBeGreaterThanOrEqual(stats.mean);
  });

  it('takes the nearest rank: the smallest sample with at least p% of them at or below it', () => {
    expect(summarize(range(10))).toMatchObject({ p50: 5, p99: 10 });
    expect(summarize(range(99))).toMatchObject({ p50: 50, p99: 99 });
    expect(summarize(range(100))).toMatchObject({ p50: 50, p99: 99 });
    expect(summarize(range(200))).toMatchObject({ p50: 100, p99: 198 });
    expect(summarize(range(1001))).toMatchObject({ p50: 501, p99: 991 });
  });

  it('gives one sample as every statistic', () => {
    expect(summarize([42])).toEqual({ count: 1, mean: 42, min: 42, p50: 42, p99: 42, max: 42 });
  });

  it('does not depend on the order of the samples, nor change them', () => {
    const samples = [3, 1, 2];
    expect(summarize(samples)).toEqual(summarize([1, 2, 3]));
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses no samples and percentiles outside (0, 100]', () => {
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(percentile([1, 2], 100)).toBe(2);
    expect(percentile([1, 2], 0.001)).toBe(1);
  });
});
