import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatBytes, formatRatio } from '../format.js';
import { AFTER_TOPICS_FACT, PROBE_CONTENDERS, type ProbeResult } from '../probe.js';
import { scenarioResult, type Row } from '../results.js';
import { sizesFor, type Scenario } from '../scenario.js';
import { findRow } from '../table.js';
import { DISTINCT_TOPICS } from '../workloads.js';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('../memory-probe.js', import.meta.url));

/**
 * Runs the memory probe for one contender in a fresh `node --expose-gc` child process.
 * @param contender - one of `PROBE_CONTENDERS`.
 * @param size - subscriptions of `mqttWorkload(size, seed)`.
 * @returns what the probe measured.
 */
export async function probe(contender: string, size: number, seed: number): Promise<ProbeResult> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--no-flush-bytecode', PROBE, contender, String(size), String(seed)],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as ProbeResult;
}

/**
 * A probe's readings after matching, as row facts: per subscription after 200 distinct topics
 * and after every distinct topic of the workload ({@link AFTER_TOPICS_FACT}), and sigx's
 * automaton states where reported.
 */
export function probeFacts(result: ProbeResult): Record<string, number> {
  const perSubscription = (bytes: number): number => (bytes - result.baselineBytes) / result.size;
  return {
    [`bytes/sub after ${result.warmTopics.toLocaleString('en-US')} matches`]: perSubscription(
      result.warmBytes,
    ),
    ...(result.topicsBytes === null
      ? {}
      : { [AFTER_TOPICS_FACT]: perSubscription(result.topicsBytes) }),
    ...(result.automatonStates === undefined ? {} : { 'automaton states': result.automatonStates }),
  };
}

/** 8. Heap bytes per subscription. */
export const memory: Scenario = {
  id: '08-memory',
  title: 'Memory per subscription',
  question:
    'How many heap bytes does one subscription cost at up to 100 000 subscriptions: a sigx ' +
    '`TopicMatcher`, a whole `SignalExchange`, qlobber, and the naive array of RegExps?',
  async run(context) {
    const sizes = sizesFor(context, [1_000, 10_000, 100_000], [1_000]);
    const rows: Row[] = [];
    const crossChecks: CrossCheckSummary[] = [];
    for (const size of sizes) {
      const probes = new Map<string, ProbeResult>();
      for (const contender of PROBE_CONTENDERS) {
        context.log(`  probing ${contender} @ ${size.toLocaleString('en-US')} in a child process`);
        probes.set(contender, await probe(contender, size, context.seed));
      }
      const view = (
        name: string,
        mayRepeat = false,
      ): { name: string; mayRepeat: boolean; match(topic: string): readonly number[] } => ({
        name,
        mayRepeat,
        match: (topic) => probes.get(name)!.sample[topic] ?? [],
      });
      const sample = Object.keys(probes.get('naive')!.sample);
      crossChecks.push(
        await crossCheck(`${this.id} @ ${size}`, sample, view('naive'), [
          view('sigx'),
          view('sigx exchange'),
          view('qlobber', true),
        ]),
      );
      for (const [contender, probe] of probes) {
        rows.push({
          series: '',
          contender,
          size,
          timing: null,
          bytesPerSubscription: (probe.builtBytes - probe.baselineBytes) / size,
          facts: probeFacts(probe),
        });
      }
    }
    const largest = sizes.at(-1)!;
    return scenarioResult(this, {
      metric: 'memory',
      operation: 'subscription',
      baseline: 'naive',
      rows,
      crossChecks,
      notes: [
        'Each contender is built in a fresh `node --expose-gc --no-flush-bytecode` child process, after a small throwaway build that creates the code and shapes: `process.memoryUsage().heapUsed` after forced GCs, before and after adding the subscriptions of scenario 1, divided by their number. The pattern strings themselves exist before the baseline and are not counted.',
        'The fact column repeats the measure after matching 200 distinct topics: V8 compiles each RegExp on first use (the naive scan runs them all), and sigx (default `cacheSize`) and the exchange memoise those topics.',
        `It then repeats it after matching every distinct topic of the workload (${DISTINCT_TOPICS.toLocaleString('en-US')}, the 200 included) with the defaults: what an index in service holds, sigx's memo (full at its default 10 000 topics) and its automaton's states (\`automaton states\`, where \`stats()\` reports them) included. Target 9 reads this figure for sigx and qlobber. The naive scan keeps nothing per topic and is not run on them (it would take hours at 100 000).`,
        '`sigx exchange` is a `SignalExchange` with one handler closure per subscription and generated subscription ids: what a subscription costs end to end.',
        'In this scenario `× naive` and `sigx ÷ this` are ratios of bytes: below 1 is smaller.',
      ],
      headlineOf: (result) => {
        const bytes = (name: string): number =>
          findRow(result, name, largest)?.bytesPerSubscription ?? Number.NaN;
        const inService = (name: string): number => {
          const fact = findRow(result, name, largest)?.facts[AFTER_TOPICS_FACT];
          return typeof fact === 'number' ? fact : Number.NaN;
        };
        return (
          `At ${largest.toLocaleString('en-US')} subscriptions a sigx TopicMatcher holds ${formatBytes(bytes('sigx'))} per subscription ` +
          `(${formatRatio(bytes('sigx') / bytes('qlobber'))} qlobber's ${formatBytes(bytes('qlobber'))}, ${formatRatio(bytes('sigx') / bytes('naive'))} the naive RegExp array's ${formatBytes(bytes('naive'))}); ` +
          `after matching all ${DISTINCT_TOPICS.toLocaleString('en-US')} distinct topics, ${formatBytes(inService('sigx'))} (${formatRatio(inService('sigx') / inService('qlobber'))} qlobber's ${formatBytes(inService('qlobber'))}). ` +
          `A whole SignalExchange subscription costs ${formatBytes(bytes('sigx exchange'))}.`
        );
      },
    });
  },
};
