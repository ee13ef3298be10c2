/**
 * Timing through mitata 1.0's `measure` (its zero-overhead generated loop, and batching for
 * fast bodies), with an explicit warm-up first so the JIT has settled. Only mitata's raw
 * samples are used: the mean and the percentiles are computed here, all from the same samples
 * and none trimmed (see `percentiles.ts`).
 */
import { measure } from 'mitata';
import { summarize } from './percentiles.js';

/** Bodies faster than this per call (ns) are batched, `batchSamples` calls to a sample. */
const BATCH_THRESHOLD_NS = 10_000;

/** How long to measure. */
export interface TimingBudget {
  /** Least time spent in timed samples, per measurement. */
  readonly minCpuTimeMs: number;
  /**
   * Untimed calls before measuring, at least this long (0: none, and mitata decides the
   * batching from its own first calls); their mean time decides whether to batch.
   */
  readonly warmupMs: number;
  /** Least number of samples. */
  readonly minSamples: number;
  /** Calls per sample for bodies faster than 10 µs (mitata's batching). */
  readonly batchSamples: number;
}

/**
 * One measurement. Every statistic is of the same samples, per operation: a sample is the time
 * of `opsPerSample` operations divided by that number, so for batched bodies the percentiles
 * are of batches, not of single operations.
 */
export interface Timing {
  /** Mean time per operation: the mean of all the samples (none trimmed). */
  readonly nsPerOp: number;
  /** `1e9 / nsPerOp`. */
  readonly opsPerSec: number;
  /** Fastest sample, per operation. */
  readonly minNsPerOp: number;
  /** Median sample (nearest rank), per operation. */
  readonly p50NsPerOp: number;
  /** 99th percentile sample (nearest rank), per operation: the slowest below 100 samples. */
  readonly p99NsPerOp: number;
  /** Slowest sample, per operation. */
  readonly maxNsPerOp: number;
  /** Timed samples. */
  readonly samples: number;
  /** Operations each sample times (the smallest, when passes with different ones are merged). */
  readonly opsPerSample: number;
  /** Timed calls of the body. */
  readonly calls: number;
}

/** The raw samples of a measurement, before they are summarised. */
export interface Samples {
  /** Each sample's time per operation, in ns. */
  readonly nsPerOp: readonly number[];
  /** Operations each sample times. */
  readonly opsPerSample: number;
  /** Timed calls of the body. */
  readonly calls: number;
}

/**
 * Summarises samples into a timing.
 *
 * @param samples - the samples, at least one.
 * @returns mean, min, p50, p99 and max of those samples, per operation.
 * @throws RangeError when there is no sample.
 */
export function timingOf(samples: Samples): Timing {
  const stats = summarize(samples.nsPerOp);
  return {
    nsPerOp: stats.mean,
    opsPerSec: 1e9 / stats.mean,
    minNsPerOp: stats.min,
    p50NsPerOp: stats.p50,
    p99NsPerOp: stats.p99,
    maxNsPerOp: stats.max,
    samples: stats.count,
    opsPerSample: samples.opsPerSample,
    calls: samples.calls,
  };
}

/**
 * Pools the samples of several measurements of the same body, so that their timing is the
 * statistics of all the samples together (averaging two p99s would give no percentile at all).
 *
 * @param passes - the measurements, at least one.
 * @returns their samples, concatenated.
 */
export function poolSamples(passes: readonly Samples[]): Samples {
  return {
    nsPerOp: passes.flatMap((pass) => pass.nsPerOp),
    opsPerSample: Math.min(...passes.map((pass) => pass.opsPerSample)),
    calls: passes.reduce((sum, pass) => sum + pass.calls, 0),
  };
}

/** mitata's options for a budget, batching as `batch` says (`undefined`: as mitata decides). */
function measureOptions(budget: TimingBudget, batch: boolean | undefined) {
  return {
    min_cpu_time: budget.minCpuTimeMs * 1e6,
    min_samples: budget.minSamples,
    batch_samples: budget.batchSamples,
    // Infinity: mitata's warm-up calls always run and always batch; 0: never batch.
    ...(batch === undefined
      ? { batch_threshold: BATCH_THRESHOLD_NS }
      : batch
        ? { batch_threshold: Number.POSITIVE_INFINITY, warmup_threshold: Number.POSITIVE_INFINITY }
        : { batch_threshold: 0 }),
    // mitata drops the two fastest and two slowest samples above this many; keep them all,
    // so that the mean is total time over operations and the percentiles see the outliers.
    samples_threshold: Number.POSITIVE_INFINITY,
  };
}

/**
 * Samples a benchmark body through mitata.
 *
 * @param body - one call is `opsPerCall` operations; may return a promise (awaited).
 * @param budget - how long to measure.
 * @param opsPerCall - operations per call. @default 1
 * @returns every timed sample, per operation.
 */
export async function sample(
  body: () => unknown,
  budget: TimingBudget,
  opsPerCall = 1,
): Promise<Samples> {
  let batch: boolean | undefined;
  // Start from a collected heap (the bench runs with --expose-gc), so that one contender's
  // garbage, or an earlier scenario's, is not collected during the next one's samples.
  (globalThis as { gc?: () => void }).gc?.();
  if (budget.warmupMs > 0) {
    const end = performance.now() + budget.warmupMs;
    let fast = 0;
    let calls = 0;
    do {
      const start = performance.now();
      const result = body();
      if (result instanceof Promise) await result;
      if ((performance.now() - start) * 1e6 <= BATCH_THRESHOLD_NS) fast += 1;
      calls += 1;
    } while (performance.now() < end);
    // mitata decides batching from one or two calls of its own, so one call slowed by a GC or
    // by another process left a fast body unbatched (timer overhead in every sample) in some
    // runs and not others. Most of the warm-up's calls decide instead, which a pause cannot.
    batch = fast * 2 > calls;
  }
  const stats = await measure(body, measureOptions(budget, batch));
  // mitata's samples are per call (a batch's time divided by its calls); ticks counts calls.
  const callsPerSample = stats.ticks / stats.samples.length;
  return {
    nsPerOp: stats.samples.map((ns) => ns / opsPerCall),
    opsPerSample: callsPerSample * opsPerCall,
    calls: stats.ticks,
  };
}

/**
 * Samples a benchmark body that takes an input, each input made by `input` outside the timed
 * part: through mitata's computed parameters, made before each call or, for a batched body,
 * for the whole batch before its sample is timed. For bodies whose every call must get
 * something new (a freshly built string) or whose calls must be apart (untimed work between
 * them).
 *
 * @param body - one call is one operation on its input.
 * @param input - makes the next input; never timed.
 * @param budget - how long to measure.
 * @param batch - whether to batch: `true` or `false` forces it; `undefined` lets the warm-up
 * decide (as {@link sample} does).
 * @returns every timed sample, per operation.
 */
export async function sampleWithInput<T>(
  body: (input: T) => unknown,
  input: () => T,
  budget: TimingBudget,
  batch?: boolean,
): Promise<Samples> {
  (globalThis as { gc?: () => void }).gc?.();
  let batched = batch;
  if (budget.warmupMs > 0) {
    const end = performance.now() + budget.warmupMs;
    let fast = 0;
    let calls = 0;
    do {
      const value = input();
      const start = performance.now();
      body(value);
      if ((performance.now() - start) * 1e6 <= BATCH_THRESHOLD_NS) fast += 1;
      calls += 1;
    } while (performance.now() < end);
    batched ??= fast * 2 > calls;
  }
  // mitata's computed parameters: `[0]` makes the argument of `bench`, untimed.
  const parameters = { 0: input, bench: body };
  const stats = await measure(
    function* () {
      yield parameters as unknown as () => unknown;
    },
    measureOptions(budget, batched),
  );
  const callsPerSample = stats.ticks / stats.samples.length;
  return { nsPerOp: stats.samples, opsPerSample: callsPerSample, calls: stats.ticks };
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
  return timingOf(await sample(body, budget, opsPerCall));
}
