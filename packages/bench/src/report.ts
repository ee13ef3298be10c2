/** The report: charts, Markdown and JSON, written to `benchmarks/results/`. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineChart, type ChartSeries } from './chart.js';
import { formatBytes, formatCount, formatRate } from './format.js';
import type { MeasuredScenario, Report } from './results.js';
import { markdownTable, plural } from './table.js';
import { targetsOf } from './targets.js';

/** A chart file: its name (relative to the report) and content. */
export interface ChartFile {
  readonly file: string;
  readonly svg: string;
}

/**
 * The charts of a scenario: one per series, a line per contender, against the size.
 * @returns the chart files.
 */
export function chartsOf(result: MeasuredScenario): ChartFile[] {
  const throughput = result.metric === 'throughput';
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
    const svg = lineChart({
      title: `${result.title}${seriesName === '' ? '' : ` — ${seriesName}`}`,
      subtitle: throughput
        ? `${plural(result.operation)} per second (higher is better)`
        : 'heap bytes per subscription (lower is better)',
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
 * @returns the Markdown document.
 */
export function markdownReport(report: Report): string {
  const { machine } = report;
  const lines: string[] = [];
  const minutes = (report.seconds / 60).toFixed(1);
  lines.push(
    '# sigx benchmark report',
    '',
    `Written by \`pnpm bench${report.mode === 'quick' ? ' --quick' : ''}\` on ${report.date} (${report.mode} run, seed ${report.seed}, ${minutes} min). ` +
      'The method, and how to read the ratios, are in [`benchmarks/README.md`](../README.md)' +
      (report.mode === 'quick'
        ? '. **Quick run: small sizes and short timings, for smoke-testing only; do not quote these numbers.**'
        : '.'),
    '',
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB, ${machine.os}`,
    `- **Runtime:** Node ${machine.node} (V8 ${machine.v8})`,
    `- **Versions:** ${Object.entries(report.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    '- **Cross-checks:** every scenario first checked that all contenders return the same subscriptions on a sample of topics; all passed, or there would be no report.',
    '',
    '## Headlines',
    '',
    ...report.scenarios.map(
      (scenario, index) => `${index + 1}. **${scenario.title}.** ${scenario.headline}`,
    ),
    '',
    ...targetsSection(report),
  );
  report.scenarios.forEach((scenario, index) => {
    const checked = scenario.crossChecks.reduce((sum, check) => sum + check.topics, 0);
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
      `Ratios: \`× ${scenario.baseline}\` is the contender ${scenario.metric === 'throughput' ? 'throughput' : 'bytes'} over ${scenario.baseline}'s at the same size; ` +
        `\`${scenario.subject} ÷ this\` is ${scenario.subject}'s over the contender's (${scenario.metric === 'throughput' ? 'above 1: sigx is faster' : 'below 1: sigx is smaller'}).`,
      '',
      `Cross-checked before timing: ${scenario.crossChecks.length} checks, ${checked.toLocaleString('en-US')} topics, ` +
        `implementations ${[...new Set(scenario.crossChecks.flatMap((check) => check.implementations))].join(', ')}; all agreed. Took ${scenario.seconds.toFixed(0)} s.`,
      '',
      ...scenario.notes.map((note) => `- ${note}`),
      '',
    );
  });
  return lines.join('\n');
}

/** The performance targets as a table, when the report has any of their scenarios. */
function targetsSection(report: Report): string[] {
  const targets = targetsOf(report);
  if (targets.length === 0) return [];
  return [
    '## Targets',
    '',
    'The performance targets (issue 5), each a ratio measured in this run. Where one is missed, [`profiles.md`](profiles.md) (`pnpm bench:profile`) shows where the time goes, and [`benchmarks/README.md`](../README.md#targets) what it would take.',
    '',
    '| # | measure | target | measured | |',
    '| ---: | --- | --- | --- | --- |',
    ...targets.map(
      (line) =>
        `| ${line.id} | ${line.measure} | ${line.target} | ${line.measured} | ${line.met ? 'met' : 'missed'} |`,
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
  await writeFile(join(directory, 'report.md'), markdownReport(report));
}
