// The central correctness property (docs/pattern-semantics.md, "What the index does not change"):
// for patterns the runtime accepts, built from pieces covering every prefix-extraction trap,
// match(topic) equals a naive scan (test every registration's pattern at index 0, in registration
// order, each value once) — with the memo off, with a tiny memo, and with a memo patched by later
// additions and removals. Also checks analyzePattern's claims: a matching topic starts with a
// prefix; for a pattern with whole topics, equality with one of them decides the match; for an
// exact pattern, starting with a prefix is the same as matching.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { analyzePattern, TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveScan, naiveTest, show, startsWithSome } from './support/naive.js';
import { patternCase, randomTopic } from './support/pattern-arbitrary.js';

const RUNS = 2000;

const scenario = fc.record({
  cases: fc.array(patternCase, { minLength: 5, maxLength: 8 }),
  randomTopics: fc.array(randomTopic, { minLength: 1, maxLength: 3 }),
});

function topicsOf(
  cases: readonly { topics: readonly string[] }[],
  randomTopics: readonly string[],
): string[] {
  return [...new Set([...cases.flatMap((c) => c.topics), ...randomTopics])];
}

describe('TopicMatcher agrees with a naive scan', () => {
  test.prop([scenario], { numRuns: RUNS })(
    'match(topic) equals the naive scan, memo off and memo of 2',
    ({ cases, randomTopics }) => {
      const registrations = cases.map((c, index): [TopicPattern, number] => [c.pattern, index]);
      const topics = topicsOf(cases, randomTopics);
      const off = new TopicMatcher<number>({ cacheSize: 0 });
      const tiny = new TopicMatcher<number>({ cacheSize: 2 });
      for (const [pattern, value] of registrations) {
        off.add(pattern, value);
        tiny.add(pattern, value);
      }
      for (const topic of topics) {
        const expected = naiveScan(registrations, topic);
        const label = `topic ${JSON.stringify(topic)}, patterns ${registrations.map(([p]) => show(p)).join(' , ')}`;
        expect(off.match(topic), label).toEqual(expected);
        expect(tiny.match(topic), label).toEqual(expected);
        expect(tiny.match(topic), `${label} (memo)`).toEqual(expected);
        expect(off.test(topic), label).toBe(expected.length > 0);
      }
    },
    60_000,
  );

  test.prop([scenario], { numRuns: RUNS / 2 })(
    'a memo patched by additions and removals equals the naive scan',
    ({ cases, randomTopics }) => {
      // Values collide across patterns (index % 3), so dedup and ordering are exercised.
      const all = cases.map((c, index): [TopicPattern, number] => [c.pattern, index % 3]);
      const topics = topicsOf(cases, randomTopics);
      const matcher = new TopicMatcher<number>({ cacheSize: 1000 });
      const half = Math.floor(all.length / 2);
      const check = (
        registrations: readonly (readonly [TopicPattern, number])[],
        step: string,
      ): void => {
        for (const topic of topics) {
          expect(matcher.match(topic), `${step}: topic ${JSON.stringify(topic)}`).toEqual(
            naiveScan(registrations, topic),
          );
        }
      };
      for (const [pattern, value] of all.slice(0, half)) matcher.add(pattern, value);
      check(all.slice(0, half), 'first half added');
      for (const [pattern, value] of all.slice(half)) matcher.add(pattern, value);
      check(all, 'all added');
      // Remove the first two registrations, by value.
      const [first, second] = all;
      matcher.remove(first![0], first![1]);
      matcher.remove(second![0], second![1]);
      // A same-pattern duplicate of a removed pair (same source and flags) goes with it.
      const key = (p: TopicPattern): string =>
        typeof p === 'string'
          ? `/${new RegExp(p).source}`
          : `${p.flags.replace(/[gy]/g, '')}/${p.source}`;
      const removed = new Set([
        `${key(first![0])}#${first![1]}`,
        `${key(second![0])}#${second![1]}`,
      ]);
      const left = all.filter(([p, v]) => !removed.has(`${key(p)}#${v}`));
      check(left, 'two removed');
      expect(matcher.size).toBeLessThanOrEqual(left.length);
    },
    60_000,
  );
});

describe('analyzePattern tells the truth', () => {
  test.prop(
    [
      fc.array(patternCase, { minLength: 5, maxLength: 5 }),
      fc.array(randomTopic, { maxLength: 4 }),
    ],
    {
      numRuns: RUNS,
    },
  )(
    'a matching topic starts with a prefix; for an exact pattern, that decides the match',
    (cases, randomTopics) => {
      const topics = topicsOf(cases, randomTopics);
      for (const { pattern } of cases) {
        const analysis = analyzePattern(pattern);
        expect(analysis.reason === null).toBe(analysis.exact);
        expect([...analysis.prefixes].sort()).toEqual(analysis.prefixes);
        for (const a of analysis.prefixes) {
          expect(a.length).toBeGreaterThan(0);
          for (const b of analysis.prefixes)
            if (a !== b) expect(b.startsWith(a), `${a} / ${b}`).toBe(false);
        }
        for (const topic of topics) {
          const matched = naiveTest(pattern, topic);
          const starts = startsWithSome(analysis.prefixes, topic);
          const label = `${show(pattern)} on ${JSON.stringify(topic)}: prefixes ${JSON.stringify(analysis.prefixes)}, exact ${analysis.exact}`;
          if (matched) expect(starts, label).toBe(true);
          if (analysis.exact) expect(starts, label).toBe(matched);
          if (analysis.wholeTopics !== null) {
            expect(analysis.wholeTopics.includes(topic), `whole topics: ${label}`).toBe(matched);
          }
        }
        // Every whole topic claimed is matched by the runtime.
        for (const topic of analysis.wholeTopics ?? []) {
          expect(naiveTest(pattern, topic), `whole topic ${JSON.stringify(topic)}`).toBe(true);
        }
      }
    },
    60_000,
  );
});
