/**
 * Bundle sizes: what a browser user ships for `TopicMatcher` alone, for `SignalExchange` +
 * `Message`, and for the peer emitters, bundled by esbuild from the packages' builds. One
 * implementation for scenario 11, the size check in `pnpm test` (`test/bundle-size.test.ts`)
 * and `pnpm --filter @sigx/bench bundle-size:record`.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import type { BundleBytes } from './results.js';

/** The bench package's root (the same from `src/` under vitest and from `dist/`). */
const BENCH_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The committed record of the sigx bundles' sizes, read by the size check. */
export const RECORD_FILE: string = join(BENCH_ROOT, 'bundle-sizes.json');

/** The command that rewrites the record (it builds the packages first), as the check says. */
export const RECORD_COMMAND = 'pnpm --filter @sigx/bench bundle-size:record';

/** How far past its recorded gzip size a sigx bundle may grow before the check fails, in %. */
export const GROWTH_LIMIT_PERCENT = 10;

/** The gzip level of every figure (node:zlib). */
export const GZIP_LEVEL = 9;

/** The esbuild options of every bundle (besides the entry): what a browser build would use. */
const BUNDLE_OPTIONS = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: false,
  write: false,
  metafile: true,
  logLevel: 'silent',
  // esbuild's default conditions (browser, import, default, module): not `@sigx/source`, so
  // `@sigx/*` resolve to their dist/, as for a user. bundleSize checks it from the metafile.
} as const satisfies BuildOptions;

/** One bundle to measure: a small module that uses a package as a user minimally would. */
export interface BundleEntry {
  /** Its name in the report and its key in the record. */
  readonly name: string;
  /** One of ours: its size is recorded and checked. */
  readonly sigx: boolean;
  /** The module bundled: imports, constructs, one listener, one emit. */
  readonly source: string;
}

/** The bundle that the size ratios divide by. */
export const BASELINE_BUNDLE = 'EventEmitter2';

/** The `@sigx/core` bundle, whose size has a goal. */
export const CORE_BUNDLE = '@sigx/core: SignalExchange + Message';

/** The goal for the `@sigx/core` bundle (issue 13): bytes, minified and gzipped (25 kB). */
export const CORE_GOAL_GZIP_BYTES = 25_000;

/** Every bundle of the report, sigx first. */
export const BUNDLE_ENTRIES: readonly BundleEntry[] = [
  {
    name: '@sigx/matcher: TopicMatcher',
    sigx: true,
    source: [
      "import { TopicMatcher } from '@sigx/matcher';",
      'const matcher = new TopicMatcher();',
      "matcher.add('sensors/.*', 1);",
      "export const matched = matcher.match('sensors/dev-1/temp');",
    ].join('\n'),
  },
  {
    name: CORE_BUNDLE,
    sigx: true,
    source: [
      "import { Message, SignalExchange } from '@sigx/core';",
      'const exchange = new SignalExchange();',
      "exchange.subscribe({ topicPattern: 'sensors/.*', handler: (id, publisher, message) => message.value });",
      'export const published = exchange.publish({',
      '  publisher: null,',
      "  message: new Message({ publisherName: null, topic: 'sensors/dev-1/temp', value: 21 }),",
      '});',
    ].join('\n'),
  },
  {
    name: BASELINE_BUNDLE,
    sigx: false,
    source: [
      "import { EventEmitter2 } from 'eventemitter2';",
      "const emitter = new EventEmitter2({ wildcard: true, delimiter: '/' });",
      "emitter.on('sensors/*/temp', (value) => value);",
      "export const emitted = emitter.emitAsync('sensors/dev-1/temp', 21);",
    ].join('\n'),
  },
  {
    name: 'emittery',
    sigx: false,
    source: [
      "import Emittery from 'emittery';",
      'const emitter = new Emittery();',
      "emitter.on('sensors/dev-1/temp', (value) => value);",
      "export const emitted = emitter.emit('sensors/dev-1/temp', 21);",
    ].join('\n'),
  },
  {
    name: 'mitt',
    sigx: false,
    source: [
      "import mitt from 'mitt';",
      'const emitter = mitt();',
      "emitter.on('sensors/dev-1/temp', (value) => value);",
      "emitter.emit('sensors/dev-1/temp', 21);",
      'export { emitter };',
    ].join('\n'),
  },
];

/** One input file of a bundle. */
export interface BundleInput {
  /** The file, from its package's name: `regexp-tree/dist/parser/index.js`. */
  readonly file: string;
  /** The package it belongs to (`(entry)` for the entry module). */
  readonly packageName: string;
  /** Bytes it contributes to the minified bundle (before gzip). */
  readonly bytes: number;
}

/** A measured bundle. */
export interface BundleSize extends BundleBytes {
  /** The entry's name. */
  readonly name: string;
  /** One of ours (recorded and checked). */
  readonly sigx: boolean;
  /** Every input file, largest contribution first (esbuild's metafile). */
  readonly inputs: readonly BundleInput[];
  /**
   * Every original source, largest first: the bundle's characters attributed through its
   * source map, which esbuild composes with the inputs' own maps (so a package built into one
   * `dist/` file still shows its `src/` files). Approximate: characters, not bytes.
   */
  readonly sources: readonly BundleInput[];
}

/** The sigx packages the entries import, each of which must be built. */
const SIGX_PACKAGES = ['@sigx/matcher', '@sigx/core'] as const;

/**
 * The built entry of a package: the file its `exports['.'].default` names, which must exist.
 *
 * @param name - the package name, for the message.
 * @param directory - the package's directory.
 * @returns the absolute path of the entry.
 * @throws Error naming the missing file and saying to run `pnpm build`.
 */
export function builtEntryOf(name: string, directory: string): string {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
    exports?: { '.'?: { default?: string } };
  };
  const target = manifest.exports?.['.']?.default;
  if (target === undefined) throw new Error(`${name} has no default export in package.json`);
  const file = resolve(directory, target);
  if (!existsSync(file)) {
    throw new Error(
      `${name} is not built: ${relative(process.cwd(), file)} is missing. Run \`pnpm build\` first (pnpm test does).`,
    );
  }
  return file;
}

/**
 * Checks that the sigx packages the entries import are built: the bundles are of their
 * `dist/`, what ships.
 *
 * @throws Error naming the missing file and saying to run `pnpm build`.
 */
export function assertBuilt(): void {
  for (const name of SIGX_PACKAGES) {
    builtEntryOf(name, realpathSync(join(BENCH_ROOT, 'node_modules', name)));
  }
}

/** A package: its directory and name. */
interface Owner {
  readonly directory: string;
  readonly name: string;
}

/** The package a file belongs to: the nearest package.json with a name. */
function owningPackage(file: string, cache: Map<string, Owner>): Owner {
  let directory = dirname(file);
  const visited: string[] = [];
  for (;;) {
    const known = cache.get(directory);
    if (known !== undefined) {
      for (const path of visited) cache.set(path, known);
      return known;
    }
    visited.push(directory);
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name !== undefined) {
        const found = { directory, name };
        for (const path of visited) cache.set(path, found);
        return found;
      }
    }
    const parent = dirname(directory);
    if (parent === directory) return { directory, name: '(unknown)' };
    directory = parent;
  }
}

/**
 * Bundles one entry with esbuild and measures it.
 *
 * @param entry - the module to bundle.
 * @returns its minified and gzip bytes, its inputs and its sources.
 * @throws Error when a sigx package is not built, or when esbuild bundled a sigx file from
 * outside its `dist/` (its sources).
 */
export async function bundleSize(entry: BundleEntry): Promise<BundleSize> {
  if (entry.sigx) assertBuilt();
  const sourcefile = 'bundle-entry.js';
  const stdin = {
    contents: entry.source,
    resolveDir: BENCH_ROOT,
    sourcefile,
    loader: 'js' as const,
  };
  const result = await build({ ...BUNDLE_OPTIONS, absWorkingDir: BENCH_ROOT, stdin });
  const output = result.outputFiles[0];
  const meta = Object.values(result.metafile.outputs)[0];
  if (output === undefined || meta === undefined) throw new Error(`${entry.name}: no output`);
  const cache = new Map<string, Owner>();
  const describe = (path: string, bytes: number): BundleInput => {
    if (path === sourcefile || path === '<stdin>') {
      return { file: sourcefile, packageName: '(entry)', bytes };
    }
    const absolute = resolve(BENCH_ROOT, path);
    const owner = owningPackage(absolute, cache);
    const inside = relative(owner.directory, absolute).split(sep).join('/');
    return { file: `${owner.name}/${inside}`, packageName: owner.name, bytes };
  };
  const inputs = Object.entries(meta.inputs)
    .map(([path, { bytesInOutput }]) => describe(path, bytesInOutput))
    .sort((a, b) => b.bytes - a.bytes);
  for (const input of inputs) {
    if (
      input.packageName.startsWith('@sigx/') &&
      !input.file.startsWith(`${input.packageName}/dist/`)
    ) {
      throw new Error(
        `${entry.name}: esbuild bundled ${input.file}, not the package's build (dist/); the bundle must measure what ships`,
      );
    }
  }
  // The same build with a source map, only to attribute the bytes to original sources.
  const mapped = await build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: BENCH_ROOT,
    stdin,
    sourcemap: 'external',
    outfile: join(BENCH_ROOT, 'bundle.js'),
  });
  const code = mapped.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = mapped.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (code === undefined || map === undefined) throw new Error(`${entry.name}: no source map`);
  const { sources, mappings } = JSON.parse(map.text) as { sources: string[]; mappings: string };
  const sourceSizes = charactersBySource(code.text, mappings)
    .map((characters, index) => describe(sources[index] ?? '(unmapped)', characters))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    name: entry.name,
    sigx: entry.sigx,
    minifiedBytes: output.contents.byteLength,
    gzipBytes: gzipSync(output.contents, { level: GZIP_LEVEL }).byteLength,
    inputs,
    sources: sourceSizes,
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one source-map segment (base64 VLQ: 5 bits a digit, sign in the lowest bit). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const character of segment) {
    const digit = BASE64.indexOf(character);
    if (digit < 0) throw new Error(`not a source-map digit: ${character}`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * How many characters of generated code each source of a source map accounts for: a mapped
 * segment runs to the next segment or the end of its line.
 *
 * @param code - the generated code.
 * @param mappings - the map's `mappings`.
 * @returns characters per source index (unmapped characters are not counted).
 * @throws Error on a malformed mapping.
 */
export function charactersBySource(code: string, mappings: string): number[] {
  const lines = code.split('\n');
  const counts: number[] = [];
  let source = 0;
  mappings.split(';').forEach((line, lineIndex) => {
    const length = lines[lineIndex]?.length ?? 0;
    let column = 0;
    let pending: { column: number; source: number | undefined } | undefined;
    const close = (end: number): void => {
      if (pending?.source !== undefined) {
        counts[pending.source] = (counts[pending.source] ?? 0) + (end - pending.column);
      }
    };
    for (const segment of line === '' ? [] : line.split(',')) {
      const [columnDelta = 0, sourceDelta] = decodeSegment(segment);
      column += columnDelta;
      close(column);
      // The other fields (line, column, name) are cumulative too but not needed here.
      if (sourceDelta !== undefined) source += sourceDelta;
      pending = { column, source: sourceDelta === undefined ? undefined : source };
    }
    close(length);
  });
  return Array.from({ length: counts.length }, (_, index) => counts[index] ?? 0);
}

/**
 * Measures bundles, one after the other.
 *
 * @param entries - which. @default BUNDLE_ENTRIES
 * @returns their sizes, in the same order.
 */
export async function bundleSizes(
  entries: readonly BundleEntry[] = BUNDLE_ENTRIES,
): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const entry of entries) sizes.push(await bundleSize(entry));
  return sizes;
}

/**
 * The bytes each package contributes to a bundle, largest first.
 *
 * @param size - a measured bundle.
 * @returns package name and minified bytes.
 */
export function bytesByPackage(size: BundleSize): { packageName: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const input of size.inputs) {
    totals.set(input.packageName, (totals.get(input.packageName) ?? 0) + input.bytes);
  }
  return [...totals]
    .map(([packageName, bytes]) => ({ packageName, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

/** The committed record: the sigx bundles' sizes when they were last recorded. */
export interface BundleRecord {
  /** esbuild's version when recorded (its minifier changes sizes too). */
  readonly esbuild: string;
  /** Per bundle name. */
  readonly bundles: Readonly<Record<string, BundleBytes>>;
}

/**
 * Reads the committed record.
 *
 * @param file - where. @default RECORD_FILE
 * @returns the record.
 * @throws Error when the file is missing or malformed.
 */
export function readRecord(file: string = RECORD_FILE): BundleRecord {
  if (!existsSync(file)) throw new Error(`no bundle-size record at ${file}: run ${RECORD_COMMAND}`);
  const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<BundleRecord>;
  if (typeof record.esbuild !== 'string' || typeof record.bundles !== 'object') {
    throw new Error(`${file} is not a bundle-size record: run ${RECORD_COMMAND}`);
  }
  return { esbuild: record.esbuild, bundles: record.bundles };
}

/**
 * The record of measured bundles (the sigx ones), as the JSON text to commit.
 *
 * @param sizes - measured bundles.
 * @returns the file's content.
 */
export function recordOf(sizes: readonly BundleSize[]): string {
  const bundles: Record<string, BundleBytes> = {};
  for (const size of sizes) {
    if (size.sigx)
      bundles[size.name] = { minifiedBytes: size.minifiedBytes, gzipBytes: size.gzipBytes };
  }
  const record: BundleRecord & { about: string } = {
    about: `Bytes of the sigx bundles (esbuild, minified; gzip -${GZIP_LEVEL}), as benchmarks/README.md#bundle-size describes. test/bundle-size.test.ts fails when one grows more than ${GROWTH_LIMIT_PERCENT}% past its gzipBytes here. Rewrite with: ${RECORD_COMMAND}`,
    esbuild: esbuildVersion,
    bundles,
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * The largest gzip size a bundle may have against its record: `GROWTH_LIMIT_PERCENT` more.
 *
 * @param recordedGzipBytes - its recorded gzip bytes.
 * @returns the most bytes that still pass.
 */
export function gzipLimit(recordedGzipBytes: number): number {
  // Integer arithmetic: 110% of an integer, rounded down, with no 1.1 rounding error.
  return Math.floor((recordedGzipBytes * (100 + GROWTH_LIMIT_PERCENT)) / 100);
}

/**
 * Compares measured sigx bundles with the record.
 *
 * @param sizes - measured bundles (those not `sigx` are ignored).
 * @param record - the committed record.
 * @returns one message per sigx bundle that grew past its limit or has no record; none when
 * all pass.
 */
export function compareWithRecord(
  sizes: readonly Pick<BundleSize, 'name' | 'sigx' | 'gzipBytes'>[],
  record: BundleRecord,
): string[] {
  const failures: string[] = [];
  const bytes = (count: number): string => `${count.toLocaleString('en-US')} B`;
  const versions =
    record.esbuild === esbuildVersion
      ? ''
      : ` (recorded with esbuild ${record.esbuild}, measured with ${esbuildVersion})`;
  for (const size of sizes) {
    if (!size.sigx) continue;
    const recorded = record.bundles[size.name];
    if (recorded === undefined) {
      failures.push(
        `${size.name}: no recorded size in ${relative(process.cwd(), RECORD_FILE)} (now ${bytes(size.gzipBytes)} min+gz). Record it with \`${RECORD_COMMAND}\` and commit the file.`,
      );
      continue;
    }
    const limit = gzipLimit(recorded.gzipBytes);
    if (size.gzipBytes > limit) {
      failures.push(
        `${size.name}: ${bytes(size.gzipBytes)} min+gz, more than ${GROWTH_LIMIT_PERCENT}% past its recorded ${bytes(recorded.gzipBytes)} (limit ${bytes(limit)})${versions}. ` +
          `If the growth is deliberate, record the new sizes with \`${RECORD_COMMAND}\` and commit ${relative(process.cwd(), RECORD_FILE)}.`,
      );
    }
  }
  return failures;
}
