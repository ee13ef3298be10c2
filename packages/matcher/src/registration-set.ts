/**
 * The values registered under one pattern, as a set by value (SameValueZero, the identity of
 * `(pattern, value)` pairs) in order of addition. Most patterns carry a single value, so a set
 * is kept as compactly as its size allows: `null` when empty, the one registration itself,
 * or a `Map` by value from the second on. No object of its own: the pattern's entry holds the
 * set in a field, and these functions return the set to store back.
 */

/** One value registered under a pattern. The value is kept as given (a `Map` key would turn
 * `-0` into `+0`); `order` ranks registrations by when they were added. */
export interface Registration<T> {
  readonly value: T;
  readonly order: number;
}

/** A set of registrations: none, one, or a `Map` of several by value. */
export type RegistrationSet<T> = Registration<T> | Map<T, Registration<T>> | null;

/** The empty set. */
export const NO_REGISTRATIONS: RegistrationSet<never> = null;

/**
 * @param set - the set.
 * @returns how many registrations it holds.
 */
export function registrationCount<T>(set: RegistrationSet<T>): number {
  if (set === null) return 0;
  return set instanceof Map ? set.size : 1;
}

/**
 * The registration of a value, if any.
 * @param set - the set.
 * @param value - the value (SameValueZero).
 */
export function findRegistration<T>(
  set: RegistrationSet<T>,
  value: T,
): Registration<T> | undefined {
  if (set === null) return undefined;
  if (set instanceof Map) return set.get(value);
  return sameValueZero(set.value, value) ? set : undefined;
}

/**
 * Adds a registration whose value is not in the set yet.
 * @param set - the set.
 * @param registration - the new registration.
 * @returns the set to keep (the same `Map`, or a new set).
 */
export function withRegistration<T>(
  set: RegistrationSet<T>,
  registration: Registration<T>,
): RegistrationSet<T> {
  if (set === null) return registration;
  if (set instanceof Map) return set.set(registration.value, registration);
  return new Map([
    [set.value, set],
    [registration.value, registration],
  ]);
}

/**
 * Removes the registration of a value, which must be in the set (see
 * {@link findRegistration}).
 * @param set - the set.
 * @param value - the value (SameValueZero).
 * @returns the set to keep.
 */
export function withoutRegistration<T>(set: RegistrationSet<T>, value: T): RegistrationSet<T> {
  if (!(set instanceof Map)) return null;
  set.delete(value);
  return set.size === 0 ? null : set;
}

/**
 * @param set - the set.
 * @returns the registrations, in order of addition.
 */
export function registrationList<T>(set: RegistrationSet<T>): Registration<T>[] {
  if (set === null) return [];
  return set instanceof Map ? Array.from(set.values()) : [set];
}

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
