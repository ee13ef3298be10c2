/**
 * The topic indexes under test, behind one small interface: sigx's `TopicMatcher` (as
 * built), the naive linear scan, the naive scan plus an LRU memo, qlobber, and the bare
 * `Map.get` limit.
 *
 * Each class writes its own benchmark loop (`runner`) on purpose: one shared loop calling
 * `index.match` would turn that call site megamorphic and charge every contender a dispatch
 * cost that, next to a 15 ns `Map.get`, is not noise.
 */
import { TopicMatcher, type TopicPattern } from '@sigx/matcher';
import { LRUCache } from 'lru-cache';
import { do_not_optimize } from 'mitata';
import { Qlobber } from 'qlobber';
import type { Subscription } from './workloads.js';

/** A topic index holding subscription ids. */
export interface TopicIndex {
  /** Its name in tables, charts and cross-check errors. */
  readonly name: string;
  /** Whether `match` may repeat an id (qlobber's plain `match` does). */
  readonly mayRepeat: boolean;
  /** Registers a subscription. */
  add(subscription: Subscription): void;
  /** Removes a subscription. */
  remove(subscription: Subscription): void;
  /** The ids of the subscriptions that match a topic. */
  match(topic: string): readonly number[];
  /**
   * A benchmark body: each call matches the next of `topics`, round robin.
   * @param topics - the topics to cycle through.
   */
  runner(topics: readonly string[]): () => void;
  /**
   * A benchmark body that matches the topic it is given (scenario 2's freshly built strings):
   * its own closure, so no call site is shared with another contender.
   */
  inputRunner(): (topic: string) => void;
  /** Memo hits and misses so far; `null` for an index without a memo. */
  memoCounts(): MemoCounts | null;
}

/** Lookups a memo answered, and lookups it had to compute. */
export interface MemoCounts {
  readonly hits: number;
  readonly misses: number;
}

/** What the matcher's level automaton reports, when it has one (see `SigxIndex`). */
export interface AutomatonCounts {
  /** States kept now. */
  readonly states: number;
  /** Topics answered by states that already existed. */
  readonly hits: number;
  /** Topics that had to build states. */
  readonly misses: number;
}

/**
 * Row facts from two readings of the automaton: its hit rate between them and the states it
 * kept at the end; none without an automaton or without lookups between them.
 * @returns `{ 'automaton hit rate', 'automaton states' }` or `{}`.
 */
export function automatonFacts(
  before: AutomatonCounts | null,
  after: AutomatonCounts | null,
): Record<string, number> {
  if (before === null || after === null) return {};
  const hits = after.hits - before.hits;
  const lookups = hits + after.misses - before.misses;
  return lookups <= 0
    ? {}
    : { 'automaton hit rate': hits / lookups, 'automaton states': after.states };
}

/**
 * Reads an index's automaton now (sigx's, where `stats()` reports it); the function returned
 * gives {@link automatonFacts} since then: none for an index without one.
 */
export function automatonSince(index: TopicIndex): () => Record<string, number> {
  if (!(index instanceof SigxIndex)) return () => ({});
  const before = index.automatonCounts();
  return () => automatonFacts(before, index.automatonCounts());
}

const NO_IDS: readonly number[] = Object.freeze([]);

/**
 * A sticky copy of a pattern, tested with `lastIndex = 0`: it matches exactly when the pattern
 * matches from index 0 (sigx's rule). `g` is dropped, like sigx does.
 * @param pattern - a regular-expression source or a `RegExp`.
 * @returns the anchored regex.
 */
export function anchored(pattern: TopicPattern): RegExp {
  return typeof pattern === 'string'
    ? new RegExp(pattern, 'y')
    : new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`);
}

/** `@sigx/matcher`'s `TopicMatcher`, as built. */
export class SigxIndex implements TopicIndex {
  readonly name: string;
  readonly mayRepeat = false;
  /** The matcher itself, for `stats()`. */
  readonly matcher: TopicMatcher<number>;
  readonly #memo: boolean;

  /**
   * @param name - e.g. `sigx`.
   * @param cacheSize - the memo size; `undefined` for the default (10 000), 0 for off.
   */
  constructor(name: string, cacheSize: number | undefined) {
    this.name = name;
    this.matcher = new TopicMatcher<number>(cacheSize === undefined ? {} : { cacheSize });
    this.#memo = cacheSize !== 0;
  }

  memoCounts(): MemoCounts | null {
    if (!this.#memo) return null;
    const { hits, misses } = this.matcher.stats().cache;
    return { hits, misses };
  }

  /**
   * The automaton's counts, where `stats()` reports them (`@sigx/matcher` with a level
   * automaton); `null` otherwise. Read optionally: the bench does not depend on them.
   */
  automatonCounts(): AutomatonCounts | null {
    const automaton = (this.matcher.stats() as { automaton?: Partial<AutomatonCounts> }).automaton;
    const { states, hits, misses } = automaton ?? {};
    return typeof states === 'number' && typeof hits === 'number' && typeof misses === 'number'
      ? { states, hits, misses }
      : null;
  }

  add(subscription: Subscription): void {
    this.matcher.add(subscription.pattern, subscription.id);
  }

  remove(subscription: Subscription): void {
    this.matcher.remove(subscription.pattern, subscription.id);
  }

  match(topic: string): readonly number[] {
    return this.matcher.match(topic);
  }

  runner(topics: readonly string[]): () => void {
    const matcher = this.matcher;
    const count = topics.length;
    let next = 0;
    return () => {
      const topic = topics[next]!;
      next = next + 1 === count ? 0 : next + 1;
      do_not_optimize(matcher.match(topic));
    };
  }

  inputRunner(): (topic: string) => void {
    const matcher = this.matcher;
    return (topic) => {
      do_not_optimize(matcher.match(topic));
    };
  }
}

/** The naive baseline: every subscription's anchored regex, tested in turn. */
export class NaiveScan implements TopicIndex {
  readonly name: string;
  readonly mayRepeat = false;
  readonly #regexes: RegExp[] = [];
  readonly #ids: number[] = [];

  /** @param name - e.g. `naive`. */
  constructor(name = 'naive') {
    this.name = name;
  }

  /** Number of subscriptions. */
  get size(): number {
    return this.#ids.length;
  }

  memoCounts(): null {
    return null;
  }

  add(subscription: Subscription): void {
    this.#regexes.push(anchored(subscription.pattern));
    this.#ids.push(subscription.id);
  }

  remove(subscription: Subscription): void {
    const index = this.#ids.indexOf(subscription.id);
    if (index === -1) return;
    this.#regexes.splice(index, 1);
    this.#ids.splice(index, 1);
  }

  match(topic: string): readonly number[] {
    const regexes = this.#regexes;
    const ids = this.#ids;
    const matches: number[] = [];
    for (let index = 0; index < regexes.length; index += 1) {
      const regex = regexes[index]!;
      regex.lastIndex = 0;
      if (regex.test(topic)) matches.push(ids[index]!);
    }
    return matches;
  }

  runner(topics: readonly string[]): () => void {
    const count = topics.length;
    let next = 0;
    return () => {
      const topic = topics[next]!;
      next = next + 1 === count ? 0 : next + 1;
      do_not_optimize(this.match(topic));
    };
  }

  inputRunner(): (topic: string) => void {
    return (topic) => {
      do_not_optimize(this.match(topic));
    };
  }
}

/**
 * The naive scan behind an `lru-cache` memo of `topic -> ids` (a standard LRU): what a memo
 * alone buys, without a trie. Any change flushes the memo (the simple correct policy).
 */
export class NaiveLruIndex implements TopicIndex {
  readonly name: string;
  readonly mayRepeat = false;
  readonly #scan = new NaiveScan();
  readonly #memo: LRUCache<string, readonly number[]>;
  /** Lookups answered from the memo. */
  hits = 0;
  /** Lookups that had to scan. */
  misses = 0;

  /**
   * @param name - e.g. `naive+LRU`.
   * @param max - most topics memoised.
   */
  constructor(name: string, max: number) {
    this.name = name;
    this.#memo = new LRUCache<string, readonly number[]>({ max });
  }

  memoCounts(): MemoCounts {
    return { hits: this.hits, misses: this.misses };
  }

  add(subscription: Subscription): void {
    this.#scan.add(subscription);
    // lru-cache's clear() costs O(max) even when empty: skip it then (building 100 000).
    if (this.#memo.size > 0) this.#memo.clear();
  }

  remove(subscription: Subscription): void {
    this.#scan.remove(subscription);
    if (this.#memo.size > 0) this.#memo.clear();
  }

  match(topic: string): readonly number[] {
    const remembered = this.#memo.get(topic);
    if (remembered !== undefined) {
      this.hits += 1;
      return remembered;
    }
    this.misses += 1;
    const matches = this.#scan.match(topic);
    this.#memo.set(topic, matches.length === 0 ? NO_IDS : matches);
    return matches;
  }

  runner(topics: readonly string[]): () => void {
    const count = topics.length;
    let next = 0;
    return () => {
      const topic = topics[next]!;
      next = next + 1 === count ? 0 : next + 1;
      do_not_optimize(this.match(topic));
    };
  }

  inputRunner(): (topic: string) => void {
    return (topic) => {
      do_not_optimize(this.match(topic));
    };
  }
}

/**
 * qlobber 8 with MQTT options. Its plain `match` may repeat a value (QlobberDedup returns a
 * Set instead, at a cost); the cross-check deduplicates it.
 */
export class QlobberIndex implements TopicIndex {
  readonly name: string;
  readonly mayRepeat = true;
  readonly #qlobber = new Qlobber<number>({
    separator: '/',
    wildcard_one: '+',
    wildcard_some: '#',
  });

  /** @param name - e.g. `qlobber`. */
  constructor(name = 'qlobber') {
    this.name = name;
  }

  memoCounts(): null {
    return null;
  }

  add(subscription: Subscription): void {
    this.#qlobber.add(filterOf(subscription), subscription.id);
  }

  remove(subscription: Subscription): void {
    this.#qlobber.remove(filterOf(subscription), subscription.id);
  }

  match(topic: string): readonly number[] {
    return this.#qlobber.match(topic);
  }

  runner(topics: readonly string[]): () => void {
    const index = this.#qlobber;
    const count = topics.length;
    let next = 0;
    return () => {
      const topic = topics[next]!;
      next = next + 1 === count ? 0 : next + 1;
      do_not_optimize(index.match(topic));
    };
  }

  inputRunner(): (topic: string) => void {
    const index = this.#qlobber;
    return (topic) => {
      do_not_optimize(index.match(topic));
    };
  }
}

function filterOf(subscription: Subscription): string {
  if (subscription.filter === null) {
    throw new TypeError(`qlobber cannot express the pattern of subscription ${subscription.id}`);
  }
  return subscription.filter;
}

/**
 * The limit for memoised matching: a `Map` from each topic to its precomputed ids. Fixed: it
 * cannot add or remove.
 */
export class MapLimit implements TopicIndex {
  readonly name: string;
  readonly mayRepeat = false;
  readonly #results = new Map<string, readonly number[]>();

  /**
   * @param name - e.g. `Map.get`.
   * @param topics - the only topics it knows.
   * @param reference - computes their ids once.
   */
  constructor(name: string, topics: readonly string[], reference: TopicIndex) {
    this.name = name;
    for (const topic of topics) this.#results.set(topic, reference.match(topic));
  }

  memoCounts(): null {
    return null;
  }

  add(): void {
    throw new TypeError('MapLimit is fixed');
  }

  remove(): void {
    throw new TypeError('MapLimit is fixed');
  }

  match(topic: string): readonly number[] {
    return this.#results.get(topic) ?? NO_IDS;
  }

  runner(topics: readonly string[]): () => void {
    const results = this.#results;
    const count = topics.length;
    let next = 0;
    return () => {
      const topic = topics[next]!;
      next = next + 1 === count ? 0 : next + 1;
      do_not_optimize(results.get(topic));
    };
  }

  inputRunner(): (topic: string) => void {
    const results = this.#results;
    return (topic) => {
      do_not_optimize(results.get(topic));
    };
  }
}

/** Characters that end a pattern's literal head (and `{`, which may be a quantifier). */
const NOT_LITERAL = new Set('\\[](){}.*+?^$|');
/** Characters that make the character before them optional or repeated. */
const QUANTIFIERS = new Set('*+?{');

/**
 * The text every topic a pattern matches (from index 0) starts with, read the simplest sound
 * way: the source's leading plain characters, without the last one when a quantifier follows
 * it; nothing for a pattern with an alternation anywhere or the `i` flag. Shorter than what an
 * index could extract, never longer.
 *
 * @param pattern - a sigx pattern.
 * @returns the literal head, possibly empty.
 */
export function literalHead(pattern: TopicPattern): string {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const flags = typeof pattern === 'string' ? '' : pattern.flags;
  if (flags.includes('i') || source.includes('|')) return '';
  let end = 0;
  while (end < source.length && !NOT_LITERAL.has(source[end]!)) end += 1;
  if (end < source.length && QUANTIFIERS.has(source[end]!)) end = Math.max(0, end - 1);
  return source.slice(0, end);
}

/**
 * The naive scan's results on a fixed set of topics, computed in one pass over the
 * subscriptions without keeping their RegExps: each subscription's anchored regex is tested
 * (exactly as {@link NaiveScan} does) on the topics that start with its {@link literalHead},
 * the others cannot match. For a million subscriptions, where holding and compiling every
 * RegExp (about 1 kB each once compiled) would take gigabytes and most of a minute.
 *
 * @param name - its name in cross-checks, e.g. `naive`.
 * @param subscriptions - every subscription.
 * @param topics - the only topics it answers for.
 * @returns a cross-check implementation; other topics match nothing.
 */
export function naiveReference(
  name: string,
  subscriptions: readonly Subscription[],
  topics: readonly string[],
): { readonly name: string; match(topic: string): readonly number[] } {
  const distinct = [...new Set(topics)];
  const results = new Map<string, number[]>(distinct.map((topic) => [topic, []]));
  for (const subscription of subscriptions) {
    const head = literalHead(subscription.pattern);
    let regex: RegExp | undefined;
    for (const topic of distinct) {
      if (!topic.startsWith(head)) continue;
      regex ??= anchored(subscription.pattern);
      regex.lastIndex = 0;
      if (regex.test(topic)) results.get(topic)!.push(subscription.id);
    }
  }
  return { name, match: (topic) => results.get(topic) ?? NO_IDS };
}
