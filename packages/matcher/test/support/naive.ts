// Test support (not a test file): the reference semantics of docs/pattern-semantics.md ("Anchored
// at index 0, not at the end", "Identity: source and flags", "Registrations and results"), written
// the obvious way, against which the index is compared. A pattern matches a topic when a sticky
// copy of it (flags without g/y, plus y) matches at lastIndex 0.
import { expect } from 'vitest';
import { analyzePattern, TopicMatcher, type TopicPattern } from '../../src/index.js';

/** The naive answer: does `pattern` match `topic` from index 0? */
export function naiveTest(pattern: TopicPattern, topic: string): boolean {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const flags = typeof pattern === 'string' ? '' : pattern.flags.replace(/[gy]/g, '');
  const regex = new RegExp(source, `${flags}y`);
  regex.lastIndex = 0;
  return regex.test(topic);
}

/** SameValueZero, the equality of values in a matcher. */
export function sameValueZero(a: unknown, b: unknown): boolean {
  // NaN is the only value not equal to itself.
  return a === b || (a !== a && b !== b);
}

/** The naive scan: values of matching registrations, in registration order, each once. */
export function naiveScan<T>(
  registrations: readonly (readonly [TopicPattern, T])[],
  topic: string,
): T[] {
  const out: T[] = [];
  for (const [pattern, value] of registrations) {
    if (out.some((v) => sameValueZero(v, value))) continue;
    if (naiveTest(pattern, topic)) out.push(value);
  }
  return out;
}

/** Whether a topic starts with one of the prefixes (an empty list: every topic does). */
export function startsWithSome(prefixes: readonly string[], topic: string): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => topic.startsWith(prefix));
}

/** Shows a pattern unambiguously in assertion messages. */
export function show(pattern: TopicPattern): string {
  return typeof pattern === 'string'
    ? JSON.stringify(pattern)
    : `/${pattern.source}/${pattern.flags}`;
}

/**
 * Checks one pattern on hand-picked topics: the naive RegExp must agree with the expectation
 * written in the test (so the test knows what it is testing), the matcher must agree with both,
 * and analyzePattern's claims must hold on every topic (a matching topic starts with a
 * prefix; for an exact pattern, starting with a prefix is the same as matching).
 */
export function expectTopics(
  pattern: TopicPattern,
  topics: { readonly match: readonly string[]; readonly noMatch: readonly string[] },
): void {
  const analysis = analyzePattern(pattern);
  const matcher = new TopicMatcher<string>({ cacheSize: 0 });
  matcher.add(pattern, 'v');
  const cases: [string, boolean][] = [
    ...topics.match.map((t): [string, boolean] => [t, true]),
    ...topics.noMatch.map((t): [string, boolean] => [t, false]),
  ];
  for (const [topic, expected] of cases) {
    const label = `${show(pattern)} on ${JSON.stringify(topic)}`;
    expect(naiveTest(pattern, topic), `runtime RegExp: ${label}`).toBe(expected);
    expect(matcher.match(topic), `TopicMatcher.match: ${label}`).toEqual(expected ? ['v'] : []);
    const starts = startsWithSome(analysis.prefixes, topic);
    if (expected) expect(starts, `a match must start with a prefix: ${label}`).toBe(true);
    if (analysis.exact)
      expect(starts, `exact pattern: prefix test must decide: ${label}`).toBe(expected);
    if (analysis.wholeTopics !== null)
      expect(analysis.wholeTopics.includes(topic), `whole topics must decide: ${label}`).toBe(
        expected,
      );
  }
}
