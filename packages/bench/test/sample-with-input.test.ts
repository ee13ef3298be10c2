// `sampleWithInput` gives every call its own input, made outside the timed part: slow inputs
// do not show in the samples, and a batched body gets a new input for each call of the batch.
import { describe, expect, it } from 'vitest';
import { sampleWithInput, timingOf } from '../src/timing.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

describe('sampleWithInput', () => {
  it('gives each call a new input and leaves the making of it out of the samples', async () => {
    let made = 0;
    const seen: number[] = [];
    const budget = { minCpuTimeMs: 0, warmupMs: 0, minSamples: 8, batchSamples: 16 };
    const samples = await sampleWithInput(
      (input: number) => {
        seen.push(input);
      },
      () => {
        spin(2); // far slower than the body: it would dominate any sample that timed it
        return made++;
      },
      budget,
      false,
    );
    const timing = timingOf(samples);
    expect(timing.opsPerSample).toBe(1);
    expect(timing.samples).toBeGreaterThanOrEqual(8);
    expect(timing.maxNsPerOp).toBeLessThan(1e6);
    // Every input reached the body once, in order (mitata's own warm-up calls included).
    expect(seen).toEqual(Array.from({ length: made }, (_, i) => i));
  });

  it('makes one input per call of a batch', async () => {
    const seen = new Set<number>();
    let made = 0;
    const budget = { minCpuTimeMs: 0, warmupMs: 0, minSamples: 4, batchSamples: 32 };
    const samples = await sampleWithInput(
      (input: number) => {
        seen.add(input);
      },
      () => made++,
      budget,
      true,
    );
    expect(samples.opsPerSample).toBe(32);
    expect(samples.calls).toBe(samples.nsPerOp.length * 32);
    expect(seen.size).toBe(made);
    expect(made).toBeGreaterThanOrEqual(samples.calls);
  });
});
