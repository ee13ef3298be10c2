import { crossCheck, type CrossCheckSummary } from '../cross-check.js';
import { formatBytes, formatDuration, formatRatio } from '../format.js';
import {
  automatonSince,
  naiveReference,
  QlobberIndex,
  SigxIndex,
  type TopicIndex,
} from '../indexes.js';
import { AFTER_TOPICS_FACT, type ProbeResult } from '../probe.js';
import { scenarioResult, timedRow, type Row } from '../results.js';
import { timeIndexes, type Scenario, type ScenarioContext } from '../scenario.js';
import { findRow } from '../table.js';
import { mqttWorkload, type Workload } from '../workloads.js';
import { timeBuilds } from './05-add-rate.js';
import { probe, probeFacts } from './08-memory.js';

/** Subscriptions: a million in a full run; a quick run's smoke test at 20 000. */
const FULL_SIZE = 1_000_000;
const QUICK_SIZE = 20_000;
/** Topics of the sample the naive reference answers for (edge cases and hot topics first). */
const NAIVE_SAMPLE = 100;

/** The series (target 11 reads both, and the heap facts of the `add` rows). */
export const MATCH = 'match';
export const ADD = 'add';

/** A contender's recorded answers on the sample, to cross-check the next one against. */
function recorded(name: string, index: TopicIndex, sample: readonly string[]) {
  const answers = new Map(sample.map((topic) => [topic, [...index.match(topic)]]));
  return { name, mayRepeat: index.mayRepeat, match: (topic: string) => answers.get(topic) ?? [] };
}

/** 12. A million MQTT-style subscriptions: match, add and heap, sigx against qlobber. */
export const million: Scenario = {
  id: '12-million',
  title: 'One million subscriptions',
  question:
    "With a million subscriptions of scenario 1's MQTT-style workload (10 000 tenants), how fast " +
    'does sigx match distinct topics with the memo off, how fast does it add them all, and how ' +
    'much heap does it hold per subscription, next to qlobber?',
  async run(context) {
    const size = context.quick ? QUICK_SIZE : FULL_SIZE;
    const sizeText = size.toLocaleString('en-US');
    const began = performance.now();
    // Progress with the time since the scenario began: a full run's budget is about 90 s.
    const log = (message: string): void =>
      context.log(`${message} (at ${((performance.now() - began) / 1000).toFixed(1)} s)`);
    let start = performance.now();
    const workload = mqttWorkload(size, context.seed);
    log(`  generated ${sizeText} subscriptions in ${(performance.now() - start).toFixed(0)} ms`);
    start = performance.now();
    const naive = naiveReference(
      'naive',
      workload.subscriptions,
      workload.sample.slice(0, NAIVE_SAMPLE),
    );
    log(
      `  naive scan of ${NAIVE_SAMPLE} sample topics in ${(performance.now() - start).toFixed(0)} ms`,
    );
    const small = workload.sample.slice(0, NAIVE_SAMPLE);
    const crossChecks: CrossCheckSummary[] = [];
    const rows: Row[] = [];

    // One contender in the heap at a time: built (timed), checked, timed, recorded, dropped.
    const contenders: readonly (readonly [string, () => TopicIndex])[] = [
      ['sigx', () => new SigxIndex('sigx', 0)],
      ['qlobber', () => new QlobberIndex('qlobber')],
    ];
    let reference: ReturnType<typeof recorded> | undefined;
    for (const [name, make] of contenders) {
      const built = await buildOne(context, name, make, workload);
      const index = built.index;
      crossChecks.push(await crossCheck(`${this.id} @ ${size} (naive)`, small, naive, [index]));
      if (reference !== undefined) {
        crossChecks.push(
          await crossCheck(`${this.id} @ ${size} (${reference.name})`, workload.sample, reference, [
            index,
          ]),
        );
      }
      log(`  checked ${name}`);
      const automaton = automatonSince(index);
      const [timed] = await timeIndexes(context, [index], workload.topics, size, MATCH);
      rows.push({ ...timed!, facts: automaton() }, built.row);
      reference ??= recorded(name, index, workload.sample);
      log(`  timed ${name}`);
    }

    // Heap per subscription, each contender in its own child process (as scenario 8); the two
    // run side by side, since nothing is timed in them and each takes tens of seconds.
    log(`  probing sigx and qlobber @ ${sizeText} in two child processes`);
    const probes = new Map<string, ProbeResult>(
      await Promise.all(
        contenders.map(async ([name]) => [name, await probe(name, size, context.seed)] as const),
      ),
    );
    const probed = (name: string) => ({
      name: `${name} (child process)`,
      mayRepeat: name === 'qlobber',
      match: (topic: string) => probes.get(name)!.sample[topic] ?? [],
    });
    log('  probed');
    const probeSample = Object.keys(probes.get('sigx')!.sample);
    crossChecks.push(
      await crossCheck(`${this.id} @ ${size} (heap probes)`, probeSample, reference!, [
        probed('sigx'),
        probed('qlobber'),
      ]),
    );
    const withHeap = rows.map((row) => {
      const result = probes.get(row.contender);
      if (row.series !== ADD || result === undefined) return row;
      return {
        ...row,
        facts: {
          ...row.facts,
          'bytes/sub built': (result.builtBytes - result.baselineBytes) / result.size,
          ...probeFacts(result),
        },
      };
    });

    return scenarioResult(this, {
      operation: 'operation',
      baseline: 'qlobber',
      rows: withHeap,
      crossChecks,
      notes: [
        `\`mqttWorkload(${sizeText})\` of scenario 1: one tenant per 100 subscriptions (${Math.ceil(size / 100).toLocaleString('en-US')} tenants), the same mix of filters, ${workload.topics.length.toLocaleString('en-US')} distinct timed topics. A quick run uses ${QUICK_SIZE.toLocaleString('en-US')} subscriptions, as a smoke test: target 11 reads ${FULL_SIZE.toLocaleString('en-US')}.`,
        `Two series, each with its own operation. \`${MATCH}\`: one \`match\` of the next distinct topic, sigx with the memo off (\`cacheSize: 0\`), as scenario 1; sigx's facts show its level automaton's hit rate and states, where \`stats()\` reports them. \`${ADD}\`: one \`add\` into an index being built from empty, the whole build timed and divided by its size (${context.quick ? 'the mean of 3 builds' : 'one build each at this size'}); the index it builds is the one then matched.`,
        `Heap, in the \`${ADD}\` rows' facts: each contender built again in a fresh \`node --expose-gc\` child process, as scenario 8 does (sigx with its default memo; the two processes run at the same time, as nothing in them is timed): \`bytes/sub built\` right after the adds, then after 200 distinct topics and after every distinct topic of the workload, what the index keeps per topic included (sigx's memo and automaton states). Target 11 reads the last.`,
        `One contender in the parent's heap at a time: sigx is built, checked, timed and dropped before qlobber is built, so neither runs beside the other's million entries.`,
        `Cross-checks: the naive scan holds no million RegExps here; it answers for the sample's first ${NAIVE_SAMPLE} topics (edge cases and hot topics) in one pass over the subscriptions, testing each anchored regex on the topics that start with its literal head (the others cannot match it). sigx and qlobber are each checked against it, qlobber against sigx's answers on the whole sample (${workload.sample.length} topics), and both child processes' answers against sigx's.`,
      ],
      headlineOf: (result, ratio) => {
        const heap = (name: string): number => {
          const fact = findRow(result, name, size, ADD)?.facts[AFTER_TOPICS_FACT];
          return typeof fact === 'number' ? fact : Number.NaN;
        };
        const addTime = (name: string): number =>
          findRow(result, name, size, ADD)?.timing?.nsPerOp ?? Number.NaN;
        return (
          `With ${sizeText} subscriptions, sigx (memo off) matches a distinct topic at ${ratio('sigx', 'qlobber', size, MATCH)} qlobber's speed, ` +
          `adds at ${ratio('sigx', 'qlobber', size, ADD)} its rate (${formatDuration(addTime('sigx'))} against ${formatDuration(addTime('qlobber'))} per add) ` +
          `and holds ${formatBytes(heap('sigx'))} per subscription in service, ${formatRatio(heap('sigx') / heap('qlobber'))} qlobber's ${formatBytes(heap('qlobber'))}.`
        );
      },
    });
  },
};

/** Builds one contender, timed (its `add` row); returns the last index built. */
async function buildOne(
  context: ScenarioContext,
  name: string,
  make: () => TopicIndex,
  workload: Workload,
): Promise<{ index: TopicIndex; row: Row }> {
  const size = workload.subscriptions.length;
  context.log(`  building ${name} @ ${size.toLocaleString('en-US')} (timed)`);
  const { timing, last } = await timeBuilds(
    context,
    make,
    workload.subscriptions,
    context.quick ? 3 : 1,
  );
  context.log(`  built ${name} in ${((timing.nsPerOp * size) / 1e6).toFixed(0)} ms per build`);
  return { index: last, row: timedRow(ADD, name, size, timing) };
}
