// TopicIndex agrees with a naive scan (docs/pattern-semantics.md, "What the index does not
// change", and "Anchored at index 0, not at the end" for what matching is): for patterns the
// runtime accepts, built from pieces covering every prefix-extraction trap, and for topics set,
// re-set and deleted in any interleaving, match(pattern) equals the entries (least recently set
// first) whose topic the pattern matches at index 0. And "What the index can index": one match
// call visits no more topics than start with one of analyzePattern(pattern).prefixes (every topic,
// when it has none).
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { analyzePattern, TopicIndex, type TopicPattern } from '../src/index.js';
import { naiveTest, show, startsWithSome } from './support/naive.js';
import { patternCase, randomTopic, TOPIC_CHARS } from './support/pattern-arbitrary.js';

const RUNS = 1000;

/** One step: set a topic of the pool (by index) to a value, delete one, or match a pattern. */
type Step =
  | { readonly kind: 'set'; readonly pick: number; readonly value: number }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'match'; readonly pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: fc.nat(9) }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('match' as const), pick: fc.nat() }), weight: 1 },
);

const scenario = fc.record({
  cases: fc.array(patternCase, { minLength: 1, maxLength: 5 }),
  randomTopics: fc.array(randomTopic, { minLength: 1, maxLength: 4 }),
  // Characters appended to prefixes, for topics just under and just beside them.
  extraChars: fc.array(fc.constantFrom(...TOPIC_CHARS), { minLength: 1, maxLength: 2 }),
  steps: fc.array(step, { minLength: 1, maxLength: 40 }),
});

/**
 * The topics tried: the cases' sample topics, random ones, and each pattern's literal prefixes
 * with a code unit removed or one added (the edges of the subtrees a match visits).
 */
function topicPool(
  patterns: readonly TopicPattern[],
  caseTopics: readonly string[],
  randomTopics: readonly string[],
  extraChars: readonly string[],
): string[] {
  const near = patterns.flatMap((pattern) =>
    analyzePattern(pattern).prefixes.flatMap((prefix) => [
      prefix,
      prefix.slice(0, -1),
      ...extraChars.map((c) => prefix + c),
      ...extraChars.map((c) => c + prefix),
    ]),
  );
  return [...new Set([...caseTopics, ...randomTopics, ...near])];
}

/** The model: entries from the least recently set to the most. */
class Model {
  readonly entries: [string, number][] = [];

  set(topic: string, value: number): void {
    this.delete(topic);
    this.entries.push([topic, value]);
  }

  delete(topic: string): boolean {
    const at = this.entries.findIndex(([t]) => t === topic);
    if (at === -1) return false;
    this.entries.splice(at, 1);
    return true;
  }
}

/** Checks one match call against the model: result, order, and the topics visited. */
function expectMatch(index: TopicIndex<number>, model: Model, pattern: TopicPattern): void {
  const label = `pattern ${show(pattern)}, topics ${JSON.stringify(model.entries.map(([t]) => t))}`;
  const expected = model.entries.filter(([topic]) => naiveTest(pattern, topic));
  const before = index.stats().visited;
  expect(index.match(pattern), label).toEqual(expected);
  const visited = index.stats().visited - before;
  const { prefixes } = analyzePattern(pattern);
  const under = model.entries.filter(([topic]) => startsWithSome(prefixes, topic)).length;
  expect(visited, `visited: ${label}, prefixes ${JSON.stringify(prefixes)}`).toBeLessThanOrEqual(
    under,
  );
  // A matching topic is visited: the count is at least the number of matches.
  expect(visited, `visited: ${label}`).toBeGreaterThanOrEqual(expected.length);
}

describe('TopicIndex agrees with a naive scan', () => {
  test.prop([scenario], { numRuns: RUNS })(
    'match(pattern) equals the entries the pattern matches at index 0, in set order, visiting only topics under its prefixes',
    ({ cases, randomTopics, extraChars, steps }) => {
      const patterns = cases.map((c) => c.pattern);
      const topics = topicPool(
        patterns,
        cases.flatMap((c) => c.topics),
        randomTopics,
        extraChars,
      );
      const index = new TopicIndex<number>();
      const model = new Model();
      for (const s of steps) {
        if (s.kind === 'set') {
          const topic = topics[s.pick % topics.length]!;
          index.set(topic, s.value);
          model.set(topic, s.value);
        } else if (s.kind === 'delete') {
          const topic = topics[s.pick % topics.length]!;
          expect(index.delete(topic), `delete ${JSON.stringify(topic)}`).toBe(model.delete(topic));
        } else {
          expectMatch(index, model, patterns[s.pick % patterns.length]!);
        }
      }
      expect(index.entries()).toEqual(model.entries);
      expect(index.size).toBe(model.entries.length);
      expect(index.oldest()).toEqual(model.entries[0]);
      for (const [topic, value] of model.entries) expect(index.get(topic)).toBe(value);
      for (const pattern of patterns) expectMatch(index, model, pattern);
    },
    60_000,
  );

  test.prop([scenario], { numRuns: RUNS / 4 })(
    'after clear and new sets, match(pattern) still equals the naive scan',
    ({ cases, randomTopics, extraChars, steps }) => {
      const patterns = cases.map((c) => c.pattern);
      const topics = topicPool(
        patterns,
        cases.flatMap((c) => c.topics),
        randomTopics,
        extraChars,
      );
      const index = new TopicIndex<number>();
      for (const topic of topics) index.set(topic, -1);
      index.clear();
      const model = new Model();
      for (const s of steps) {
        if (s.kind !== 'set') continue;
        const topic = topics[s.pick % topics.length]!;
        index.set(topic, s.value);
        model.set(topic, s.value);
      }
      for (const pattern of patterns) expectMatch(index, model, pattern);
    },
    60_000,
  );
});
