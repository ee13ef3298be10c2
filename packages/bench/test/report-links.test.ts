// Every relative link of the report resolves from where the report is written: the committed
// results/, a quick run's results/quick/, or any --out directory (charts included).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chartsOf, markdownReport, writeReport } from '../src/report.js';
import { report, row, scenario } from './report-fixtures.js';

const RESULTS = fileURLToPath(new URL('../../../benchmarks/results/', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'sigx-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** GitHub's anchor of a Markdown heading. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The relative links of a Markdown document that do not resolve from its directory. */
function brokenLinks(markdown: string, directory: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  expect(links.length).toBeGreaterThan(0);
  return links.filter((link) => {
    if (/^[a-z]+:/.test(link)) return false;
    const [path = '', anchor] = link.split('#');
    const file = resolve(directory, path);
    if (!existsSync(file)) return true;
    if (anchor === undefined) return false;
    const headings = readFileSync(file, 'utf8').match(/^#+ .*$/gm) ?? [];
    return !headings.some((heading) => slug(heading.replace(/^#+ /, '')) === anchor);
  });
}

const measured = scenario('01-distinct-topics', [row('sigx', 100, 2), row('sigx', 1_000, 1)]);

describe('the report', () => {
  it.each([
    ['results/', RESULTS],
    ['results/quick/', join(RESULTS, 'quick')],
  ])('links to the README and the profiles from %s', (_, directory) => {
    const markdown = markdownReport(report([{ ...measured, charts: [] }]), directory);
    expect(markdown).toContain('README.md#targets');
    expect(markdown).toContain('profiles.md');
    expect(brokenLinks(markdown, directory)).toEqual([]);
  });

  it('written to another directory, links to its charts and back to benchmarks/', async () => {
    const charts = chartsOf(measured);
    expect(charts).toHaveLength(1);
    const written = report([{ ...measured, charts: charts.map((chart) => chart.file) }]);
    await writeReport(out, written, charts);
    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('](charts/01-distinct-topics.svg)');
    expect(brokenLinks(markdown, out)).toEqual([]);
    expect(dirname(join(out, 'report.md'))).toBe(out);
  });
});
