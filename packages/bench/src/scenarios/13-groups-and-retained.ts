/**
 * Scenario 13: what the two delivery features of `@sigx/core` cost. A publish to a queue group
 * (`subscribe({ group })`) makes one handler call where a publish to plain subscribers makes
 * one per subscriber, but plans it with the group's rotation: the group row says what that
 * rotation costs next to the plain fan-out of the same pattern. A subscribe with
 * `replay: 'retained'` finds its retained messages through a topic index: with a literal prefix
 * it visits only the topics under it, without one it tests every retained topic; the replay
 * rows say what that index is worth at 10 000 retained topics, the same messages replayed by
 * both patterns so that only the search differs.
 */
import { Message, SignalExchange, type TopicPattern } from '@sigx/core';
import { TopicIndex } from '@sigx/matcher';
import {
  crossCheck,
  type CrossCheckImplementation,
  type CrossCheckSummary,
} from '../cross-check.js';
import { formatDuration, formatRatio } from '../format.js';
import { freshCopies } from '../fresh-strings.js';
import { anchored } from '../indexes.js';
import { scenarioResult, timedRow, type Row, type TableSource } from '../results.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { findRow } from '../table.js';
import { sampleWithInput, time, timingOf } from '../timing.js';

/** The members of the queue group, and the plain subscribers it is compared with. */
const WORKERS = 8;
/** The group's name. */
const GROUP_NAME = 'workers';
/** The pattern every subscriber of the publish series subscribes, and the topic published. */
const JOBS_PATTERN = 'jobs/.*';
const JOB_TOPIC = 'jobs/resize';
/** Publishes of the correctness check: each worker must get exactly a 1/8 share of them. */
const CHECK_PUBLISHES = WORKERS * 1_000;

/** Retained topics `devices/<i>/state`, one retained message each. */
const RETAINED_TOPICS = 10_000;
/** Matches `devices/4200/state` to `devices/4299/state`; its literal prefix visits 110 topics. */
const PREFIX_PATTERN = 'devices/42\\d\\d/state$';
/** The same 100 topics, with no literal prefix: every retained topic is tested. */
const NO_PREFIX_PATTERN = '.*/42\\d\\d/state$';

/** The series: a publish in each dispatch mode, and a subscribe that replays. */
export const SEQUENTIAL = 'publish (sequential)';
export const CONCURRENT = 'publish (concurrent)';
export const REPLAY = 'subscribe + replay';

/** The contenders of the publish series. */
export const GROUP: string = `group of ${WORKERS} workers`;
export const PLAIN: string = `${WORKERS} plain subscribers`;
/** The contenders of the replay series. */
export const PREFIX = 'literal prefix';
export const NO_PREFIX = 'no literal prefix';
export const NO_REPLAY = 'no replay (literal prefix)';
export const NO_REPLAY_NO_PREFIX = 'no replay (no literal prefix)';

/** An exchange of the publish series, and what each of its subscribers received. */
interface Fanout {
  readonly exchange: SignalExchange;
  /** Calls of subscriber `k`'s handler. */
  readonly calls: Float64Array;
}

/**
 * An exchange with {@link WORKERS} subscribers of {@link JOBS_PATTERN}, each with its own no-op
 * handler (the exchange calls a handler function once per publish, so a shared one would be
 * called once), in the queue group or not.
 */
function fanout(dispatch: 'sequential' | 'concurrent', grouped: boolean): Fanout {
  const exchange = new SignalExchange({ dispatch });
  const calls = new Float64Array(WORKERS);
  for (let k = 0; k < WORKERS; k += 1) {
    exchange.subscribe({
      topicPattern: JOBS_PATTERN,
      handler: () => {
        calls[k]! += 1;
      },
      ...(grouped ? { group: GROUP_NAME } : {}),
    });
  }
  return { exchange, calls };
}

/**
 * Checks once, before timing, what each publish delivers: over {@link CHECK_PUBLISHES}
 * publishes, every worker of the group got exactly an eighth of them (one handler call per
 * publish, round robin), and every plain subscriber got them all.
 * @throws when a count differs.
 */
async function checkDeliveries(group: Fanout, plain: Fanout, series: string): Promise<void> {
  const message = new Message({ publisherName: null, topic: JOB_TOPIC, value: 1 });
  const expectations = [
    { fan: group, groups: 1, perPublish: 1, each: CHECK_PUBLISHES / WORKERS },
    { fan: plain, groups: 0, perPublish: WORKERS, each: CHECK_PUBLISHES },
  ];
  for (const { fan, groups, perPublish, each } of expectations) {
    const { exchange, calls } = fan;
    const stats = exchange.stats();
    if (stats.subscriptions !== WORKERS || stats.groups !== groups) {
      throw new Error(`${series}: unexpected exchange ${JSON.stringify(stats)}`);
    }
    calls.fill(0);
    for (let i = 0; i < CHECK_PUBLISHES; i += 1) {
      const result = await exchange.publish({ message });
      if (result.delivered !== perPublish || result.failed !== 0) {
        throw new Error(
          `${series}: a publish delivered ${result.delivered} (${result.failed} failed), expected ${perPublish}`,
        );
      }
    }
    if (!calls.every((count) => count === each)) {
      throw new Error(
        `${series}: over ${CHECK_PUBLISHES} publishes the subscribers got [${calls.join(', ')}], expected ${each} each`,
      );
    }
  }
}

/** The rows of one dispatch mode: the group and the plain subscribers, same pattern and topic. */
async function publishRows(
  context: ScenarioContext,
  dispatch: 'sequential' | 'concurrent',
  series: string,
): Promise<Row[]> {
  const group = fanout(dispatch, true);
  const plain = fanout(dispatch, false);
  await checkDeliveries(group, plain, series);
  const measure = async (name: string, { exchange, calls }: Fanout, grouped: boolean) => {
    context.log(`  timing ${name} (${series})`);
    const message = new Message({ publisherName: null, topic: JOB_TOPIC, value: 1 });
    calls.fill(0);
    const timing = await time(() => exchange.publish({ message }), context.budget);
    const least = Math.min(...calls);
    const most = Math.max(...calls);
    // The group: every publish to one worker, in turn, so the shares never drift apart.
    if (grouped && most - least > 1) {
      throw new Error(`${series}: the workers' shares drifted apart: [${calls.join(', ')}]`);
    }
    const received = grouped ? calls.reduce((sum, count) => sum + count, 0) : least;
    if (received < timing.calls) {
      throw new Error(`${name} (${series}) delivered fewer messages than it published`);
    }
    return { timing, spread: most - least };
  };
  const grouped = await measure(GROUP, group, true);
  const fanned = await measure(PLAIN, plain, false);
  return [
    timedRow(series, GROUP, WORKERS, grouped.timing, {
      'handler calls per publish': 1,
      'time ÷ plain': grouped.timing.nsPerOp / fanned.timing.nsPerOp,
      'largest share − smallest': grouped.spread,
    }),
    timedRow(series, PLAIN, WORKERS, fanned.timing, { 'handler calls per publish': WORKERS }),
  ];
}

/** An exchange holding {@link RETAINED_TOPICS} retained messages on `devices/<i>/state`. */
async function retainedExchange(): Promise<SignalExchange> {
  const exchange = new SignalExchange({ maxRetained: RETAINED_TOPICS });
  for (let i = 0; i < RETAINED_TOPICS; i += 1) {
    await exchange.publish({
      message: new Message({ publisherName: null, topic: `devices/${i}/state`, value: i }),
      retain: true,
    });
  }
  const stats = exchange.stats();
  if (stats.retained !== RETAINED_TOPICS || stats.retainedEvicted !== 0) {
    throw new Error(`retained setup: unexpected ${JSON.stringify(stats)}`);
  }
  return exchange;
}

/**
 * The cross-check's two views of the retained store, for a pattern: the topics a subscribe
 * with `replay: 'retained'` replays (then unsubscribed), and the naive scan of
 * `exchange.retained()` with the pattern's anchored regex.
 */
function replayViews(
  exchange: SignalExchange,
): [CrossCheckImplementation, CrossCheckImplementation] {
  return [
    {
      name: 'naive scan of retained()',
      match(pattern) {
        const regex = anchored(pattern);
        return exchange
          .retained()
          .filter((message) => {
            regex.lastIndex = 0;
            return regex.test(message.topic);
          })
          .map((message) => message.topic);
      },
    },
    {
      name: "subscribe({ replay: 'retained' })",
      match(pattern) {
        const topics: string[] = [];
        const id = exchange.subscribe({
          topicPattern: pattern,
          handler: (_, __, message) => {
            topics.push(message.topic);
          },
          replay: 'retained',
        });
        exchange.unsubscribe(id);
        return topics;
      },
    },
  ];
}

/** Topics a pattern visits in a topic index holding the same topics as the retained store. */
function visitedBy(index: TopicIndex<number>, pattern: TopicPattern): number {
  const before = index.stats().visited;
  index.match(pattern);
  return index.stats().visited - before;
}

/**
 * One replay row: a subscribe of a fresh copy of `pattern` per sample, each sample one
 * subscribe (and its replay, inside the call), the previous subscription unsubscribed before
 * it outside the timed part.
 */
async function replayRow(
  context: ScenarioContext,
  exchange: SignalExchange,
  index: TopicIndex<number>,
  name: string,
  pattern: string,
  replay: boolean,
): Promise<Row> {
  context.log(`  timing ${name} (\`${pattern}\`) @ ${RETAINED_TOPICS.toLocaleString('en-US')}`);
  let replayed = 0;
  let subscribes = 0;
  let live: string | undefined;
  const handler = (): void => {
    replayed += 1;
  };
  const next = freshCopies([pattern]);
  const samples = await sampleWithInput(
    (topicPattern: string) => {
      live = exchange.subscribe({
        topicPattern,
        handler,
        ...(replay ? { replay: 'retained' as const } : {}),
      });
      subscribes += 1;
    },
    () => {
      if (live !== undefined) exchange.unsubscribe(live);
      live = undefined;
      return next();
    },
    context.budget,
    false,
  );
  if (live !== undefined) exchange.unsubscribe(live);
  if (exchange.stats().subscriptions !== 0) throw new Error(`${name}: subscriptions left over`);
  const expected = replay ? exchange.retained(pattern).length : 0;
  if (replayed !== expected * subscribes) {
    throw new Error(
      `${name}: ${replayed} replays over ${subscribes} subscribes, expected ${expected} each`,
    );
  }
  const facts = replay
    ? { 'replayed per subscribe': expected, 'topics visited': visitedBy(index, pattern) }
    : {};
  return timedRow(REPLAY, name, RETAINED_TOPICS, timingOf(samples), facts);
}

/** The replay rows, after the cross-check of what a replay delivers. */
async function replayRows(
  context: ScenarioContext,
  label: string,
  crossChecks: CrossCheckSummary[],
): Promise<Row[]> {
  const exchange = await retainedExchange();
  const [naive, replayed] = replayViews(exchange);
  const sample = [
    PREFIX_PATTERN,
    NO_PREFIX_PATTERN,
    'devices/42/.*',
    'devices/42.*',
    'devices/7/state$',
    '.*/state$',
    'devices/x.*',
  ];
  crossChecks.push(await crossCheck(`${label} ${REPLAY}`, sample, naive, [replayed]));
  const index = new TopicIndex<number>();
  for (let i = 0; i < RETAINED_TOPICS; i += 1) index.set(`devices/${i}/state`, i);
  const prefix = await replayRow(context, exchange, index, PREFIX, PREFIX_PATTERN, true);
  const noPrefix = await replayRow(context, exchange, index, NO_PREFIX, NO_PREFIX_PATTERN, true);
  const noReplay = await replayRow(context, exchange, index, NO_REPLAY, PREFIX_PATTERN, false);
  const noReplayNoPrefix = await replayRow(
    context,
    exchange,
    index,
    NO_REPLAY_NO_PREFIX,
    NO_PREFIX_PATTERN,
    false,
  );
  return [
    prefix,
    {
      ...noPrefix,
      facts: {
        ...noPrefix.facts,
        'time ÷ literal prefix': noPrefix.timing!.nsPerOp / prefix.timing!.nsPerOp,
      },
    },
    noReplay,
    noReplayNoPrefix,
  ];
}

/** The mean time of a row, for the headline. */
function timeOf(result: TableSource, contender: string, series: string, size: number): number {
  return findRow(result, contender, size, series)?.timing?.nsPerOp ?? Number.NaN;
}

/** 13. Queue groups and retained messages: a group's publish, and a subscribe that replays. */
export const groupsAndRetained: Scenario = {
  id: '13-groups-and-retained',
  title: 'Queue groups and retained messages',
  question:
    `What does a publish to a queue group of ${WORKERS} workers (one handler call, round robin) ` +
    `cost next to a publish to ${WORKERS} plain subscribers of the same pattern, in each ` +
    "dispatch mode; and what does a subscribe with `replay: 'retained'` cost over " +
    `${RETAINED_TOPICS.toLocaleString('en-US')} retained topics when its pattern has a literal ` +
    'prefix (the topic index visits only the topics under it) and when it has none (every ' +
    'retained topic is tested)?',
  async run(context) {
    const crossChecks: CrossCheckSummary[] = [];
    const rows: Row[] = [
      ...(await publishRows(context, 'sequential', SEQUENTIAL)),
      ...(await publishRows(context, 'concurrent', CONCURRENT)),
      ...(await replayRows(context, this.id, crossChecks)),
    ];
    return scenarioResult(this, {
      operation: 'operation',
      sizeLabel: 'subscribers / retained topics',
      subject: GROUP,
      baseline: PLAIN,
      rows,
      crossChecks,
      notes: [
        `Two kinds of series, each with its own operation. \`${SEQUENTIAL}\` and \`${CONCURRENT}\`: one operation is one awaited \`publish\` of a reused \`Message\` on \`${JOB_TOPIC}\` (memo on, the same string each time, as in scenario 7), to ${WORKERS} subscribers of \`${JOBS_PATTERN}\` with no-op handlers (one function each: the exchange calls a handler function once per publish), either all in the queue group \`${GROUP_NAME}\` or all plain; the size is the number of subscribers. \`${REPLAY}\`: one operation is one \`subscribe\`, whose replay runs inside the call; the size is the number of retained topics.`,
        `The group's publish makes 1 handler call where the plain one makes ${WORKERS}, but plans it with the groups (the members reached, then the member whose turn it is). \`time ÷ plain\` is the group's time per publish over the plain subscribers'. Checked before timing: over ${CHECK_PUBLISHES.toLocaleString('en-US')} publishes each worker got exactly ${(CHECK_PUBLISHES / WORKERS).toLocaleString('en-US')} messages and each plain subscriber all of them, every publish delivering 1 (group) or ${WORKERS} (plain); after timing, the workers' shares still differ by at most one (\`largest share − smallest\`).`,
        `The retained store holds one message on each of \`devices/0/state\` to \`devices/${RETAINED_TOPICS - 1}/state\` (\`maxRetained: ${RETAINED_TOPICS}\`, nothing evicted). \`${PREFIX}\` subscribes \`${PREFIX_PATTERN}\`, \`${NO_PREFIX}\` \`${NO_PREFIX_PATTERN}\`: both replay the same 100 messages (one handler call each), so their replays differ only in how the retained topics are searched. \`topics visited\` is what the pattern visits in a \`TopicIndex\` of \`@sigx/matcher\` holding the same topics (the retained store is filed in one). \`time ÷ literal prefix\` is the time per subscribe without a literal prefix over the time with one.`,
        `\`${NO_REPLAY}\` and \`${NO_REPLAY_NO_PREFIX}\` subscribe the same patterns without \`replay\`, on the same exchange: the subscribe alone, whose pattern checks and analysis (the matcher's, not the retained store's) differ between the two patterns too; what the replay adds is the difference between a row and its \`no replay\` row (the replay analyses the pattern again, for the topic index, then visits, tests and sorts the topics, and calls the handler once per message).`,
        'Each subscribe is its own sample (read with two clock calls, whose cost is in every sample), of a freshly built copy of the pattern string (never hashed, as one parsed from a request would be); the previous subscription is unsubscribed before it, outside the timed part, so the exchange holds no subscription but the one timed.',
        `Cross-checked before timing: for each pattern of the sample, the topics a subscribe with \`replay: 'retained'\` replays against a naive scan of \`exchange.retained()\` with the pattern's anchored regex (as a set; the sample's "topics" are patterns).`,
      ],
      headlineOf: (result) => {
        const ratioIn = (series: string): string =>
          formatRatio(
            timeOf(result, GROUP, series, WORKERS) / timeOf(result, PLAIN, series, WORKERS),
          );
        const prefix = timeOf(result, PREFIX, REPLAY, RETAINED_TOPICS);
        const noPrefix = timeOf(result, NO_PREFIX, REPLAY, RETAINED_TOPICS);
        const alone = timeOf(result, NO_REPLAY, REPLAY, RETAINED_TOPICS);
        const aloneNoPrefix = timeOf(result, NO_REPLAY_NO_PREFIX, REPLAY, RETAINED_TOPICS);
        return (
          `An awaited publish to a queue group of ${WORKERS} workers takes ${formatDuration(timeOf(result, GROUP, SEQUENTIAL, WORKERS))}, ` +
          `${ratioIn(SEQUENTIAL)} the time of a publish to ${WORKERS} plain subscribers (${ratioIn(CONCURRENT)} with concurrent dispatch); ` +
          `over ${RETAINED_TOPICS.toLocaleString('en-US')} retained topics, a subscribe replaying 100 of them takes ${formatDuration(prefix)} with a literal prefix ` +
          `and ${formatDuration(noPrefix)} without one, ${formatRatio(noPrefix / prefix)} the time ` +
          `(the same subscribes without replay: ${formatDuration(alone)} and ${formatDuration(aloneNoPrefix)}).`
        );
      },
    });
  },
};
