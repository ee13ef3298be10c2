// `time` keeps every sample mitata takes (none trimmed) and reports the statistics of those
// samples: with one slow call in a few, the p99 is that call and the mean includes it. Only
// the order of the statistics is asserted, never a duration.
import { describe, expect, it } from 'vitest';
import { poolSamples, time, timingOf } from '../src/timing.js';

/** Spins for `ms`: slower than mitata's 10 µs batching threshold, so one call per sample. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

describe('time', () => {
  it('keeps every sample, the slow one included, and orders min, p50, p99, max', async () => {
    let calls = 0;
    const body = (): void => {
      calls += 1;
      spin(calls % 5 === 0 ? 2 : 0.05);
    };
    const budget = { minCpuTimeMs: 0, warmupMs: 0, minSamples: 16, batchSamples: 16 };
    const timing = await time(body, budget);
    // mitata would drop the two fastest and two slowest of these 16 samples.
    expect(timing.samples).toBe(16);
    expect(timing.opsPerSample).toBe(1);
    expect(timing.calls).toBe(16);
    expect(timing.minNsPerOp).toBeLessThanOrEqual(timing.p50NsPerOp);
    expect(timing.p50NsPerOp).toBeLessThanOrEqual(timing.p99NsPerOp);
    expect(timing.p99NsPerOp).toBe(timing.maxNsPerOp);
    // Below 100 samples the p99 is the slowest, so the mean can never exceed it.
    expect(timing.nsPerOp).toBeLessThanOrEqual(timing.p99NsPerOp);
    expect(timing.opsPerSec).toBeCloseTo(1e9 / timing.nsPerOp);
  });

  it('divides each sample by the operations of a call', async () => {
    const budget = { minCpuTimeMs: 0, warmupMs: 0, minSamples: 4, batchSamples: 16 };
    const timing = await time(() => spin(0.05), budget, 10);
    expect(timing.opsPerSample).toBe(10);
    expect(timing.calls).toBe(4);
  });
});

describe('poolSamples', () => {
  it('pools passes so that the percentiles are of all their samples', () => {
    const pooled = timingOf(
      poolSamples([
        { nsPerOp: [1, 2, 3], opsPerSample: 8, calls: 24 },
        { nsPerOp: [10, 20], opsPerSample: 4, calls: 8 },
      ]),
    );
    expect(pooled).toMatchObject({
      nsPerOp: 36 / 5,
      minNsPerOp: 1,
      p50NsPerOp: 3,
      p99NsPerOp: 20,
      maxNsPerOp: 20,
      samples: 5,
      opsPerSample: 4,
      calls: 32,
    });
  });
});
