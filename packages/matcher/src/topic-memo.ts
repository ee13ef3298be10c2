import { LRUCache } from 'lru-cache';

/**
 * The memo of `topic -> match result`: an LRU of at most `max` topics, with hit and miss
 * counts. A `max` of 0 turns it off (every lookup misses, nothing is kept).
 *
 * Results are kept in mutable boxes so that {@link TopicMemo.patch} can rewrite them in place,
 * without disturbing the LRU order that the lookups established.
 */
export class TopicMemo<R> {
  readonly #cache: LRUCache<string, { result: R }> | null;
  #hits = 0;
  #misses = 0;

  /** @param max - most topics kept; 0 keeps none. */
  constructor(max: number) {
    this.#cache = max > 0 ? new LRUCache<string, { result: R }>({ max }) : null;
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
    this.#cache?.set(topic, { result });
  }

  /**
   * Rewrites remembered results in place: `update` is called once per remembered topic and
   * returns its new result (the same one to keep it). Counts no hit or miss.
   * @param update - computes a topic's new result from the old.
   */
  patch(update: (topic: string, result: R) => R): void {
    this.#cache?.forEach((box, topic) => {
      box.result = update(topic, box.result);
    });
  }

  /** Forgets every result; the hit and miss counts stay. */
  clear(): void {
    this.#cache?.clear();
  }
}
