// The comparison behind the size check fails a sigx bundle more than 10% past its recorded
// gzip size, or without a record, with a message that names it, both sizes and the command
// that records new sizes; so the check cannot pass silently.
import { describe, expect, it } from 'vitest';
import { compareWithRecord, gzipLimit, RECORD_COMMAND } from '../src/bundle-size.js';

const record = {
  esbuild: '0.0.0',
  bundles: { '@sigx/core: test': { minifiedBytes: 40_000, gzipBytes: 10_000 } },
};
const core = (gzipBytes: number) => [{ name: '@sigx/core: test', sigx: true, gzipBytes }];

describe('compareWithRecord', () => {
  it('passes up to 110% of the recorded size, and below it', () => {
    expect(gzipLimit(10_000)).toBe(11_000);
    expect(compareWithRecord(core(11_000), record)).toEqual([]);
    expect(compareWithRecord(core(5_000), record)).toEqual([]);
  });

  it('fails one byte above 110%, naming the bundle, both sizes and how to record', () => {
    const [failure, ...others] = compareWithRecord(core(11_001), record);
    expect(others).toEqual([]);
    expect(failure).toContain('@sigx/core: test');
    expect(failure).toContain('11,001 B');
    expect(failure).toContain('10,000 B');
    expect(failure).toContain(RECORD_COMMAND);
  });

  it('fails a sigx bundle that has no record, and ignores the peers', () => {
    const sizes = [
      { name: '@sigx/matcher: new', sigx: true, gzipBytes: 1 },
      { name: 'EventEmitter2', sigx: false, gzipBytes: 1_000_000 },
    ];
    const failures = compareWithRecord(sizes, record);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^@sigx\/matcher: new: no recorded size/);
  });
});
