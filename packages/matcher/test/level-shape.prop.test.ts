// The shape scanner (level-shape.ts) on generated level-ish patterns: levels (literal
// characters and escapes, wildcards, empty ones) joined by a separator, and an end, each
// written in the forms the filters and users write them, with other separators and junk
// mixed in so that many are not recognised. Whenever the scanner recognises one:
// (a) the text is a valid pattern and the scanner's source is `new RegExp`'s, for strings and
//     for RegExp sources, and a string and its source give the same shape;
// (b) the shape describes exactly the topics the sticky regex matches (support/
//     level-shape-reference.ts reads the shape on split topics);
// (c) the full analysis agrees: no backtracking risk, and every topic the shape matches
//     starts with one of the analysis's literal prefixes.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { scanLevelShape, type ScannedPattern } from '../src/level-shape.js';
import { analyzePattern } from '../src/pattern-analysis.js';
import { shapeMatches, stickyMatches } from './support/level-shape-reference.js';

/** A separator and how a pattern writes it between levels and inside a class. */
interface SeparatorForms {
  readonly between: readonly string[];
  readonly inClass: readonly string[];
}

const SEPARATORS: readonly SeparatorForms[] = [
  { between: ['/', '\\/'], inClass: ['/', '\\/'] },
  { between: ['\\.'], inClass: ['.', '\\.'] },
  { between: [':', '\\:'], inClass: [':', '\\:'] },
  { between: ['\\$'], inClass: ['$', '\\$'] },
  { between: ['-', '\\-'], inClass: ['-', '\\-'] },
  { between: ['\\\\'], inClass: ['\\\\'] },
];

/** Characters of literal levels: plain, escaped, other separators, non-ASCII, surrogates. */
const LITERAL_CHARS = [
  'a',
  'b',
  'a',
  'b',
  '\\$',
  '\\.',
  '\\/',
  '/',
  ':',
  '-',
  '\\-',
  '\\+',
  '\\*',
  '\\\\',
  '\\]',
  '\\^',
  '\\{',
  '\\:',
  '#',
  ' ',
  '\0',
  'é',
  '\u{1F600}',
  '\uD83D',
];

/** Pieces that are not level shaped, or not valid: most patterns with one are refused. */
const JUNK = [
  '|',
  '(',
  ')',
  '*',
  '+',
  '?',
  '{2}',
  '{',
  '}',
  ']',
  '[',
  '^',
  '$',
  '.',
  '.*',
  '\\',
  '\\d',
  '\\n',
  '\\k',
  '\\u0061',
  '\n',
  '\r',
  '\u2028',
  '\u2029',
  '(?=a)',
  '[a-c]',
  '[^]',
  '(?:)',
  '[^/]*?',
];

/** One separator's pieces. */
interface Pieces {
  readonly separator: string;
  readonly wildcard: fc.Arbitrary<string>;
  readonly end: fc.Arbitrary<string>;
}

function piecesOf(forms: SeparatorForms): Pieces {
  const between = fc.constantFrom(...forms.between);
  const inClass = fc.constantFrom(...forms.inClass);
  const wildcard = fc.oneof(
    inClass.map((s) => `[^${s}]*`),
    inClass.map((s) => `[^${s}]+`),
    fc
      .tuple(fc.constantFrom('$', '\\$'), inClass, inClass)
      .map(([dollar, s, t]) => `(?:[^${dollar}${s}][^${t}]*)?`),
  );
  const end = fc.oneof(
    { arbitrary: fc.constantFrom('', '$'), weight: 4 },
    { arbitrary: between.map((s) => `(?:${s}.*)?$`), weight: 2 },
    { arbitrary: fc.tuple(between, inClass).map(([s, t]) => `(?:${s}[^${t}]*)*$`), weight: 2 },
    { arbitrary: between.map((s) => `${s}.*`), weight: 1 },
    { arbitrary: between.map((s) => `${s}.*$`), weight: 1 },
    { arbitrary: between, weight: 1 },
    { arbitrary: fc.constantFrom('.*', '.*$'), weight: 1 },
  );
  return { separator: forms.between[0]!, wildcard, end };
}

const PIECES = SEPARATORS.map(piecesOf);

const literal = fc
  .array(fc.constantFrom(...LITERAL_CHARS), { maxLength: 3 })
  .map((chars) => chars.join(''));

/**
 * A level-ish pattern: `^` or not, levels joined by separators, an end; its pieces mostly of
 * one separator, sometimes of another, sometimes junk.
 */
const levelish: fc.Arbitrary<string> = fc
  .tuple(fc.nat(PIECES.length - 1), fc.nat(PIECES.length - 1))
  .chain(([main, other]) => {
    const pieces = (index: number): Pieces => PIECES[index]!;
    const pick = (choose: (p: Pieces) => fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc.oneof(
        { arbitrary: choose(pieces(main)), weight: 12 },
        { arbitrary: choose(pieces(other)), weight: 1 },
        { arbitrary: fc.constantFrom(...JUNK), weight: 1 },
      );
    const separator = fc.constantFrom(...SEPARATORS[main]!.between);
    const level = fc.oneof(
      { arbitrary: literal, weight: 3 },
      { arbitrary: pick((p) => p.wildcard), weight: 2 },
    );
    return fc
      .tuple(
        fc.boolean(),
        fc.array(fc.tuple(level, separator), { minLength: 0, maxLength: 4 }),
        level,
        pick((p) => p.end),
      )
      .map(
        ([caret, levels, last, end]) =>
          (caret ? '^' : '') + levels.map(([l, s]) => l + s).join('') + last + end,
      );
  });

/** Any pattern string over the pieces, for the source property. */
const jumbled: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...LITERAL_CHARS),
      fc.constantFrom(...JUNK),
      ...PIECES.map((p) => p.wildcard),
      ...PIECES.map((p) => p.end),
      fc.constantFrom(...SEPARATORS.flatMap((s) => s.between)),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

const patternText = fc.oneof({ arbitrary: levelish, weight: 4 }, { arbitrary: jumbled, weight: 1 });

/** The flags the scanner reads, and some it must refuse. */
const RECOGNISED_FLAGS = ['', 'u', 's', 'su', 'd', 'dsu'];
const flagsArbitrary = fc.oneof(
  { arbitrary: fc.constantFrom(...RECOGNISED_FLAGS), weight: 8 },
  { arbitrary: fc.constantFrom('i', 'm', 'v', 'im', 'dmsu'), weight: 1 },
);

function compiles(text: string, flags: string): boolean {
  try {
    new RegExp(text, flags);
    return true;
  } catch {
    return false;
  }
}

let sourceCases = 0;
let sourceRecognised = 0;

test.prop([patternText, flagsArbitrary], { numRuns: 6000 })(
  '(a) a recognised pattern is valid and its source is new RegExp’s, as a string and a source',
  (text, flags) => {
    sourceCases += 1;
    const fromText = scanLevelShape(text, flags);
    if (/[imv]/.test(flags)) expect(fromText).toBeNull();
    if (fromText !== null) {
      sourceRecognised += 1;
      expect(compiles(text, flags)).toBe(true);
      expect(fromText.source).toBe(new RegExp(text, flags).source);
    }
    if (!compiles(text, flags)) return;
    const source = new RegExp(text, flags).source;
    const fromSource = scanLevelShape(source, flags);
    if (fromSource !== null) expect(fromSource.source).toBe(source);
    // The source only escapes `/` and line terminators: the same pattern, the same shape.
    if (fromText !== null) expect(fromSource).toEqual(fromText);
  },
);

test('(a) is not vacuous: many patterns are recognised, many are not', () => {
  expect(sourceCases).toBe(6000);
  expect(sourceRecognised / sourceCases).toBeGreaterThan(0.25);
  expect(sourceRecognised / sourceCases).toBeLessThan(0.9);
});

/** Levels for topics, beside the pattern's own literals. */
const TOPIC_LEVELS = [
  '',
  'a',
  'b',
  'ab',
  '$',
  '$x',
  'a/b',
  'a.b',
  'x:y',
  'x-y',
  '\\',
  '\n',
  'a\r',
  '\u2028',
  'b\u2029',
  '\uD83D',
  '\uDE00',
  '\u{1F600}',
  'é',
];

/** A recognised pattern, its flags, and topics built from its levels (and random ones). */
interface Recognised {
  readonly text: string;
  readonly flags: string;
  readonly scanned: ScannedPattern;
  readonly topics: readonly string[];
}

const recognised: fc.Arbitrary<Recognised | null> = fc
  .tuple(
    levelish,
    fc.constantFrom(...RECOGNISED_FLAGS),
    fc.array(
      fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom('', '', '', '/', '.', ':')),
      { minLength: 4, maxLength: 8 },
    ),
  )
  .map(([text, flags, topicPlans]) => {
    const scanned = scanLevelShape(text, flags);
    if (scanned === null) return null;
    const { separator, levels } = scanned.shape;
    const own = levels.filter((step): step is string => typeof step === 'string');
    const choices = [...own, ...own, ...own, ...TOPIC_LEVELS];
    const topics = topicPlans.map(([picks, extra]) => {
      const parts = picks.map((pick, index) =>
        // Mostly the pattern's own level at that place, else any level.
        pick % 3 !== 0 && typeof levels[index] === 'string'
          ? (levels[index] as string)
          : choices[pick % choices.length]!,
      );
      return parts.join(separator) + extra;
    });
    return { text, flags, scanned, topics };
  });

let semanticCases = 0;
let semanticMatches = 0;
let semanticMisses = 0;

test.prop([recognised], { numRuns: 4000 })(
  '(b) the shape matches exactly the topics the sticky regex matches',
  (generated) => {
    if (generated === null) return;
    semanticCases += 1;
    const { scanned, flags, topics } = generated;
    for (const topic of topics) {
      const expected = stickyMatches(scanned.source, flags, topic);
      expect(shapeMatches(scanned.shape, topic), JSON.stringify(topic)).toBe(expected);
      if (expected) semanticMatches += 1;
      else semanticMisses += 1;
    }
  },
);

test('(b) is not vacuous: topics that match and topics that do not', () => {
  expect(semanticCases).toBeGreaterThan(1500);
  expect(semanticMatches).toBeGreaterThan(2000);
  expect(semanticMisses).toBeGreaterThan(2000);
});

let analysedCases = 0;
let prefixChecks = 0;

test.prop([recognised], { numRuns: 1500 })(
  '(c) the full analysis finds no backtracking, and its prefixes cover the shape’s topics',
  (generated) => {
    if (generated === null) return;
    analysedCases += 1;
    const { text, flags, scanned, topics } = generated;
    const analysis = analyzePattern(flags === '' ? text : new RegExp(text, flags));
    expect(analysis.source).toBe(scanned.source);
    expect(analysis.backtracking).toBeNull();
    const { prefixes } = analysis;
    for (const topic of topics) {
      if (!shapeMatches(scanned.shape, topic) || prefixes.length === 0) continue;
      prefixChecks += 1;
      expect(
        prefixes.some((prefix) => topic.startsWith(prefix)),
        `${JSON.stringify(topic)} under ${JSON.stringify(prefixes)}`,
      ).toBe(true);
    }
  },
);

test('(c) is not vacuous', () => {
  expect(analysedCases).toBeGreaterThan(500);
  // 500 to 620 over runs (a run saw exactly 500): half the fewest, so that it never flakes.
  expect(prefixChecks).toBeGreaterThan(250);
});
