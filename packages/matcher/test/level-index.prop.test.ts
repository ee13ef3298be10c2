// The level index and its automaton against the naive scan: any interleaving of add,
// remove(pattern, value), remove(pattern), match and clear over level-shaped patterns (what
// mqtt(), amqp() and glob() emit, and the same shapes written by hand), mixed with a few that
// go to the prefix trie, gives the naive scan's answer, order included, with automaton bounds
// of 0 (off), 1, 2 and 3 states and the default, and memos of 0, 2 and the default size. The
// topics carry the traps of docs/how-the-index-works.md ("Level-shaped patterns"): empty
// levels, a `$` level, line terminators after a level, a character prefix (`a/bc`).
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { amqp, glob, mqtt, TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveScan, naiveTest, sameValueZero } from './support/naive.js';

/** The pool: `id` is the pattern's identity (same source and flags). */
const POOL: readonly { readonly id: string; readonly pattern: TopicPattern }[] = [
  mqtt('a/+/c'),
  mqtt('a/#'),
  mqtt('#'),
  mqtt('+'),
  mqtt('+/b'),
  mqtt('+/+/#'),
  mqtt('$SYS/#'),
  mqtt('a//b'),
  mqtt('a/b'),
  amqp('a.*'),
  amqp('a.#'),
  amqp('#'),
  amqp('*.b.*'),
  glob('a/*'),
  glob('a/**'),
  'a/[^/]+/c$',
  'a/[^/]*$',
  '^a/[^/]+',
  'a(?:/.*)?$',
  /a(?:\/.*)?$/s,
  'a/.*',
  'a/.*$',
  'a/b$',
  '^a/b$',
  'a/',
  '',
  '.*$',
  '$',
  '/b$',
  'x/[^/]+(?:\\/[^/]*)*$',
  /a\/[^/]+$/u,
  // Not level shaped: the prefix trie, merged with the level index by order.
  'a/b',
  'a/b+',
  /A\/B$/i,
  '.*c$',
].map((pattern) => ({ id: identity(pattern), pattern }));

/** A pattern's identity in a matcher: its source, after its flags when it has any. */
function identity(pattern: TopicPattern): string {
  const regex = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  const flags = [...regex.flags.replace(/[gy]/g, '')].sort().join('');
  return flags === '' ? regex.source : `${flags}/${regex.source}`;
}

const LEVELS = ['a', 'b', 'c', 'x', '', '$SYS', '$x', 'bc', 'a.b', 'a.b.c', 'B', 'A'];
const TERMINATORS = ['\n', '\r', '\u2028', '\u2029'];

/** Topics of up to four levels from the pool's words, some with a line terminator in a level. */
const topic = fc
  .tuple(
    fc.array(fc.constantFrom(...LEVELS), { minLength: 1, maxLength: 4 }),
    fc.option(fc.tuple(fc.nat(3), fc.constantFrom(...TERMINATORS)), { freq: 4 }),
  )
  .map(([levels, terminator]) => {
    if (terminator !== null) {
      const [at, char] = terminator;
      const index = at % levels.length;
      levels[index] = `${levels[index]!}${char}`;
    }
    return levels.join('/');
  });

const VALUES: readonly unknown[] = [0, 1, 2, 'x', NaN];

interface Model {
  registrations: { id: string; pattern: TopicPattern; value: unknown }[];
}

type Real = TopicMatcher<unknown>;

function modelMatch(model: Model, topic: string): unknown[] {
  return naiveScan(
    model.registrations.map(({ pattern, value }) => [pattern, value] as const),
    topic,
  );
}

function checkCounts(model: Model, real: Real, automatonSize: number): void {
  expect(real.size).toBe(model.registrations.length);
  const stats = real.stats();
  expect(stats.patterns).toBe(new Set(model.registrations.map((r) => r.id)).size);
  // Each separator in use has its automaton, bounded by `automatonSize`.
  expect(stats.automaton.states).toBeLessThanOrEqual(3 * automatonSize);
}

const entry = fc.constantFrom(...POOL);
const value = fc.constantFrom(...VALUES);

function commands(automatonSize: number) {
  return fc.commands(
    [
      fc.tuple(entry, value).map(
        ([e, v]) =>
          ({
            check: () => true,
            run(model: Model, real: Real) {
              real.add(e.pattern, v);
              const exists = model.registrations.some(
                (r) => r.id === e.id && sameValueZero(r.value, v),
              );
              if (!exists) model.registrations.push({ ...e, value: v });
              checkCounts(model, real, automatonSize);
            },
            toString: () => `add(${String(e.pattern)}, ${String(v)})`,
          }) satisfies fc.Command<Model, Real>,
      ),
      fc.tuple(entry, value).map(
        ([e, v]) =>
          ({
            check: () => true,
            run(model: Model, real: Real) {
              const index = model.registrations.findIndex(
                (r) => r.id === e.id && sameValueZero(r.value, v),
              );
              if (index >= 0) model.registrations.splice(index, 1);
              expect(real.remove(e.pattern, v)).toBe(index >= 0);
              checkCounts(model, real, automatonSize);
            },
            toString: () => `remove(${String(e.pattern)}, ${String(v)})`,
          }) satisfies fc.Command<Model, Real>,
      ),
      entry.map(
        (e) =>
          ({
            check: () => true,
            run(model: Model, real: Real) {
              const before = model.registrations.length;
              model.registrations = model.registrations.filter((r) => r.id !== e.id);
              expect(real.remove(e.pattern)).toBe(model.registrations.length < before);
              checkCounts(model, real, automatonSize);
            },
            toString: () => `remove(${String(e.pattern)})`,
          }) satisfies fc.Command<Model, Real>,
      ),
      ...[1, 2, 3, 4].map(() =>
        topic.map(
          (t) =>
            ({
              check: () => true,
              run(model: Model, real: Real) {
                expect(real.match(t), `match(${JSON.stringify(t)})`).toEqual(modelMatch(model, t));
              },
              toString: () => `match(${JSON.stringify(t)})`,
            }) satisfies fc.Command<Model, Real>,
        ),
      ),
      fc.constant({
        check: () => true,
        run(model: Model, real: Real) {
          real.clear();
          model.registrations = [];
          expect(real.stats().levelNodes).toBe(1);
        },
        toString: () => 'clear()',
      } satisfies fc.Command<Model, Real>),
    ],
    { maxCommands: 80 },
  );
}

describe('the level index and its automaton agree with the naive scan', () => {
  for (const automatonSize of [0, 1, 2, 3, 10_000]) {
    for (const cacheSize of [0, 2, 10_000]) {
      test.prop([commands(automatonSize)], { numRuns: 150 })(
        `automatonSize ${automatonSize}, cacheSize ${cacheSize}`,
        (cmds) => {
          const real = new TopicMatcher<unknown>({ automatonSize, cacheSize });
          fc.modelRun(() => ({ model: { registrations: [] }, real }), cmds);
          for (const e of POOL) real.remove(e.pattern);
          expect(real.size).toBe(0);
          expect(real.stats().levelNodes).toBe(1);
          expect(real.stats().trieNodes).toBe(1);
        },
        60_000,
      );
    }
  }
});

describe('topics from the generators of every syntax', () => {
  const filters = fc.array(fc.constantFrom('a', 'b', '', '$x', '+'), {
    minLength: 1,
    maxLength: 3,
  });
  const mqttFilter = fc
    .tuple(filters, fc.boolean())
    .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'))
    .filter((filter) => filter !== '');
  const amqpKey = fc
    .tuple(
      fc.array(fc.constantFrom('a', 'b', '', '*'), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
    )
    .map(([words, hash]) => (hash ? [...words, '#'] : words).join('.'));
  const globPattern = fc
    .tuple(
      fc.array(fc.constantFrom('a', 'b', '*', ''), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
    )
    .map(([levels, star]) => (star ? [...levels, '**'] : levels).join('/'));
  const anyTopic = fc.oneof(
    topic,
    fc
      .array(fc.constantFrom('a', 'b', '', '$x'), { minLength: 1, maxLength: 4 })
      .map((l) => l.join('.')),
  );

  test.prop(
    [
      fc.array(
        fc.oneof(
          mqttFilter.map((f) => mqtt(f)),
          amqpKey.map((k) => amqp(k)),
          globPattern.map((g) => glob(g)),
        ),
        { minLength: 1, maxLength: 12 },
      ),
      fc.array(anyTopic, { minLength: 1, maxLength: 20 }),
      fc.constantFrom(0, 1, 2, 10_000),
    ],
    { numRuns: 400 },
  )('many filters at once: index = naive scan', (patterns, topics, automatonSize) => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0, automatonSize });
    patterns.forEach((pattern, i) => matcher.add(pattern, i));
    for (const t of [...topics, ...topics]) {
      const expected = patterns.flatMap((pattern, i) => (naiveTest(pattern, t) ? [i] : []));
      expect(matcher.match(t), `${JSON.stringify(t)}`).toEqual(expected);
    }
  });
});
