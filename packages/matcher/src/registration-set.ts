/**
 * The values registered under one pattern. Most patterns carry a single value, so that one is
 * kept inline; a `Map` (whose keys compare with SameValueZero, the identity of
 * `(pattern, value)` pairs) is made only for a second value. This saves a `Map` and its table,
 * the better part of the memory of a one-value pattern.
 */

/** One value registered under a pattern. The value is kept as given (a `Map` key would turn
 * `-0` into `+0`); `order` ranks registrations by when they were added. */
export interface Registration<T> {
  readonly value: T;
  readonly order: number;
}

/** A set of registrations by value (SameValueZero), in order of addition. */
export class RegistrationSet<T> {
  #single: Registration<T> | null = null;
  #many: Map<T, Registration<T>> | null = null;

  /** Number of registrations. */
  get size(): number {
    return this.#many?.size ?? (this.#single === null ? 0 : 1);
  }

  /**
   * The registration of a value, if any.
   * @param value - the value (SameValueZero).
   */
  get(value: T): Registration<T> | undefined {
    if (this.#many !== null) return this.#many.get(value);
    const single = this.#single;
    return single !== null && sameValueZero(single.value, value) ? single : undefined;
  }

  /**
   * Adds a registration whose value is not in the set yet.
   * @param registration - the new registration.
   */
  add(registration: Registration<T>): void {
    if (this.#many !== null) {
      this.#many.set(registration.value, registration);
    } else if (this.#single === null) {
      this.#single = registration;
    } else {
      this.#many = new Map([
        [this.#single.value, this.#single],
        [registration.value, registration],
      ]);
      this.#single = null;
    }
  }

  /**
   * Removes the registration of a value.
   * @param value - the value (SameValueZero).
   * @returns the removed registration, or `undefined` when the value was not there.
   */
  delete(value: T): Registration<T> | undefined {
    const registration = this.get(value);
    if (registration === undefined) return undefined;
    if (this.#many !== null) this.#many.delete(value);
    else this.#single = null;
    return registration;
  }

  /** Removes every registration. */
  clear(): void {
    this.#single = null;
    this.#many = null;
  }

  /** @returns the registrations, in order of addition. */
  toArray(): Registration<T>[] {
    if (this.#many !== null) return Array.from(this.#many.values());
    return this.#single === null ? [] : [this.#single];
  }
}

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
