import { version as esbuildVersion } from 'esbuild';
import {
  BASELINE_BUNDLE,
  BUNDLE_ENTRIES,
  bundleSizes,
  bytesByPackage,
  CORE_BUNDLE,
  CORE_GOAL_GZIP_BYTES,
  GROWTH_LIMIT_PERCENT,
  GZIP_LEVEL,
  gzipLimit,
  readRecord,
  type BundleInput,
  type BundleSize,
} from '../bundle-size.js';
import { formatKilobytes, formatPercent } from '../format.js';
import { scenarioResult, type Row } from '../results.js';
import type { Scenario } from '../scenario.js';

/** How many of the core bundle's largest input files and sources the notes list. */
const LARGEST = 8;

/** 11. What a browser user ships: bundle sizes next to the peer emitters. */
export const bundles: Scenario = {
  id: '11-bundle-size',
  title: 'Bundle size',
  question:
    'How many bytes does a browser user ship for `TopicMatcher` alone, and for `SignalExchange` ' +
    '+ `Message` (with the matcher), bundled and minified by esbuild from the built packages, ' +
    'next to EventEmitter2, emittery and mitt used the same minimal way?',
  async run(context) {
    context.log(`  bundling ${BUNDLE_ENTRIES.length} entries with esbuild ${esbuildVersion}`);
    const sizes = await bundleSizes();
    // The record is what the size check compares with; a missing one is not this report's
    // failure (the check says so), so the row just goes without the fact.
    let recorded: ReturnType<typeof readRecord>['bundles'] = {};
    try {
      recorded = readRecord().bundles;
    } catch {
      // no record yet
    }
    const rows: Row[] = sizes.map((size) => {
      const record = recorded[size.name];
      return {
        series: '',
        contender: size.name,
        size: 0,
        timing: null,
        bytesPerSubscription: null,
        bundle: { minifiedBytes: size.minifiedBytes, gzipBytes: size.gzipBytes },
        facts: {
          'largest source': size.sources[0]?.file ?? '–',
          ...(record === undefined
            ? {}
            : {
                recorded: `${record.gzipBytes.toLocaleString('en-US')} B min+gz, check fails above ${gzipLimit(record.gzipBytes).toLocaleString('en-US')} B`,
              }),
        },
      };
    });
    const core = sizes.find((size) => size.name === CORE_BUNDLE)!;
    const matcher = sizes.find((size) => size.name !== CORE_BUNDLE && size.sigx)!;
    const baseline = sizes.find((size) => size.name === BASELINE_BUNDLE)!;
    return scenarioResult(this, {
      metric: 'bundle-size',
      operation: 'bundle',
      sizeLabel: '',
      subject: CORE_BUNDLE,
      baseline: BASELINE_BUNDLE,
      rows,
      notes: [
        `Each bundle is one small module (import, construct, one listener, one emit or publish, its result exported so that nothing is shaken off), bundled by esbuild ${esbuildVersion} (\`bundle\`, \`minify\`, \`format: 'esm'\`, \`platform: 'browser'\`, \`target: 'es2022'\`, no sourcemap); min+gz is that output through node:zlib gzip at level ${GZIP_LEVEL}. kB are 1 000 bytes.`,
        "`@sigx/*` resolve to their build (`dist/`, what ships) through esbuild's default conditions, never the `@sigx/source` one; the bench fails if the metafile shows a sigx file from outside `dist/`, or a package that is not built.",
        `Goal for \`@sigx/core\` (with the matcher): at most ${formatKilobytes(CORE_GOAL_GZIP_BYTES)} min+gz (the Targets table). \`pnpm test\` fails when a sigx bundle grows more than ${GROWTH_LIMIT_PERCENT}% past its size in \`packages/bench/bundle-sizes.json\` (the "recorded" fact).`,
        `What holds up the \`@sigx/core\` bundle, by package (esbuild's metafile: minified bytes each contributes, before gzip): ${breakdown(core)}. Its input files: ${listLargest(core.inputs)}.`,
        `Its largest original sources (the bundle's source map, composed with the packages' own, so a package built into one \`dist/\` file still shows its files; characters of minified code): ${listLargest(core.sources)}.`,
      ],
      headlineOf: (_, ratio) =>
        `\`SignalExchange\` + \`Message\` (with the matcher) bundle to ${formatKilobytes(core.minifiedBytes)} minified, ${formatKilobytes(core.gzipBytes)} min+gz ` +
        `(${ratio(CORE_BUNDLE, BASELINE_BUNDLE, 0)} EventEmitter2's ${formatKilobytes(baseline.gzipBytes)}; goal ≤ ${formatKilobytes(CORE_GOAL_GZIP_BYTES)}, ${core.gzipBytes <= CORE_GOAL_GZIP_BYTES ? 'met' : 'missed'}); ` +
        `\`TopicMatcher\` alone ${formatKilobytes(matcher.gzipBytes)} min+gz. The largest part is ${largestPart(core)}.`,
    });
  },
};

/** `regexp-tree 81.2 kB (65.0%), ...`: each package's share of a bundle's minified bytes. */
function breakdown(size: BundleSize): string {
  return bytesByPackage(size)
    .map(
      ({ packageName, bytes }) =>
        `${packageName} ${formatKilobytes(bytes)} (${formatPercent(bytes / size.minifiedBytes)})`,
    )
    .join(', ');
}

/** The first {@link LARGEST} files of a list (largest first), each with its kB. */
function listLargest(files: readonly BundleInput[]): string {
  return files
    .slice(0, LARGEST)
    .map((input) => `\`${input.file}\` ${formatKilobytes(input.bytes)}`)
    .join(', ');
}

function largestPart(size: BundleSize): string {
  const [largest] = bytesByPackage(size);
  if (largest === undefined) return 'nothing';
  return `${largest.packageName}, ${formatPercent(largest.bytes / size.minifiedBytes)} of the minified bytes`;
}
