/** A scenario's rows as table cells, rendered for the terminal or as Markdown. */
import {
  formatByteCount,
  formatBytes,
  formatDuration,
  formatPercent,
  formatRate,
  formatRatio,
} from './format.js';
import type { Row, TableSource } from './results.js';

/**
 * The primary value of a row: ops/s for throughput, bytes per subscription for memory, gzip bytes
 * for a bundle.
 */
export function valueOf(row: Row): number {
  return row.timing?.opsPerSec ?? row.bytesPerSubscription ?? row.bundle?.gzipBytes ?? Number.NaN;
}

/**
 * The row of a contender at a size and series.
 * @returns the row, or `undefined`.
 */
export function findRow(
  result: TableSource,
  contender: string,
  size: number,
  series = '',
): Row | undefined {
  return result.rows.find(
    (row) => row.contender === contender && row.size === size && row.series === series,
  );
}

/**
 * `valueOf(a) / valueOf(b)` at a size and series: for throughput, how many times faster `a` is.
 * @returns the ratio, `NaN` when either row is missing.
 */
export function ratioOf(
  result: TableSource,
  a: string,
  b: string,
  size: number,
  series = '',
): number {
  const rowA = findRow(result, a, size, series);
  const rowB = findRow(result, b, size, series);
  return rowA === undefined || rowB === undefined ? Number.NaN : valueOf(rowA) / valueOf(rowB);
}

function formatFact(key: string, value: number | string): string {
  if (typeof value === 'string') return `${key}: ${value}`;
  if (key.endsWith('rate')) return `${key}: ${formatPercent(value)}`;
  if (key.includes('bytes')) return `${key}: ${formatBytes(value)}`;
  return `${key}: ${Number.isInteger(value) ? value.toLocaleString('en-US') : value.toPrecision(3)}`;
}

/** A table: a header, one line of cells per row, and which columns hold numbers. */
export interface Table {
  readonly header: string[];
  readonly rows: string[][];
  /** Columns from this one up to the last (excluded, the facts) are numbers: right-aligned. */
  readonly numericFrom: number;
}

/**
 * The table of a scenario: a header and one line of cells per row.
 * @param result - the scenario.
 * @returns header and rows.
 */
export function tableOf(result: TableSource): Table {
  if (result.metric === 'bundle-size') return bundleTableOf(result);
  const throughput = result.metric === 'throughput';
  const seriesColumn = result.rows.some((row) => row.series !== '');
  const header = [
    ...(seriesColumn ? ['series'] : []),
    result.sizeLabel,
    'contender',
    ...(throughput
      ? [`${plural(result.operation)}/s`, `time/${result.operation}`, 'p50', 'p99']
      : ['bytes/subscription']),
    `× ${result.baseline}`,
    `${result.subject} ÷ this`,
    'facts',
  ];
  const rows = result.rows.map((row) => {
    const baseline = findRow(result, result.baseline, row.size, row.series);
    const subject = findRow(result, result.subject, row.size, row.series);
    const value = valueOf(row);
    // Percentiles of a single sample (one long run) would only repeat the mean.
    const spread = row.timing !== null && row.timing.samples > 1;
    return [
      ...(seriesColumn ? [row.series] : []),
      row.size.toLocaleString('en-US'),
      row.contender,
      ...(row.timing !== null
        ? [
            formatRate(row.timing.opsPerSec),
            formatDuration(row.timing.nsPerOp),
            spread ? formatDuration(row.timing.p50NsPerOp) : '–',
            spread ? formatDuration(row.timing.p99NsPerOp) : '–',
          ]
        : [formatBytes(row.bytesPerSubscription ?? Number.NaN)]),
      baseline === undefined ? '–' : formatRatio(value / valueOf(baseline)),
      subject === undefined ? '–' : formatRatio(valueOf(subject) / value),
      formatFacts(row),
    ];
  });
  return { header, rows, numericFrom: header.indexOf('contender') + 1 };
}

/** A bundle-size table: one row per bundle, its bytes and its gzip size over the baseline's. */
function bundleTableOf(result: TableSource): Table {
  const header = ['bundle', 'minified', 'min+gz', `min+gz × ${result.baseline}`, 'facts'];
  const rows = result.rows.map((row) => {
    const baseline = findRow(result, result.baseline, row.size, row.series);
    return [
      row.contender,
      formatByteCount(row.bundle?.minifiedBytes ?? Number.NaN),
      formatByteCount(row.bundle?.gzipBytes ?? Number.NaN),
      baseline === undefined ? '–' : formatRatio(valueOf(row) / valueOf(baseline)),
      formatFacts(row),
    ];
  });
  return { header, rows, numericFrom: 1 };
}

function formatFacts(row: Row): string {
  return Object.entries(row.facts)
    .map(([key, fact]) => formatFact(key, fact))
    .join('; ');
}

/**
 * Renders a table for the terminal, columns padded.
 * @returns the lines.
 */
export function terminalTable(result: TableSource): string {
  const { header, rows, numericFrom } = tableOf(result);
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...all.map((cells) => [...(cells[column] ?? '')].length)),
  );
  const numeric = (column: number): boolean => column >= numericFrom && column < header.length - 1;
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column]! - [...cell].length);
        return numeric(column) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/**
 * Renders a table as GitHub Markdown.
 * @returns the Markdown.
 */
export function markdownTable(result: TableSource): string {
  const { header, rows, numericFrom } = tableOf(result);
  const align = header.map((_, column) =>
    column >= numericFrom && column < header.length - 1 ? '---:' : '---',
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

/**
 * @param noun - e.g. `match`, `add`.
 * @returns its plural: `matches`, `adds`.
 */
export function plural(noun: string): string {
  return /(?:s|sh|ch|x)$/.test(noun) ? `${noun}es` : `${noun}s`;
}
