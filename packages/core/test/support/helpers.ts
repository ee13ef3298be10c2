// Shared helpers for the @sigx/core tests: message factories, timers and a deferred.
import { Message } from '../../src/index.js';

/** A message from an anonymous publisher (or `publisherName`) on `topic`. */
export function message<V = string>(
  topic: string,
  value: V = 'v' as V,
  publisherName: string | null = null,
): Message<V> {
  return new Message<V>({ publisherName, topic, value });
}

/** Resolves after `ms` milliseconds (a macrotask). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lets `count` rounds of macrotasks (and every microtask between them) run. */
export async function ticks(count = 5): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A promise with its resolve and reject functions. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Whether a promise has settled yet (after letting pending microtasks and a macrotask run). */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await ticks(1);
  return settled;
}

/**
 * A naive tester for `pattern`: does it match a topic starting at index 0
 * (docs/pattern-semantics.md, "Anchored at index 0, not at the end")?
 */
export function naiveTester(pattern: string | RegExp): (topic: string) => boolean {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const flags = typeof pattern === 'string' ? '' : pattern.flags.replace(/[gy]/g, '');
  const sticky = new RegExp(source, `${flags}y`);
  return (topic) => {
    sticky.lastIndex = 0;
    return sticky.test(topic);
  };
}

/** What a naive scan says: does `pattern` match `topic` starting at index 0? */
export function naiveMatches(pattern: string | RegExp, topic: string): boolean {
  return naiveTester(pattern)(topic);
}

export const HEX32 = /^[0-9a-f]{32}$/;
