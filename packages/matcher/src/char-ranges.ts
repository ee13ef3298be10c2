/**
 * The characters a pattern's atom can match, as sorted code point ranges, for the backtracking
 * analysis. Every set here is exact or larger than the truth, never smaller: the analysis asks
 * whether two atoms can read the same character, and a larger set can only make it say yes
 * more often (a harmless pattern reported, never a risky one missed).
 */
import type { Char, CharacterClass, UnicodeProperty } from './regexp-ast.js';
import { caseVariants } from './case-variants.js';

/** Sorted, disjoint, non-adjacent, inclusive code point ranges. */
export type Ranges = readonly (readonly [number, number])[];

const MAX_CODE_POINT = 0x10ffff;

/** Every character. */
export const ANY: Ranges = [[0, MAX_CODE_POINT]];

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** `\w` under `iu` also matches U+017F (ſ) and U+212A (K), which fold onto `s` and `k`. */
const WORD_FOLDED: Ranges = [...WORD, [0x17f, 0x17f], [0x212a, 0x212a]];
const SPACE: Ranges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

/** How the pattern's flags change what an atom matches. */
export interface CharContext {
  readonly ignoreCase: boolean;
  readonly unicode: boolean;
  /** The `s` flag: `.` matches line terminators too. */
  readonly dotAll: boolean;
}

/** The characters of a topic: code units, or code points under `u`. */
export function universe(context: CharContext): Ranges {
  return [[0, context.unicode ? MAX_CODE_POINT : 0xffff]];
}

const LINE_TERMINATORS: Ranges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];

/**
 * The characters an atom can match.
 * @param node - a character, a character class escape (`.`, `\d`, …), a class or a property.
 * @param context - the pattern's flags.
 * @returns the ranges (larger than the truth where the index does not enumerate a set).
 */
export function atomRanges(
  node: Char | CharacterClass | UnicodeProperty,
  context: CharContext,
): Ranges {
  if (node.type === 'CharacterClass') return classRanges(node, context);
  if (node.type === 'UnicodeProperty') return ANY; // not enumerated
  return charRanges(node, context);
}

function charRanges(node: Char, context: CharContext): Ranges {
  if (node.kind === 'meta' && !Number.isInteger(node.codePoint)) {
    switch (node.value) {
      case '\\d':
        return DIGIT;
      case '\\D':
        return complement(DIGIT);
      case '\\w':
        return context.ignoreCase && context.unicode ? WORD_FOLDED : WORD;
      case '\\W':
        // Under `iu` the truth is smaller (without U+017F and U+212A): this is a superset.
        return complement(WORD);
      case '\\s':
        return SPACE;
      case '\\S':
        return complement(SPACE);
      default:
        return ANY; // `.` (a superset without the `s` flag) and anything unexpected
    }
  }
  if (!Number.isInteger(node.codePoint)) return ANY;
  return pointRanges(node.codePoint, context);
}

/** One code point, with its case variants under `i`. */
function pointRanges(codePoint: number, context: CharContext): Ranges {
  if (!context.ignoreCase) return [[codePoint, codePoint]];
  const variants = caseVariants(codePoint, context.unicode);
  // A non-ASCII character's variants are not enumerated: it may be anything.
  if (variants === null) return ANY;
  return fromPoints(variants.map((variant) => variant.codePointAt(0)!));
}

/** A range of code points with the case variants of its members under `i`. */
function rangeRanges(from: number, to: number, context: CharContext): Ranges {
  if (!context.ignoreCase) return [[from, to]];
  if (to >= 0x80) return ANY; // non-ASCII variants are not enumerated
  const points: number[] = [];
  for (let point = from; point <= to; point += 1) {
    for (const variant of caseVariants(point, context.unicode)!)
      points.push(variant.codePointAt(0)!);
  }
  return fromPoints(points);
}

function classRanges(node: CharacterClass, context: CharContext): Ranges {
  // A negated class matches a character when no member matches it. Under `i` a member also
  // excludes its case variants, so the complement of the members as written is a superset.
  const members: CharContext = node.negative === true ? { ...context, ignoreCase: false } : context;
  let ranges: Ranges = [];
  for (const member of node.expressions) {
    if (member.type === 'ClassRange') {
      const from = member.from.codePoint;
      const to = member.to.codePoint;
      if (!Number.isInteger(from) || !Number.isInteger(to)) return ANY;
      ranges = union(ranges, rangeRanges(from, to, members));
    } else if (member.type === 'UnicodeProperty') {
      return ANY; // not enumerated: it may be anything, negated or not
    } else {
      ranges = union(ranges, charRanges(member, members));
    }
  }
  return node.negative === true ? complement(ranges) : ranges;
}

/**
 * Characters an atom surely matches: exact, or smaller than the truth (never larger), for the
 * question whether some atom reads every character.
 * @param node - a character, a character class escape, a class or a property.
 * @param context - the pattern's flags.
 * @returns the ranges.
 */
export function sureRanges(
  node: Char | CharacterClass | UnicodeProperty,
  context: CharContext,
): Ranges {
  if (node.type === 'UnicodeProperty') return [];
  if (node.type === 'CharacterClass') {
    if (node.negative === true) {
      // What no member matches, with every member taken as large as it may be.
      const members: CharacterClass = {
        type: 'CharacterClass',
        expressions: node.expressions,
        raw: node.raw,
      };
      return complement(atomRanges(members, context));
    }
    let ranges: Ranges = [];
    for (const member of node.expressions) {
      if (member.type === 'ClassRange') {
        const from = member.from.codePoint;
        const to = member.to.codePoint;
        if (Number.isInteger(from) && Number.isInteger(to)) ranges = union(ranges, [[from, to]]);
      } else if (member.type === 'Char') {
        ranges = union(ranges, sureRanges(member, context));
      }
    }
    return ranges;
  }
  if (node.kind === 'meta' && !Number.isInteger(node.codePoint)) {
    switch (node.value) {
      case '.':
        return context.dotAll ? ANY : complement(LINE_TERMINATORS);
      case '\\W':
        return complement(context.ignoreCase && context.unicode ? WORD_FOLDED : WORD);
      default:
        return charRanges(node, context); // \d \D \s \S \w: exact (or smaller, \w under iu)
    }
  }
  return Number.isInteger(node.codePoint) ? [[node.codePoint, node.codePoint]] : [];
}

function fromPoints(points: readonly number[]): Ranges {
  return union(
    [],
    points.map((point) => [point, point] as const),
  );
}

/**
 * The union of two sets.
 * @param a - a set.
 * @param b - another.
 * @returns their union, normalised.
 */
export function union(a: Ranges, b: Ranges): Ranges {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/**
 * Every character not in a set.
 * @param ranges - a set.
 * @returns its complement.
 */
export function complement(ranges: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/**
 * Whether two sets share a character.
 * @param a - a set.
 * @param b - another.
 * @returns whether they intersect.
 */
export function intersects(a: Ranges, b: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLo, aHi] = a[i]!;
    const [bLo, bHi] = b[j]!;
    if (aLo <= bHi && bLo <= aHi) return true;
    if (aHi < bHi) i += 1;
    else j += 1;
  }
  return false;
}
