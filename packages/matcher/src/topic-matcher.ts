import { checkTopic } from './checks.js';
import { UnsafePatternError } from './errors.js';
import { splitLiteralHead, type LiteralHead } from './literal-head.js';
import { analyzeNormalized } from './pattern-analysis.js';
import { resolveOptions, type TopicMatcherOptions } from './matcher-options.js';
import { LevelAutomaton, type AutomatonCounts } from './level-automaton.js';
import { LevelTrie } from './level-trie.js';
import { LiteralFilter } from './literal-filter.js';
import type { MatcherStats } from './matcher-stats.js';
import { mergeByOrder, NO_VALUES } from './merge-by-order.js';
import {
  candidateMatches,
  compact,
  entryAt,
  firstLevelOf,
  matcherOf,
  newLevelEntry,
  prefixesOf,
  trieKeys,
  wholeTopicsOf,
  type LevelIndex,
  type LevelPatternEntry,
  type PatternEntry,
  type SharedTail,
  type TrieEntry,
} from './pattern-entries.js';
import { PrefixTrie } from './prefix-trie.js';
import {
  findRegistration,
  registrationList,
  withoutRegistration,
  withRegistration,
} from './registration-set.js';
import { TopicMemo } from './topic-memo.js';
import {
  compileAnchored,
  normalizePattern,
  type NormalizedPattern,
  type TopicPattern,
} from './topic-pattern.js';

/**
 * An index of topic patterns: add `(pattern, value)` pairs, then ask which values match a
 * topic. A pattern matches a topic when its regular expression matches at index 0.
 *
 * Level-shaped patterns (literal levels, one-level wildcards such as `[^/]+`, an end such as
 * `$` or `(?:\/.*)?$`: what `mqtt()`, `amqp()` and `glob()` emit) are recognised without
 * compiling them and filed by whole levels; a topic is read once, level by level, through a
 * bounded automaton over them, and no regex runs. Other patterns are filed in a trie under
 * their literal prefixes, so a topic is tested only against those whose prefix it starts with;
 * those without a prefix, by a literal every match contains, so a topic is tested only against
 * those whose literal it contains (plus those that require none). Results are memoised per topic in an LRU, which additions and
 * removals patch in place rather than flush.
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
  /** The patterns that are not level shaped, by key; level-shaped ones are found in their
   * level trie (no map of every pattern, which adds would keep rehashing). */
  readonly #patterns = new Map<string, TrieEntry<T>>();
  readonly #trie = new PrefixTrie<TrieEntry<T>>();
  /** Patterns filed in the prefix trie: its walk is skipped at 0. */
  #triePatterns = 0;
  /** Patterns that are not level shaped (in the trie or the prefilter): one field for the
   * level-only fast path to read. */
  #otherPatterns = 0;
  /** Patterns filed by a required literal instead. */
  readonly #filter = new LiteralFilter<TrieEntry<T>>();
  /** Tail regexes shared by patterns, by `flags/rest`, with how many patterns use each. */
  readonly #tails = new Map<string, SharedTail>();
  /** One level index per separator in use (nearly always one: `/`). */
  #levels: LevelIndex<T>[] = [];
  /** The automaton counts of level indexes no longer in use. */
  readonly #retiredCounts = { hits: 0, misses: 0, evictions: 0 };
  readonly #memo: TopicMemo<readonly T[]>;
  readonly #rejectUnsafe: boolean;
  readonly #maxTopicLength: number;
  readonly #maxPatternLength: number;
  readonly #cacheBytes: number;
  readonly #automatonSize: number;
  #size = 0;
  #nextOrder = 0;
  /** Reused by every computation: no allocation per topic for the candidate list (written by
   * count: entries past it are stale)… */
  readonly #candidates: TrieEntry<T>[] = [];
  /** …nor for the matching patterns (written by count: entries past it are stale). */
  readonly #matches: PatternEntry<T>[] = [];

  /**
   * @param options - see {@link TopicMatcherOptions}.
   * @throws `RangeError` naming the option when an option is out of its range (`cacheSize`
   * or `automatonSize` not an integer from 0 to {@link MAX_CACHE_SIZE}, `unsafePatterns`
   * neither `'allow'` nor `'reject'`, `cacheBytes` or a length limit not a positive integer or
   * `Infinity`).
   * @throws `TypeError` when `options` is not an object.
   */
  constructor(options: TopicMatcherOptions = {}) {
    const resolved = resolveOptions(options);
    this.#rejectUnsafe = resolved.rejectUnsafe;
    this.#maxTopicLength = resolved.maxTopicLength;
    this.#maxPatternLength = resolved.maxPatternLength;
    this.#cacheBytes = resolved.cacheBytes;
    this.#automatonSize = resolved.automatonSize;
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
    const order = this.#nextOrder;
    const shape = normalized.shape;
    let entry: PatternEntry<T> | undefined;
    if (shape !== null) {
      const levels = this.#levelIndexFor(shape.separator);
      const node = levels.trie.nodeFor(shape.levels, true)!;
      entry = entryAt(node, normalized.key);
      if (entry === undefined) {
        entry = newLevelEntry(levels, normalized.key, value, order);
        levels.trie.file(node, shape.end, entry);
        levels.automaton.invalidate(firstLevelOf(entry));
      }
    } else {
      entry = this.#patterns.get(normalized.key);
      if (entry === undefined) {
        entry = this.#newTrieEntry(normalized, value, order);
        this.#patterns.set(normalized.key, entry);
        this.#otherPatterns += 1;
      }
    }
    if (entry.order !== order) {
      // The pattern was there already.
      if (findRegistration(entry.registrations, value) !== undefined) return this;
      entry.registrations = withRegistration(entry.registrations, { value, order });
      entry.values = null;
      entry.ordered = null;
      if (entry.levels !== null) entry.levels.automaton.invalidate(firstLevelOf(entry));
    }
    this.#nextOrder += 1;
    this.#size += 1;
    // The new registration is the latest, so where it matches it can only append its value
    // (unless the value is already there through an earlier registration).
    if (this.#memo.size > 0) {
      const matches = matcherOf(entry);
      this.#memo.patch(prefixesOf(entry), (topic, result) =>
        matches(topic) && !result.includes(value) ? Object.freeze([...result, value]) : result,
      );
    }
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
    const entry = this.#find(normalized);
    if (entry === undefined) return false;
    let removed: readonly T[];
    if (value.length === 0) {
      removed = registrationList(entry.registrations).map((registration) => registration.value);
      entry.registrations = null;
    } else {
      if (findRegistration(entry.registrations, value[0]) === undefined) return false;
      entry.registrations = withoutRegistration(entry.registrations, value[0]);
      removed = value;
    }
    entry.values = null;
    entry.ordered = null;
    this.#size -= removed.length;
    // Worked out while the pattern is still filed: a level pattern's prefix is read off its node.
    const prefixes = this.#memo.size > 0 ? prefixesOf(entry) : NO_VALUES;
    const gone = entry.registrations === null;
    if (entry.levels !== null) {
      const first = firstLevelOf(entry);
      if (gone) this.#unfileLevelEntry(entry);
      entry.levels.automaton.invalidate(first);
    } else if (gone) {
      this.#unfileTrieEntry(entry);
      this.#patterns.delete(normalized.key);
      this.#otherPatterns -= 1;
    }
    // Only topics this pattern matches held the removed values through it. (A removed level
    // pattern's nodes keep their parents: its steps can still be read back.)
    if (this.#memo.size > 0) {
      const matches = matcherOf(entry);
      this.#memo.patch(prefixes, (topic, result) =>
        matches(topic) ? this.#withoutValues(topic, result, removed) : result,
      );
    }
    return true;
  }

  /** A pattern's entry, if it is registered. */
  #find(normalized: NormalizedPattern): PatternEntry<T> | undefined {
    const shape = normalized.shape;
    if (shape === null) return this.#patterns.get(normalized.key);
    const code = shape.separator.charCodeAt(0);
    const levels = this.#levels.find((index) => index.trie.separator === code);
    const node = levels?.trie.nodeFor(shape.levels, false) ?? null;
    return node === null ? undefined : entryAt(node, normalized.key);
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

  /** Removes every registration. The memo's and the automaton's counts are kept. */
  clear(): void {
    this.#patterns.clear();
    this.#trie.clear();
    this.#triePatterns = 0;
    this.#otherPatterns = 0;
    this.#filter.clear();
    this.#tails.clear();
    for (const index of this.#levels) this.#retire(index);
    this.#levels = [];
    this.#memo.clear();
    this.#size = 0;
  }

  /**
   * Counters: patterns (level-shaped, indexed, unindexed, exact), the tries' sizes, the
   * automaton's states and the memo's hit rate.
   * @returns a snapshot of the counters.
   */
  stats(): MatcherStats {
    let levelPatterns = 0;
    let levelNodes = 1;
    const automaton = { max: this.#automatonSize, states: 0, ...this.#retiredCounts };
    for (const index of this.#levels) {
      levelPatterns += index.trie.size;
      levelNodes += index.trie.nodeCount - 1;
      const counts: AutomatonCounts = index.automaton.counts();
      automaton.states += counts.states;
      automaton.hits += counts.hits;
      automaton.misses += counts.misses;
      automaton.evictions += counts.evictions;
    }
    let prefixed = 0;
    let exactPatterns = levelPatterns;
    for (const entry of this.#patterns.values()) {
      if (entry.prefixes.length > 0 && entry.filter === null) prefixed += 1;
      if (entry.exact) exactPatterns += 1;
    }
    const filteredPatterns = this.#filter.size;
    const memo = this.#memo;
    return {
      patterns: this.#patterns.size + levelPatterns,
      registrations: this.#size,
      indexedPatterns: levelPatterns + prefixed + filteredPatterns,
      unindexedPatterns: this.#patterns.size - prefixed - filteredPatterns,
      filteredPatterns,
      exactPatterns,
      levelPatterns,
      levelNodes,
      trieNodes: this.#trie.nodeCount,
      automaton,
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

  #unfileLevelEntry(entry: LevelPatternEntry<T>): void {
    const index = entry.levels;
    index.trie.delete(entry);
    if (index.trie.size === 0) {
      this.#retire(index);
      this.#levels = this.#levels.filter((other) => other !== index);
    }
  }

  /** Keeps the counts of a level index that goes (its separator is no longer in use). */
  #retire(index: LevelIndex<T>): void {
    const counts = index.automaton.counts();
    const retired = this.#retiredCounts;
    retired.hits += counts.hits;
    retired.misses += counts.misses;
    retired.evictions += counts.evictions;
  }

  #levelIndexFor(separator: string): LevelIndex<T> {
    const code = separator.charCodeAt(0);
    for (const index of this.#levels) if (index.trie.separator === code) return index;
    const trie = new LevelTrie<T>(separator);
    const index = { trie, automaton: new LevelAutomaton(trie, this.#automatonSize) };
    this.#levels = [...this.#levels, index];
    return index;
  }

  /** A new pattern that is not level shaped: analysed, and filed in the prefix trie. */
  #newTrieEntry(normalized: NormalizedPattern, value: T, order: number): TrieEntry<T> {
    // Split once: the analysis and the shared tail read the same head and rest.
    const head = splitLiteralHead(normalized.source);
    const analysis = analyzeNormalized(normalized, head);
    const risk = analysis.backtracking;
    if (risk !== null && this.#rejectUnsafe) {
      throw new UnsafePatternError(normalized.source, risk.construct, risk.reason);
    }
    const needsRegex = !analysis.exact && analysis.wholeTopics === null;
    const split = needsRegex ? this.#acquireTail(normalized, head) : null;
    const prefixes = compact(analysis.prefixes);
    const entry: TrieEntry<T> = {
      value,
      order,
      registrations: null,
      values: null,
      ordered: null,
      levels: null,
      prefixes,
      exact: analysis.exact,
      regex: split?.tail.regex ?? (needsRegex ? compileAnchored(normalized) : null),
      // The same string as the prefix when they are equal (as they mostly are): one string
      // kept, not two.
      head: split === null ? '' : split.head === prefixes[0] ? prefixes[0] : split.head,
      tail: split?.tail ?? null,
      whole: wholeTopicsOf(analysis.wholeTopics, prefixes),
      filter: null,
      seen: 0,
    };
    entry.registrations = entry;
    const bounds = analysis.filterBounds;
    if (analysis.filter !== null && bounds !== null) {
      const { from, to, minLength } = bounds;
      const required = { strings: analysis.filter, from, to };
      const caseless = normalized.flags.includes('i');
      entry.filter = this.#filter.add(entry, required, minLength, caseless);
    } else {
      for (const prefix of trieKeys(entry)) this.#trie.add(prefix, entry);
      this.#triePatterns += 1;
    }
    return entry;
  }

  #unfileTrieEntry(entry: TrieEntry<T>): void {
    if (entry.filter !== null) {
      this.#filter.delete(entry, entry.filter);
    } else {
      for (const prefix of trieKeys(entry)) this.#trie.delete(prefix, entry);
      this.#triePatterns -= 1;
    }
    if (entry.tail !== null) this.#releaseTail(entry.tail);
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
    split: LiteralHead | null,
  ): { readonly tail: SharedTail; readonly head: string } | null {
    if (pattern.flags.includes('i') || split === null) return null;
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
      tail = { key, regex, users: 0 };
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
    checkTopic(topic, this.#maxTopicLength);
    throw new Error('unreachable: the topic was refused as valid');
  }

  /**
   * The values of the patterns that match a topic: the prefix trie's candidates that match,
   * and the level tries' matches; through the automaton alone when it is the only source.
   */
  #compute(topic: string): readonly T[] {
    const levels = this.#levels;
    if (levels.length === 1 && this.#otherPatterns === 0) {
      return levels[0]!.automaton.match(topic);
    }
    const count = this.#collectMatches(topic, levels.length === 1);
    if (count === -1) return levels[0]!.automaton.match(topic);
    return mergeByOrder(this.#matches, count);
  }

  /**
   * Writes the patterns that match a topic into `#matches`: the prefix trie's candidates that
   * match, then the level tries' matches.
   * @param automaton - when the trie finds none, leave the level trie to the automaton.
   * @returns how many; -1 when `automaton` is set and the trie found none.
   */
  #collectMatches(topic: string, automaton: boolean): number {
    const matches = this.#matches;
    let count = 0;
    if (this.#otherPatterns > 0) {
      const candidates = this.#candidates;
      let found = 0;
      if (this.#triePatterns > 0) found = this.#trie.collect(topic, candidates, found);
      if (this.#otherPatterns > this.#triePatterns) {
        found = this.#filter.collect(topic, candidates, found);
      }
      for (let i = 0; i < found; i += 1) {
        const candidate = candidates[i]!;
        if (candidateMatches(candidate, topic)) matches[count++] = candidate;
      }
    }
    if (automaton && count === 0) return -1;
    const levels = this.#levels;
    for (let i = 0; i < levels.length; i += 1)
      count = levels[i]!.trie.collect(topic, matches, count);
    return count;
  }

  /**
   * A remembered result after values were removed from a pattern that matches its topic: the
   * same result without them, unless another matching pattern still holds one (it may then
   * move to a later position, and the result is merged again). By the walk, not the
   * automaton: the states it would build are those the change just dropped.
   */
  #withoutValues(topic: string, result: readonly T[], removed: readonly T[]): readonly T[] {
    const count = this.#collectMatches(topic, false);
    const matches = this.#matches;
    for (let i = 0; i < count; i += 1) {
      const registrations = matches[i]!.registrations;
      for (const value of removed) {
        if (findRegistration(registrations, value) !== undefined)
          return mergeByOrder(matches, count);
      }
    }
    return Object.freeze(result.filter((v) => !removed.includes(v)));
  }
}
