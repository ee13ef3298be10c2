// Test support (not a test file): patterns that do require long literals somewhere after a
// non-literal start (words such as `alarm`, `Kelvin` and `ſtate` between wildcards, optional
// and repeated groups, alternations, classes, assertions, look-arounds and back-references),
// each built alongside a sample string it is likely to match, with topics perturbed from the
// sample (case changes through U+212A KELVIN SIGN and U+017F LONG S, inserts, deletes), and
// the check that the literals a pattern is said to require occur in every text it matches.
// See docs/how-the-index-works.md, "The traps, and how each is handled", and
// docs/pattern-semantics.md, "Anchored at index 0, not at the end".
import { fc } from '@fast-check/vitest';
import { analyzePattern } from '../../src/index.js';
import { parseRegExp } from '../../src/regexp-parser.js';
import {
  containsLiteral,
  extractRequired,
  requiredLiterals,
  type RequiredLiterals,
} from '../../src/required-literals.js';
import { compiles } from './pattern-arbitrary.js';

const KELVIN = '\u212A';
const LONG_S = '\u017F';
const HIGH = '\uD83D';

/** A piece of pattern source, a string it is likely to match, and how much it backtracks. */
interface Piece {
  readonly src: string;
  readonly sample: string;
  /** Unbounded wildcards it holds, counting repetitions: bounds the cost of a failing match. */
  readonly loops: number;
}

/** A pattern with its flags and topics likely to match it. */
export interface LiteralCase {
  readonly source: string;
  readonly flags: string;
  readonly topics: readonly string[];
}

/** Literal words: [source, the text it matches]. */
const WORDS: readonly (readonly [string, string])[] = [
  ['alarm', 'alarm'],
  ['Status', 'Status'],
  ['zone-7', 'zone-7'],
  [`${LONG_S}tate`, `${LONG_S}tate`],
  ['Kelvin', 'Kelvin'],
  ['😀', '😀'],
  [KELVIN, KELVIN],
  ['temp', 'temp'],
  ['dev42', 'dev42'],
  ['sensor\\/', 'sensor/'],
  ['straße', 'straße'],
  ['\\.json', '.json'],
  ['\\x41BC', 'ABC'],
  ['\\u0041pi', 'Api'],
  ['ab', 'ab'],
  ['x', 'x'],
  ['/', '/'],
  ['-', '-'],
];

/** Non-literal atoms: [source, texts it matches, unbounded loops]. */
const WILDCARDS: readonly (readonly [string, readonly string[], number])[] = [
  ['.*', ['', 'q', 'a/b', 'Z9'], 1],
  ['.+', ['q', '/x'], 1],
  ['.*?', ['', 'q'], 1],
  ['[^/]+', ['seg', 'X'], 1],
  ['[^/]*', ['', 'ab'], 1],
  ['\\w+', ['w', 'A_1'], 1],
  ['\\d+', ['7', '42'], 1],
  ['\\s*', ['', ' '], 1],
  ['\\S+', ['s'], 1],
  ['[\\s\\S]*', ['', '\n'], 1],
  ['\\p{L}+', ['Ab', 'p{L}'], 1],
  ['.', ['q', '\n'], 0],
  ['\\d{3}', ['123'], 0],
  ['\\w', ['_'], 0],
];

/** Classes: [source, texts it matches]. */
const CLASSES: readonly (readonly [string, readonly string[]])[] = [
  ['[Ss]', ['S', 's', LONG_S]],
  ['[a-c]', ['a', 'c', 'B']],
  ['[^x]', ['y', '/']],
  ['[0-9a-f]', ['5', 'e']],
  ['[kK]', ['k', KELVIN]],
  ['[\\d-]', ['-', '3']],
  ['[😀]', ['😀', HIGH]],
  ['[A-Z]', ['Q', 'q']],
  [`[${KELVIN}]`, [KELVIN, 'k']],
  [`[${LONG_S}t]`, [LONG_S, 'S']],
  ['[^]', ['z', '\n']],
];

/** Small groups with a literal meaning: [source, texts it matches]. */
const SMALL_GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ['colou?r', ['color', 'colour']],
  ['(?:ab)?', ['', 'ab']],
  ['(?:ab)+', ['ab', 'abab']],
  ['(?:ab){2,3}', ['abab', 'ababab']],
  ['(?:ab){2,}', ['abab', 'ababab']],
  ['(?:foo|bar)', ['foo', 'bar']],
  ['(?:foo|)', ['foo', '']],
  ['x{2}', ['xx']],
  ['(?:alarm|\\d+)', ['alarm', '12']],
  ['(?:temp|.*x)', ['temp', 'yyx']],
];

/** Assertions: [source, texts it matches] (a line break for `^` and `$` under `m`). */
const ASSERTIONS: readonly (readonly [string, readonly string[]])[] = [
  ['^', ['']],
  ['$', ['']],
  ['\\b', ['']],
  ['\\B', ['']],
  ['\\n^', ['\n']],
  ['$\\n', ['\n']],
];

const pick = <T>(options: readonly T[], index: number): T => options[index % options.length]!;

const word: fc.Arbitrary<Piece> = fc
  .constantFrom(...WORDS)
  .map(([src, sample]) => ({ src, sample, loops: 0 }));

const wildcard: fc.Arbitrary<Piece> = fc
  .tuple(fc.constantFrom(...WILDCARDS), fc.nat())
  .map(([[src, samples, loops], index]) => ({ src, sample: pick(samples, index), loops }));

function fromTable(
  table: readonly (readonly [string, readonly string[]])[],
  loops: number,
): fc.Arbitrary<Piece> {
  return fc
    .tuple(fc.constantFrom(...table), fc.nat())
    .map(([[src, samples], index]) => ({ src, sample: pick(samples, index), loops }));
}

/** Look-arounds, each written so that its sample can satisfy it. */
const lookaround: fc.Arbitrary<Piece> = fc
  .tuple(word, fc.constantFrom('ahead', 'behind', 'not-ahead', 'not-behind', 'bare-ahead'))
  .map(([w, kind]) => {
    switch (kind) {
      case 'ahead':
        return { src: `(?=${w.src})${w.src}`, sample: w.sample, loops: 0 };
      case 'behind':
        return { src: `${w.src}(?<=${w.src})`, sample: w.sample, loops: 0 };
      case 'not-ahead':
        return { src: `(?!${w.src})`, sample: '', loops: 0 };
      case 'not-behind':
        return { src: `(?<!${w.src})`, sample: '', loops: 0 };
      default:
        return { src: `(?=${w.src})`, sample: '', loops: 0 };
    }
  });

/** A group and a back-reference to it (`\#` and `@` are numbered by {@link numberGroups}). */
const backreference: fc.Arbitrary<Piece> = fc
  .tuple(
    fc.oneof(word, fromTable([['[a-c]+', ['ab', 'c']]], 1)),
    fc.boolean(),
    fc.constantFrom('', '-'),
  )
  .map(([inner, named, between]) => ({
    src: named ? `(?<@>${inner.src})${between}\\k<@>` : `(${inner.src})${between}\\#`,
    sample: inner.sample + between + inner.sample,
    loops: inner.loops * 2,
  }));

const atom: fc.Arbitrary<Piece> = fc.oneof(
  { arbitrary: word, weight: 8 },
  { arbitrary: wildcard, weight: 5 },
  { arbitrary: fromTable(CLASSES, 0), weight: 2 },
  { arbitrary: fromTable(SMALL_GROUPS, 0), weight: 2 },
  { arbitrary: fromTable(ASSERTIONS, 0), weight: 1 },
  { arbitrary: lookaround, weight: 1 },
  { arbitrary: backreference, weight: 1 },
);

/** Quantifiers: [source, min, max repetitions a sample uses, unbounded]. */
const QUANTIFIERS: readonly (readonly [string, number, number, boolean])[] = [
  ['?', 0, 1, false],
  ['{2}', 2, 2, false],
  ['{0,2}', 0, 2, false],
  ['{1,3}', 1, 3, false],
  ['*', 0, 2, true],
  ['+', 1, 2, true],
  ['{2,}', 2, 3, true],
];

function sequenceOf(pieces: readonly Piece[]): Piece {
  return {
    src: pieces.map((p) => p.src).join(''),
    sample: pieces.map((p) => p.sample).join(''),
    loops: pieces.reduce((sum, p) => sum + p.loops, 0),
  };
}

function quantifiedGroup(inner: fc.Arbitrary<Piece>): fc.Arbitrary<Piece> {
  return fc
    .tuple(inner, fc.constantFrom(...QUANTIFIERS), fc.boolean(), fc.nat(3), fc.boolean())
    .map(([piece, [q, min, max, unbounded], lazy, count, capturing]) => {
      const times = Math.min(max, Math.max(min, count));
      // A loop around a loop backtracks exponentially: count it heavily, to be filtered out.
      const loops = unbounded ? (piece.loops > 0 ? 99 : 1) : piece.loops * max;
      return {
        src: `${capturing ? '(' : '(?:'}${piece.src})${q}${lazy ? '?' : ''}`,
        sample: piece.sample.repeat(times),
        loops,
      };
    });
}

function alternation(inner: fc.Arbitrary<Piece>): fc.Arbitrary<Piece> {
  return fc
    .tuple(fc.array(inner, { minLength: 2, maxLength: 3 }), fc.nat())
    .map(([branches, index]) => ({
      src: `(?:${branches.map((b) => b.src).join('|')})`,
      sample: pick(branches, index).sample,
      loops: branches.reduce((sum, b) => sum + b.loops, 0),
    }));
}

const flatSequence: fc.Arbitrary<Piece> = fc
  .array(atom, { minLength: 1, maxLength: 3 })
  .map(sequenceOf);

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { arbitrary: atom, weight: 6 },
  { arbitrary: quantifiedGroup(flatSequence), weight: 2 },
  { arbitrary: alternation(flatSequence), weight: 2 },
);

const topSequence: fc.Arbitrary<Piece> = fc
  .array(piece, { minLength: 1, maxLength: 6 })
  .map(sequenceOf);

/**
 * Numbers the placeholders of {@link backreference}: `\#` becomes the number of the capturing
 * group opened last before it, `(?<@>` a fresh name and `\k<@>` the name opened last.
 */
function numberGroups(src: string): string {
  let out = '';
  let groups = 0;
  let names = 0;
  for (let i = 0; i < src.length; i += 1) {
    const char = src[i]!;
    if (char === '\\') {
      if (src[i + 1] === '#') out += `\\${groups}`;
      else if (src.startsWith('\\k<@>', i)) out += `\\k<n${names}>`;
      else out += src.slice(i, i + 2);
      i += src.startsWith('\\k<@>', i) ? 4 : 1;
      continue;
    }
    if (char === '[') {
      // Classes here hold no parenthesis, but may hold an escaped `]`: copy to the end.
      let end = i + 1;
      while (end < src.length && src[end] !== ']') end += src[end] === '\\' ? 2 : 1;
      out += src.slice(i, end + 1);
      i = end;
      continue;
    }
    if (char === '(') {
      if (src.startsWith('(?<@>', i)) {
        groups += 1;
        names += 1;
        out += `(?<n${names}>`;
        i += 4;
        continue;
      }
      const capturing =
        src[i + 1] !== '?' || (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!');
      if (capturing) groups += 1;
    }
    out += char;
  }
  return out;
}

const INSERTED: readonly string[] = [
  'a',
  'x',
  '/',
  '-',
  '0',
  'K',
  KELVIN,
  LONG_S,
  'S',
  '\n',
  ' ',
  '😀',
  HIGH,
  'é',
];

/** The case variants a perturbation may put in place of a character. */
function variantsOf(char: string): readonly string[] {
  if (char === 'k' || char === 'K') return [char === 'k' ? 'K' : 'k', KELVIN];
  if (char === 's' || char === 'S') return [char === 's' ? 'S' : 's', LONG_S];
  if (char === KELVIN) return ['k', 'K'];
  if (char === LONG_S) return ['s', 'S'];
  if (/^[a-z]$/.test(char)) return [char.toUpperCase()];
  if (/^[A-Z]$/.test(char)) return [char.toLowerCase()];
  if (char === 'ß') return ['ẞ', 'SS'];
  return [];
}

type Perturbation = readonly ['fold' | 'delete' | 'insert' | 'prepend' | 'append', number, string];

const perturbation: fc.Arbitrary<Perturbation> = fc.tuple(
  fc.constantFrom('fold', 'fold', 'delete', 'insert', 'prepend', 'append'),
  fc.nat(),
  fc.constantFrom(...INSERTED),
);

/** Applies one small change to a text, at a code-unit position. */
function perturb(text: string, [kind, position, char]: Perturbation): string {
  const at = position % (text.length + 1);
  switch (kind) {
    case 'fold':
      // Change the case of every foldable character from `at` on, one variant each.
      return [...text]
        .map((c, i) => {
          const variants = variantsOf(c);
          return i < at || variants.length === 0 ? c : pick(variants, position + i);
        })
        .join('');
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1);
    case 'insert':
      return text.slice(0, at) + char + text.slice(at);
    case 'prepend':
      return char + text;
    case 'append':
      return text + char;
  }
}

/** Longest topic tried, in code units: patterns hold up to three loops. */
const MAX_TOPIC_LENGTH = 48;
const MAX_LOOPS = 3;

/**
 * A pattern the runtime accepts with its flags, built of literal words and everything that
 * interrupts them, with its sample, the sample followed by more text, and perturbed samples.
 */
export const literalCase: fc.Arbitrary<LiteralCase> = fc
  .record({
    piece: topSequence,
    flags: fc.subarray(['i', 'm', 's', 'u']).map((f) => f.join('')),
    suffix: fc.constantFrom('', '/rest', 'X', '\n'),
    perturbations: fc.array(fc.array(perturbation, { minLength: 1, maxLength: 2 }), {
      minLength: 1,
      maxLength: 4,
    }),
  })
  .filter(({ piece: p }) => p.loops <= MAX_LOOPS)
  .map(({ piece: p, flags, suffix, perturbations }) => ({
    source: numberGroups(p.src),
    flags,
    topics: [
      p.sample,
      p.sample + suffix,
      ...perturbations.map((steps) => steps.reduce(perturb, p.sample)),
    ].map((t) => t.slice(0, MAX_TOPIC_LENGTH)),
  }))
  .filter(({ source, flags }) => compiles(source, flags));

/** The fold of the index (`foldCode`), written again: ASCII upper case, KELVIN SIGN, LONG S. */
export function foldText(text: string): string {
  return text.replace(/[A-Z\u212A\u017F]/g, (c) =>
    c === KELVIN ? 'k' : c === LONG_S ? 's' : c.toLowerCase(),
  );
}

/** Whether `text` contains one of the strings: exactly, or folded under `i`. */
export function containsOne(text: string, strings: readonly string[], caseless: boolean): boolean {
  return strings.some((s) => {
    const found = containsLiteral(text, s, caseless);
    // The index's comparison must agree with the obvious one.
    const expected = caseless ? foldText(text).includes(s) : text.includes(s);
    if (found !== expected) {
      throw new Error(`containsLiteral(${JSON.stringify([text, s, caseless])}) is ${found}`);
    }
    return found;
  });
}

/**
 * Whether one of the strings starts in `text` at least `from` and at most `to` code units in
 * (exactly, or folded under `i`).
 */
export function occursBetween(
  text: string,
  strings: readonly string[],
  from: number,
  to: number,
  caseless: boolean,
): boolean {
  const haystack = caseless ? foldText(text) : text;
  return strings.some((s) => {
    for (let at = Math.max(0, from); at <= Math.min(to, text.length - s.length); at += 1) {
      if (haystack.startsWith(s, at)) return true;
    }
    return false;
  });
}

/** What one case showed: whether anything was required, filtered, and whether a topic matched. */
export interface CheckedCase {
  readonly required: boolean;
  readonly filtered: boolean;
  /** Whether the filter is placed: it starts past 0 or no further than a bound. */
  readonly placed: boolean;
  readonly matched: boolean;
  /** Whether a matched text held a required set only folded, through KELVIN SIGN or LONG S. */
  readonly foldedSpecial: boolean;
}

/**
 * Checks that every text the pattern matches at index 0 of a topic contains one string of
 * every required set (of `requiredLiterals`, and of `analyzePattern`'s `requiredLiterals` and
 * `filter`), that the positioned sets of `extractRequired` and the filter's `filterBounds` have
 * a string where they say, and that the text is at least as long as the shortest match they
 * claim. Returns `null` when the parser does not read the pattern.
 * @throws an `Error` naming the pattern, flags, topic, matched text and set when one is missing.
 */
export function checkRequired(
  source: string,
  flags: string,
  topics: readonly string[],
): CheckedCase | null {
  let sets: readonly (readonly string[])[];
  let extracted: RequiredLiterals;
  try {
    const ast = parseRegExp(source, flags);
    sets = requiredLiterals(ast);
    extracted = extractRequired(ast);
  } catch {
    return null;
  }
  const analysis = analyzePattern(new RegExp(source, flags));
  const caseless = flags.includes('i');
  const regex = new RegExp(source, `${flags}y`);
  let matched = false;
  let foldedSpecial = false;
  for (const topic of topics) {
    regex.lastIndex = 0;
    if (!regex.test(topic)) continue;
    matched = true;
    const text = topic.slice(0, regex.lastIndex);
    const claims: [string, readonly string[]][] = [
      ...sets.map((set): [string, readonly string[]] => ['requiredLiterals', set]),
      ...analysis.requiredLiterals.map((set): [string, readonly string[]] => [
        'analyzePattern().requiredLiterals',
        set,
      ]),
    ];
    if (analysis.filter !== null) claims.push(['analyzePattern().filter', analysis.filter]);
    const fail = (claim: string): never => {
      throw new Error(
        `/${source}/${flags} matches ${JSON.stringify(text)} of topic ${JSON.stringify(topic)}, ` +
          `against ${claim}`,
      );
    };
    for (const [what, set] of claims) {
      if (!containsOne(text, set, caseless)) fail(`${what} ${JSON.stringify(set)}`);
      if (/[\u212A\u017F]/.test(text) && !set.some((s) => text.includes(s))) foldedSpecial = true;
    }
    const positioned = [...extracted.sets];
    const bounds = analysis.filterBounds;
    if (analysis.filter !== null && bounds !== null) {
      positioned.push({ strings: analysis.filter, from: bounds.from, to: bounds.to });
      if (text.length < bounds.minLength) fail(`filterBounds ${JSON.stringify(bounds)}`);
    }
    if (text.length < extracted.minLength) fail(`minLength ${extracted.minLength}`);
    for (const { strings, from, to } of positioned) {
      if (!occursBetween(text, strings, from, to, caseless)) {
        fail(`${JSON.stringify(strings)} from ${from} to ${to}`);
      }
    }
  }
  const bounds = analysis.filterBounds;
  return {
    required: sets.length > 0,
    filtered: analysis.filter !== null,
    placed: bounds !== null && (bounds.from > 0 || bounds.to !== Infinity),
    matched,
    foldedSpecial,
  };
}
