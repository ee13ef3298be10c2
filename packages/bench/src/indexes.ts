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
  /** Memo hits and misses so far; `null` for an index without a memo. */
  memoCounts(): MemoCounts | null;
}

/** Lookups a memo answered, and lookups it had to compute. */
export interface MemoCounts {
  readonly hits: number;
  readonly misses: number;
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
}
