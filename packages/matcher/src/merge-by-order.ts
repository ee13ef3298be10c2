/**
 * The result of several matching patterns: their values, each once, in the order of its
 * earliest matching registration. Shared by the trie's candidates, the level index and its
 * automaton, so that every path gives the same order.
 */
import { registrationList, type Registration, type RegistrationSet } from './registration-set.js';

/** What the merge reads of a pattern: its registrations, and two views built on demand. */
export interface Registered<T> {
  registrations: RegistrationSet<T>;
  /** The values, frozen: the result when this is the only pattern that matches (`null` after a change). */
  values: readonly T[] | null;
  /** The registrations as an array, by ascending `order` (`null` after a change). */
  ordered: readonly Registration<T>[] | null;
}

export const NO_VALUES: readonly never[] = Object.freeze([]);
/** Most matching patterns merged list by list; more are gathered and sorted. */
const MAX_MERGE_WAYS = 8;
/** Longest result deduplicated by searching it; a longer one gets a `Set`. */
const SMALL_RESULT = 16;

/**
 * Reused buffers: merging allocates only its result. Safe to share between matchers, since a
 * merge never calls out while it runs.
 */
const lists: (readonly Registration<unknown>[])[] = [];
const heads: number[] = [];
const sorted: Registration<unknown>[] = [];
const NO_REGISTRATION: Registration<unknown> = Object.freeze({ value: undefined, order: -1 });

/**
 * The values of the first `count` patterns of `entries`, each once, by earliest registration.
 * @returns a frozen array (a pattern's own `values` when it is the only one).
 */
export function mergeByOrder<T>(entries: readonly Registered<T>[], count: number): readonly T[] {
  if (count === 0) return NO_VALUES;
  if (count === 1) return valuesOf(entries[0]!);
  if (count > MAX_MERGE_WAYS) return sortByOrder(entries, count);
  return singlesByOrder(entries, count) ?? kWayMerge(entries, count);
}

/** One pattern's values, frozen, built once per change. */
export function valuesOf<T>(entry: Registered<T>): readonly T[] {
  return (entry.values ??= Object.freeze(
    registrationList(entry.registrations).map((registration) => registration.value),
  ));
}

/** One pattern's registrations as an array, in order of addition, built once per change. */
function registrationsOf<T>(entry: Registered<T>): readonly Registration<T>[] {
  return (entry.ordered ??= registrationList(entry.registrations));
}

/**
 * A k-way merge of the registration lists, each already in ascending order. Allocates only
 * the result (and, past {@link SMALL_RESULT} values, a `Set` to dedupe).
 */
function kWayMerge<T>(entries: readonly Registered<T>[], count: number): readonly T[] {
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
    const value = lists[best]![heads[best]!]!.value as T;
    heads[best]! += 1;
    seen = pushDistinct(values, value, seen);
  }
  lists.length = 0; // let go of the registration lists
  return frozenCopy(values);
}

/**
 * The common case: when each matching pattern holds one registration, its values by order of
 * registration, sorted in place (at most {@link MAX_MERGE_WAYS}); `null` when one holds several.
 */
function singlesByOrder<T>(entries: readonly Registered<T>[], count: number): readonly T[] | null {
  let filled = 0;
  for (let i = 0; i < count; i += 1) {
    const registrations = entries[i]!.registrations;
    if (registrations === null || registrations instanceof Map) {
      release(filled);
      return null;
    }
    // Insertion sort: a handful of registrations.
    let at = filled;
    while (at > 0 && sorted[at - 1]!.order > registrations.order) {
      sorted[at] = sorted[at - 1]!;
      at -= 1;
    }
    sorted[at] = registrations;
    filled += 1;
  }
  const values: T[] = [];
  for (let i = 0; i < count; i += 1) pushDistinct(values, sorted[i]!.value as T, null);
  release(filled);
  return frozenCopy(values);
}

/** Lets go of the registrations in the sort buffer (without a call to set its length). */
function release(filled: number): void {
  for (let i = 0; i < filled; i += 1) sorted[i] = NO_REGISTRATION;
}

/** The values of many matching patterns, each once, by earliest registration: gathered and sorted. */
function sortByOrder<T>(entries: readonly Registered<T>[], count: number): readonly T[] {
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
  return frozenCopy(values);
}

/**
 * A frozen copy of exactly the right length: an array grown by `push` keeps room for about 16
 * more elements, most of the memory of a short result kept in the memo or the automaton.
 */
function frozenCopy<T>(values: T[]): readonly T[] {
  return Object.freeze(values.slice());
}

/**
 * Appends `value` unless an equal one (SameValueZero) is there, keeping the earliest. A short
 * list is searched (`includes` is SameValueZero too); past {@link SMALL_RESULT} values a `Set`
 * is built once and kept up to date.
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
