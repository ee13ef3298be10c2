/**
 * The statistics every timing in the report is made of, computed here rather than taken from
 * mitata: mitata's `p99` is `sorted[floor(0.99 * (n - 1))]`, the second slowest sample when
 * there are fewer than 101, while its mean includes the slowest one, so a run of a few samples
 * with one slow sample reported a p99 below the mean.
 */

/** Summary statistics of one set of samples. */
export interface SampleStats {
  /** Number of samples. */
  readonly count: number;
  /** Arithmetic mean of all the samples (none trimmed). */
  readonly mean: number;
  /** Smallest sample. */
  readonly min: number;
  /** Median, by nearest rank. */
  readonly p50: number;
  /** 99th percentile, by nearest rank. */
  readonly p99: number;
  /** Largest sample. */
  readonly max: number;
}

/**
 * The nearest-rank percentile: the smallest sample such that at least `p`% of the samples are
 * less than or equal to it (`sorted[ceil(p / 100 * n) - 1]`). Always one of the samples, and
 * monotonic in `p`, so `min <= p50 <= p99 <= max`; below 100 samples the p99 is the slowest.
 *
 * @param sorted - the samples in ascending order, at least one.
 * @param p - the percentile, in (0, 100].
 * @returns the sample at that rank.
 * @throws RangeError when there is no sample or `p` is outside (0, 100].
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  // p * n / 100 rather than p / 100 * n: 0.99 has no exact binary form, and 0.99 * 200 must
  // not round up to rank 199. The clamp keeps ranks of tiny p at 1.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Summarises samples: every statistic comes from the same samples, all of them.
 *
 * @param samples - the samples, in any order, at least one.
 * @returns their count, mean, min, nearest-rank p50 and p99, and max.
 * @throws RangeError when there is no sample.
 */
export function summarize(samples: readonly number[]): SampleStats {
  if (samples.length === 0) throw new RangeError('summary of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    min: sorted[0]!,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
  };
}
