/**
 * Runs scenarios one after the other and narrates the run: each scenario's header, its progress
 * and then its table. Everything goes through one `write`, so the order on screen is the order
 * of events; with the progress on stderr and the tables on stdout, a reader of both streams
 * (a terminal behind `tee`, turbo, CI) could show a table after the next scenario's header.
 */
import { chartsOf, type ChartFile } from './report.js';
import type { Report, ScenarioResult } from './results.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { terminalTable } from './table.js';

/** What the scenarios were run with. */
export type RunSettings = Omit<ScenarioContext, 'log'>;

/** What a run of scenarios produced. */
export interface ScenarioRun {
  readonly scenarios: ScenarioResult[];
  readonly charts: ChartFile[];
}

/**
 * Runs scenarios in order.
 *
 * @param selected - the scenarios.
 * @param settings - mode, budget and seed.
 * @param write - where the narrative goes, one line (or block) per call.
 * @returns the results and their charts.
 * @throws whatever a scenario throws (a `CrossCheckError`, say), after its header.
 */
export async function runScenarios(
  selected: readonly Scenario[],
  settings: RunSettings,
  write: (text: string) => void,
): Promise<ScenarioRun> {
  const context: ScenarioContext = { ...settings, log: write };
  const mode: Report['mode'] = settings.quick ? 'quick' : 'full';
  const scenarios: ScenarioResult[] = [];
  const charts: ChartFile[] = [];
  for (const [index, scenario] of selected.entries()) {
    write(`\n[${index + 1}/${selected.length}] ${scenario.id}: ${scenario.title}`);
    const scenarioStart = performance.now();
    const measured = await scenario.run(context);
    const scenarioCharts = chartsOf(measured, mode);
    charts.push(...scenarioCharts);
    const result: ScenarioResult = {
      ...measured,
      charts: scenarioCharts.map((chart) => chart.file),
      seconds: (performance.now() - scenarioStart) / 1000,
    };
    scenarios.push(result);
    write(
      `\n${result.id} — ${result.title} (${result.seconds.toFixed(0)} s)\n${result.headline}\n`,
    );
    write(terminalTable(result));
  }
  return { scenarios, charts };
}
