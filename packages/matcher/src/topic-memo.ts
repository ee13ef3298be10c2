import { LRUCache } from 'lru-cache';
import { PrefixTrie } from './prefix-trie.js';

/** A remembered result, in a mutable box so that patches rewrite it in place. */
interface Box<R> {
  readonly topic: string;
  result: R;
  /** The insertion count from which a hit moves the box to the recent end of the LRU again:
   * `max / 8` insertions after it last moved there. */
  refreshAt: number;
}

/**
 * The memo of `topic -> match result`: an LRU of at most `max` topics, with hit and miss
 * counts. A `max` of 0 turns it off (every lookup misses, nothing is kept).
 *
 * The `lru-cache` holds the boxes and decides what to evict; a plain `Map` holds the same
 * boxes for lookups, so that a hit costs one `Map.get` instead of the LRU's bookkeeping. A hit
 * moves its topic to the recent end of the LRU only once `max / 8` new topics have entered
 * since the topic last moved there (an LRU evicts only when a topic enters, so until then its
 * place cannot matter). The LRU order is therefore approximate: a topic used again before
 * `max - max / 8` other topics (new or refreshed) is never evicted, where an exact LRU keeps
 * one used again before `max` others.
 *
 * Results are kept in mutable boxes so that {@link TopicMemo.patch} can rewrite them in place,
 * without disturbing the LRU order that the lookups established. The boxes are also filed in a
 * trie under their topics, so that a patch for a pattern with literal prefixes visits only the
 * remembered topics that start with one of them, not the whole memo.
 */
export class TopicMemo<R> {
  readonly #cache: LRUCache<string, Box<R>> | null;
  /** The same boxes as the cache, by topic: hits are looked up here. */
  readonly #boxes = new Map<string, Box<R>>();
  /** Every box in the cache, filed under its topic: entries leave it when they leave the
   * cache (evicted, overwritten or deleted), through `dispose`. */
  readonly #topics = new PrefixTrie<Box<R>>();
  #hits = 0;
  #misses = 0;
  /** Topics that have entered the cache so far. */
  #inserts = 0;
  /** How many topics may enter before a hit moves its topic to the recent end again. */
  readonly #refreshAfter: number;

  /** @param max - most topics kept; 0 keeps none. */
  constructor(max: number) {
    const topics = this.#topics;
    const boxes = this.#boxes;
    this.#refreshAfter = Math.max(1, Math.floor(max / 8));
    this.#cache =
      max > 0
        ? new LRUCache<string, Box<R>>({
            max,
            // Called synchronously whenever a box leaves the cache, whatever the reason, so
            // neither the trie nor the map holds a topic the cache has forgotten.
            dispose: (box, topic) => {
              topics.delete(topic, box);
              if (boxes.get(topic) === box) boxes.delete(topic);
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
   * The remembered result for a topic, counted as a hit when there is one. A miss is counted
   * by the {@link TopicMemo.set} that follows it.
   * @param topic - the topic; any other value is simply not found.
   * @returns the result, or `undefined` when it is not remembered.
   */
  get(topic: string): R | undefined {
    const box = this.#boxes.get(topic);
    if (box === undefined) return undefined;
    this.#hits += 1;
    if (this.#inserts >= box.refreshAt) {
      this.#cache!.get(topic); // to the recent end of the LRU
      box.refreshAt = this.#inserts + this.#refreshAfter;
    }
    return box.result;
  }

  /**
   * Remembers the result computed after a lookup missed, and counts the miss.
   * @param topic - the topic.
   * @param result - its result.
   */
  set(topic: string, result: R): void {
    this.#misses += 1;
    if (this.#cache === null) return;
    this.#inserts += 1;
    const box: Box<R> = { topic, result, refreshAt: this.#inserts + this.#refreshAfter };
    // Filed after `set`: a box this one replaces (or evicts) has left the trie and the map by
    // then.
    this.#cache.set(topic, box);
    this.#boxes.set(topic, box);
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
      for (const box of this.#boxes.values()) box.result = update(box.topic, box.result);
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
    // The trie and map first: the cache's `dispose` then finds nothing left to delete.
    this.#topics.clear();
    this.#boxes.clear();
    this.#cache?.clear();
  }
}
