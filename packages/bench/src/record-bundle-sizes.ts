/**
 * `pnpm --filter @sigx/bench bundle-size:record`: measures the sigx bundles (as the size check
 * and scenario 11 do) and rewrites `packages/bench/bundle-sizes.json`, the record the size check
 * in `pnpm test` compares with. Run it deliberately, after `pnpm build`, when a size change is
 * meant (the script itself builds first), and commit the file with the change.
 */
import { writeFileSync } from 'node:fs';
import { BUNDLE_ENTRIES, bundleSizes, readRecord, RECORD_FILE, recordOf } from './bundle-size.js';

const sizes = await bundleSizes(BUNDLE_ENTRIES.filter((entry) => entry.sigx));
let previous: ReturnType<typeof readRecord>['bundles'] = {};
try {
  previous = readRecord().bundles;
} catch {
  // first record
}
writeFileSync(RECORD_FILE, recordOf(sizes));
for (const size of sizes) {
  const before = previous[size.name];
  const change =
    before === undefined
      ? 'new'
      : `was ${before.gzipBytes.toLocaleString('en-US')} B (${(((size.gzipBytes - before.gzipBytes) / before.gzipBytes) * 100).toFixed(1)}%)`;
  console.log(
    `${size.name}: ${size.minifiedBytes.toLocaleString('en-US')} B minified, ${size.gzipBytes.toLocaleString('en-US')} B min+gz (${change})`,
  );
}
console.log(`recorded in ${RECORD_FILE}`);
