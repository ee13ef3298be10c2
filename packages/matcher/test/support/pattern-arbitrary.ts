// Test support (not a test file): fast-check arbitraries for topic patterns that cover every trap
// of docs/how-the-index-works.md, "The traps, and how each is handled", each paired with a sample
// topic that the pattern is likely to match, and for topics derived from those samples by small
// perturbations.
import { fc } from '@fast-check/vitest';
import type { TopicPattern } from '../../src/index.js';

/** A piece of pattern source, and a string it is likely to match. */
export interface Piece {
  readonly src: string;
  readonly sample: string;
}

/** A generated pattern: its source, flags, the value passed to the matcher, and topics. */
export interface PatternCase {
  readonly source: string;
  readonly flags: string;
  readonly pattern: TopicPattern;
  readonly topics: readonly string[];
}

const HIGH = '\uD83D';
const LOW = '\uDE00';

/** Quantifiable atoms: [source, strings it may match]. */
const ATOMS: readonly (readonly [string, readonly string[]])[] = [
  // literal characters
  ['a', ['a']],
  ['b', ['b']],
  ['/', ['/']],
  ['-', ['-']],
  ['A', ['A']],
  ['B', ['B']],
  ['k', ['k']],
  ['s', ['s']],
  ['K', ['K']],
  ['\u212A', ['\u212A', 'k']],
  ['\u017F', ['\u017F', 's']],
  ['😀', ['😀']],
  [HIGH, [HIGH]],
  [LOW, [LOW]],
  // escapes
  ['\\/', ['/']],
  ['\\.', ['.']],
  ['\\x61', ['a']],
  ['\\u0061', ['a']],
  ['\\u{1F600}', ['😀', 'u{1F600}']],
  ['\\u{3}', ['uuu', '\u0003']],
  ['\\cA', ['\u0001']],
  ['\\c1', ['\\c1']],
  ['\\0', ['\0']],
  ['\\01', ['\u0001']],
  ['\\d', ['0', '7']],
  ['\\D', ['a', '/']],
  ['\\w', ['a', '_']],
  ['\\s', [' ', '\n']],
  ['.', ['a', '😀', '\n']],
  ['[^]', ['b', '\n']],
  // classes
  ['[ab]', ['a', 'b']],
  ['[a-c]', ['b', 'c']],
  ['[^a]', ['b', 'A']],
  ['[kK]', ['k', '\u212A']],
  ['[s-t]', ['s', '\u017F', 'T']],
  ['[😀]', ['😀', LOW]],
  ['[\\d-]', ['-', '3']],
];

/** Zero-width pieces: assertions and back-references (forward ones included). */
const ZERO_WIDTH: readonly string[] = ['^', '$', '\\b', '\\B', '\\1', '\\2', '\\k<n1>', '\\k<n2>'];

/** Quantifiers with their bounds, and the repetition range a sample uses for unbounded ones. */
const BOUNDED_QUANTIFIERS: readonly (readonly [string, number, number])[] = [
  ['?', 0, 1],
  ['{2}', 2, 2],
  ['{1,3}', 1, 3],
  ['{0,2}', 0, 2],
];
const QUANTIFIERS: readonly (readonly [string, number, number])[] = [
  ...BOUNDED_QUANTIFIERS,
  ['*', 0, 3],
  ['+', 1, 3],
  ['{2,}', 2, 4],
];

/** Longest topic tried, in code units: nested quantifiers backtrack exponentially in it. */
const MAX_TOPIC_LENGTH = 24;

const atom: fc.Arbitrary<Piece> = fc
  .tuple(fc.constantFrom(...ATOMS), fc.nat())
  .map(([[src, samples], pick]) => ({ src, sample: samples[pick % samples.length]! }));

const zeroWidth: fc.Arbitrary<Piece> = fc
  .constantFrom(...ZERO_WIDTH)
  .map((src) => ({ src, sample: '' }));

/**
 * A quantified piece. Groups get only bounded quantifiers: an unbounded quantifier around a
 * group that holds another one ((a*)*) backtracks exponentially, which only slows the test.
 */
function quantified(body: fc.Arbitrary<Piece>, quantifiers = QUANTIFIERS): fc.Arbitrary<Piece> {
  return fc
    .tuple(body, fc.constantFrom(...quantifiers), fc.boolean(), fc.nat(4))
    .map(([piece, [q, min, max], lazy, count]) => ({
      src: `${piece.src}${q}${lazy ? '?' : ''}`,
      sample: piece.sample.repeat(Math.min(max, Math.max(min, count))),
    }));
}

function group(inner: fc.Arbitrary<Piece>): fc.Arbitrary<Piece> {
  return fc
    .tuple(inner, fc.constantFrom('(', '(?:', '(?<@>'))
    .map(([piece, open]) => ({ src: `${open}${piece.src})`, sample: piece.sample }));
}

function lookaround(inner: fc.Arbitrary<Piece>): fc.Arbitrary<Piece> {
  return fc
    .tuple(inner, fc.constantFrom('(?=', '(?!', '(?<=', '(?<!'))
    .map(([piece, open]) => ({ src: `${open}${piece.src})`, sample: '' }));
}

const piece = fc.memo((n: number): fc.Arbitrary<Piece> => {
  if (n <= 1) {
    return fc.oneof(
      { arbitrary: atom, weight: 8 },
      { arbitrary: quantified(atom), weight: 3 },
      { arbitrary: zeroWidth, weight: 1 },
    );
  }
  const inner = disjunction(n - 1);
  return fc.oneof(
    { arbitrary: atom, weight: 8 },
    { arbitrary: quantified(atom), weight: 3 },
    { arbitrary: zeroWidth, weight: 1 },
    { arbitrary: group(inner), weight: 2 },
    { arbitrary: quantified(group(inner), BOUNDED_QUANTIFIERS), weight: 2 },
    { arbitrary: lookaround(inner), weight: 1 },
  );
});

const sequence = fc.memo((n: number): fc.Arbitrary<Piece> =>
  fc.array(piece(n), { maxLength: 5 }).map((pieces) => ({
    src: pieces.map((p) => p.src).join(''),
    sample: pieces.map((p) => p.sample).join(''),
  })),
);

const disjunction = fc.memo((n: number): fc.Arbitrary<Piece> =>
  fc
    .tuple(
      fc.oneof(
        { arbitrary: fc.constant(1), weight: 4 },
        { arbitrary: fc.integer({ min: 2, max: 3 }), weight: 1 },
      ),
      fc.array(sequence(n), { minLength: 3, maxLength: 3 }),
      fc.nat(),
    )
    .map(([count, alternatives, pick]) => {
      const used = alternatives.slice(0, count);
      return { src: used.map((p) => p.src).join('|'), sample: used[pick % used.length]!.sample };
    }),
);

/** Numbers the named-group placeholders: n1, n2, … in order. */
function nameGroups(source: string): string {
  let next = 0;
  return source.replace(/\(\?<@>/g, () => `(?<n${(next += 1)}>`);
}

/** Whether the runtime accepts a pattern with these flags. */
export function compiles(source: string, flags: string): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

/** Characters of random topics. */
export const TOPIC_CHARS: readonly string[] = [
  'a',
  'b',
  'c',
  '/',
  '-',
  'A',
  'B',
  'k',
  's',
  'K',
  'S',
  '\u212A',
  '\u017F',
  '😀',
  HIGH,
  LOW,
  '0',
  '_',
  ' ',
  '\n',
  '.',
  '\u0001',
  '\0',
  'u',
];

export const randomTopic: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...TOPIC_CHARS), { maxLength: 6 })
  .map((chars) => chars.join(''));

const FOLDS: Readonly<Record<string, readonly string[]>> = {
  a: ['A'],
  A: ['a'],
  b: ['B'],
  B: ['b'],
  k: ['K', '\u212A'],
  K: ['k', '\u212A'],
  '\u212A': ['k', 'K'],
  s: ['S', '\u017F'],
  S: ['s', '\u017F'],
  '\u017F': ['s', 'S'],
};

type Perturbation = readonly [
  'fold' | 'delete' | 'insert' | 'replace' | 'truncate' | 'append' | 'prepend',
  number,
  string,
];

const perturbation: fc.Arbitrary<Perturbation> = fc.tuple(
  fc.constantFrom('fold', 'delete', 'insert', 'replace', 'truncate', 'append', 'prepend'),
  fc.nat(),
  fc.constantFrom(...TOPIC_CHARS),
);

/** Applies one small change to a sample, at a code-unit position (so pairs may be split). */
function perturb(sample: string, [kind, position, char]: Perturbation): string {
  const at = sample.length === 0 ? 0 : position % (sample.length + 1);
  switch (kind) {
    case 'fold': {
      // Change the case of every foldable character from `at` on, one variant each.
      return [...sample]
        .map((c, i) => {
          const variants = i >= at ? FOLDS[c] : undefined;
          return variants === undefined ? c : variants[position % variants.length]!;
        })
        .join('');
    }
    case 'delete':
      return sample.slice(0, at) + sample.slice(at + 1);
    case 'insert':
      return sample.slice(0, at) + char + sample.slice(at);
    case 'replace':
      return sample.slice(0, at) + char + sample.slice(at + 1);
    case 'truncate':
      return sample.slice(0, at);
    case 'append':
      return sample + char;
    case 'prepend':
      return char + sample;
  }
}

/**
 * A valid pattern (the runtime accepts it), as a string or as a RegExp (sometimes with g, y or
 * d added), with its sample and perturbed samples as topics.
 */
export const patternCase: fc.Arbitrary<PatternCase> = fc
  .record({
    piece: disjunction(3),
    flags: fc.subarray(['i', 'm', 's', 'u']).map((f) => f.join('')),
    asString: fc.boolean(),
    extra: fc.constantFrom('', '', 'g', 'y', 'gy', 'd'),
    perturbations: fc.array(perturbation, { minLength: 1, maxLength: 4 }),
  })
  .map(({ piece: p, flags, asString, extra, perturbations }) => ({
    source: nameGroups(p.src),
    flags,
    asString,
    extra,
    topics: [p.sample, ...perturbations.map((x) => perturb(p.sample, x))].map((t) =>
      t.slice(0, MAX_TOPIC_LENGTH),
    ),
  }))
  .filter(({ source, flags }) => compiles(source, flags))
  .map(({ source, flags, asString, extra, topics }) => ({
    source,
    flags,
    pattern: asString && flags === '' ? source : new RegExp(source, flags + extra),
    topics,
  }));
