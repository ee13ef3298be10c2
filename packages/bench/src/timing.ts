/**
 * Timing through mitata 1.0's `measure` (its zero-overhead generated loop, batching for fast
 * bodies, outlier trimming), with an explicit warm-up first so the JIT has settled.
 */
import { measure } from 'mitata';

/** How long to measure. */
export interface TimingBudget {
  /** Least time spent in timed samples, per measurement. */
  readonly minCpuTimeMs: number;
  /** Untimed calls before measuring, at least this long (0: none). */
  readonly warmupMs: number;
  /** Least number of samples. */
  readonly minSamples: number;
  /** Calls per sample for bodies faster than 10 µs (mitata's batching). */
  readonly batchSamples: number;
}

/** One measurement. */
export interface Timing {
  /** Mean time per operation (mitata's trimmed mean per sample, divided by ops per call). */
  readonly nsPerOp: number;
  /** `1e9 / nsPerOp`. */
  readonly opsPerSec: number;
  /** Median sample, per operation. */
  readonly p50NsPerOp: number;
  /** 99th percentile sample, per operation. */
  readonly p99NsPerOp: number;
  /** Timed samples kept. */
  readonly samples: number;
  /** Timed calls of the body. */
  readonly calls: number;
}

/**
 * Times a benchmark body.
 *
 * @param body - one call is `opsPerCall` operations; may return a promise (awaited).
 * @param budget - how long to measure.
 * @param opsPerCall - operations per call. @default 1
 * @returns the timing per operation.
 */
export async function time(
  body: () => unknown,
  budget: TimingBudget,
  opsPerCall = 1,
): Promise<Timing> {
  if (budget.warmupMs > 0) {
    const end = performance.now() + budget.warmupMs;
    while (performance.now() < end) {
      const result = body();
      if (result instanceof Promise) await result;
    }
  }
  const stats = await measure(body, {
    min_cpu_time: budget.minCpuTimeMs * 1e6,
    min_samples: budget.minSamples,
    batch_samples: budget.batchSamples,
    batch_threshold: 10_000,
  });
  const nsPerOp = stats.avg / opsPerCall;
  return {
    nsPerOp,
    opsPerSec: 1e9 / nsPerOp,
    p50NsPerOp: stats.p50 / opsPerCall,
    p99NsPerOp: stats.p99 / opsPerCall,
    samples: stats.samples.length,
    calls: stats.ticks,
  };
}
