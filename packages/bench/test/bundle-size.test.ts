// The size check of `pnpm test`: the sigx bundles, built from dist/ by the module scenario 11
// uses, are at most 10% past their sizes in bundle-sizes.json. Needs `pnpm build` (pnpm test
// builds first); without a build it fails saying so.
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_ENTRIES,
  bundleSizes,
  compareWithRecord,
  CORE_BUNDLE,
  readRecord,
} from '../src/bundle-size.js';

describe('bundle sizes', () => {
  it('stay within 10% of their recorded gzip size', async () => {
    const sizes = await bundleSizes(BUNDLE_ENTRIES.filter((entry) => entry.sigx));
    const core = sizes.find((size) => size.name === CORE_BUNDLE);
    // What was measured is what ships: both packages' builds are in the core bundle.
    expect(core?.inputs.map((input) => input.file)).toEqual(
      expect.arrayContaining(['@sigx/core/dist/index.js', '@sigx/matcher/dist/index.js']),
    );
    const failures = compareWithRecord(sizes, readRecord());
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
