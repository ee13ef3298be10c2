import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatBytes, formatRatio } from '../format.js';
import { PROBE_CONTENDERS, type ProbeResult } from '../probe.js';
import type { Row } from '../results.js';
import { sizesFor, type Scenario } from '../scenario.js';
import { findRow } from '../table.js';

const run = promisify(execFile);
const PROBE = fileURLToPath(new URL('../memory-probe.js', import.meta.url));

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
        const { stdout } = await run(
          process.execPath,
          [
            '--expose-gc',
            '--no-flush-bytecode',
            PROBE,
            contender,
            String(size),
            String(context.seed),
          ],
          {
            maxBuffer: 256 * 1024 * 1024,
          },
        );
        probes.set(contender, JSON.parse(stdout) as ProbeResult);
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
          facts: {
            [`bytes/sub after ${probe.warmTopics.toLocaleString('en-US')} matches`]:
              (probe.warmBytes - probe.baselineBytes) / size,
          },
        });
      }
    }
    const largest = sizes.at(-1)!;
    const result = {
      id: this.id,
      title: this.title,
      question: this.question,
      metric: 'memory' as const,
      operation: 'subscription',
      sizeLabel: 'subscriptions',
      subject: 'sigx',
      baseline: 'naive',
      rows,
      crossChecks,
      headline: '',
      notes: [
        'Each contender is built in a fresh `node --expose-gc --no-flush-bytecode` child process, after a small throwaway build that creates the code and shapes: `process.memoryUsage().heapUsed` after forced GCs, before and after adding the subscriptions of scenario 1, divided by their number. The pattern strings themselves exist before the baseline and are not counted.',
        'The fact column repeats the measure after matching 200 distinct topics: V8 compiles each RegExp on first use (the naive scan runs them all), and sigx (default `cacheSize`) and the exchange memoise those topics.',
        '`sigx exchange` is a `SignalExchange` with one handler closure per subscription and generated subscription ids: what a subscription costs end to end.',
        'In this scenario `× naive` and `sigx ÷ this` are ratios of bytes: below 1 is smaller.',
      ],
    };
    const bytes = (name: string): number =>
      findRow(result, name, largest)?.bytesPerSubscription ?? Number.NaN;
    return {
      ...result,
      headline:
        `At ${largest.toLocaleString('en-US')} subscriptions a sigx TopicMatcher holds ${formatBytes(bytes('sigx'))} per subscription ` +
        `(${formatRatio(bytes('sigx') / bytes('qlobber'))} qlobber's ${formatBytes(bytes('qlobber'))}, ${formatRatio(bytes('sigx') / bytes('naive'))} the naive RegExp array's ${formatBytes(bytes('naive'))}); ` +
        `a whole SignalExchange subscription costs ${formatBytes(bytes('sigx exchange'))}.`,
    };
  },
};
