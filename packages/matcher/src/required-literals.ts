/**
 * Required literals: strings that every match of a pattern contains somewhere, not only at its
 * start (the idea of RE2's FilteredRE2 and of Rust regex-syntax's literal extraction). A
 * pattern can match a topic only if the topic contains one string of each required set, so an
 * index keyed by one of them needs to test a pattern only on the topics that contain it. Every
 * rule errs on the side of knowing less: a false "required" would lose a match.
 */
import {
  quantifierBounds,
  type AstRegExp,
  type Char,
  type CharacterClass,
  type Expression,
} from './regexp-ast.js';
import {
  concatLiterals,
  EMPTY_LITERAL,
  expandRepetitions,
  MAX_EXPANDED_REPETITIONS,
  MAX_LITERALS,
  unionLiterals,
} from './literal-set.js';

/** Sets of strings such that every match contains at least one string of each set. */
export type RequiredSets = readonly (readonly string[])[];

/**
 * The case fold the index compares caseless literals with, on one UTF-16 code unit: ASCII
 * upper case to lower case, and the two characters that `u` and `i` fold onto ASCII letters
 * (U+212A KELVIN SIGN to `k`, U+017F LONG S to `s`). Every character an ASCII character
 * matches under `i` folds to the same code unit (`case-variants.ts`).
 * @param code - a UTF-16 code unit.
 * @returns its fold.
 */
export function foldCode(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code + 0x20;
  if (code === 0x212a) return 0x6b;
  if (code === 0x17f) return 0x73;
  return code;
}

/** Whether `text` contains `literal`: exactly, or, when `caseless`, under {@link foldCode}
 * (the literal is folded already). */
export function containsLiteral(text: string, literal: string, caseless: boolean): boolean {
  if (!caseless) return text.includes(literal);
  const last = text.length - literal.length;
  for (let at = 0; at <= last; at += 1) if (foldedAt(text, at, literal)) return true;
  return false;
}

/** Whether `text` has, from `at`, code units that fold to those of `literal` (folded). */
export function foldedAt(text: string, at: number, literal: string): boolean {
  for (let k = 0; k < literal.length; k += 1) {
    if (foldCode(text.charCodeAt(at + k)) !== literal.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * A literal set that every match contains, and where its string starts in a match: at least
 * `from` and at most `to` code units after the start of the match (`to` may be `Infinity`).
 */
export interface Required {
  readonly strings: readonly string[];
  readonly from: number;
  readonly to: number;
}

/** What {@link extractRequired} finds in a pattern. */
export interface RequiredLiterals {
  readonly sets: readonly Required[];
  /** The fewest code units any match has. */
  readonly minLength: number;
}

/**
 * The literals every match of a parsed pattern contains. Under `i` the strings are folded
 * ({@link foldCode}) and stand for every string that folds to them; otherwise they are exact.
 * @param ast - the parsed pattern.
 * @returns the required sets (none holding the empty string; `[]` when nothing is known) and
 * the shortest match.
 */
export function extractRequired(ast: AstRegExp): RequiredLiterals {
  const context: Context = {
    ignoreCase: ast.flags.includes('i'),
    unicode: ast.flags.includes('u') || ast.flags.includes('v'),
  };
  const info = analyze(ast.body, context);
  const sets = info.exact === null ? info.sets : withSet(info.sets, info.exact, 0, 0);
  return { sets, minLength: info.min };
}

/**
 * The literal sets of {@link extractRequired}, without their positions.
 * @param ast - the parsed pattern.
 * @returns every set's strings.
 */
export function requiredLiterals(ast: AstRegExp): RequiredSets {
  return extractRequired(ast).sets.map((set) => set.strings);
}

/** Shortest literal the index files a pattern under: shorter ones occur in most topics. */
export const MIN_FILTER_LENGTH = 3;

/**
 * The set the index files a pattern under: of the required sets, and of each set's longest
 * common prefix and suffix (a topic that contains one of `alarm-0` … `alarm-9` contains
 * `alarm-`), the most selective, judged by its shortest string and how many strings it has.
 * @param sets - the pattern's required sets.
 * @returns the chosen set, or `null` when none has strings of {@link MIN_FILTER_LENGTH}.
 */
export function chooseRequired(sets: readonly Required[]): Required | null {
  let best: Required | null = null;
  let bestScore = -Infinity;
  const consider = (set: Required): void => {
    const score = selectivity(set.strings);
    if (score > bestScore && shortest(set.strings) >= MIN_FILTER_LENGTH) {
      best = set;
      bestScore = score;
    }
  };
  for (const set of sets) {
    consider(set);
    const strings = set.strings;
    if (strings.length > 1) {
      consider({ strings: [commonAffix(strings, false)], from: set.from, to: set.to });
      // A common suffix starts as far into each string as the string is longer than it.
      const suffix = commonAffix(strings, true);
      const lengths = strings.map((s) => s.length);
      consider({
        strings: [suffix],
        from: set.from + Math.min(...lengths) - suffix.length,
        to: set.to + Math.max(...lengths) - suffix.length,
      });
    }
  }
  return best;
}

/**
 * {@link chooseRequired} on sets without positions.
 * @param sets - required sets.
 * @returns the chosen strings, or `null`.
 */
export function chooseFilter(sets: RequiredSets): readonly string[] | null {
  return (
    chooseRequired(sets.map((strings) => ({ strings, from: 0, to: Infinity })))?.strings ?? null
  );
}

/** Longer strings are rarer in topics, more strings are more entries and more topics hit;
 * past 8 code units length hardly matters any more. */
function selectivity(strings: readonly string[]): number {
  return Math.min(shortest(strings), 8) * 4 - Math.log2(strings.length) * 3;
}

function shortest(strings: readonly string[]): number {
  let min = Infinity;
  for (const s of strings) min = Math.min(min, s.length);
  return min;
}

/** The longest common prefix (or, with `suffix`, suffix) of a non-empty set of strings. */
function commonAffix(strings: readonly string[], suffix: boolean): string {
  let affix = strings[0]!;
  for (const s of strings) {
    let length = 0;
    const max = Math.min(affix.length, s.length);
    while (
      length < max &&
      (suffix
        ? affix[affix.length - 1 - length] === s[s.length - 1 - length]
        : affix[length] === s[length])
    ) {
      length += 1;
    }
    affix = suffix ? affix.slice(affix.length - length) : affix.slice(0, length);
  }
  return affix;
}

interface Context {
  readonly ignoreCase: boolean;
  /** `u` or `v`: the pattern reads code points, not code units. */
  readonly unicode: boolean;
}

/**
 * What is known of one node.
 * - `exact`: every match of the node is one of these strings (folded under `i`), so the
 *   strings of the nodes around it can be joined to it; `null` when that is not known.
 * - `sets`: required sets of what the node contains besides `exact`, positioned from the
 *   start of the node's match.
 * - `min`, `max`: how many code units a match of the node has.
 */
interface Info {
  readonly exact: readonly string[] | null;
  readonly sets: readonly Required[];
  readonly min: number;
  readonly max: number;
}

/** The sets with one more, unless it holds the empty string (which every topic contains). */
function withSet(
  sets: readonly Required[],
  strings: readonly string[],
  from: number,
  to: number,
): readonly Required[] {
  return isUseful(strings) ? [...sets, { strings, from, to }] : sets;
}

function isUseful(strings: readonly string[]): boolean {
  return strings.length > 0 && !strings.includes('');
}

/** `a × b` for lengths, where nothing repeated any number of times is still nothing. */
function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

function analyze(node: Expression | null, context: Context): Info {
  if (node === null) return { exact: EMPTY_LITERAL, sets: [], min: 0, max: 0 };
  // Under `u` a class or an escape such as `.` may read a surrogate pair.
  const one = context.unicode ? 2 : 1;
  switch (node.type) {
    case 'Char': {
      const exact = charStrings(node, context);
      if (exact !== null) return { exact, sets: [], min: exact[0]!.length, max: exact[0]!.length };
      return { exact: null, sets: [], min: 1, max: one };
    }
    case 'CharacterClass':
      return { exact: classStrings(node, context), sets: [], min: 1, max: one };
    case 'UnicodeProperty':
      return { exact: null, sets: [], min: 1, max: one };
    case 'Alternative':
      return sequence(node.expressions, context);
    case 'Disjunction':
      return disjunction(node.alternatives, context);
    case 'Group':
      return analyze(node.expression, context);
    case 'Repetition':
      return repetition(node.expression, quantifierBounds(node), context);
    case 'Assertion':
      // `^`, `$`, `\b` and `\B` consume nothing: the text around them is joined. What a
      // look-around asserts is not part of the match; it breaks the literal.
      return node.kind === 'Lookahead' || node.kind === 'Lookbehind'
        ? { exact: null, sets: [], min: 0, max: 0 }
        : { exact: EMPTY_LITERAL, sets: [], min: 0, max: 0 };
    default:
      // A back-reference: any text, or nothing.
      return { exact: null, sets: [], min: 0, max: Infinity };
  }
}

/** The strings a class matches (folded under `i`), or `null` when it is negated, too large or
 * holds a character the index does not read as one string. */
function classStrings(node: CharacterClass, context: Context): readonly string[] | null {
  if (node.negative === true) return null;
  const out = new Set<string>();
  for (const member of node.expressions) {
    let strings: readonly string[] | null = null;
    if (member.type === 'ClassRange') {
      strings = rangeStrings(member.from.codePoint, member.to.codePoint, context);
    } else if (member.type === 'Char') {
      strings = charStrings(member, context);
    }
    if (strings === null) return null;
    for (const s of strings) out.add(s);
    if (out.size > MAX_LITERALS) return null;
  }
  // An empty class never matches: leave it to the regex.
  return out.size === 0 ? null : [...out];
}

/**
 * A sequence: consecutive exact terms join into one run of strings; a term that is not exact
 * ends the run, which becomes a required set, and adds its own sets. Positions add up the
 * lengths of the terms before.
 */
function sequence(terms: readonly Expression[], context: Context): Info {
  const sets: Required[] = [];
  let run: readonly string[] = EMPTY_LITERAL;
  let whole = true;
  /** Where the current term starts, and where the run started. */
  let min = 0;
  let max = 0;
  let runMin = 0;
  let runMax = 0;
  const close = (strings: readonly string[]): void => {
    if (isUseful(strings)) sets.push({ strings, from: runMin, to: runMax });
  };
  for (const term of terms) {
    const info = analyze(term, context);
    for (const set of info.sets) sets.push({ ...set, from: set.from + min, to: set.to + max });
    if (info.exact === null) {
      close(run);
      run = EMPTY_LITERAL;
      whole = false;
    } else {
      // Joining more strings than a set holds would only be cut back: start a new run instead.
      const joined =
        run.length * info.exact.length > MAX_LITERALS
          ? { strings: run, truncated: true }
          : concatLiterals(run, info.exact);
      if (joined.truncated) {
        // What was joined (cut back to prefixes) is still contained in every match.
        close(joined.strings);
        run = info.exact;
        whole = false;
        runMin = min;
        runMax = max;
      } else {
        run = joined.strings;
      }
    }
    min += info.min;
    max += info.max;
    if (info.exact === null) {
      runMin = min;
      runMax = max;
    }
  }
  if (whole) return { exact: run, sets, min, max };
  close(run);
  return { exact: null, sets, min, max };
}

/**
 * An alternation: exact when every branch is; otherwise it requires the union of one set from
 * each branch, and nothing when a branch has none.
 */
function disjunction(alternatives: readonly (Expression | null)[], context: Context): Info {
  let exact: readonly string[] | null = [];
  let union: Required | null = { strings: [], from: Infinity, to: 0 };
  let min = Infinity;
  let max = 0;
  for (const alternative of alternatives) {
    const info = analyze(alternative, context);
    min = Math.min(min, info.min);
    max = Math.max(max, info.max);
    if (exact !== null && info.exact !== null) {
      const joined = unionLiterals(exact, info.exact);
      exact = joined.truncated ? null : joined.strings;
    } else {
      exact = null;
    }
    const own = info.exact === null ? info.sets : withSet(info.sets, info.exact, 0, 0);
    const best = own.length === 0 ? null : (chooseRequired(own) ?? longestSet(own));
    union =
      union === null || best === null
        ? null
        : {
            strings: unionLiterals(union.strings, best.strings).strings,
            from: Math.min(union.from, best.from),
            to: Math.max(union.to, best.to),
          };
  }
  if (exact !== null) return { exact, sets: [], min, max };
  const sets = union === null ? [] : withSet([], union.strings, union.from, union.to);
  return { exact: null, sets, min, max };
}

/** The set whose shortest string is longest (for a branch whose sets are all short). */
function longestSet(sets: readonly Required[]): Required {
  let best = sets[0]!;
  for (const set of sets) if (shortest(set.strings) > shortest(best.strings)) best = set;
  return best;
}

/**
 * A quantified node: one that may repeat zero times requires nothing (an exact body repeated
 * a few times is expanded, `colou?r`); one that must repeat requires what its first repetition
 * requires, and an exact body's mandatory repetitions joined (`(?:ab){2,}` requires `abab`).
 */
function repetition(
  body: Expression,
  bounds: { min: number; max: number },
  context: Context,
): Info {
  const info = analyze(body, context);
  const min = times(bounds.min, info.min);
  const max = times(bounds.max, info.max);
  if (info.exact !== null && bounds.max <= MAX_EXPANDED_REPETITIONS) {
    const expanded = expandRepetitions(info.exact, bounds.min, bounds.max);
    if (expanded !== null) {
      return { exact: expanded, sets: bounds.min === 0 ? [] : info.sets, min, max };
    }
  }
  if (bounds.min === 0) return { exact: null, sets: [], min, max };
  if (info.exact === null) return { exact: null, sets: info.sets, min, max };
  let power: readonly string[] = EMPTY_LITERAL;
  for (let count = 0; count < bounds.min; count += 1) {
    if (power.length * info.exact.length > MAX_LITERALS) break;
    const joined = concatLiterals(power, info.exact);
    power = joined.strings;
    if (joined.truncated) break;
  }
  return { exact: null, sets: withSet(info.sets, power, 0, 0), min, max };
}

/** The strings of a class range, or `null` when it is too large or holds a character the
 * index does not read as one string. */
function rangeStrings(from: number, to: number, context: Context): string[] | null {
  if (to - from >= MAX_LITERALS) return null;
  const out: string[] = [];
  for (let code = from; code <= to; code += 1) {
    const one = codePointString(code, context);
    if (one === null) return null;
    out.push(one);
  }
  return out;
}

const DIGITS: readonly string[] = Object.freeze([...'0123456789']);

/** The strings one character (or class escape) matches, or `null` when not known. */
function charStrings(node: Char, context: Context): readonly string[] | null {
  if (node.kind === 'meta' && !Number.isInteger(node.codePoint)) {
    return node.value === '\\d' ? DIGITS : null;
  }
  const one = codePointString(node.codePoint, context);
  return one === null ? null : [one];
}

/**
 * The string a code point stands for in a literal: itself, or its fold under `i`; `null` for
 * what the index does not read as one string (a non-ASCII character under `i`, whose case
 * variants it does not enumerate; a lone surrogate under `u`; more than a code unit without it).
 */
function codePointString(codePoint: number, context: Context): string | null {
  if (!Number.isInteger(codePoint)) return null;
  if (context.unicode && codePoint >= 0xd800 && codePoint <= 0xdfff) return null;
  if (!context.unicode && codePoint > 0xffff) return null;
  if (!context.ignoreCase) return String.fromCodePoint(codePoint);
  return codePoint < 0x80 ? String.fromCharCode(foldCode(codePoint)) : null;
}
