// For any samples, min <= p50 <= p99 <= max, each is one of the samples, the mean lies within
// [min, max], and below 100 samples the p99 is the slowest, so it is never below the mean.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { summarize } from '../src/percentiles.js';

const samples = fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), {
  minLength: 1,
  maxLength: 300,
});

describe('summarize, for any samples', () => {
  test.prop([samples])('orders min, p50, p99 and max, and keeps the mean between', (values) => {
    const stats = summarize(values);
    expect(stats.min).toBeLessThanOrEqual(stats.p50);
    expect(stats.p50).toBeLessThanOrEqual(stats.p99);
    expect(stats.p99).toBeLessThanOrEqual(stats.max);
    for (const value of [stats.min, stats.p50, stats.p99, stats.max]) {
      expect(values).toContain(value);
    }
    // Summation rounding may put the mean of equal samples a hair outside them.
    const slack = stats.max * 1e-12;
    expect(stats.mean).toBeGreaterThanOrEqual(stats.min - slack);
    expect(stats.mean).toBeLessThanOrEqual(stats.max + slack);
    if (values.length < 100) expect(stats.p99).toBe(stats.max);
  });
});
