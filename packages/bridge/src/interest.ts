import type { TopicPattern } from '@sigx/matcher';

/**
 * What the local subscriptions can match, as interest keys (Redis globs, NATS subjects): each
 * subscription is filed under the keys its pattern gives (`keysOf`). Each distinct pattern is
 * analysed once, however many subscriptions have it, and keys are reference-counted, so that
 * a bridge subscribes on the server to each key once and unsubscribes when no pattern needs it.
 */
export class Interest {
  readonly #keysOf: (pattern: TopicPattern) => readonly string[];
  /** Key → number of filed patterns with that key. */
  readonly #counts = new Map<string, number>();
  /**
   * Each pattern a live subscription has (a string by its value, a `RegExp` by identity: the
   * exchange, too, takes a pattern not to change once subscribed), analysed once: its keys,
   * and how many subscriptions have it.
   */
  readonly #patterns = new Map<TopicPattern, PatternEntry>();
  readonly #patternBySubscription = new Map<string, TopicPattern>();

  /** @param keysOf - the keys of a pattern (called once per distinct live pattern). */
  constructor(keysOf: (pattern: TopicPattern) => readonly string[]) {
    this.#keysOf = keysOf;
  }

  /** How many subscriptions are filed. */
  get size(): number {
    return this.#patternBySubscription.size;
  }

  /**
   * Files a subscription; its pattern is analysed only if no live subscription has it.
   * @param subscriptionId - the subscription's id.
   * @param pattern - its pattern.
   * @returns whether the set of keys changed.
   */
  add(subscriptionId: string, pattern: TopicPattern): boolean {
    if (this.#patternBySubscription.has(subscriptionId)) return false;
    const known = this.#patterns.get(pattern);
    if (known !== undefined) {
      known.subscriptions += 1;
      this.#patternBySubscription.set(subscriptionId, pattern);
      return false;
    }
    const keys = this.#keysOf(pattern);
    this.#patterns.set(pattern, { keys, subscriptions: 1 });
    this.#patternBySubscription.set(subscriptionId, pattern);
    let changed = false;
    for (const key of keys) {
      const count = this.#counts.get(key) ?? 0;
      this.#counts.set(key, count + 1);
      if (count === 0) changed = true;
    }
    return changed;
  }

  /**
   * Unfiles a subscription.
   * @param subscriptionId - the subscription's id.
   * @returns whether the set of keys changed.
   */
  remove(subscriptionId: string): boolean {
    const pattern = this.#patternBySubscription.get(subscriptionId);
    if (pattern === undefined) return false;
    this.#patternBySubscription.delete(subscriptionId);
    const entry = this.#patterns.get(pattern)!;
    entry.subscriptions -= 1;
    if (entry.subscriptions > 0) return false;
    this.#patterns.delete(pattern);
    let changed = false;
    for (const key of entry.keys) {
      const count = this.#counts.get(key)!;
      if (count === 1) {
        this.#counts.delete(key);
        changed = true;
      } else {
        this.#counts.set(key, count - 1);
      }
    }
    return changed;
  }

  /** @returns the keys of the filed subscriptions, each once, in no particular order. */
  keys(): string[] {
    return [...this.#counts.keys()];
  }
}

/** A pattern that live subscriptions have: its interest keys, and how many have it. */
interface PatternEntry {
  readonly keys: readonly string[];
  subscriptions: number;
}
