/**
 * Super-linear backtracking risk: constructs that can make a backtracking engine such as V8's
 * take exponential (or high polynomial) time on a crafted topic, as `(a+)+$` does on
 * `aaaa…a!`. The check is a conservative heuristic over the pattern's tree, in the spirit of
 * safe-regex: it flags three constructs and may flag harmless patterns (`(ab+)*`), but a
 * pattern with none of them has no nested or overlapping repetition for the engine to explore.
 *
 * 1. **Nested quantifiers**: a quantifier that repeats many times (`*`, `+`, `{n,}`, or a
 *    maximum of 10 or more) around a node that itself repeats a variable number of times,
 *    at least twice (`(a+)+`, `(a*)*`, `(a{1,2})*`, `(.*a){10}`). Not when each repetition
 *    begins or ends with a delimiter the inner node cannot match (`(?:\/[^/]*)*`, what
 *    `mqtt('a/#')` compiles to, or `(?:[^,]+,)*`): the delimiters then fix where each
 *    repetition starts, so a string splits into repetitions one way only.
 * 2. **Overlapping alternatives under a quantifier**: a quantifier that repeats many times
 *    around an alternation two of whose branches can begin with the same character (or
 *    match nothing): `(a|a)*`, `(a|ab)*`, `(\w|\d)+`.
 * 3. **Back-references under a quantifier**: a back-reference repeated, or inside a repeated
 *    node (`(a)\1*`, `((a)\2)+`), forward references included.
 */
import {
  nodeSource,
  quantifierBounds,
  type AstRegExp,
  type Char,
  type CharacterClass,
  type Expression,
  type Repetition,
} from './regexp-ast.js';
import { caseVariants } from './case-variants.js';

/** A construct that risks super-linear backtracking, and why. */
export interface BacktrackingRisk {
  /** The construct's source, e.g. `(a+)+`. */
  readonly construct: string;
  /** Why it is a risk, as a sentence without a final period. */
  readonly reason: string;
}

/** Quantifiers that may repeat at least this many times count as repeating "many times". */
const MANY = 10;
const MAX_CODE_POINT = 0x10ffff;

/**
 * The first construct in a parsed pattern that risks super-linear backtracking.
 * @param ast - the parsed pattern.
 * @param ignoreCase - whether the pattern has the `i` flag.
 * @returns the construct and the reason, or `null` when there is none.
 */
export function findBacktrackingRisk(ast: AstRegExp, ignoreCase: boolean): BacktrackingRisk | null {
  return visit(ast.body, null, ignoreCase);
}

/** Walks the tree; `repeated` is the innermost enclosing quantifier that repeats many times. */
function visit(
  node: Expression | null,
  repeated: Repetition | null,
  ignoreCase: boolean,
): BacktrackingRisk | null {
  if (node === null) return null;
  switch (node.type) {
    case 'Repetition': {
      const { min, max } = quantifierBounds(node);
      if (repeated !== null && max >= 2 && max > min && !delimited(repeated, node, ignoreCase)) {
        return {
          construct: nodeSource(repeated),
          reason: `\`${nodeSource(node)}\` repeats a variable number of times inside \`${nodeSource(repeated)}\`, which repeats it again: nested quantifiers`,
        };
      }
      if (max >= 2) {
        const reference = backReferenceIn(node.expression);
        if (reference !== null) {
          return {
            construct: nodeSource(node),
            reason: `the back-reference \`${reference}\` is repeated by \`${nodeSource(node)}\``,
          };
        }
      }
      const many = max >= MANY;
      if (many) {
        const overlap = overlappingBranches(unwrap(node.expression), ignoreCase);
        if (overlap !== null) {
          return {
            construct: nodeSource(node),
            reason: `${overlap}, and \`${nodeSource(node)}\` repeats the choice`,
          };
        }
      }
      return visit(node.expression, many ? node : repeated, ignoreCase);
    }
    case 'Group':
      return visit(node.expression, repeated, ignoreCase);
    case 'Alternative':
      for (const term of node.expressions) {
        const risk = visit(term, repeated, ignoreCase);
        if (risk !== null) return risk;
      }
      return null;
    case 'Disjunction':
      for (const alternative of node.alternatives) {
        const risk = visit(alternative, repeated, ignoreCase);
        if (risk !== null) return risk;
      }
      return null;
    case 'Assertion':
      return 'assertion' in node && node.assertion !== undefined
        ? visit(node.assertion, repeated, ignoreCase)
        : null;
    default:
      return null;
  }
}

/**
 * Whether every repetition of `outer` begins or ends with a character that `inner` (a node
 * inside it) can never match: then that character marks where each repetition starts or
 * ends, and `inner` cannot move the boundary.
 */
function delimited(outer: Repetition, inner: Repetition, ignoreCase: boolean): boolean {
  const body = unwrap(outer.expression);
  if (body === null) return false;
  const terms = body.type === 'Alternative' ? body.expressions : [body];
  const chars = charsOf(inner, ignoreCase);
  return [terms[0], terms[terms.length - 1]].some((edge) => {
    if (edge === undefined || edge === inner) return false;
    if (edge.type === 'Char') return !intersects(charRanges(edge, ignoreCase), chars);
    if (edge.type === 'CharacterClass') return !intersects(classRanges(edge, ignoreCase), chars);
    return false;
  });
}

/** Every character a node can match anywhere (not only first). */
function charsOf(node: Expression | null, ignoreCase: boolean): Ranges {
  if (node === null) return [];
  switch (node.type) {
    case 'Char':
      return charRanges(node, ignoreCase);
    case 'CharacterClass':
      return classRanges(node, ignoreCase);
    case 'Group':
    case 'Repetition':
      return charsOf(node.expression, ignoreCase);
    case 'Alternative':
      return node.expressions.reduce<Ranges>(
        (ranges, term) => union(ranges, charsOf(term, ignoreCase)),
        [],
      );
    case 'Disjunction':
      return node.alternatives.reduce<Ranges>(
        (ranges, alternative) => union(ranges, charsOf(alternative, ignoreCase)),
        [],
      );
    case 'Assertion':
      return []; // consumes nothing
    default:
      return ANY; // a back-reference may match anything
  }
}

/** A group's content (groups do not change what matches first). */
function unwrap(node: Expression | null): Expression | null {
  let current = node;
  while (current !== null && current.type === 'Group') {
    current = current.expression;
  }
  return current;
}

/** The source of the first back-reference in a node, or `null`. */
function backReferenceIn(node: Expression | null): string | null {
  if (node === null) return null;
  switch (node.type) {
    case 'Backreference':
      return nodeSource(node);
    case 'Repetition':
    case 'Group':
      return backReferenceIn(node.expression);
    case 'Alternative':
      for (const term of node.expressions) {
        const found = backReferenceIn(term);
        if (found !== null) return found;
      }
      return null;
    case 'Disjunction':
      for (const alternative of node.alternatives) {
        const found = backReferenceIn(alternative);
        if (found !== null) return found;
      }
      return null;
    case 'Assertion':
      return 'assertion' in node && node.assertion !== undefined
        ? backReferenceIn(node.assertion)
        : null;
    default:
      return null;
  }
}

/**
 * Why two branches of an alternation overlap (they can begin with the same character, or one
 * can match nothing), as a clause for a message; `null` when the node is no alternation or
 * its branches begin with disjoint characters.
 */
function overlappingBranches(node: Expression | null, ignoreCase: boolean): string | null {
  if (node === null || node.type !== 'Disjunction') return null;
  const branches = node.alternatives;
  const firsts = branches.map((branch) => firstOf(branch, ignoreCase));
  for (let i = 0; i < branches.length; i += 1) {
    for (let j = i + 1; j < branches.length; j += 1) {
      const a = firsts[i]!;
      const b = firsts[j]!;
      if (a.nullable || b.nullable) {
        const empty = a.nullable ? branches[i]! : branches[j]!;
        return `the alternative \`${nodeSource(empty)}\` can match nothing`;
      }
      if (intersects(a.ranges, b.ranges)) {
        return `the alternatives \`${nodeSource(branches[i]!)}\` and \`${nodeSource(branches[j]!)}\` can begin with the same character`;
      }
    }
  }
  return null;
}

/** Sorted, disjoint, inclusive code point ranges. */
type Ranges = readonly (readonly [number, number])[];

/** The characters a node's matches can begin with, and whether it can match nothing. */
interface First {
  readonly ranges: Ranges;
  readonly nullable: boolean;
}

const ANY: Ranges = [[0, MAX_CODE_POINT]];
const NOTHING: First = { ranges: [], nullable: true };

function firstOf(node: Expression | null, ignoreCase: boolean): First {
  if (node === null) return NOTHING;
  switch (node.type) {
    case 'Char':
      return { ranges: charRanges(node, ignoreCase), nullable: false };
    case 'CharacterClass':
      return { ranges: classRanges(node, ignoreCase), nullable: false };
    case 'Group':
      return firstOf(node.expression, ignoreCase);
    case 'Repetition': {
      const inner = firstOf(node.expression, ignoreCase);
      return { ranges: inner.ranges, nullable: inner.nullable || quantifierBounds(node).min === 0 };
    }
    case 'Disjunction': {
      let ranges: Ranges = [];
      let nullable = false;
      for (const alternative of node.alternatives) {
        const first = firstOf(alternative, ignoreCase);
        ranges = union(ranges, first.ranges);
        nullable ||= first.nullable;
      }
      return { ranges, nullable };
    }
    case 'Alternative': {
      let ranges: Ranges = [];
      for (const term of node.expressions) {
        const first = firstOf(term, ignoreCase);
        ranges = union(ranges, first.ranges);
        if (!first.nullable) return { ranges, nullable: false };
      }
      return { ranges, nullable: true };
    }
    case 'Assertion':
      return NOTHING; // zero-width: what follows decides
    default:
      // A back-reference may begin with anything, or match nothing.
      return { ranges: ANY, nullable: true };
  }
}

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
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

function charRanges(node: Char, ignoreCase: boolean): Ranges {
  if (node.kind === 'meta' && !Number.isInteger(node.codePoint)) {
    switch (node.value) {
      case '\\d':
        return DIGIT;
      case '\\D':
        return complement(DIGIT);
      case '\\w':
        return ignoreCase ? ANY : WORD; // under `iu`, \w also matches U+017F and U+212A
      case '\\W':
        return ignoreCase ? ANY : complement(WORD);
      case '\\s':
        return SPACE;
      case '\\S':
        return complement(SPACE);
      default:
        return ANY; // `.` and anything unexpected
    }
  }
  const codePoint = node.codePoint;
  if (!Number.isInteger(codePoint)) return ANY;
  return pointRanges(codePoint, ignoreCase);
}

/** The ranges of one code point, with its case variants under `i`. */
function pointRanges(codePoint: number, ignoreCase: boolean): Ranges {
  if (!ignoreCase) return [[codePoint, codePoint]];
  const variants = caseVariants(codePoint, true);
  // A non-ASCII character's variants are not enumerated: assume it may be anything.
  if (variants === null) return ANY;
  return variants
    .map((variant) => variant.codePointAt(0)!)
    .reduce<Ranges>((ranges, point) => union(ranges, [[point, point]]), []);
}

function classRanges(node: CharacterClass, ignoreCase: boolean): Ranges {
  let ranges: Ranges = [];
  for (const member of node.expressions) {
    if (member.type === 'ClassRange') {
      const from = member.from.codePoint;
      const to = member.to.codePoint;
      if (!Number.isInteger(from) || !Number.isInteger(to)) return ANY;
      // Under `i` a range's case variants are not enumerated: assume it may be anything.
      ranges = union(ranges, ignoreCase ? ANY : [[from, to]]);
    } else if (member.type === 'UnicodeProperty') {
      return ANY; // not enumerated: assume it may be anything, negated or not
    } else {
      ranges = union(ranges, charRanges(member, ignoreCase));
    }
  }
  // A negated class under `i` could exclude fewer characters than it says: take it as any.
  if (node.negative === true) return ignoreCase ? ANY : complement(ranges);
  return ranges;
}

function union(a: Ranges, b: Ranges): Ranges {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(ranges: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function intersects(a: Ranges, b: Ranges): boolean {
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
