/**
 * `pnpm bench`: runs every scenario (each cross-checks, then measures), prints a table per
 * scenario under its header (progress and tables all on stdout, in order) and writes the report
 * to `benchmarks/results/` (quick and partial runs to `benchmarks/results/quick/`, which git
 * ignores, so they never overwrite the committed report).
 *
 * Options: `--quick` (small sizes, short timings, under a minute), `--only 1,6` (some
 * scenarios), `--out <dir>`, `--seed <n>`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CrossCheckError } from './cross-check.js';
import { describeMachine, packageVersion } from './machine.js';
import { writeReport } from './report.js';
import type { Report } from './results.js';
import { runScenarios } from './runner.js';
import type { Scenario } from './scenario.js';
import { distinctTopics } from './scenarios/01-distinct-topics.js';
import { hotTopics } from './scenarios/02-hot-topics.js';
import { scaling } from './scenarios/03-scaling.js';
import { regexRich } from './scenarios/04-regex-rich.js';
import { addRate } from './scenarios/05-add-rate.js';
import { churn } from './scenarios/06-churn.js';
import { publish } from './scenarios/07-publish.js';
import { memory } from './scenarios/08-memory.js';
import { crossProcess } from './scenarios/09-cross-process.js';
import { hostileInput } from './scenarios/10-hostile-input.js';
import { bundles } from './scenarios/11-bundle-size.js';
import { million } from './scenarios/12-million.js';
import { groupsAndRetained } from './scenarios/13-groups-and-retained.js';
import { typeChecking } from './scenarios/14-type-checking.js';
import { codecs } from './scenarios/15-codecs.js';

const SCENARIOS: readonly Scenario[] = [
  distinctTopics,
  hotTopics,
  scaling,
  regexRich,
  addRate,
  churn,
  publish,
  memory,
  crossProcess,
  hostileInput,
  bundles,
  million,
  groupsAndRetained,
  typeChecking,
  codecs,
];

/** The harness must measure what ships: `@sigx/*` resolved to their build, not their sources. */
function assertBuiltPackages(): void {
  for (const name of ['@sigx/matcher', '@sigx/core', '@sigx/redis', '@sigx/nats']) {
    const resolved = import.meta.resolve(name);
    if (!resolved.includes('/dist/')) {
      throw new Error(
        `${name} resolves to ${resolved}, not to its build: run the bench with plain node, without the @sigx/source condition`,
      );
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string', default: '20240601' },
    },
  });
  assertBuiltPackages();
  const quick = values.quick;
  const only = values.only?.split(',').map((part) => part.trim());
  const selected =
    only === undefined
      ? SCENARIOS
      : SCENARIOS.filter((scenario) =>
          only.some(
            (part) => scenario.id === part || scenario.id.startsWith(part.padStart(2, '0')),
          ),
        );
  if (selected.length === 0) throw new Error(`--only ${values.only} selects no scenario`);
  const complete = !quick && selected.length === SCENARIOS.length;
  const results = fileURLToPath(new URL('../../../benchmarks/results/', import.meta.url));
  const outDirectory = values.out ?? (complete ? results : `${results}quick/`);
  const seed = Number(values.seed);
  if ((globalThis as { gc?: unknown }).gc === undefined) {
    console.error(
      'note: run with node --expose-gc so that mitata collects garbage between measurements',
    );
  }

  const settings = {
    quick,
    seed,
    budget: quick
      ? { minCpuTimeMs: 12, warmupMs: 5, minSamples: 4, batchSamples: 128 }
      : { minCpuTimeMs: 400, warmupMs: 60, minSamples: 12, batchSamples: 1024 },
  };
  const machine = describeMachine();
  console.log(
    `sigx bench (${quick ? 'quick' : 'full'}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`,
  );
  const started = performance.now();
  const { scenarios, charts } = await runScenarios(selected, settings, (text) => console.log(text));

  const versions: Record<string, string> = {};
  for (const name of [
    '@sigx/matcher',
    '@sigx/core',
    '@sigx/redis',
    'ioredis',
    '@sigx/nats',
    '@nats-io/transport-node',
    'qlobber',
    'eventemitter2',
    'emittery',
    'mitt',
    'lru-cache',
    'mitata',
    'esbuild',
    'msgpackr',
    'devalue',
  ]) {
    versions[name] = packageVersion(name);
  }
  const report: Report = {
    schema: 2,
    mode: quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    machine,
    versions,
    seed,
    seconds: (performance.now() - started) / 1000,
    scenarios,
  };
  await writeReport(outDirectory, report, charts);
  console.log(`\nreport: ${join(outDirectory, 'report.md')} (${report.seconds.toFixed(0)} s)`);
}

try {
  await main();
} catch (error) {
  if (error instanceof CrossCheckError) {
    console.error(
      `\n✖ CROSS-CHECK FAILED — no numbers are reported for implementations that disagree.\n${error.message}`,
    );
    console.error(
      `  expected: [${error.expected.join(', ')}]\n  actual:   [${error.actual.join(', ')}]`,
    );
  } else {
    console.error('\n✖ bench failed:', error);
  }
  process.exitCode = 1;
}
