/**
 * Freshly built copies of topics, for lookups as real traffic makes them: a topic parsed from a
 * network frame is a new string every time, whose hash V8 has never computed. A reused string
 * keeps its hash once a `Map` has hashed it, so a memo looked up with the same string objects
 * over and over (scenario 2's `reused strings`) skips the hashing that real lookups pay.
 */

/**
 * A maker of fresh copies of `topics`, round robin: each call builds a new flat string
 * (`String.fromCharCode` of the topic's code units, a sequential string in V8, not a cons or a
 * slice of another string and not internalised), equal to the next topic and never hashed.
 *
 * @param topics - the topics to copy, at least one.
 * @returns a function returning the next copy.
 * @throws RangeError when `topics` is empty.
 */
export function freshCopies(topics: readonly string[]): () => string {
  if (topics.length === 0) throw new RangeError('freshCopies needs at least one topic');
  const codes = topics.map((topic) =>
    Array.from({ length: topic.length }, (_, i) => topic.charCodeAt(i)),
  );
  const count = codes.length;
  let next = 0;
  return () => {
    const units = codes[next]!;
    next = next + 1 === count ? 0 : next + 1;
    return String.fromCharCode(...units);
  };
}
