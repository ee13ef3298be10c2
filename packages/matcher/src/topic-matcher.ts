import { describeValue, LimitExceededError, UnsafePatternError } from './errors.js';
import { splitLiteralHead } from './literal-head.js';
import { analyzeNormalized } from './pattern-analysis.js';
import { resolveOptions, type TopicMatcherOptions } from './matcher-options.js';
import { GapGroup, levelGapOf, type LevelGap } from './level-gap.js';
import { PrefixTrie } from './prefix-trie.js';
import {
  findRegistration,
  NO_REGISTRATIONS,
  registrationCount,
  registrationList,
  withoutRegistration,
  withRegistration,
  type Registration,
  type RegistrationSet,
} from './registration-set.js';
import { TopicMemo } from './topic-memo.js';
import {
  compileAnchored,
  normalizePattern,
  type NormalizedPattern,
  type TopicPattern,
} from './topic-pattern.js';

/** Counters describing a {@link TopicMatcher}, from {@link TopicMatcher.stats}. */
export interface MatcherStats {
  /** Distinct patterns registered. */
  readonly patterns: number;
  /** `(pattern, value)` registrations: the matcher's `size`. */
  readonly registrations: number;
  /** Patterns filed in the trie under literal prefixes. */
  readonly indexedPatterns: number;
  /** Patterns with no literal prefix, tested on every topic. */
  readonly unindexedPatterns: number;
  /** Patterns that are exact literal sets: matched without running a regex. */
  readonly exactPatterns: number;
  /**
   * Positions in the prefix trie: the distinct prefixes (code unit by code unit) of the
   * literal prefixes filed, the root included, plus those of the level-gap groups' tries
   * (each with its root) while they exist; back to 1 when nothing is filed. The tries are
   * compressed, so they allocate fewer nodes than this.
   */
  readonly trieNodes: number;
  /** The memo of topic results. */
  readonly cache: {
    /** Most topics kept (`cacheSize`). */
    readonly max: number;
    /** Topics kept now. */
    readonly size: number;
    /** Most bytes of topic text kept (`cacheBytes`). */
    readonly maxBytes: number;
    /** Bytes of topic text kept now: 2 per code unit of the remembered topics. */
    readonly bytes: number;
    /** Lookups answered from the memo. */
    readonly hits: number;
    /** Lookups that had to be computed. */
    readonly misses: number;
  };
}

/** A distinct pattern: its compiled state, shared by all its registrations. */
interface PatternEntry<T> {
  /**
   * The analysis's literal prefixes (`[]` when it has none: filed at the root). Only what
   * matching, patching and removal need is kept of the analysis, not its strings.
   */
  readonly prefixes: readonly string[];
  /** The analysis's `exact`: the pattern matches exactly the topics that start with a prefix. */
  readonly exact: boolean;
  /**
   * Sticky regex, tested from the end of `head`; `null` for exact literal sets and for
   * whole-topic patterns (never compiled: the runtime would compile it on its first test, and
   * may drop the compiled code of a regex that is rarely tested, only to compile it again).
   */
  readonly regex: RegExp | null;
  /**
   * The literal characters the pattern starts with, when `regex` is only the rest of the
   * pattern (a tail shared by every pattern with the same rest and flags, so that a few hot
   * regexes serve many patterns); `''` when `regex` is the whole pattern.
   */
  readonly head: string;
  /** The shared tail `regex` belongs to; `null` when `regex` is not shared. */
  readonly tail: SharedTail | null;
  /** The analysis's `wholeTopics`: when set, the pattern matches exactly these topics. */
  readonly whole: readonly string[] | null;
  /**
   * The values registered under the pattern (SameValueZero, the identity of
   * `(pattern, value)` pairs), in order of addition.
   */
  registrations: RegistrationSet<T>;
  /**
   * The values, frozen: the result when this is the only pattern that matches. Built on
   * demand (`null` after a change) so that adding many values to one pattern stays linear.
   */
  values: readonly T[] | null;
  /**
   * The registrations as an array, in order of addition (so by ascending `order`), for the
   * merge of several matching patterns. Built on demand like `values`, `null` after a change.
   */
  ordered: readonly Registration<T>[] | null;
}

/** A sticky regex of a pattern rest, shared by every pattern with that rest and flags. */
interface SharedTail {
  /** Its key in the matcher's tails: `flags/rest`. */
  readonly key: string;
  readonly regex: RegExp;
  /** The level gap the rest starts with (`level-gap.ts`), or `null`: a property of the rest,
   * so worked out once per tail, not per pattern. */
  readonly gap: LevelGap | null;
  /** Patterns using it: it is dropped with the last. */
  users: number;
}

const NO_VALUES: readonly never[] = Object.freeze([]);
/** Most matching patterns merged list by list; more are gathered and sorted. */
const MAX_MERGE_WAYS = 8;
/** Longest result deduplicated by searching it; a longer one gets a `Set`. */
const SMALL_RESULT = 16;

/**
 * An index of topic patterns: add `(pattern, value)` pairs, then ask which values match a
 * topic. A pattern matches a topic when its regular expression matches at index 0.
 *
 * Patterns are filed in a trie under their literal prefixes, so a topic is tested only
 * against the patterns whose prefix it starts with (plus those without a literal prefix);
 * patterns that are exact literal sets need no regex run, nor do literal sets anchored at both
 * ends (whole topics), which compare the topic with their strings. Results are memoised per
 * topic in an LRU, which additions and removals patch in place rather than flush.
 *
 * @typeParam T - the values registered under patterns (handlers, routes, ids…).
 *
 * @example
 * ```ts
 * const routes = new TopicMatcher<string>();
 * routes.add('parent/.*', 'all children').add(/^parent\/child$/, 'one child');
 * routes.match('parent/child');    // ['all children', 'one child']
 * routes.match('parent/chipmunk'); // ['all children']
 * routes.test('other');            // false
 * ```
 */
export class TopicMatcher<T> {
  readonly #patterns = new Map<string, PatternEntry<T>>();
  /** How many patterns each value is registered under: tells the memo patches when a value
   * is new to the matcher, or gone from it, without scanning results. */
  readonly #patternCounts = new Map<T, number>();
  readonly #trie = new PrefixTrie<PatternEntry<T> | GapGroup<PatternEntry<T>>>();
  /** The gap groups filed in the trie, by separator and head. */
  readonly #gapGroups = new Map<string, GapGroup<PatternEntry<T>>>();
  /** Tail regexes shared by patterns, by `flags/rest`, with how many patterns use each. */
  readonly #tails = new Map<string, SharedTail>();
  readonly #memo: TopicMemo<readonly T[]>;
  readonly #rejectUnsafe: boolean;
  readonly #maxTopicLength: number;
  readonly #maxPatternLength: number;
  readonly #cacheBytes: number;
  #size = 0;
  #nextOrder = 0;
  /** Reused by every computation: no allocation per topic for the candidate list. */
  readonly #candidates: (PatternEntry<T> | GapGroup<PatternEntry<T>>)[] = [];
  /** Reused by every merge of several matching patterns: their registration lists… */
  readonly #lists: (readonly Registration<T>[])[] = [];
  /** …and the position reached in each. */
  readonly #heads: number[] = [];
  /** Reused by the merge of patterns that hold one registration each. */
  readonly #sorted: Registration<T>[] = [];

  /**
   * @param options - see {@link TopicMatcherOptions}.
   * @throws `RangeError` naming the option when an option is out of its range (`cacheSize`
   * not an integer from 0 to {@link MAX_CACHE_SIZE}, `unsafePatterns` neither `'allow'` nor
   * `'reject'`, `cacheBytes` or a length limit not a positive integer or `Infinity`).
   * @throws `TypeError` when `options` is not an object.
   */
  constructor(options: TopicMatcherOptions = {}) {
    const resolved = resolveOptions(options);
    this.#rejectUnsafe = resolved.rejectUnsafe;
    this.#maxTopicLength = resolved.maxTopicLength;
    this.#maxPatternLength = resolved.maxPatternLength;
    this.#cacheBytes = resolved.cacheBytes;
    this.#memo = new TopicMemo(resolved.cacheSize, Math.floor(resolved.cacheBytes / 2));
  }

  /** Number of `(pattern, value)` registrations. */
  get size(): number {
    return this.#size;
  }

  /**
   * Registers a value under a pattern. `(pattern, value)` is a set: adding the same pair again
   * changes nothing (values compare with SameValueZero; patterns by source and flags).
   *
   * @param pattern - a regular-expression source string or a `RegExp`; `g` and `y` are ignored.
   * @param value - what {@link TopicMatcher.match} returns for topics the pattern matches.
   * @returns this matcher, for chaining.
   * @throws {@link PatternSyntaxError} when a string is not a valid regular expression.
   * @throws {@link LimitExceededError} when the pattern is longer than `maxPatternLength`.
   * @throws {@link UnsafePatternError} with `unsafePatterns: 'reject'`, when the pattern risks
   * super-linear backtracking or cannot be checked.
   * @throws `TypeError` when the pattern is neither a string nor a `RegExp`.
   * A failed call leaves the matcher unchanged.
   */
  add(pattern: TopicPattern, value: T): this {
    const normalized = normalizePattern(pattern, this.#maxPatternLength);
    let entry = this.#patterns.get(normalized.key);
    if (entry !== undefined && findRegistration(entry.registrations, value) !== undefined) {
      return this;
    }
    if (entry === undefined) {
      const analysis = analyzeNormalized(normalized);
      const risk = analysis.backtracking;
      if (risk !== null && this.#rejectUnsafe) {
        throw new UnsafePatternError(normalized.source, risk.construct, risk.reason);
      }
      const needsRegex = !analysis.exact && analysis.wholeTopics === null;
      const split = needsRegex ? this.#acquireTail(normalized) : null;
      const prefixes = compact(analysis.prefixes);
      entry = {
        prefixes,
        exact: analysis.exact,
        regex: split?.tail.regex ?? (needsRegex ? compileAnchored(normalized) : null),
        // The same string as the prefix when they are equal (as they mostly are): one string
        // kept, not two.
        head: split === null ? '' : split.head === prefixes[0] ? prefixes[0] : split.head,
        tail: split?.tail ?? null,
        whole: wholeTopicsOf(analysis.wholeTopics, prefixes),
        registrations: NO_REGISTRATIONS,
        values: null,
        ordered: null,
      };
      this.#patterns.set(normalized.key, entry);
      const gap = gapOf(entry);
      if (gap !== null) this.#fileInGap(entry, gap);
      else for (const prefix of trieKeys(entry)) this.#trie.add(prefix, entry);
    }
    entry.registrations = withRegistration(entry.registrations, {
      value,
      order: this.#nextOrder++,
    });
    entry.values = null;
    entry.ordered = null;
    this.#size += 1;
    const otherPatterns = this.#patternCounts.get(value) ?? 0;
    this.#patternCounts.set(value, otherPatterns + 1);

    // The new registration is the latest, so where it matches it can only append its value
    // (unless the value is already there through an earlier registration).
    const added = entry;
    this.#memo.patch(added.prefixes, (topic, result) =>
      entryMatches(added, topic) && (otherPatterns === 0 || !result.includes(value))
        ? Object.freeze([...result, value])
        : result,
    );
    return this;
  }

  /**
   * Removes a pattern's registrations: the one with `value`, or all of them when no value is
   * given.
   *
   * @param pattern - the pattern, as it was added (or any pattern with the same source and flags).
   * @param value - the value to remove; omit it to remove every value of the pattern.
   * @returns whether anything was removed.
   * @throws {@link PatternSyntaxError} when a string is not a valid regular expression.
   * @throws {@link LimitExceededError} when the pattern is longer than `maxPatternLength`.
   * @throws `TypeError` when the pattern is neither a string nor a `RegExp`.
   */
  remove(pattern: TopicPattern, ...value: [] | [T]): boolean {
    const normalized = normalizePattern(pattern, this.#maxPatternLength);
    const entry = this.#patterns.get(normalized.key);
    if (entry === undefined) return false;
    let removed: T[];
    if (value.length === 0) {
      removed = registrationList(entry.registrations).map((registration) => registration.value);
      entry.registrations = NO_REGISTRATIONS;
    } else {
      const registration = findRegistration(entry.registrations, value[0]);
      if (registration === undefined) return false;
      entry.registrations = withoutRegistration(entry.registrations, value[0]);
      removed = [registration.value];
    }
    entry.values = null;
    entry.ordered = null;
    this.#size -= removed.length;
    if (registrationCount(entry.registrations) === 0) {
      this.#patterns.delete(normalized.key);
      const gap = gapOf(entry);
      if (gap !== null) this.#unfileFromGap(entry, gap);
      else for (const prefix of trieKeys(entry)) this.#trie.delete(prefix, entry);
      if (entry.tail !== null) this.#releaseTail(entry.tail);
    }
    let stillRegistered = false;
    for (const gone of removed) {
      const count = this.#patternCounts.get(gone)! - 1;
      if (count === 0) this.#patternCounts.delete(gone);
      else {
        this.#patternCounts.set(gone, count);
        stillRegistered = true;
      }
    }

    // Only topics this pattern matches held the removed values through it. A value that no
    // pattern holds any more is filtered out; one still registered elsewhere may move to a
    // later position, so those topics are recomputed.
    this.#memo.patch(entry.prefixes, (topic, result) => {
      if (!entryMatches(entry, topic)) return result;
      if (stillRegistered) return this.#compute(topic);
      return Object.freeze(result.filter((v) => !removed.includes(v)));
    });
    return true;
  }

  /**
   * The values whose patterns match a topic: each once, in the order of its earliest matching
   * registration. The returned array is frozen and may be shared between calls.
   *
   * @param topic - the topic.
   * @returns the matching values; an empty array when none match.
   * @throws `TypeError` when the topic is not a string.
   * @throws {@link LimitExceededError} when the topic is longer than `maxTopicLength`.
   */
  match(topic: string): readonly T[] {
    // Checked before the memo lookup, which would hash the whole topic.
    if (typeof topic !== 'string' || topic.length > this.#maxTopicLength) this.#refuse(topic);
    const remembered = this.#memo.get(topic);
    if (remembered !== undefined) return remembered;
    const result = this.#compute(topic);
    this.#memo.set(topic, result);
    return result;
  }

  /**
   * Whether any pattern matches a topic.
   * @param topic - the topic.
   * @returns `true` when {@link TopicMatcher.match} would return at least one value.
   * @throws `TypeError` when the topic is not a string.
   * @throws {@link LimitExceededError} when the topic is longer than `maxTopicLength`.
   */
  test(topic: string): boolean {
    return this.match(topic).length > 0;
  }

  /** Removes every registration. The memo's hit and miss counts are kept. */
  clear(): void {
    this.#patterns.clear();
    this.#patternCounts.clear();
    this.#trie.clear();
    this.#gapGroups.clear();
    this.#tails.clear();
    this.#memo.clear();
    this.#size = 0;
  }

  /**
   * Counters: patterns (indexed, unindexed, exact), trie size and the memo's hit rate.
   * @returns a snapshot of the counters.
   */
  stats(): MatcherStats {
    let indexedPatterns = 0;
    let exactPatterns = 0;
    for (const entry of this.#patterns.values()) {
      if (entry.prefixes.length > 0) indexedPatterns += 1;
      if (entry.exact) exactPatterns += 1;
    }
    const memo = this.#memo;
    return {
      patterns: this.#patterns.size,
      registrations: this.#size,
      indexedPatterns,
      unindexedPatterns: this.#patterns.size - indexedPatterns,
      exactPatterns,
      trieNodes: this.#trieNodes(),
      cache: {
        max: memo.max,
        size: memo.size,
        maxBytes: this.#cacheBytes,
        bytes: memo.units * 2,
        hits: memo.hits,
        misses: memo.misses,
      },
    };
  }

  /**
   * The shared regex of a pattern's rest, after its literal head, or `null` when the pattern
   * is not split. A pattern `head rest` (no top-level `|` in `rest`, no quantifier on the
   * head's last character) matches at index 0 exactly when the topic starts with `head` and
   * `rest` matches from there: the head's characters match one way only, and `rest` sees the
   * same string around it (look-behinds, `\b`, `^` under `m`). Not under `i`, where the head
   * would match other cases.
   */
  #acquireTail(
    pattern: NormalizedPattern,
  ): { readonly tail: SharedTail; readonly head: string } | null {
    if (pattern.flags.includes('i')) return null;
    const split = splitLiteralHead(pattern.source);
    if (split === null) return null;
    const flags = `${pattern.flags.replace('d', '')}y`;
    const key = `${flags}/${split.rest}`;
    let tail = this.#tails.get(key);
    if (tail === undefined) {
      let regex: RegExp;
      try {
        regex = new RegExp(split.rest, flags);
      } catch {
        return null; // not expected; the whole pattern is compiled instead
      }
      tail = { key, regex, gap: levelGapOf(split.rest), users: 0 };
      this.#tails.set(key, tail);
    }
    tail.users += 1;
    return { tail, head: split.head };
  }

  /** Drops a removed pattern's use of a shared tail, and the tail with its last user. */
  #releaseTail(tail: SharedTail): void {
    tail.users -= 1;
    if (tail.users === 0) this.#tails.delete(tail.key);
  }

  /** Throws the error for a topic that is not a string, or is too long. */
  #refuse(topic: unknown): never {
    if (typeof topic !== 'string') {
      throw new TypeError(`A topic must be a string, got ${describeValue(topic)}`);
    }
    throw new LimitExceededError('maxTopicLength', topic.length, this.#maxTopicLength, topic);
  }

  /** Files a pattern with a level gap in the gap group of its head (made on first use). */
  #fileInGap(entry: PatternEntry<T>, gap: LevelGap): void {
    const key = gap.separator + entry.head;
    let group = this.#gapGroups.get(key);
    if (group === undefined) {
      group = new GapGroup(gap.separator, entry.head.length);
      this.#gapGroups.set(key, group);
      this.#trie.add(entry.head, group);
    }
    group.entries.add(gap.literal, entry);
    group.size += 1;
  }

  /** Removes a pattern from its gap group, and the group with its last pattern. */
  #unfileFromGap(entry: PatternEntry<T>, gap: LevelGap): void {
    const key = gap.separator + entry.head;
    const group = this.#gapGroups.get(key)!;
    group.entries.delete(gap.literal, entry);
    group.size -= 1;
    if (group.size === 0) {
      this.#gapGroups.delete(key);
      this.#trie.delete(entry.head, group);
    }
  }

  /** Trie positions, the gap groups' tries included (each adds its root while it exists). */
  #trieNodes(): number {
    let nodes = this.#trie.nodeCount;
    for (const group of this.#gapGroups.values()) nodes += group.entries.nodeCount;
    return nodes;
  }

  /** Walks the trie along the topic and tests the candidates it meets. */
  #compute(topic: string): readonly T[] {
    const candidates = this.#candidates;
    candidates.length = 0;
    this.#trie.collect(topic, candidates);
    let matched = 0;
    // `candidates.length` is read on each turn: a gap group appends its own candidates.
    for (let i = 0; i < candidates.length; i += 1) {
      const candidate = candidates[i]!;
      if (candidate instanceof GapGroup) {
        candidate.collect(topic, candidates);
        continue;
      }
      if (!candidateMatches(candidate, topic)) continue;
      candidates[matched++] = candidate; // compact the matches to the front
    }
    // The first `matched` candidates are the matching patterns (gap groups are never kept).
    const matches = candidates as PatternEntry<T>[];
    if (matched === 0) return NO_VALUES;
    if (matched === 1) return valuesOf(matches[0]!);
    return matched <= MAX_MERGE_WAYS
      ? this.#mergeByOrder(matches, matched)
      : sortByOrder(matches, matched);
  }

  /**
   * The values of several matching patterns, each once, by earliest registration: a k-way
   * merge of their registration lists, each already in ascending order. Allocates only the
   * result (and, past {@link SMALL_RESULT} values, a `Set` to dedupe).
   */
  #mergeByOrder(entries: readonly PatternEntry<T>[], count: number): readonly T[] {
    const singles = singlesByOrder(entries, count, this.#sorted);
    if (singles !== null) return singles;
    const lists = this.#lists;
    const heads = this.#heads;
    for (let i = 0; i < count; i += 1) {
      lists[i] = registrationsOf(entries[i]!);
      heads[i] = 0;
    }
    const values: T[] = [];
    let seen: Set<T> | null = null;
    for (;;) {
      let best = -1;
      let bestOrder = Infinity;
      for (let i = 0; i < count; i += 1) {
        const list = lists[i]!;
        const head = heads[i]!;
        if (head < list.length && list[head]!.order < bestOrder) {
          best = i;
          bestOrder = list[head]!.order;
        }
      }
      if (best === -1) break;
      const value = lists[best]![heads[best]!]!.value;
      heads[best]! += 1;
      seen = pushDistinct(values, value, seen);
    }
    lists.length = 0; // let go of the registration lists
    return Object.freeze(values);
  }
}

/**
 * The common case of {@link TopicMatcher.#mergeByOrder}: when each matching pattern holds
 * one registration, its values by order of registration, sorted in place (at most
 * {@link MAX_MERGE_WAYS} of them); `null` when a pattern holds several.
 */
function singlesByOrder<T>(
  entries: readonly PatternEntry<T>[],
  count: number,
  sorted: Registration<T>[],
): readonly T[] | null {
  sorted.length = 0;
  for (let i = 0; i < count; i += 1) {
    const registrations = entries[i]!.registrations;
    if (registrations === null || registrations instanceof Map) {
      sorted.length = 0;
      return null;
    }
    // Insertion sort: a handful of registrations.
    let at = sorted.length;
    while (at > 0 && sorted[at - 1]!.order > registrations.order) {
      sorted[at] = sorted[at - 1]!;
      at -= 1;
    }
    sorted[at] = registrations;
  }
  const values: T[] = [];
  for (let i = 0; i < count; i += 1) pushDistinct(values, sorted[i]!.value, null);
  sorted.length = 0;
  return Object.freeze(values);
}

/** One pattern's values, frozen, built once per change. */
function valuesOf<T>(entry: PatternEntry<T>): readonly T[] {
  return (entry.values ??= Object.freeze(
    registrationList(entry.registrations).map((registration) => registration.value),
  ));
}

/** One pattern's registrations as an array, in order of addition, built once per change. */
function registrationsOf<T>(entry: PatternEntry<T>): readonly Registration<T>[] {
  return (entry.ordered ??= registrationList(entry.registrations));
}

/**
 * The values of many matching patterns (more than {@link MAX_MERGE_WAYS}, where the k-way
 * merge would scan too many lists per value), each once, by earliest registration.
 */
function sortByOrder<T>(entries: readonly PatternEntry<T>[], count: number): readonly T[] {
  const registrations: Registration<T>[] = [];
  for (let i = 0; i < count; i += 1) {
    const list = registrationsOf(entries[i]!);
    for (let j = 0; j < list.length; j += 1) registrations.push(list[j]!);
  }
  registrations.sort((a, b) => a.order - b.order);
  const values: T[] = [];
  let seen: Set<T> | null = null;
  for (let i = 0; i < registrations.length; i += 1) {
    seen = pushDistinct(values, registrations[i]!.value, seen);
  }
  return Object.freeze(values);
}

/**
 * Appends `value` to `values` unless an equal one (SameValueZero) is there, keeping the
 * earliest as given. A short list is searched (`includes` is SameValueZero too); past
 * {@link SMALL_RESULT} values a `Set` of them is built once and kept up to date.
 * @returns the `Set`, once there is one.
 */
function pushDistinct<T>(values: T[], value: T, seen: Set<T> | null): Set<T> | null {
  if (seen !== null) {
    if (seen.has(value)) return seen;
    seen.add(value);
    values.push(value);
    return seen;
  }
  if (values.includes(value)) return null;
  values.push(value);
  return values.length > SMALL_RESULT ? new Set(values) : null;
}

/** Whether a pattern matches a topic, checked directly (used to patch the memo). */
function entryMatches<T>(entry: PatternEntry<T>, topic: string): boolean {
  const prefixes = entry.prefixes;
  if (prefixes.length > 0 && !prefixes.some((prefix) => topic.startsWith(prefix))) return false;
  return candidateMatches(entry, topic);
}

/**
 * Whether a pattern matches a topic that starts with one of its prefixes (it has none, or the
 * trie walk met it): a whole-topic pattern compares strings, an exact literal set matches as
 * it is, any other runs its sticky regex from index 0.
 */
function candidateMatches<T>(entry: PatternEntry<T>, topic: string): boolean {
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
function compact<E>(array: readonly E[]): readonly E[] {
  return array.length === 0 ? NO_VALUES : array.slice();
}

/** A pattern's whole topics, compact; the (compact) prefixes' array itself when they are the
 * same strings (a pattern such as `a/b$` is filed under its one topic). */
function wholeTopicsOf(
  whole: readonly string[] | null,
  prefixes: readonly string[],
): readonly string[] | null {
  if (whole === null) return null;
  const same = whole.length === prefixes.length && whole.every((topic, i) => topic === prefixes[i]);
  return same ? prefixes : compact(whole);
}

/**
 * Where a pattern with a level gap is filed (`level-gap.ts`), or `null` for a pattern filed in
 * the trie under its prefixes. Only a pattern whose one prefix is its head qualifies: then the
 * head is all it is filed by, and what follows is its shared tail.
 */
function gapOf(entry: PatternEntry<unknown>): LevelGap | null {
  const gap = entry.tail?.gap ?? null;
  if (gap === null) return null;
  const prefixes = entry.prefixes;
  return prefixes.length === 1 && prefixes[0] === entry.head ? gap : null;
}

/** The prefixes a pattern is filed under: the root (`''`) when it has none. */
function trieKeys(entry: PatternEntry<unknown>): readonly string[] {
  return entry.prefixes.length > 0 ? entry.prefixes : [''];
}
