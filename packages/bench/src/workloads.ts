/**
 * Deterministic workloads: subscriptions (as MQTT filters for the peers, and for sigx and the
 * naive scan as the exactly equivalent regular expressions or as the filters compiled by
 * `mqtt()`) and the topics to match.
 */
import type { TopicPattern } from '@sigx/matcher';
import { mqttPattern, type PatternNotation } from './mqtt.js';
import { Random } from './random.js';

/** One subscription, in every notation the contenders need. */
export interface Subscription {
  /** Its id: what every implementation returns for a matching topic. */
  readonly id: number;
  /** The MQTT filter for qlobber; `null` when no MQTT filter expresses the pattern. */
  readonly filter: string | null;
  /** The sigx pattern (and the naive scan's regex). */
  readonly pattern: TopicPattern;
}

/** Subscriptions and the topics a scenario matches against them. */
export interface Workload {
  readonly subscriptions: readonly Subscription[];
  /** Distinct topics, more than any memo holds (20 000): every lookup is a miss. */
  readonly topics: readonly string[];
  /** A small set of topics published over and over (1 000). */
  readonly hotTopics: readonly string[];
  /** The cross-check sample: edge cases and hot topics first, then ordinary topics. */
  readonly sample: readonly string[];
}

/** More distinct topics than sigx's default memo (10 000) or the naive+LRU baseline holds. */
export const DISTINCT_TOPICS = 20_000;
/** Hot topics in the memo scenarios. */
export const HOT_TOPICS = 1_000;
const METRICS = ['temp', 'hum', 'co2', 'power', 'status'] as const;
const DEVICES_PER_TENANT = 50;

function subscription(id: number, filter: string, notation: PatternNotation): Subscription {
  return { id, filter, pattern: mqttPattern(filter, notation) };
}

/**
 * An IoT-like MQTT workload: topics `t<tenant>/d<device>/<metric>[/raw]`, one tenant per 100
 * subscriptions, so the matches per topic stay about the same at every size. The mix:
 * 55% exact topics, 15% `t/d/+`, 10% `t/+/metric`, 10% `t/d/#`, 5% `t/+/metric/#`, 5% `t/#`.
 *
 * @param size - number of subscriptions.
 * @param seed - the PRNG seed.
 * @param notation - how sigx's patterns are written: hand-written regexes (`mqttToRegex`) or
 * the filters compiled by `mqtt()`; the topics are the same.
 * @returns the workload.
 */
export function mqttWorkload(
  size: number,
  seed: number,
  notation: PatternNotation = 'regex',
): Workload {
  const random = new Random(seed ^ 0x51a0);
  const tenants = tenantsFor(size);
  const subscriptions: Subscription[] = [];
  for (let id = 0; id < size; id += 1) {
    const t = `t${random.int(tenants)}`;
    const d = `d${random.int(DEVICES_PER_TENANT)}`;
    const m = random.pick(METRICS);
    const kind = random.next();
    const filter =
      kind < 0.55
        ? `${t}/${d}/${m}`
        : kind < 0.7
          ? `${t}/${d}/+`
          : kind < 0.8
            ? `${t}/+/${m}`
            : kind < 0.9
              ? `${t}/${d}/#`
              : kind < 0.95
                ? `${t}/+/${m}/#`
                : `${t}/#`;
    subscriptions.push(subscription(id, filter, notation));
  }

  // Topics: half the devices have device-level subscriptions, half do not (misses are common
  // in real traffic). A repeated topic gets a unique extra level, so all are distinct.
  const topicRandom = new Random(seed ^ 0x70b1c);
  const seen = new Set<string>(); // shared: the lists below never share a topic
  const makeTopics = (count: number, salt: string): string[] => {
    const topics: string[] = [];
    let unique = 0;
    while (topics.length < count) {
      let topic = `t${topicRandom.int(tenants)}/d${topicRandom.int(DEVICES_PER_TENANT * 2)}/${topicRandom.pick(METRICS)}`;
      if (topicRandom.next() < 0.2) topic += '/raw';
      if (seen.has(topic)) topic += `/${salt}${unique++}`;
      seen.add(topic);
      topics.push(topic);
    }
    return topics;
  };
  const topics = makeTopics(DISTINCT_TOPICS, 's');
  const hotTopics = makeTopics(HOT_TOPICS, 'h');
  // Its own topics, so that cross-checking leaves nothing in a memo for the timed topics.
  const checked = makeTopics(300, 'c');
  const edges = [
    '',
    't0',
    't0/',
    't0/d0',
    't0/d1',
    't0/d0/temp',
    't0/d0/temp/raw/x',
    // An empty level, where no filter has a `+`: qlobber's `+` never matches an empty level,
    // the MQTT specification's (and so `mqtt()`'s) does.
    't0/d0//temp',
    'x/y/z',
    't0/d0/temp/',
  ];
  return {
    subscriptions,
    topics,
    hotTopics,
    sample: [...edges, ...hotTopics.slice(0, 40), ...checked],
  };
}

/** One tenant per 100 subscriptions in {@link mqttWorkload}. */
function tenantsFor(size: number): number {
  return Math.max(1, Math.ceil(size / 100));
}

/**
 * Distinct topics of {@link freshLevelWorkload}: each one comes round again only after this
 * many others, more than any bounded cache of a matcher holds by default.
 */
export const FRESH_LEVEL_TOPICS = 100_000;

/**
 * A fresh id: `u` and a base-36 number, distinct for every `n` below 2^32 (multiplying by an
 * odd constant is a bijection modulo 2^32), scattered like the ids of real traffic.
 */
function freshId(n: number): string {
  return `u${(Math.imul(n + 1, 0x9e3779b1) >>> 0).toString(36)}`;
}

/**
 * Scenario 1's subscriptions with topics that each carry a level no subscription names, a
 * fresh id per topic: `t<tenant>/u<id>/<metric>[/raw]`. They still match the tenant's
 * `t/+/metric`, `t/+/metric/#` and `t/#` subscriptions (about 8 per topic at every size), and
 * none of its exact, `t/d/+` or `t/d/#` ones.
 *
 * @param base - the {@link mqttWorkload} of the same size and seed, whose subscriptions are kept.
 * @param size - its number of subscriptions.
 * @param seed - the PRNG seed.
 * @returns the workload: {@link FRESH_LEVEL_TOPICS} distinct timed topics, its `hotTopics` the
 * first 1 000 of them, and a cross-check sample of edge cases and 300 other fresh topics.
 */
export function freshLevelWorkload(base: Workload, size: number, seed: number): Workload {
  const tenants = tenantsFor(size);
  const random = new Random(seed ^ 0xf4e5);
  let n = 0;
  const makeTopics = (count: number): string[] =>
    Array.from({ length: count }, () => {
      const topic = `t${random.int(tenants)}/${freshId(n++)}/${random.pick(METRICS)}`;
      return random.next() < 0.2 ? `${topic}/raw` : topic;
    });
  const topics = makeTopics(FRESH_LEVEL_TOPICS);
  const checked = makeTopics(300);
  const edges = [
    `t0/${freshId(n++)}`,
    `t0/${freshId(n++)}/temp`,
    `t0/${freshId(n++)}/temp/raw/x`,
    `t0/${freshId(n++)}//temp`,
    `x/${freshId(n++)}/temp`,
  ];
  return {
    subscriptions: base.subscriptions,
    topics,
    hotTopics: topics.slice(0, HOT_TOPICS),
    sample: [...edges, ...checked],
  };
}

/** Zero-padded device ids: no device id is a prefix of another, at any size. */
function device(index: number): string {
  return `d${String(index).padStart(6, '0')}`;
}

/**
 * The scaling workload: per device `d<id>/temp`, `d<id>/+`, `d<id>/#` and `d<id>/temp/#`, so
 * every topic `d<id>/temp` matches exactly 4 subscriptions whatever the size.
 *
 * @param size - number of subscriptions (a multiple of 4).
 * @param seed - the PRNG seed.
 * @param notation - how sigx's patterns are written, as in {@link mqttWorkload}.
 * @returns the workload (its `hotTopics` are the first 1 000 topics).
 */
export function scalingWorkload(
  size: number,
  seed: number,
  notation: PatternNotation = 'regex',
): Workload {
  const devices = Math.max(1, Math.floor(size / 4));
  const subscriptions: Subscription[] = [];
  for (let index = 0; index < devices; index += 1) {
    const d = device(index);
    for (const filter of [`${d}/temp`, `${d}/+`, `${d}/#`, `${d}/temp/#`]) {
      subscriptions.push(subscription(subscriptions.length, filter, notation));
    }
  }
  const random = new Random(seed ^ 0x5ca1e);
  const topics = Array.from({ length: 4_096 }, () => `${device(random.int(devices))}/temp`);
  const sample = [
    `${device(0)}/hum`, // 2 matches: `+` and `#`
    `${device(0)}`, // 1 match: `#` matches the parent level
    `${device(devices)}/temp`, // no such device
    'e000001/temp',
    ...topics.slice(0, 200),
  ];
  return { subscriptions, topics, hotTopics: topics.slice(0, HOT_TOPICS), sample };
}

/** The two series of the regex-rich scenario. */
export type RegexRichSeries = 'mixed' | 'no-prefix' | 'same-literal';

/**
 * Regex-rich patterns no MQTT filter can express.
 *
 * - `mixed`: 30% alternation `(?:temp|hum|co2)/zone-<i>(?:/.*)?$`, 30% character class
 *   `[Ss]ite-<i>/(?:in|out)door/\d+$`, 30% case-insensitive `/dev-<i>\/status$/i`, and 10%
 *   with no literal prefix `.*\/alarm-<i>$`;
 * - `no-prefix`: only patterns with no literal prefix (`.*\/alarm-<i>$`, `\w+-<i>/status$`,
 *   `[\w-]*\/zone-<i>$`), each requiring a literal with its id further on;
 * - `same-literal`: every pattern requires the same literal and no other
 *   (`[a-z]{<n>,}-[0-9a-f]{<m>}/status/.*`: at least n letters, then m hex digits), and every
 *   topic contains it, at varying depths: one group of patterns that every topic meets, the
 *   worst case for a prefilter by required literals. Only the literal's earliest position in
 *   a match (n + m + 1) and the shortest match set the patterns apart before their regex.
 *
 * @param size - number of subscriptions.
 * @param seed - the PRNG seed.
 * @param series - which mix.
 * @returns the workload (no `filter`s: qlobber cannot express these).
 */
export function regexRichWorkload(size: number, seed: number, series: RegexRichSeries): Workload {
  const random = new Random(seed ^ 0x4e9e);
  const subscriptions: Subscription[] = [];
  for (let id = 0; id < size; id += 1) {
    let pattern: TopicPattern;
    if (series === 'same-literal') {
      pattern = `[a-z]{${1 + (id % 100)},}-[0-9a-f]{${1 + Math.floor(id / 100)}}/status/.*`;
    } else if (series === 'no-prefix') {
      const kind = id % 3;
      pattern =
        kind === 0 ? `.*/alarm-${id}$` : kind === 1 ? `\\w+-${id}/status$` : `[\\w-]*/zone-${id}$`;
    } else {
      const kind = random.next();
      pattern =
        kind < 0.3
          ? `(?:temp|hum|co2)/zone-${id}(?:/.*)?$`
          : kind < 0.6
            ? `[Ss]ite-${id}/(?:in|out)door/\\d+$`
            : kind < 0.9
              ? new RegExp(`dev-${id}/status$`, 'i')
              : `.*/alarm-${id}$`;
    }
    subscriptions.push({ id, filter: null, pattern });
  }
  const topicRandom = new Random(seed ^ 0x7e57);
  const topics: string[] = [];
  for (let index = 0; index < DISTINCT_TOPICS; index += 1) {
    const i = topicRandom.int(size);
    if (series === 'same-literal') {
      // Names and ids of the lengths the patterns expect, so that most topics match one.
      const name = 'abcdefghijklmnopqrstuvwxyz'.repeat(4).slice(i % 26, (i % 26) + 1 + (i % 100));
      const hex = (index * 2654435761).toString(16).padStart(8, '0').repeat(26);
      topics.push(`${name}-${hex.slice(0, 1 + (Math.floor(i / 100) % 200))}/status/${index}`);
      continue;
    }
    const shapes =
      series === 'no-prefix'
        ? [
            `b${index}/alarm-${i}`,
            `x${index}-${i}/status`,
            `q-${index}/zone-${i}`,
            `n${index}/zone-${i}/x`,
          ]
        : [
            `temp/zone-${i}/r${index}`,
            `hum/zone-${i}`,
            `Site-${i}/indoor/${index}`,
            `site-${i}/garage/${index}`,
            `DEV-${i}/Status`,
            `dev-${i}/status/${index}`,
            `b${index}/alarm-${i}`,
            `misc/${index}/${i}`,
          ];
    topics.push(topicRandom.pick(shapes));
  }
  return {
    subscriptions,
    topics,
    hotTopics: topics.slice(0, HOT_TOPICS),
    sample: topics.slice(0, 400),
  };
}
