import { PrefixTrie } from './prefix-trie.js';

/** A remembered result, in a mutable box so that patches rewrite it in place. */
interface Box<R> {
  readonly topic: string;
  result: R;
  /** The insertion count from which a hit moves the box to the recent end of the LRU again:
   * `max / 8` insertions after it last moved there. */
  refreshAt: number;
  /** Its neighbours in the LRU list (oldest first). */
  older: Box<R> | null;
  newer: Box<R> | null;
}

/**
 * The memo of `topic -> match result`: an LRU of at most `max` topics, whose lengths add up
 * to at most `maxUnits` code units, with hit and miss counts. A `max` of 0 turns it off (every
 * lookup misses, nothing is kept); a topic longer than `maxUnits` is never kept.
 *
 * A `Map` finds a topic's box, so a hit costs one `Map.get`; the boxes also form a list from
 * the least to the most recently used, and the oldest is evicted when a new topic would exceed
 * `max`. A hit moves its box to the recent end only once `max / 8` new topics have entered
 * since it last moved there (a topic is evicted only when one enters, so until then its place
 * cannot matter). The LRU order is therefore approximate: a topic used again before
 * `max - max / 8` other topics (new or refreshed) is never evicted, where an exact LRU keeps
 * one used again before `max` others.
 *
 * Results are kept in mutable boxes so that {@link TopicMemo.patch} can rewrite them in place,
 * without disturbing the LRU order that the lookups established. The boxes are also filed in a
 * trie under their topics, so that a patch for a pattern with literal prefixes visits only the
 * remembered topics that start with one of them, not the whole memo.
 */
export class TopicMemo<R> {
  readonly #max: number;
  readonly #maxUnits: number;
  /** The remembered topics' lengths, summed. */
  #units = 0;
  /** Every remembered topic's box: hits are looked up here. */
  readonly #boxes = new Map<string, Box<R>>();
  /** The same boxes, filed under their topics, for patches. */
  readonly #topics = new PrefixTrie<Box<R>>();
  /** The ends of the LRU list. */
  #oldest: Box<R> | null = null;
  #newest: Box<R> | null = null;
  #hits = 0;
  #misses = 0;
  /** Topics that have entered the memo so far. */
  #inserts = 0;
  /** How many topics may enter before a hit moves its topic to the recent end again. */
  readonly #refreshAfter: number;

  /**
   * @param max - most topics kept; 0 keeps none.
   * @param maxUnits - most code units of topic text kept, over all topics.
   */
  constructor(max: number, maxUnits: number = Infinity) {
    this.#max = max;
    this.#maxUnits = maxUnits;
    this.#refreshAfter = Math.max(1, Math.floor(max / 8));
  }

  /** Most topics kept. */
  get max(): number {
    return this.#max;
  }

  /** Topics kept now. */
  get size(): number {
    return this.#boxes.size;
  }

  /** Code units of the topics kept now, summed. */
  get units(): number {
    return this.#units;
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
    // Off, nothing to find: and a lookup would hash the topic, a pass over all of it.
    if (this.#max === 0) return undefined;
    const box = this.#boxes.get(topic);
    if (box === undefined) return undefined;
    this.#hits += 1;
    if (this.#inserts >= box.refreshAt) {
      this.#unlink(box);
      this.#append(box);
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
    if (this.#max === 0 || topic.length > this.#maxUnits) return;
    this.#inserts += 1;
    const previous = this.#boxes.get(topic);
    if (previous !== undefined) this.#forget(previous);
    else if (this.#boxes.size >= this.#max) this.#forget(this.#oldest!);
    while (this.#units + topic.length > this.#maxUnits) this.#forget(this.#oldest!);
    this.#units += topic.length;
    const box: Box<R> = {
      topic,
      result,
      refreshAt: this.#inserts + this.#refreshAfter,
      older: null,
      newer: null,
    };
    this.#append(box);
    this.#boxes.set(topic, box);
    this.#topics.add(topic, box);
  }

  /**
   * Rewrites remembered results in place: `update` is called once for each remembered topic
   * that starts with one of `prefixes` (each remembered topic when there are none) and
   * returns its new result (the same one to keep it). Topics that start with none of the
   * prefixes keep their result unseen. Counts no hit or miss, and leaves the LRU order alone.
   * A topic whose `update` throws (a regex that overflows on a huge topic) is forgotten rather
   * than left stale, and the patch goes on: it never throws, so the change it follows stands.
   * @param prefixes - the literal prefixes of the pattern that changed; `[]` for all topics.
   * @param update - computes a topic's new result from the old.
   */
  patch(prefixes: readonly string[], update: (topic: string, result: R) => R): void {
    if (this.#boxes.size === 0) return;
    // Collected first, then updated (`update` recomputes results but never changes the memo).
    let boxes: Box<R>[];
    if (prefixes.length === 0) {
      boxes = [...this.#boxes.values()];
    } else {
      boxes = [];
      for (const prefix of prefixes) this.#topics.collectUnder(prefix, boxes);
      // Minimal prefixes lead to disjoint subtrees; should one be a prefix of another, a topic
      // would be met twice, and patched twice.
      if (prefixes.length > 1) boxes = [...new Set(boxes)];
    }
    for (const box of boxes) {
      try {
        box.result = update(box.topic, box.result);
      } catch {
        this.#forget(box);
      }
    }
  }

  /** Forgets every result; the hit and miss counts stay. */
  clear(): void {
    this.#topics.clear();
    this.#boxes.clear();
    this.#oldest = this.#newest = null;
    this.#units = 0;
  }

  /** Removes a box from the map, the trie and the list. */
  #forget(box: Box<R>): void {
    this.#units -= box.topic.length;
    this.#boxes.delete(box.topic);
    this.#topics.delete(box.topic, box);
    this.#unlink(box);
  }

  #unlink(box: Box<R>): void {
    if (box.older === null) this.#oldest = box.newer;
    else box.older.newer = box.newer;
    if (box.newer === null) this.#newest = box.older;
    else box.newer.older = box.older;
    box.older = box.newer = null;
  }

  /** Puts a box at the recent end of the list. */
  #append(box: Box<R>): void {
    box.older = this.#newest;
    if (this.#newest === null) this.#oldest = box;
    else this.#newest.newer = box;
    this.#newest = box;
  }
}
