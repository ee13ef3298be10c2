// Test support (not a test file): conformance tables of wildcard filters, and the check that a
// compiled filter matches a topic the sigx way (TopicMatcher add + match) and the plain way
// (RegExp#test).
import { expect } from 'vitest';
import { TopicMatcher } from '../../src/index.js';

/** A filter, the topics it must match and the topics it must not. */
export interface FilterCase {
  readonly filter: string;
  readonly matches: readonly string[];
  readonly rejects: readonly string[];
}

/** The cases as rows `[filter, topic, expected]`, for `it.each`. */
export function rowsOf(cases: readonly FilterCase[]): [string, string, boolean][] {
  return cases.flatMap(({ filter, matches, rejects }) => [
    ...matches.map((topic): [string, string, boolean] => [filter, topic, true]),
    ...rejects.map((topic): [string, string, boolean] => [filter, topic, false]),
  ]);
}

/** Asserts that a compiled filter matches `topic` exactly when `expected`, both ways. */
export function expectCompiledMatch(compiled: RegExp, topic: string, expected: boolean): void {
  const label = `${String(compiled)} on ${JSON.stringify(topic)}`;
  expect(compiled.test(topic), label).toBe(expected);
  const matcher = new TopicMatcher<string>({ cacheSize: 0 }).add(compiled, 'hit');
  expect(matcher.match(topic), label).toEqual(expected ? ['hit'] : []);
}
