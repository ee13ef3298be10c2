/**
 * The reverse of `TopicMatcher`: an index of topics (each with a value), searched by pattern.
 * Topics are filed in a radix trie, so that a pattern with literal prefixes visits only the
 * topics under them; a pattern without one is tested on every topic.
 */
import { checkTopic, type PatternCheckOptions } from './checks.js';
import { UnsafePatternError } from './errors.js';
import { resolveOptions } from './matcher-options.js';
import { analyzeNormalized } from './pattern-analysis.js';
import { PrefixTrie } from './prefix-trie.js';
import { compileAnchored, normalizePattern, type TopicPattern } from './topic-pattern.js';

/** Options of {@link TopicIndex}: the pattern rules of `TopicMatcher`, and its topic limit. */
export interface TopicIndexOptions extends PatternCheckOptions {
  /**
   * Longest topic `set` accepts (UTF-16 code units). A positive integer or `Infinity`.
   * @default 65_536 (`DEFAULT_MAX_TOPIC_LENGTH`)
   */
  readonly maxTopicLength?: number;
}

/** What {@link TopicIndex.stats} reports. */
export interface TopicIndexStats {
  /** Topics held. */
  readonly topics: number;
  /** Topics that `match` has visited (tested, or taken without a test), since construction. */
  readonly visited: number;
}

/** One topic of the index: its value, and when it was last set. */
interface Slot<V> {
  readonly topic: string;
  value: V;
  order: number;
}

/**
 * Topics, each with a value, found by pattern: `match(pattern)` gives the topics a pattern
 * matches from index 0 (as `TopicMatcher` would deliver them), visiting only the topics that
 * start with one of the pattern's literal prefixes. What keeps last-value state per topic
 * (retained messages) uses it to answer a new subscription.
 *
 * @typeParam V - the value kept per topic.
 *
 * @example
 * ```ts
 * const index = new TopicIndex<number>();
 * index.set('sensors/hall/temp', 21).set('sensors/attic/temp', 17).set('doors/front', 0);
 * index.match('sensors/.*'); // [['sensors/hall/temp', 21], ['sensors/attic/temp', 17]]
 * index.stats().visited; // 2: `doors/front` was never looked at
 * ```
 */
export class TopicIndex<V> {
  readonly #slots = new Map<string, Slot<V>>();
  readonly #trie = new PrefixTrie<Slot<V>>();
  readonly #rejectUnsafe: boolean;
  readonly #maxPatternLength: number;
  readonly #maxTopicLength: number;
  #order = 0;
  #visited = 0;

  /**
   * @param options - see {@link TopicIndexOptions}.
   * @throws `RangeError` naming an option out of its range; `TypeError` when `options` is
   * not an object.
   */
  constructor(options: TopicIndexOptions = {}) {
    const resolved = resolveOptions(options);
    this.#rejectUnsafe = resolved.rejectUnsafe;
    this.#maxPatternLength = resolved.maxPatternLength;
    this.#maxTopicLength = resolved.maxTopicLength;
  }

  /** Number of topics held. */
  get size(): number {
    return this.#slots.size;
  }

  /**
   * @param topic - a topic.
   * @returns its value, or `undefined` when it is not held.
   */
  get(topic: string): V | undefined {
    return this.#slots.get(topic)?.value;
  }

  /**
   * @param topic - a topic.
   * @returns whether it is held.
   */
  has(topic: string): boolean {
    return this.#slots.has(topic);
  }

  /**
   * Sets a topic's value; the topic becomes the most recently set (see {@link TopicIndex.oldest}).
   * @param topic - the topic.
   * @param value - its value.
   * @returns this index.
   * @throws `TypeError` when the topic is not a string, `LimitExceededError` when it is
   * longer than `maxTopicLength`.
   */
  set(topic: string, value: V): this {
    checkTopic(topic, this.#maxTopicLength);
    this.#order += 1;
    const slot = this.#slots.get(topic);
    if (slot === undefined) {
      const added: Slot<V> = { topic, value, order: this.#order };
      this.#slots.set(topic, added);
      this.#trie.add(topic, added);
    } else {
      slot.value = value;
      slot.order = this.#order;
      // Re-inserted, so that the map's order stays the order of the last set.
      this.#slots.delete(topic);
      this.#slots.set(topic, slot);
    }
    return this;
  }

  /**
   * Removes a topic.
   * @param topic - the topic.
   * @returns whether it was held.
   */
  delete(topic: string): boolean {
    const slot = this.#slots.get(topic);
    if (slot === undefined) return false;
    this.#slots.delete(topic);
    this.#trie.delete(topic, slot);
    return true;
  }

  /** Removes every topic. */
  clear(): void {
    this.#slots.clear();
    this.#trie.clear();
  }

  /** @returns the topic set least recently, with its value; `undefined` when empty. */
  oldest(): [topic: string, value: V] | undefined {
    for (const slot of this.#slots.values()) return [slot.topic, slot.value];
    return undefined;
  }

  /** @returns every topic with its value, from the least recently set to the most. */
  entries(): [topic: string, value: V][] {
    return Array.from(this.#slots.values(), (slot) => [slot.topic, slot.value]);
  }

  /**
   * The topics a pattern matches from index 0, as `TopicMatcher` would match them, from the
   * least recently set to the most. Only the topics that start with one of the pattern's
   * literal prefixes are visited; a pattern with no literal prefix visits every topic. An
   * exact literal set needs no regex, and a whole-topic literal (`a/b$`) is looked up.
   * @param pattern - a regular-expression source or a `RegExp`, checked as `TopicMatcher.add`
   * checks it.
   * @returns the matching topics with their values, a new array.
   * @throws {@link PatternSyntaxError}, {@link LimitExceededError}, {@link UnsafePatternError}
   * (with `unsafePatterns: 'reject'`) or `TypeError`, as `TopicMatcher.add` would.
   */
  match(pattern: TopicPattern): [topic: string, value: V][] {
    const normalized = normalizePattern(pattern, this.#maxPatternLength);
    const analysis = analyzeNormalized(normalized);
    // As `add` does: a level-shaped pattern cannot backtrack; any other is judged by analysis.
    if (this.#rejectUnsafe && normalized.shape === null && analysis.backtracking !== null) {
      const { construct, reason } = analysis.backtracking;
      throw new UnsafePatternError(normalized.source, construct, reason);
    }
    let slots: Slot<V>[];
    if (analysis.wholeTopics !== null) {
      slots = [];
      for (const topic of analysis.wholeTopics) {
        const slot = this.#slots.get(topic);
        if (slot !== undefined) slots.push(slot);
      }
      this.#visited += slots.length;
    } else {
      slots = this.#visit(analysis.prefixes);
      this.#visited += slots.length;
      if (!analysis.exact) {
        const regex = compileAnchored(normalized);
        slots = slots.filter((slot) => {
          regex.lastIndex = 0;
          return regex.test(slot.topic);
        });
      }
    }
    slots.sort((a, b) => a.order - b.order);
    return slots.map((slot) => [slot.topic, slot.value]);
  }

  /** @returns counts of what the index holds and has done. */
  stats(): TopicIndexStats {
    return { topics: this.#slots.size, visited: this.#visited };
  }

  /** The slots under any of `prefixes`, each once; every slot when there are none. */
  #visit(prefixes: readonly string[]): Slot<V>[] {
    if (prefixes.length === 0) return [...this.#slots.values()];
    const slots: Slot<V>[] = [];
    for (const prefix of prefixes) this.#trie.collectUnder(prefix, slots);
    // Minimal prefixes lead to disjoint subtrees; should one be a prefix of another, a topic
    // would be met twice.
    return prefixes.length > 1 ? [...new Set(slots)] : slots;
  }
}
