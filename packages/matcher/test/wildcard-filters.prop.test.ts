// The compiled wildcard filters agree with the level-by-level references of
// support/filter-reference.ts: for generated filters (over a small alphabet with the
// separator, `$`, regex specials and astral characters) and for topics built from each filter
// (so that most match) or at random, the sigx way (TopicMatcher add + match) and with
// RegExp#test; a string is refused with FilterSyntaxError exactly when the reference says it
// is malformed; and a TopicMatcher holding many compiled filters of every syntax returns what
// a naive scan of them returns.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { amqp, FilterSyntaxError, glob, mqtt, TopicMatcher } from '../src/index.js';
import {
  amqpReference,
  amqpValid,
  globReference,
  globValid,
  mqttReference,
  mqttValid,
} from './support/filter-reference.js';

const RUNS = 1000;

/** A compiled filter, the reference's verdict on a topic, and topics to try it on. */
interface Case {
  readonly label: string;
  readonly compiled: RegExp;
  readonly reference: (topic: string) => boolean;
  readonly topics: readonly string[];
}

/** Characters of topic levels: regex specials, `$`, wildcards, halves of a surrogate pair. */
const TOPIC_CHARS = ['a', 'b', '$', '.', '/', ':', '*', '?', '+', '#', '{', '}', '\\', '\n'];
const ASTRAL = ['\u{1F600}', '\uD83D', '\uDE00'];

/** A random level: characters other than the separator. */
function level(separator: string): fc.Arbitrary<string> {
  const chars = [...TOPIC_CHARS, ...ASTRAL, ''].filter((c) => c !== separator);
  return fc
    .array(fc.constantFrom(...chars), { maxLength: 3 })
    .map((parts) => parts.join(''))
    .chain((text) => fc.constantFrom(text, `$${text}`));
}

/** A random topic: up to 4 random levels. */
function randomTopic(separator: string): fc.Arbitrary<string> {
  return fc
    .array(level(separator), { minLength: 0, maxLength: 4 })
    .map((levels) => levels.join(separator));
}

/** Several levels, for a wildcard that matches any number. */
function levels(separator: string): fc.Arbitrary<string[]> {
  return fc.array(level(separator), { maxLength: 3 });
}

/** Joins topic parts, where an array stands for zero or more levels. */
function joinParts(parts: readonly (string | readonly string[])[], separator: string): string {
  return parts.flatMap((part) => (typeof part === 'string' ? [part] : part)).join(separator);
}

/** Topics for a filter: built from its levels (most match), plus random ones. */
function topicsFor(
  parts: readonly fc.Arbitrary<string | string[]>[],
  separator: string,
): fc.Arbitrary<string[]> {
  const built = fc.tuple(...parts).map((chosen) => joinParts(chosen, separator));
  return fc
    .tuple(
      fc.array(built, { minLength: 1, maxLength: 4 }),
      fc.array(randomTopic(separator), { maxLength: 2 }),
    )
    .map(([a, b]) => [...a, ...b]);
}

/** A literal level or word, over characters that are not wildcards of the syntax. */
function literal(chars: readonly string[]): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...chars), { maxLength: 3 }).map((parts) => parts.join(''));
}

const MQTT_LITERAL = ['a', 'b', '$', '.', '{', '}', '(', '|', '\\', '^', '?', '*', '\u{1F600}'];

const mqttCase: fc.Arbitrary<Case> = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: literal(MQTT_LITERAL), weight: 3 }, fc.constant('+')), {
      minLength: 0,
      maxLength: 4,
    }),
    fc.boolean(),
  )
  .map(([levelList, hash]) => (hash ? [...levelList, '#'] : levelList))
  .filter((levelList) => levelList.join('/') !== '')
  .chain((levelList) => {
    const filter = levelList.join('/');
    const parts = levelList.map((part): fc.Arbitrary<string | string[]> => {
      if (part === '#') return levels('/');
      if (part === '+') return level('/');
      return fc.oneof({ arbitrary: fc.constant(part), weight: 5 }, level('/'));
    });
    return topicsFor(parts, '/').map((topics): Case => ({
      label: `mqtt(${JSON.stringify(filter)})`,
      compiled: mqtt(filter),
      reference: (topic) => mqttReference(filter, topic),
      topics,
    }));
  });

/** Separators, some of them special in a regex or in a class. */
const AMQP_SEPARATORS = ['.', '/', ':', '$', '^', ']', '\\', '-'];
const AMQP_LITERAL = ['a', 'b', '.', '/', '$', '{', '+', '\\', ']', '^', '-', '?', '\u{1F600}'];

function amqpCase(separators: readonly string[]): fc.Arbitrary<Case> {
  return fc.constantFrom(...separators).chain((separator) =>
    fc
      .array(
        fc.oneof(
          { arbitrary: literal(AMQP_LITERAL.filter((c) => c !== separator)), weight: 3 },
          fc.constant('*'),
          fc.constant('#'),
        ),
        { minLength: 1, maxLength: 5 },
      )
      .chain((words) => {
        const key = words.join(separator);
        const parts = words.map((word): fc.Arbitrary<string | string[]> => {
          if (word === '#') return levels(separator);
          if (word === '*') return level(separator);
          return fc.oneof({ arbitrary: fc.constant(word), weight: 5 }, level(separator));
        });
        const options = separator === '.' ? undefined : { separator };
        return topicsFor(parts, separator).map((topics): Case => ({
          label: `amqp(${JSON.stringify(key)}, ${JSON.stringify(separator)})`,
          compiled: amqp(key, options),
          reference: (topic) => amqpReference(key, topic, separator),
          topics,
        }));
      }),
  );
}

const GLOB_SEPARATORS = ['/', '.', ':', '$', '^', '-', '#', '!'];
/** Literal characters of glob levels; those the syntax reserves are written escaped. */
const GLOB_LITERAL = ['a', 'b', '.', '$', '(', '|', '+', '#', '*', '?', '\\', '[', '{', '/', ':'];
const GLOB_LITERAL_ASTRAL = ['\u{1F600}', '\uDE00'];

/** One token of a glob level: [how it is written, what a topic may hold for it]. */
function globToken(separator: string): fc.Arbitrary<[string, fc.Arbitrary<string>]> {
  const run = fc
    .array(fc.constantFrom(...[...TOPIC_CHARS, ...ASTRAL].filter((c) => c !== separator)), {
      maxLength: 2,
    })
    .map((chars) => chars.join(''));
  const one = fc.constantFrom(...[...TOPIC_CHARS, ...ASTRAL].filter((c) => c !== separator));
  const literalChar = fc
    .constantFrom(...[...GLOB_LITERAL, ...GLOB_LITERAL_ASTRAL].filter((c) => c !== separator))
    .map((char): [string, fc.Arbitrary<string>] => [
      '*?\\[]{}'.includes(char) ? `\\${char}` : char,
      fc.oneof({ arbitrary: fc.constant(char), weight: 5 }, one),
    ]);
  return fc.oneof(
    { arbitrary: literalChar, weight: 3 },
    fc.constant<[string, fc.Arbitrary<string>]>(['*', run]),
    fc.constant<[string, fc.Arbitrary<string>]>(['?', one]),
  );
}

function globCase(separators: readonly string[]): fc.Arbitrary<Case> {
  return fc.constantFrom(...separators).chain((separator) =>
    fc
      .array(
        fc.oneof(
          { arbitrary: fc.array(globToken(separator), { maxLength: 3 }), weight: 4 },
          fc.constant('**' as const),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .chain((levelList) => {
        const pattern = levelList
          .map((tokens) => (tokens === '**' ? '**' : tokens.map(([text]) => text).join('')))
          .join(separator);
        const parts = levelList.map((tokens): fc.Arbitrary<string | string[]> =>
          tokens === '**'
            ? levels(separator)
            : fc.tuple(...tokens.map(([, topic]) => topic)).map((chars) => chars.join('')),
        );
        const options = separator === '/' ? undefined : { separator };
        return topicsFor(parts, separator).map((topics): Case => ({
          label: `glob(${JSON.stringify(pattern)}, ${JSON.stringify(separator)})`,
          compiled: glob(pattern, options),
          reference: (topic) => globReference(pattern, topic, separator),
          topics,
        }));
      }),
  );
}

/** Topics checked, and how many matched (the property must not hold by never matching). */
const tally = { checked: 0, matched: 0 };

/** Checks one case: RegExp#test and a TopicMatcher both agree with the reference. */
function expectAgreement({ label, compiled, reference, topics }: Case): void {
  const matcher = new TopicMatcher<number>({ cacheSize: 0 }).add(compiled, 1);
  for (const topic of topics) {
    const expected = reference(topic);
    tally.checked += 1;
    if (expected) tally.matched += 1;
    const where = `${label} ${String(compiled)} on ${JSON.stringify(topic)}`;
    expect(compiled.test(topic), where).toBe(expected);
    expect(matcher.match(topic), where).toEqual(expected ? [1] : []);
  }
}

describe('compiled filters agree with the level-by-level references', () => {
  test.prop([mqttCase], { numRuns: RUNS })('mqtt()', (c) => expectAgreement(c));
  test.prop([amqpCase(AMQP_SEPARATORS)], { numRuns: RUNS })('amqp()', (c) => expectAgreement(c));
  test.prop([globCase(GLOB_SEPARATORS)], { numRuns: RUNS })('glob()', (c) => expectAgreement(c));
});

test('many generated topics match their filter (the properties are not vacuous)', () => {
  expect(tally.checked).toBeGreaterThan(3 * RUNS);
  expect(tally.matched / tally.checked).toBeGreaterThan(0.25);
});

/** Each syntax: its compiler and references, and the characters that make or break a filter. */
const SYNTAXES = [
  {
    name: 'mqtt()',
    chars: ['a', '/', '+', '#', '$', '\0', '.', '*'],
    compile: (filter: string) => mqtt(filter),
    valid: (filter: string) => mqttValid(filter),
    reference: (filter: string, topic: string) => mqttReference(filter, topic),
  },
  {
    name: 'amqp()',
    chars: ['a', '.', '*', '#', '$', '/'],
    compile: (key: string) => amqp(key),
    valid: (key: string) => amqpValid(key),
    reference: (key: string, topic: string) => amqpReference(key, topic),
  },
  {
    name: 'glob()',
    chars: ['a', '/', '*', '?', '\\', '[', ']', '{', '}', '$', '\u{1F600}'],
    compile: (pattern: string) => glob(pattern),
    valid: (pattern: string) => globValid(pattern),
    reference: (pattern: string, topic: string) => globReference(pattern, topic),
  },
];

describe('a string is refused exactly when the reference says it is malformed', () => {
  const topics = fc.array(randomTopic('/'), { minLength: 1, maxLength: 3 });
  for (const { name, chars, compile, valid, reference } of SYNTAXES) {
    const filters = fc
      .array(fc.constantFrom(...chars), { maxLength: 7 })
      .map((parts) => parts.join(''));
    test.prop([filters, topics], { numRuns: RUNS })(name, (filter, topicList) => {
      let compiled: RegExp | null = null;
      try {
        compiled = compile(filter);
      } catch (error) {
        expect(error).toBeInstanceOf(FilterSyntaxError);
      }
      expect(compiled === null, JSON.stringify(filter)).toBe(!valid(filter));
      if (compiled !== null) {
        const label = `${name} of ${JSON.stringify(filter)}`;
        expectAgreement({
          label,
          compiled,
          reference: (topic) => reference(filter, topic),
          topics: topicList,
        });
      }
    });
  }
});

describe('a TopicMatcher holding many compiled filters', () => {
  const mixed = fc.array(fc.oneof(mqttCase, amqpCase(['.', '/']), globCase(['/', '.'])), {
    minLength: 5,
    maxLength: 15,
  });

  test.prop([mixed], { numRuns: 300 })(
    'returns what a naive scan and the references return',
    (cases) => {
      const off = new TopicMatcher<number>({ cacheSize: 0 });
      const tiny = new TopicMatcher<number>({ cacheSize: 2 });
      cases.forEach(({ compiled }, index) => {
        off.add(compiled, index);
        tiny.add(compiled, index);
      });
      const topics = [...new Set(cases.flatMap((c) => c.topics))];
      for (const topic of topics) {
        const naive = cases.flatMap(({ compiled }, index) => (compiled.test(topic) ? [index] : []));
        const reference = cases.flatMap((c, index) => (c.reference(topic) ? [index] : []));
        const where = `${JSON.stringify(topic)} with ${cases.map((c) => c.label).join(', ')}`;
        expect(reference, where).toEqual(naive);
        expect(off.match(topic), where).toEqual(naive);
        expect(tiny.match(topic), where).toEqual(naive);
        expect(tiny.match(topic), `${where} (memo)`).toEqual(naive);
      }
    },
  );
});
