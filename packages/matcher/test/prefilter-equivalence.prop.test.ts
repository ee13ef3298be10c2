// The required-literal prefilter never changes what matches (docs/pattern-semantics.md, "What
// the index does not change"; docs/how-the-index-works.md, "The required-literal prefilter"). A
// pattern with no literal prefix (or only short ones) that requires a literal is tested only on
// topics that have it where its matches would, yet `match(topic)` must equal the naive scan (test
// every registration's pattern at index 0, in registration order, each value once:
// docs/pattern-semantics.md, "Anchored at index 0, not at the end"). Checked with the memo off,
// with a memo of 2, and with a full memo patched by interleaved additions and removals and never
// recomputed (docs/how-the-index-works.md, "How `add` and `remove` patch the memo"), on patterns
// built from a few short words over `a b k s K - U+212A U+017F`, so that literals collide, overlap
// and differ only in case ("The traps, and how each is handled": case folding under `i`), with
// bounded positions and least lengths (code units; astral characters in topics), mixed with
// prefixed, level-shaped and unfilterable patterns. `stats()` must count the filtered patterns
// (docs/how-the-index-works.md, "`stats()`"). Most runs file 8 or more patterns in the prefilter,
// so its hashed path is taken, not only its search of each literal; a last test checks that
// enough runs did, and that filtered patterns matched.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { analyzePattern, mqtt, TopicMatcher, type TopicPattern } from '../src/index.js';
import { normalizePattern } from '../src/topic-pattern.js';
import { naiveScan, naiveTest, sameValueZero, show } from './support/naive.js';

const RUNS = 250;
/** Below this many patterns the prefilter searches instead of hashing (`FEW_PATTERNS`). */
const FEW_PATTERNS = 8;

/** The characters of the words: case variants and the two non-ASCII letters that `iu` folds
 * onto ASCII, so literals differ only in case, or collide under the fold. */
const CHARS = ['a', 'b', 'k', 's', 'K', '\u212A', '\u017F', '-'] as const;

const longWord = fc
  .array(fc.constantFrom(...CHARS), { minLength: 3, maxLength: 8 })
  .map((chars) => chars.join(''));
const word = fc.oneof(
  { weight: 6, arbitrary: longWord },
  { weight: 2, arbitrary: fc.constantFrom('kab', 'abk', 'sks', 'Kab', '\u212Aab', 'ab-k', 'aaaa') },
  { weight: 1, arbitrary: fc.constantFrom('k', 's', 'K', '\u212A', '\u017F', 'ks', 'ab') },
);

type Template = (w: string, v: string) => TopicPattern;

/** No literal prefix (or a short one) and a literal required further on: most are filtered. */
const FILTERED: readonly Template[] = [
  (w) => `.*${w}`,
  (w) => String.raw`\w+-${w}/status$`,
  (w) => String.raw`[\w-]*/${w}$`,
  (w) => String.raw`(?:\d+|x)/${w}/.*`,
  (w) => new RegExp(`.*${w}`, 'i'),
  (w) => new RegExp(`.*${w}`, 'iu'),
  (w, v) => `.*(?:${w}|${v})`,
  (w, v) => new RegExp(`.*(?:${w}|${v})`, 'i'),
  (w) => `[a-z]+/${w}`,
  (w) => `.?${w}`,
  (w) => `(?:a|b).*${w}`,
  (w) => `ab+${w}`,
  (w) => new RegExp(String.raw`.*${w}\b`, 'u'),
  (w, v) => `.*${w}.*${v}$`,
  (w) => new RegExp(`[^/]*/${w}`, 'i'),
  (w) => `.+${w}(?:/.*)?$`,
  (w, v) => new RegExp(`.*${w}(?:-|/)${v}`, 'iu'),
  // Where the literal starts in a match is bounded, and matches have a least length: the
  // filter meets the pattern only where its literal can be (code units, `u` counting an
  // astral character as two).
  (w) => `[a-z]{3}-${w}`,
  (w) => `.{2}${w}`,
  (w) => new RegExp(`.{2}${w}`, 'u'),
  (w) => new RegExp(`[^/]{1,2}${w}`, 'iu'),
  (w) => String.raw`\w(?:a|b|k|s|-|x|y|z)${w}/`,
  (w, v) => String.raw`(?:\w${w}|\w\w${v})$`,
  (w) => String.raw`\d{1,3}/${w}`,
  (w) => String.raw`(a|bb)\1${w}`,
  (w) => `.*${w}.{4}`,
  (w) => new RegExp(`.*${w}.{3}$`, 'u'),
  (w) => String.raw`(?=\w)\w?${w}`,
  (w, v) => `.?(?:${w}x|${v}yy)`,
];

/** Prefixed (filed in the trie), level shaped (filed by levels) and unfilterable patterns. */
const OTHERS: readonly Template[] = [
  (w) => `${w}/.*`,
  (w) => `kab/.*${w}`,
  () => 'a/[^/]+/b$',
  (w) => `${w}/[^/]+$`,
  () => String.raw`[^/]+/status$`, // level shaped, though it requires `/status`
  () => mqtt('a/+/status'),
  () => mqtt('kab/#'),
  () => '.*x',
  () => '.*k',
  () => /.*s/iu,
  () => '.*(?:ka|b)',
  () => String.raw`\w*`,
];

const patternArb = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FILTERED) },
      { weight: 1, arbitrary: fc.constantFrom(...OTHERS) },
    ),
    word,
    word,
  )
  .map(([template, w, v]) => template(w, v));

const VALUE = fc.integer({ min: 0, max: 11 });

/** How a topic piece is cased: as it is, upper, lower, or with the non-ASCII fold partners. */
const CASINGS: readonly ((s: string) => string)[] = [
  (s) => s,
  (s) => s,
  (s) => s.toUpperCase(),
  (s) => s.toLowerCase(),
  (s) => s.replace(/[kK]/g, '\u212A'),
  (s) => s.replace(/[sS]/g, '\u017F'),
  (s) => s.replace(/\u212A/g, 'k').replace(/\u017F/g, 's'),
];

const topicArb = (words: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            '',
            '1/',
            'x/',
            'a/',
            'ab',
            'kab/',
            'a/z/',
            '12-',
            'b',
            'xyz-',
            'aa',
            'bbbb',
            '\u{1F600}',
            '\u{1F600}\u{1F600}',
            '\uD83D',
            'a\u{1F600}',
          ),
          fc.array(
            fc.tuple(
              fc.constantFrom(...words),
              fc.nat(CASINGS.length - 1),
              fc.constantFrom(
                '',
                '/',
                '-',
                'x',
                '1',
                '/status',
                '/x/',
                'ab',
                '/b',
                'yy',
                '\u{1F600}',
                '1234',
              ),
            ),
            { maxLength: 3 },
          ),
        )
        .map(
          ([head, pieces]) =>
            head + pieces.map(([w, casing, after]) => CASINGS[casing]!(w) + after).join(''),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.constantFrom(...CHARS, '/', 'x', '1', '\u{1F600}'), { maxLength: 14 })
        .map((c) => c.join('')),
    },
  );

/** A run: patterns, each registered with values (plus later re-registrations), and topics. */
const scenario = fc
  .array(fc.tuple(patternArb, fc.array(VALUE, { minLength: 1, maxLength: 3 })), {
    minLength: 10,
    maxLength: 40,
  })
  .chain((patterns) => {
    const words = [
      ...new Set(
        patterns.flatMap(([p]) => {
          const source = typeof p === 'string' ? p : p.source;
          return source.match(/[abksK\u212A\u017F-]{3,}/g) ?? [];
        }),
      ),
      'kab',
      'sks',
    ];
    return fc.record({
      patterns: fc.constant(patterns),
      extra: fc.array(fc.tuple(fc.nat(), VALUE), { maxLength: 8 }),
      topics: fc.uniqueArray(topicArb(words), { minLength: 8, maxLength: 24 }),
      ops: fc.array(
        fc.record({
          kind: fc.constantFrom('remove-value', 'remove-value', 'remove-all', 'add', 'add'),
          index: fc.nat(),
          value: VALUE,
        }),
        { minLength: 3, maxLength: 12 },
      ),
    });
  });

type Registration = readonly [TopicPattern, number];

const keyOf = (pattern: TopicPattern): string => normalizePattern(pattern).key;

/** Whether the matcher files a pattern in the prefilter: not level shaped, and a filter. */
function isFiltered(pattern: TopicPattern): boolean {
  return normalizePattern(pattern).shape === null && analyzePattern(pattern).filter !== null;
}

/** The registrations, as the matcher keeps them: a `(pattern, value)` pair once, first kept. */
class Reference {
  list: Registration[] = [];

  add(pattern: TopicPattern, value: number): void {
    const key = keyOf(pattern);
    if (this.list.some(([p, v]) => keyOf(p) === key && sameValueZero(v, value))) return;
    this.list.push([pattern, value]);
  }

  /** Removes one pair, or every pair of the pattern; whether anything went. */
  remove(pattern: TopicPattern, ...value: [] | [number]): boolean {
    const key = keyOf(pattern);
    const before = this.list.length;
    this.list = this.list.filter(
      ([p, v]) => keyOf(p) !== key || (value.length === 1 && !sameValueZero(v, value[0])),
    );
    return this.list.length < before;
  }

  /** Distinct registered patterns, by key. */
  patterns(): TopicPattern[] {
    const byKey = new Map<string, TopicPattern>();
    for (const [p] of this.list) if (!byKey.has(keyOf(p))) byKey.set(keyOf(p), p);
    return [...byKey.values()];
  }
}

function registrationsOf(
  patterns: readonly (readonly [TopicPattern, readonly number[]])[],
  extra: readonly (readonly [number, number])[],
): Reference {
  const reference = new Reference();
  for (const [pattern, values] of patterns)
    for (const value of values) reference.add(pattern, value);
  // Later registrations of earlier patterns: a pattern's values need not be consecutive.
  for (const [index, value] of extra) reference.add(patterns[index % patterns.length]![0], value);
  return reference;
}

function label(reference: Reference, topic: string, step: string): string {
  return `${step}: topic ${JSON.stringify(topic)}, registrations ${reference.list
    .map(([p, v]) => `${show(p)}=${v}`)
    .join(' , ')}`;
}

function expectStats(matcher: TopicMatcher<number>, reference: Reference, step: string): void {
  const patterns = reference.patterns();
  const stats = matcher.stats();
  expect(stats.patterns, `${step}: patterns`).toBe(patterns.length);
  expect(stats.registrations, `${step}: registrations`).toBe(reference.list.length);
  expect(matcher.size, `${step}: size`).toBe(reference.list.length);
  expect(stats.filteredPatterns, `${step}: filteredPatterns`).toBe(
    patterns.filter(isFiltered).length,
  );
  expect(stats.indexedPatterns + stats.unindexedPatterns, `${step}: indexed + unindexed`).toBe(
    stats.patterns,
  );
  expect(stats.filteredPatterns).toBeLessThanOrEqual(stats.indexedPatterns);
  expect(stats.unindexedPatterns).toBeGreaterThanOrEqual(0);
}

/** Runs that filed enough patterns to hash, and topics a filtered pattern matched. */
const tally = { runs: 0, hashedRuns: 0, topics: 0, filteredMatches: 0 };

function count(reference: Reference, topics: readonly string[]): void {
  const filtered = reference.patterns().filter(isFiltered);
  tally.runs += 1;
  if (filtered.length >= FEW_PATTERNS) tally.hashedRuns += 1;
  for (const topic of topics) {
    tally.topics += 1;
    if (filtered.some((p) => naiveTest(p, topic))) tally.filteredMatches += 1;
  }
}

describe('the required-literal prefilter agrees with a naive scan', () => {
  test.prop([scenario], { numRuns: RUNS })(
    'match(topic) equals the naive scan, memo off and memo of 2',
    ({ patterns, extra, topics }) => {
      const reference = registrationsOf(patterns, extra);
      count(reference, topics);
      const off = new TopicMatcher<number>({ cacheSize: 0 });
      const tiny = new TopicMatcher<number>({ cacheSize: 2 });
      for (const [pattern, value] of reference.list) {
        off.add(pattern, value);
        tiny.add(pattern, value);
      }
      expectStats(off, reference, 'memo off');
      expectStats(tiny, reference, 'memo of 2');
      for (const topic of topics) {
        const expected = naiveScan(reference.list, topic);
        const at = label(reference, topic, 'added');
        expect(off.match(topic), at).toEqual(expected);
        expect(tiny.match(topic), at).toEqual(expected);
        expect(tiny.match(topic), `${at} (memo)`).toEqual(expected);
        expect(off.test(topic), at).toBe(expected.length > 0);
      }
      // Twice over, in the other order: a collection leaves nothing behind for the next.
      for (const topic of [...topics].reverse()) {
        const expected = naiveScan(reference.list, topic);
        expect(off.match(topic), label(reference, topic, 'again')).toEqual(expected);
        expect(tiny.match(topic), label(reference, topic, 'again')).toEqual(expected);
      }
    },
    60_000,
  );

  test.prop([scenario], { numRuns: RUNS })(
    'a memo patched by interleaved additions and removals equals the naive scan',
    ({ patterns, extra, topics, ops }) => {
      const reference = registrationsOf(patterns, extra);
      const matcher = new TopicMatcher<number>({ cacheSize: 1000 });
      const fresh = (): TopicMatcher<number> => {
        const m = new TopicMatcher<number>({ cacheSize: 0 });
        for (const [pattern, value] of reference.list) m.add(pattern, value);
        return m;
      };
      for (const [pattern, value] of reference.list) matcher.add(pattern, value);
      // Fill the memo: every later check reads results the changes patched.
      for (const topic of topics) {
        expect(matcher.match(topic), label(reference, topic, 'added')).toEqual(
          naiveScan(reference.list, topic),
        );
      }
      expect(matcher.stats().cache.size).toBe(topics.length);
      ops.forEach(({ kind, index, value }, n) => {
        const step = `op ${n} ${kind}`;
        if (kind === 'add') {
          const pattern = patterns[index % patterns.length]![0];
          matcher.add(pattern, value);
          reference.add(pattern, value);
        } else if (reference.list.length > 0) {
          const [pattern, registered] = reference.list[index % reference.list.length]!;
          const removed =
            kind === 'remove-all' ? matcher.remove(pattern) : matcher.remove(pattern, registered);
          const expected =
            kind === 'remove-all'
              ? reference.remove(pattern)
              : reference.remove(pattern, registered);
          expect(removed, step).toBe(expected);
          // Removing what is not registered changes nothing.
          expect(matcher.remove(pattern, 99), step).toBe(false);
        }
        const misses = matcher.stats().cache.misses;
        for (const topic of topics) {
          expect(matcher.match(topic), label(reference, topic, step)).toEqual(
            naiveScan(reference.list, topic),
          );
        }
        // Every topic was answered from the patched memo, none computed again.
        expect(matcher.stats().cache.misses, step).toBe(misses);
        expectStats(matcher, reference, step);
      });
      // A matcher built afresh from what is left agrees with the patched one.
      const rebuilt = fresh();
      for (const topic of topics) {
        expect(matcher.match(topic), label(reference, topic, 'rebuilt')).toEqual(
          rebuilt.match(topic),
        );
      }
    },
    60_000,
  );
});

test('most runs hash (8 or more filtered patterns) and filtered patterns match topics (the properties are not vacuous)', () => {
  expect(tally.runs).toBe(RUNS);
  expect(tally.hashedRuns / tally.runs).toBeGreaterThan(0.6);
  expect(tally.filteredMatches / tally.topics).toBeGreaterThan(0.1);
});
