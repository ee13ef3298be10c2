// A quick run says so: its report opens with a warning that its figures are not comparable,
// and its charts (which travel without the report) carry it in their title and subtitle.
import { describe, expect, it } from 'vitest';
import { chartsOf, markdownReport } from '../src/report.js';
import { report, row, scenario } from './report-fixtures.js';

const measured = scenario('01-distinct-topics', [row('sigx', 100, 2), row('sigx', 1_000, 1)]);

describe('a quick run', () => {
  it('labels its charts, and a full run does not', () => {
    const [quick] = chartsOf(measured, 'quick');
    const [full] = chartsOf(measured, 'full');
    expect(quick?.svg).toContain('(quick run)');
    expect(quick?.svg).toContain('not comparable');
    expect(full?.svg).not.toMatch(/quick/i);
  });

  it('says in its report that it is a quick run whose figures are not comparable', () => {
    const quick = markdownReport(report([measured], 'quick'), '.');
    expect(quick).toMatch(/^# sigx benchmark report \(quick run\)\n/);
    expect(quick).toContain('not comparable');
    const full = markdownReport(report([measured], 'full'), '.');
    expect(full).not.toContain('(quick run)');
    expect(full).not.toContain('not comparable');
  });
});
