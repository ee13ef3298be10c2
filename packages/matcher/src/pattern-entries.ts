/**
 * What the matcher keeps per pattern, and the helpers that read it: a level-shaped pattern's
 * entry in its level trie, any other pattern's entry in the prefix trie or the prefilter, and
 * how either is tested directly on a topic (to patch the memo).
 */
import type { LevelAutomaton } from './level-automaton.js';
import { LITERAL, type LevelEntry, type LevelNode, type LevelTrie } from './level-trie.js';
import { containsAny, type LiteralGroup } from './literal-filter.js';
import { NO_VALUES, type Registered } from './merge-by-order.js';

/**
 * What every distinct pattern keeps: its registrations (values compare with SameValueZero, in
 * order of addition), the first of them inline (`value`, `order`: the entry is its own first
 * registration while it holds it, so a pattern with one value costs one object).
 */
export interface EntryBase<T> extends Registered<T> {
  readonly value: T;
  readonly order: number;
}

/** A level-shaped pattern, filed in the level trie of its separator. No regex. */
export interface LevelPatternEntry<T> extends EntryBase<T>, LevelEntry<T> {
  readonly levels: LevelIndex<T>;
}

/** Any other pattern, filed in the prefix trie (under its prefixes, or at the root) or in the prefilter. */
export interface TrieEntry<T> extends EntryBase<T> {
  readonly levels: null;
  /** The analysis's literal prefixes (`[]` when it has none: filed at the root). */
  readonly prefixes: readonly string[];
  /** The analysis's `exact`: the pattern matches exactly the topics that start with a prefix. */
  readonly exact: boolean;
  /**
   * Sticky regex, tested from the end of `head`; `null` for exact literal sets and for
   * whole-topic patterns (never compiled).
   */
  readonly regex: RegExp | null;
  /**
   * The literal characters the pattern starts with, when `regex` is only the rest of the
   * pattern (a tail shared by every pattern with the same rest and flags); `''` otherwise.
   */
  readonly head: string;
  /** The shared tail `regex` belongs to; `null` when `regex` is not shared. */
  readonly tail: SharedTail | null;
  /** The analysis's `wholeTopics`: when set, the pattern matches exactly these topics. */
  readonly whole: readonly string[] | null;
  /** The literal groups it is filed in when the prefilter holds it (not the trie). */
  filter: readonly LiteralGroup<TrieEntry<T>>[] | null;
  /** The prefilter's mark of the last topic that met it. */
  seen: number;
}

export type PatternEntry<T> = LevelPatternEntry<T> | TrieEntry<T>;

/** The level trie of one separator and its automaton. */
export interface LevelIndex<T> {
  readonly trie: LevelTrie<T>;
  readonly automaton: LevelAutomaton<T>;
}

/** A sticky regex of a pattern rest, shared by every pattern with that rest and flags. */
export interface SharedTail {
  /** Its key in the matcher's tails: `flags/rest`. */
  readonly key: string;
  readonly regex: RegExp;
  /** Patterns using it: it is dropped with the last. */
  users: number;
}

/** A new level-shaped pattern, its first registration inline. */
export function newLevelEntry<T>(
  levels: LevelIndex<T>,
  key: string,
  value: T,
  order: number,
): LevelPatternEntry<T> {
  const entry: LevelPatternEntry<T> = {
    value,
    order,
    registrations: null,
    values: null,
    ordered: null,
    key,
    node: null,
    levelEnd: 0,
    levels,
  };
  entry.registrations = entry;
  return entry;
}

/** The level pattern with this key among those that end at a node. */
export function entryAt<T>(node: LevelNode<T>, key: string): LevelPatternEntry<T> | undefined {
  const ends = node.ends;
  if (ends === null) return undefined;
  if (!Array.isArray(ends)) return ends.key === key ? (ends as LevelPatternEntry<T>) : undefined;
  return ends.find((entry) => entry.key === key) as LevelPatternEntry<T> | undefined;
}

/** A level pattern's first step, when it is a literal level (what the automaton files states
 * under); `null` for a wildcard or no step. */
export function firstLevelOf<T>(entry: LevelPatternEntry<T>): string | null {
  let node = entry.node!;
  if (node.parent === null) return null;
  while (node.parent!.parent !== null) node = node.parent!;
  return node.kind === LITERAL ? node.label : null;
}

/** The literal prefixes every topic a pattern matches starts with (`[]`: any topic). */
export function prefixesOf<T>(entry: PatternEntry<T>): readonly string[] {
  if (entry.levels === null) return entry.prefixes;
  const prefix = entry.levels.trie.prefixOf(entry);
  return prefix === '' ? NO_VALUES : [prefix];
}

/** Whether a pattern matches a topic, checked directly (to patch the memo): a level pattern's
 * steps are read back once for all the topics a patch visits. */
export function matcherOf<T>(entry: PatternEntry<T>): (topic: string) => boolean {
  if (entry.levels !== null) {
    const trie = entry.levels.trie;
    const steps = trie.stepsOf(entry);
    return (topic) => trie.matches(entry, topic, steps);
  }
  const prefixes = entry.prefixes;
  const filter = entry.filter;
  return (topic) =>
    (prefixes.length === 0 || prefixes.some((prefix) => topic.startsWith(prefix))) &&
    (filter === null || containsAny(topic, filter)) &&
    candidateMatches(entry, topic);
}

/**
 * Whether a pattern matches a topic that starts with one of its prefixes (it has none, or the
 * trie walk met it): a whole-topic pattern compares strings, an exact literal set matches as
 * it is, any other runs its sticky regex from index 0.
 */
export function candidateMatches<T>(entry: TrieEntry<T>, topic: string): boolean {
  const whole = entry.whole;
  if (whole !== null) return whole.length === 1 ? whole[0] === topic : whole.includes(topic);
  const regex = entry.regex;
  if (regex === null) return true;
  const head = entry.head;
  if (head.length > 0 && !topic.startsWith(head)) return false;
  regex.lastIndex = head.length;
  return regex.test(topic);
}

/**
 * A copy of an array, exactly as long as it is: arrays built by `push` keep room for about 16
 * more elements, which is most of the memory of a one-element array kept per pattern.
 */
export function compact<E>(array: readonly E[]): readonly E[] {
  return array.length === 0 ? NO_VALUES : array.slice();
}

/** A pattern's whole topics, compact; the (compact) prefixes' array itself when they are the
 * same strings (a pattern such as `a/b$` is filed under its one topic). */
export function wholeTopicsOf(
  whole: readonly string[] | null,
  prefixes: readonly string[],
): readonly string[] | null {
  if (whole === null) return null;
  const same = whole.length === prefixes.length && whole.every((topic, i) => topic === prefixes[i]);
  return same ? prefixes : compact(whole);
}

/** The prefixes a pattern is filed under: the root (`''`) when it has none. */
export function trieKeys(entry: TrieEntry<unknown>): readonly string[] {
  return entry.prefixes.length > 0 ? entry.prefixes : [''];
}
