/**
 * A seeded pseudo-random generator (mulberry32): the same seed builds the same workload on
 * every run and every machine, so reports stay comparable.
 */
export class Random {
  #state: number;

  /** @param seed - any 32-bit integer. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** @returns a float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * @param n - the bound.
   * @returns an integer in [0, n).
   */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * @param items - a non-empty list.
   * @returns one of them.
   */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}
