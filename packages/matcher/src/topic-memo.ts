import { LRUCache } from 'lru-cache';
import { PrefixTrie } from './prefix-trie.js';

/** A remembered result, in a mutable box so that patches rewrite it in place. */
interface Box<R> {
  readonly topic: string;
  result: R;
}

/**
 * The memo of `topic -> match result`: an LRU of at most `max` topics, with hit and miss
 * counts. A `max` of 0 turns it off (every lookup misses, nothing is kept).
 *
 * Results are kept in mutable boxes so that {@link TopicMemo.patch} can rewrite them in place,
 * without disturbing the LRU order that the lookups established. The boxes are also filed in a
 * trie under their topics, so that a patch for a pattern with literal prefixes visits only the
 * remembered topics that start with one of them, not the whole memo.
 */
export class TopicMemo<R> {
  readonly #cache: LRUCache<string, Box<R>> | null;
  /** Every box in the cache, filed under its topic: entries leave it when they leave the
   * cache (evicted, overwritten or deleted), through `dispose`. */
  readonly #topics = new PrefixTrie<Box<R>>();
  #hits = 0;
  #misses = 0;

  /** @param max - most topics kept; 0 keeps none. */
  constructor(max: number) {
    const topics = this.#topics;
    this.#cache =
      max > 0
        ? new LRUCache<string, Box<R>>({
            max,
            // Called synchronously whenever a box leaves the cache, whatever the reason, so
            // the trie never holds a topic the cache has forgotten.
            dispose: (box, topic) => {
              topics.delete(topic, box);
            },
          })
        : null;
  }

  /** Most topics kept. */
  get max(): number {
    return this.#cache?.max ?? 0;
  }

  /** Topics kept now. */
  get size(): number {
    return this.#cache?.size ?? 0;
  }

  /** Lookups answered from the memo. */
  get hits(): number {
    return this.#hits;
  }

  /** Lookups that had to be computed. */
  get misses(): number {
    return this.#misses;
  }

  /**
   * The remembered result for a topic, counted as a hit or a miss.
   * @param topic - the topic.
   * @returns the result, or `undefined` when it is not remembered.
   */
  get(topic: string): R | undefined {
    const box = this.#cache?.get(topic);
    if (box === undefined) {
      this.#misses += 1;
      return undefined;
    }
    this.#hits += 1;
    return box.result;
  }

  /**
   * Remembers a result.
   * @param topic - the topic.
   * @param result - its result.
   */
  set(topic: string, result: R): void {
    if (this.#cache === null) return;
    const box: Box<R> = { topic, result };
    // Filed after `set`: a box this one replaces (or evicts) has left the trie by then.
    this.#cache.set(topic, box);
    this.#topics.add(topic, box);
  }

  /**
   * Rewrites remembered results in place: `update` is called once for each remembered topic
   * that starts with one of `prefixes` (each remembered topic when there are none) and
   * returns its new result (the same one to keep it). Topics that start with none of the
   * prefixes keep their result unseen. Counts no hit or miss, and leaves the LRU order alone.
   * @param prefixes - the literal prefixes of the pattern that changed; `[]` for all topics.
   * @param update - computes a topic's new result from the old.
   */
  patch(prefixes: readonly string[], update: (topic: string, result: R) => R): void {
    const cache = this.#cache;
    if (cache === null || cache.size === 0) return;
    if (prefixes.length === 0) {
      cache.forEach((box) => {
        box.result = update(box.topic, box.result);
      });
      return;
    }
    // Collected first, then updated (`update` recomputes results but never changes the memo).
    const boxes: Box<R>[] = [];
    for (const prefix of prefixes) this.#topics.collectUnder(prefix, boxes);
    // Minimal prefixes lead to disjoint subtrees; should one be a prefix of another, a topic
    // would be met twice, and patched twice.
    const distinct = prefixes.length > 1 ? [...new Set(boxes)] : boxes;
    for (const box of distinct) box.result = update(box.topic, box.result);
  }

  /** Forgets every result; the hit and miss counts stay. */
  clear(): void {
    // The trie first: the cache's `dispose` then finds nothing left to delete.
    this.#topics.clear();
    this.#cache?.clear();
  }
}
