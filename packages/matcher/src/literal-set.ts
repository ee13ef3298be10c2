/**
 * Bounded sets of literal strings, the currency of prefix analysis. A set that would grow
 * past {@link MAX_LITERALS} strings or {@link MAX_LITERAL_LENGTH} code units is cut back to
 * shorter prefixes of its strings: still true of every match, only less selective.
 */

/** Most strings one pattern is filed under in the trie. */
export const MAX_LITERALS = 32;
/** Longest prefix, in UTF-16 code units, that the trie stores for a pattern. */
export const MAX_LITERAL_LENGTH = 256;

/** A set of literal strings, and whether it had to be cut back to fit the bounds. */
export interface BoundedLiterals {
  readonly strings: readonly string[];
  readonly truncated: boolean;
}

/** The set holding only the empty string: "nothing known yet". */
export const EMPTY_LITERAL: readonly string[] = Object.freeze(['']);

/**
 * Every concatenation `a + b` for `a` in `left` and `b` in `right`, bounded.
 * @param left - the strings that come first.
 * @param right - the strings that follow.
 */
export function concatLiterals(left: readonly string[], right: readonly string[]): BoundedLiterals {
  if (left.length * right.length > MAX_LITERALS * MAX_LITERALS) {
    // Far too many combinations: the left side alone is a valid, shorter prefix set.
    return { strings: left, truncated: true };
  }
  const out = new Set<string>();
  for (const a of left) for (const b of right) out.add(a + b);
  return bound(out);
}

/**
 * The union of two sets, bounded.
 * @param left - one set.
 * @param right - the other.
 */
export function unionLiterals(left: readonly string[], right: readonly string[]): BoundedLiterals {
  return bound(new Set([...left, ...right]));
}

/**
 * Cuts a set down to the bounds: first every string to the length limit, then to the longest
 * common length at which at most {@link MAX_LITERALS} distinct prefixes remain.
 */
function bound(set: Set<string>): BoundedLiterals {
  let strings = [...set];
  let truncated = false;
  if (strings.some((s) => s.length > MAX_LITERAL_LENGTH)) {
    strings = [...new Set(strings.map((s) => s.slice(0, MAX_LITERAL_LENGTH)))];
    truncated = true;
  }
  if (strings.length <= MAX_LITERALS) return { strings, truncated };
  let length = Math.max(...strings.map((s) => s.length));
  let cut = strings;
  while (cut.length > MAX_LITERALS) {
    length -= 1;
    cut = [...new Set(strings.map((s) => s.slice(0, length)))];
  }
  return { strings: cut, truncated: true };
}

/**
 * Removes every string that has another string of the set as a prefix: a topic that starts
 * with the longer one starts with the shorter one too, so the longer adds nothing to the index
 * and would make a topic meet the same pattern twice.
 * @param strings - a set of literal prefixes.
 * @returns the minimal equivalent set, sorted.
 */
export function minimalPrefixes(strings: readonly string[]): string[] {
  const sorted = [...new Set(strings)].sort();
  const out: string[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    // In sorted order, a string's prefixes that are in the set come right before it.
    if (last === undefined || !s.startsWith(last)) out.push(s);
  }
  return out;
}

/** Repetitions up to this many are expanded into literal sets when the set stays small. */
export const MAX_EXPANDED_REPETITIONS = 8;

/**
 * Every string of `min` to `max` repetitions of a set (`colou?r`: `u` repeated 0 or 1 times),
 * or `null` when they would exceed the bounds.
 * @param strings - the set repeated.
 * @param min - fewest repetitions.
 * @param max - most repetitions (small: see {@link MAX_EXPANDED_REPETITIONS}).
 */
export function expandRepetitions(
  strings: readonly string[],
  min: number,
  max: number,
): string[] | null {
  const out = new Set<string>();
  let power: readonly string[] = EMPTY_LITERAL;
  for (let count = 0; count <= max; count += 1) {
    if (count >= min) for (const s of power) out.add(s);
    if (out.size > MAX_LITERALS) return null;
    if (count < max) {
      const joined = concatLiterals(power, strings);
      if (joined.truncated) return null;
      power = joined.strings;
    }
  }
  return [...out];
}
