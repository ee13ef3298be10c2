/** The report: charts, Markdown and JSON, written to `benchmarks/results/`. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lineChart, type ChartSeries } from './chart.js';
import { formatBytes, formatCount, formatRate } from './format.js';
import type { MeasuredScenario, Report, ScenarioResult } from './results.js';
import { markdownTable, plural } from './table.js';
import { NO_WORSE_FRACTION, targetsOf } from './targets.js';

/** `benchmarks/` of the repository (the same from `src/` and from `dist/`). */
const BENCHMARKS = fileURLToPath(new URL('../../../benchmarks/', import.meta.url));

/** The method and how to read the report. */
const README = join(BENCHMARKS, 'README.md');

/** The committed CPU profiles (`pnpm bench:profile`). */
const PROFILES = join(BENCHMARKS, 'results', 'profiles.md');

/**
 * A Markdown link target from the report's directory to a file, so the links resolve wherever
 * the report is written (`results/`, `results/quick/`, `--out <dir>`).
 * @param directory - where the report is.
 * @param file - an absolute path.
 * @returns the relative path, with `/` separators.
 */
export function linkFrom(directory: string, file: string): string {
  return relative(resolve(directory), file).split(sep).join('/');
}

/** A chart file: its name (relative to the report) and content. */
export interface ChartFile {
  readonly file: string;
  readonly svg: string;
}

/**
 * The charts of a scenario: one per series, a line per contender, against the size. A quick
 * run's charts say so in their title and subtitle, since they travel without the report.
 * @param result - the scenario.
 * @param mode - the run's mode. @default 'full'
 * @returns the chart files (none for bundle sizes, which have no size axis).
 */
export function chartsOf(result: MeasuredScenario, mode: Report['mode'] = 'full'): ChartFile[] {
  if (result.metric === 'bundle-size') return [];
  const throughput = result.metric === 'throughput';
  const quick = mode === 'quick';
  const seriesNames = [...new Set(result.rows.map((row) => row.series))];
  return seriesNames.flatMap((seriesName) => {
    const rows = result.rows.filter((row) => row.series === seriesName);
    const contenders = [...new Set(rows.map((row) => row.contender))];
    const series: ChartSeries[] = contenders.map((name) => ({
      name,
      points: rows
        .filter((row) => row.contender === name)
        .map(
          (row) =>
            [
              row.size,
              (throughput ? row.timing?.opsPerSec : row.bytesPerSubscription) ?? 0,
            ] as const,
        )
        .sort((a, b) => a[0] - b[0]),
    }));
    const sizes = new Set(rows.map((row) => row.size));
    if (sizes.size < 2) return [];
    // Series names may hold spaces: a file name for a Markdown link may not.
    const slug = seriesName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const file = `charts/${result.id}${seriesName === '' ? '' : `-${slug}`}.svg`;
    const measure = throughput
      ? `${plural(result.operation)} per second (higher is better)`
      : 'heap bytes per subscription (lower is better)';
    const svg = lineChart({
      title: `${result.title}${seriesName === '' ? '' : ` — ${seriesName}`}${quick ? ' (quick run)' : ''}`,
      subtitle: quick ? `quick run, small and short: not comparable · ${measure}` : measure,
      xLabel: result.sizeLabel,
      yLabel: throughput ? `${plural(result.operation)}/s` : 'bytes per subscription',
      series,
      formatY: throughput ? formatRate : formatBytes,
      formatTick: throughput
        ? formatCount
        : (bytes) => (bytes >= 1000 ? `${bytes / 1000} kB` : `${bytes} B`),
    });
    return [{ file, svg }];
  });
}

/**
 * The Markdown report.
 * @param report - the results.
 * @param directory - where it is written: its links are relative to it.
 * @returns the Markdown document.
 */
export function markdownReport(report: Report, directory: string): string {
  const { machine } = report;
  const quick = report.mode === 'quick';
  const readme = linkFrom(directory, README);
  const lines: string[] = [];
  const minutes = (report.seconds / 60).toFixed(1);
  lines.push(
    `# sigx benchmark report${quick ? ' (quick run)' : ''}`,
    '',
    ...(quick
      ? [
          "> **Quick run**: small sizes and short timings, for smoke-testing only. Its figures are not comparable with a full run's (nor between quick runs): do not quote them. Targets at sizes it does not reach are `not measured`. The committed figures come from `pnpm bench`.",
          '',
        ]
      : []),
    `Written by \`pnpm bench${quick ? ' --quick' : ''}\` on ${report.date} (${report.mode} run, seed ${report.seed}, ${minutes} min). ` +
      `The method, and how to read the ratios, are in [\`benchmarks/README.md\`](${readme}).`,
    '',
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB, ${machine.os}`,
    `- **Runtime:** Node ${machine.node} (V8 ${machine.v8})`,
    `- **Versions:** ${Object.entries(report.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    '- **Cross-checks:** every scenario that compares matches first checked that all contenders return the same subscriptions on a sample of topics; all passed, or there would be no report.',
    "- **Times:** the time per operation is the mean of all of a row's timed samples, none trimmed; p50 and p99 are nearest-rank percentiles of the same samples. Each scenario says how many operations a sample times.",
    '',
    '## Headlines',
    '',
    ...report.scenarios.map(
      (scenario, index) => `${index + 1}. **${scenario.title}.** ${scenario.headline}`,
    ),
    '',
    ...targetsSection(report, directory),
  );
  report.scenarios.forEach((scenario, index) => {
    lines.push(
      `## ${index + 1}. ${scenario.title}`,
      '',
      scenario.question,
      '',
      `**${scenario.headline}**`,
      '',
      ...scenario.charts.map((chart) => `![${scenario.title}](${chart})\n`),
      markdownTable(scenario),
      '',
      ratiosSentence(scenario),
      '',
      ...timesSentence(scenario),
      crossCheckSentence(scenario),
      '',
      ...scenario.notes.map((note) => `- ${note}`),
      '',
    );
  });
  return lines.join('\n');
}

/** How to read the ratio columns of a scenario's table. */
function ratiosSentence(scenario: ScenarioResult): string {
  if (scenario.metric === 'bundle-size') {
    return `Ratios: \`min+gz × ${scenario.baseline}\` is the bundle's gzip bytes over ${scenario.baseline}'s (below 1: smaller).`;
  }
  const throughput = scenario.metric === 'throughput';
  return (
    `Ratios: \`× ${scenario.baseline}\` is the contender ${throughput ? 'throughput' : 'bytes'} over ${scenario.baseline}'s at the same size; ` +
    `\`${scenario.subject} ÷ this\` is ${scenario.subject}'s over the contender's (${throughput ? 'above 1: sigx is faster' : 'below 1: sigx is smaller'}).`
  );
}

/** What the time columns of a scenario are over: the samples and the operations in each. */
function timesSentence(scenario: ScenarioResult): string[] {
  const timings = scenario.rows.flatMap((row) => (row.timing === null ? [] : [row.timing]));
  if (timings.length === 0) return [];
  const op = scenario.operation;
  const count = (n: number): string => n.toLocaleString('en-US');
  const range = (values: readonly number[]): string => {
    const [low, high] = [Math.min(...values), Math.max(...values)];
    return low === high ? count(low) : `${count(low)} to ${count(high)}`;
  };
  const sampled = timings.filter((timing) => timing.samples > 1);
  const single = timings.length - sampled.length;
  if (sampled.length === 0) {
    return [
      `Times: each row is one timed run, so \`time/${op}\` is its time over its ${plural(op)} and there are no percentiles.`,
      '',
    ];
  }
  const perSample = sampled.map((timing) => timing.opsPerSample);
  const batched = Math.max(...perSample) > 1;
  return [
    `Times: \`time/${op}\` is the mean of all of a row's samples (${range(sampled.map((timing) => timing.samples))} per row, none trimmed); p50 and p99 are nearest-rank percentiles of the same samples, so min ≤ p50 ≤ p99 ≤ max, and below 100 samples the p99 is the slowest sample. ` +
      `The mean can still exceed the p99 when fewer than 1% of the samples are very slow (a GC pause, the machine's other work): it is total time over ${plural(op)}. ` +
      `A sample times ${range(perSample)} ${batched ? `${plural(op)} together, so the percentiles are of a sample's time per ${op}, not of single ${plural(op)}` : op}.` +
      (single > 0 ? ` Rows of one long run (one sample) show no percentiles.` : ''),
    '',
  ];
}

/** What was cross-checked before timing, or that the scenario has no cross-check. */
function crossCheckSentence(scenario: ScenarioResult): string {
  const took = `Took ${scenario.seconds.toFixed(0)} s.`;
  if (scenario.crossChecks.length === 0)
    return `No cross-check in this scenario (see the notes). ${took}`;
  const checked = scenario.crossChecks.reduce((sum, check) => sum + check.topics, 0);
  return (
    `Cross-checked before timing: ${scenario.crossChecks.length} ${scenario.crossChecks.length === 1 ? 'check' : 'checks'}, ${checked.toLocaleString('en-US')} topics, ` +
    `implementations ${[...new Set(scenario.crossChecks.flatMap((check) => check.implementations))].join(', ')}; all agreed. ${took}`
  );
}

/** The targets as a table: every one, `not measured` where the run lacks its rows. */
function targetsSection(report: Report, directory: string): string[] {
  const targets = targetsOf(report);
  return [
    '## Targets',
    '',
    `The targets: 1 to 11 are issue 15's, 12 to 14 the targets of issue 5 that still stand, 15 is issue 13's bundle-size goal, and 16 to 19 are issue 16's. Each performance target is a ratio measured in this run, except 10, which compares this run's ratios with those of the committed report from before issue 15 (commit 4e71bc1, recorded in \`packages/bench/baseline.json\`): no worse means at least ${NO_WORSE_FRACTION} × the baseline's ratio, since ratios move by 10–30% between runs on the reference machine. How each is measured is in [\`benchmarks/README.md\`](${linkFrom(directory, README)}#targets); where the time goes, in [\`profiles.md\`](${linkFrom(directory, PROFILES)}) (\`pnpm bench:profile\`). \`not measured\`: this run did not produce the rows the target reads (a quick run's sizes, or a scenario left out by \`--only\`).`,
    '',
    '| # | issue | measure | target | measured | |',
    '| ---: | --- | --- | --- | --- | --- |',
    ...targets.map(
      (line) =>
        `| ${line.id} | ${line.issue} | ${line.measure} | ${line.target} | ${line.measured} | ${line.status} |`,
    ),
    '',
  ];
}

/**
 * Writes report.md, report.json and the charts to a directory (old charts removed).
 * @param directory - where.
 * @param report - the results.
 * @param charts - the chart files.
 */
export async function writeReport(
  directory: string,
  report: Report,
  charts: readonly ChartFile[],
): Promise<void> {
  await rm(join(directory, 'charts'), { recursive: true, force: true });
  await mkdir(join(directory, 'charts'), { recursive: true });
  for (const chart of charts) await writeFile(join(directory, chart.file), chart.svg);
  await writeFile(join(directory, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(directory, 'report.md'), markdownReport(report, directory));
}
