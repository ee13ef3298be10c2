import {
  quantifierBounds,
  show,
  type AstRegExp,
  type Char,
  type CharacterClass,
  type Expression,
  type Repetition,
} from './regexp-ast.js';
import { parseRegExp } from './regexp-parser.js';
import { findBacktrackingRisk, type BacktrackingRisk } from './backtracking-risk.js';
import { caseVariants } from './case-variants.js';
import {
  concatLiterals,
  EMPTY_LITERAL,
  expandRepetitions,
  MAX_EXPANDED_REPETITIONS,
  MAX_LITERAL_LENGTH,
  MAX_LITERALS,
  minimalPrefixes,
  unionLiterals,
} from './literal-set.js';
import { splitLiteralHead, type LiteralHead } from './literal-head.js';
import {
  chooseRequired,
  extractRequired,
  MIN_FILTER_LENGTH,
  type RequiredSets,
} from './required-literals.js';
import { normalizePattern, type NormalizedPattern, type TopicPattern } from './topic-pattern.js';

/** Where a pattern's `filter` string starts in every match, and how short a match can be. */
export interface FilterBounds {
  /** Fewest code units before the string, from the start of the topic. */
  readonly from: number;
  /** Most code units before it (`Infinity`: no bound). */
  readonly to: number;
  /** Fewest code units of any match. */
  readonly minLength: number;
}

/**
 * What the index learned about a pattern: see {@link analyzePattern}.
 */
export interface PatternAnalysis {
  /** `RegExp#source` of the pattern. */
  readonly source: string;
  /** The pattern's flags, sorted, without `g` and `y`. */
  readonly flags: string;
  /**
   * Literal prefixes: every topic the pattern matches starts with one of them, so the
   * pattern is filed under each in the trie. Minimal (none is a prefix of another) and
   * sorted. Empty when the pattern has no literal prefix: it is then tested on every topic.
   */
  readonly prefixes: readonly string[];
  /**
   * Literals that every match contains, somewhere: every match contains at least one string of
   * each set. `prefixes` is the first set when there are prefixes; what the rest of the pattern
   * requires is worked out only when the prefixes are weak (see `filter`), and `[]` says
   * nothing is known. Under the `i` flag the strings of the other sets are folded (ASCII
   * letters in lower case) and stand for every string that folds to them; `prefixes` lists its
   * case variants, as always.
   */
  readonly requiredLiterals: readonly (readonly string[])[];
  /**
   * For a pattern with no literal prefix, or only prefixes shorter than 3 code units (which
   * most topics start with), the set of `requiredLiterals` the index files it under instead:
   * it is tested only on topics that contain one of these strings. `null` when the pattern is
   * filed under its prefixes, needs no regex (`exact`), or requires no literal of at least 3
   * code units (with no prefix, it is then tested on every topic).
   */
  readonly filter: readonly string[] | null;
  /**
   * Where a string of `filter` starts in every match, in code units from the start of the topic
   * (`from` to `to`, which may be `Infinity`), and the fewest code units of any match: the index
   * tests the pattern only on topics that have an occurrence there and are that long. `null`
   * when `filter` is.
   */
  readonly filterBounds: FilterBounds | null;
  /**
   * Whether the pattern is an exact literal set: it matches a topic exactly when the topic
   * starts with one of `prefixes` (or, with no prefixes, always), so no regex runs for it.
   */
  readonly exact: boolean;
  /**
   * Why the literal prefix ends where it does, or why the pattern is not exact; `null` when
   * it is exact.
   */
  readonly reason: string | null;
  /**
   * When the pattern is a literal set anchored at both ends (`parent/child$`,
   * `(?:a|b)/temp$`, without the `m` flag), the topics it matches: it matches a topic exactly
   * when the topic is one of these, so one hash lookup decides it. `null` otherwise.
   */
  readonly wholeTopics: readonly string[] | null;
  /**
   * Why the index's parser could not read a pattern that the runtime accepts (flag `v`,
   * modifier groups); such a pattern is left unindexed. `null` otherwise.
   */
  readonly parseError: string | null;
  /**
   * A construct that risks super-linear backtracking (two ways of reading the same text to the
   * same point: nested quantifiers such as `(a+)+`, overlapping alternatives such as `(a|aa)*`,
   * adjacent quantifiers such as `.*.*x`; a back-reference under a quantifier), with the
   * reason; `null` when there is none. A pattern the parser cannot
   * read cannot be checked, and is reported as a risk. `TopicMatcher` refuses such patterns
   * with `unsafePatterns: 'reject'`.
   */
  readonly backtracking: BacktrackingRisk | null;
}

/**
 * Analyses a topic pattern the way {@link TopicMatcher} does when it is added: which literal
 * prefixes every match starts with, and whether the pattern is an exact literal set.
 *
 * @param pattern - a regular-expression source string or a `RegExp`.
 * @returns what the index learned about the pattern.
 * @throws {@link PatternSyntaxError} when a string is not a valid regular expression.
 * @throws `TypeError` when the value is neither a string nor a `RegExp`.
 *
 * @example
 * ```ts
 * analyzePattern('parent/.*');  // { prefixes: ['parent/'], exact: true, ... }
 * analyzePattern('a|bc');       // { prefixes: ['a', 'bc'], exact: true, ... }
 * analyzePattern('ab+c');       // { prefixes: ['ab'], exact: false, reason: '`b+` repeats …' }
 * analyzePattern('.*foo');      // { prefixes: [], filter: ['foo'], exact: false, reason: '`.*` may match nothing …' }
 * ```
 */
export function analyzePattern(pattern: TopicPattern): PatternAnalysis {
  return analyzeNormalized(normalizePattern(pattern));
}

/**
 * {@link analyzePattern} for a pattern that is already validated and normalised.
 * @param split - its source split into literal head and rest, when the caller has it already.
 */
export function analyzeNormalized(
  pattern: NormalizedPattern,
  split: LiteralHead | null = splitLiteralHead(pattern.source),
): PatternAnalysis {
  return analyzeByLiteralHead(pattern, split) ?? analyzeWithFullParse(pattern);
}

/**
 * The reference analysis: the whole pattern is parsed. Exported for the property
 * test that holds the fast path to it.
 */
export function analyzeWithFullParse(pattern: NormalizedPattern): PatternAnalysis {
  const { source, flags } = pattern;
  const ast = parseSource(source, flags);
  if (typeof ast === 'string') return unparseable(pattern, ast);
  const context = contextOf(flags);
  const fragment = analyzeNode(ast.body, context, true);
  const whole = flags.includes('m') ? null : wholeLiteralSet(ast.body, context);
  return assemble(pattern, fragment, whole, findBacktrackingRisk(ast, context.ignoreCase), ast);
}

/**
 * The fast path: a source that starts with a literal head (see `literal-head.ts`) is the
 * head's characters followed by the terms of the rest, so its analysis is the head prepended
 * to the analysis of those terms, which is computed once per distinct rest and flags. `null`
 * when the split does not apply or the rest does not parse (the full parse decides then).
 */
function analyzeByLiteralHead(
  pattern: NormalizedPattern,
  split: LiteralHead | null,
): PatternAnalysis | null {
  // A head this short gives weak prefixes, which the full parse may better with a literal
  // required further on (see `assemble`).
  if (split === null || split.head.length < MIN_FILTER_LENGTH) return null;
  const key = `${pattern.flags}/${split.rest}`;
  let tail = tailCache.get(key);
  if (tail === undefined) {
    tail = analyzeTail(split.rest, pattern.flags);
    if (tailCache.size >= TAIL_CACHE_SIZE) tailCache.clear();
    tailCache.set(key, tail);
  }
  if (tail === null) return null;
  const { head } = split;
  const room = MAX_LITERAL_LENGTH - head.length;
  // Longer strings would be cut differently once prefixed: leave those to the full parse.
  if (tail.fragment.strings.some((s) => s.length > room)) return null;
  if (tail.whole?.some((s) => s.length > room) === true) return null;
  const fragment: Fragment = {
    ...tail.fragment,
    strings: tail.fragment.strings.map((s) => head + s),
  };
  // The head is plain characters: what can backtrack is all in the rest. A risky rest is rare,
  // and its construct and reason depend on the whole pattern, so then the whole is checked.
  let backtracking = tail.backtracking;
  if (backtracking !== null) {
    const ast = parseSource(pattern.source, pattern.flags);
    if (typeof ast === 'string') return null;
    backtracking = findBacktrackingRisk(ast, false);
  }
  return assemble(pattern, fragment, tail.whole?.map((s) => head + s) ?? null, backtracking);
}

/** What the terms of a rest contribute after a literal head, and the whole topics they add. */
interface TailAnalysis {
  readonly fragment: Fragment;
  readonly whole: readonly string[] | null;
  readonly backtracking: BacktrackingRisk | null;
}

const TAIL_CACHE_SIZE = 4096;
const tailCache = new Map<string, TailAnalysis | null>();

function analyzeTail(rest: string, flags: string): TailAnalysis | null {
  const context = contextOf(flags);
  if (context.ignoreCase) return null; // the head's letters would have case variants
  // The fast path must give what the full parse gives, and the parser does not read flag `v`.
  if (flags.includes('v')) return null;
  if (rest.length === 0) {
    return { fragment: literal(EMPTY_LITERAL), whole: null, backtracking: null };
  }
  const ast = parseSource(rest, flags);
  if (typeof ast === 'string' || ast.body === null) return null;
  const terms = ast.body.type === 'Alternative' ? ast.body.expressions : [ast.body];
  // After the head, nothing is at the start of the topic any more.
  const fragment = analyzeSequence(terms, context, false);
  let whole: readonly string[] | null = null;
  const last = terms[terms.length - 1];
  if (!flags.includes('m') && last?.type === 'Assertion' && last.kind === '$') {
    const literalPart = analyzeSequence(terms.slice(0, -1), context, false);
    if (literalPart.complete) whole = literalPart.strings;
  }
  return { fragment, whole, backtracking: findBacktrackingRisk(ast, false) };
}

function parseSource(source: string, flags: string): AstRegExp | string {
  try {
    return parseRegExp(source, flags);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function contextOf(flags: string): Context {
  return {
    ignoreCase: flags.includes('i'),
    unicode: flags.includes('u') || flags.includes('v'),
  };
}

function unparseable(pattern: NormalizedPattern, parseError: string): PatternAnalysis {
  return {
    source: pattern.source,
    flags: pattern.flags,
    prefixes: [],
    requiredLiterals: [],
    filter: null,
    filterBounds: null,
    exact: false,
    reason: "the index's parser does not read this pattern, so it is tested on every topic",
    wholeTopics: null,
    parseError,
    backtracking: {
      construct: pattern.source,
      reason:
        "the index's parser does not read this pattern, so its backtracking cannot be checked",
    },
  };
}

/**
 * @param ast - the parsed pattern, when the whole was parsed: its required literals are
 * extracted when it has no literal prefix (the fast path's patterns all have one).
 */
/** The sets, each once (an alternation's set may repeat a prefix set). */
function distinctSets(sets: RequiredSets): RequiredSets {
  const seen = new Set<string>();
  return sets.filter((set) => {
    const key = JSON.stringify([...set].sort());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function shortestLength(strings: readonly string[]): number {
  return Math.min(...strings.map((s) => s.length));
}

function assemble(
  pattern: NormalizedPattern,
  fragment: Fragment,
  wholeTopics: readonly string[] | null,
  backtracking: BacktrackingRisk | null,
  ast: AstRegExp | null = null,
): PatternAnalysis {
  const minimal = minimalPrefixes(fragment.strings);
  const prefixes = minimal.length === 1 && minimal[0] === '' ? [] : minimal;
  const exact = fragment.prefixExact;
  // Prefixes this short (or none) select little: a literal required further on may do better.
  // An exact pattern needs no regex, and without a prefix matches every topic: never filtered.
  const weak = prefixes.length === 0 || shortestLength(prefixes) < MIN_FILTER_LENGTH;
  const extracted = ast === null || exact || !weak ? null : extractRequired(ast);
  const chosen = extracted === null ? null : chooseRequired(extracted.sets);
  const required: RequiredSets = extracted?.sets.map((set) => set.strings) ?? [];
  const filter = chosen?.strings ?? null;
  const reason = exact ? null : (fragment.stop ?? 'the pattern is not a literal set');
  return {
    source: pattern.source,
    flags: pattern.flags,
    prefixes,
    requiredLiterals: distinctSets(prefixes.length > 0 ? [prefixes, ...required] : required),
    filter,
    filterBounds:
      chosen === null
        ? null
        : { from: chosen.from, to: chosen.to, minLength: extracted!.minLength },
    exact,
    reason,
    wholeTopics,
    parseError: null,
    backtracking,
  };
}

/**
 * The topics a pattern matches when it is a literal set followed by `$` (in every
 * alternative), or `null`. Without the `m` flag, `$` holds only at the end of the topic, so
 * such a pattern matches exactly the topics equal to one of its literals.
 */
function wholeLiteralSet(node: Expression | null, context: Context): readonly string[] | null {
  if (node === null) return null;
  switch (node.type) {
    case 'Group':
      return wholeLiteralSet(node.expression, context);
    case 'Disjunction': {
      let strings: readonly string[] = [];
      for (const alternative of node.alternatives) {
        const whole = wholeLiteralSet(alternative, context);
        if (whole === null) return null;
        const union = unionLiterals(strings, whole);
        if (union.truncated) return null;
        strings = union.strings;
      }
      return strings;
    }
    case 'Alternative': {
      const last = node.expressions[node.expressions.length - 1];
      if (last?.type !== 'Assertion' || last.kind !== '$') return null;
      const literalPart = analyzeSequence(node.expressions.slice(0, -1), context, true);
      return literalPart.complete ? literalPart.strings : null;
    }
    case 'Assertion':
      return node.kind === '$' ? EMPTY_LITERAL : null;
    default:
      return null;
  }
}

interface Context {
  readonly ignoreCase: boolean;
  /** `u` or `v`: the pattern reads code points, not code units. */
  readonly unicode: boolean;
}

/**
 * What is known of one node of the pattern.
 *
 * - `strings`: every match of the node starts with one of these (`['']`: nothing known).
 * - `complete`: the node matches exactly these strings and nothing else, in any context, so
 *   the literals of what follows can be appended.
 * - `prefixExact`: the node matches at a position exactly when the text there starts with one
 *   of `strings` (true of every complete node, and of `parent/.*`).
 * - `stop`: why the literal stops here, for `PatternAnalysis.reason`.
 */
interface Fragment {
  readonly strings: readonly string[];
  readonly complete: boolean;
  readonly prefixExact: boolean;
  readonly stop: string | null;
}

const EMPTY: Fragment = { strings: EMPTY_LITERAL, complete: true, prefixExact: true, stop: null };

function unknown(stop: string): Fragment {
  return { strings: EMPTY_LITERAL, complete: false, prefixExact: false, stop };
}

function literal(strings: readonly string[]): Fragment {
  return { strings, complete: true, prefixExact: true, stop: null };
}

/**
 * @param atStart - whether the node can only be reached at index 0 of the topic (nothing
 * consumed before it), where `^` always holds.
 */
function analyzeNode(node: Expression | null, context: Context, atStart: boolean): Fragment {
  if (node === null) return EMPTY;
  switch (node.type) {
    case 'Char':
      return analyzeChar(node, context);
    case 'CharacterClass':
      return analyzeClass(node, context);
    case 'Alternative':
      return analyzeSequence(node.expressions, context, atStart);
    case 'Disjunction': {
      // Every alternative counts, even after the set is cut back: an empty one empties it.
      let strings: readonly string[] = [];
      let complete = true;
      let prefixExact = true;
      let stop: string | null = null;
      let truncated = false;
      for (const alternative of node.alternatives) {
        const branch = analyzeNode(alternative, context, atStart);
        const union = unionLiterals(strings, branch.strings);
        strings = union.strings;
        truncated ||= union.truncated;
        complete &&= branch.complete;
        prefixExact &&= branch.prefixExact;
        stop ??= branch.stop;
      }
      if (truncated)
        return { strings, complete: false, prefixExact: false, stop: tooManyLiterals(node) };
      return { strings, complete, prefixExact, stop };
    }
    case 'Group':
      return analyzeNode(node.expression, context, atStart);
    case 'Repetition':
      return analyzeRepetition(node, context);
    case 'Backreference':
      return unknown(`${show(node)} is a back-reference: it may match any text, or nothing`);
    case 'Assertion':
      if (node.kind === '^' && atStart) return EMPTY;
      if (node.kind === '^') return unknown('`^` is an assertion that is not at the start');
      if (node.kind === 'Lookahead' || node.kind === 'Lookbehind') {
        return unknown(`${show(node)} is a look-around assertion`);
      }
      return unknown(`${show(node)} is an assertion`);
    default:
      // `\p{…}` (UnicodeProperty).
      return unknown(`${show(node)} matches too many characters to index`);
  }
}

/**
 * A sequence: literals concatenate while every term is complete. At the first term that is
 * not, the prefix ends; the whole sequence is still prefix-exact when that term is and every
 * later term can match the empty string anywhere (as in `parent/.*`).
 */
function analyzeSequence(
  terms: readonly Expression[],
  context: Context,
  atStart: boolean,
): Fragment {
  const items = terms;
  let strings: readonly string[] = EMPTY_LITERAL;
  for (let index = 0; index < items.length; index += 1) {
    const nothingConsumed = atStart && strings.length === 1 && strings[0] === '';
    const term = analyzeNode(items[index]!, context, nothingConsumed);
    const joined = concatLiterals(strings, term.strings);
    if (joined.truncated) {
      return {
        strings: joined.strings,
        complete: false,
        prefixExact: false,
        stop: tooManyLiterals(items[index]!),
      };
    }
    strings = joined.strings;
    if (!term.complete) {
      const mustFollow = items.slice(index + 1).find((rest) => !canMatchEmpty(rest));
      let stop = term.stop;
      if (term.prefixExact && mustFollow !== undefined) {
        stop = `${term.stop ?? show(items[index]!)}, and ${show(mustFollow)} must follow it`;
      }
      return {
        strings,
        complete: false,
        prefixExact: term.prefixExact && mustFollow === undefined,
        stop,
      };
    }
  }
  return literal(strings);
}

/**
 * A quantified node. A complete atom repeated a small, bounded number of times expands to
 * every repetition (`colou?r` is `color` or `colour`). Otherwise the literal goes as far as
 * the mandatory repetitions (`ab{2,}` has prefix `abb`), and a repetition that may run zero
 * times contributes nothing.
 */
function analyzeRepetition(node: Repetition, context: Context): Fragment {
  const { min, max } = quantifierBounds(node);
  const body = analyzeNode(node.expression, context, false);
  if (body.complete && body.strings.every((s) => s === '')) return literal(EMPTY_LITERAL);
  if (body.complete && max <= MAX_EXPANDED_REPETITIONS) {
    const expanded = expandRepetitions(body.strings, min, max);
    if (expanded !== null) return literal(expanded);
  }
  if (min === 0) {
    return {
      strings: EMPTY_LITERAL,
      complete: false,
      prefixExact: true,
      stop: `${show(node)} may match nothing`,
    };
  }
  if (!body.complete) {
    return {
      strings: body.strings,
      complete: false,
      prefixExact: min === 1 && body.prefixExact,
      stop: body.stop,
    };
  }
  let strings: readonly string[] = EMPTY_LITERAL;
  for (let count = 0; count < min; count += 1) {
    const joined = concatLiterals(strings, body.strings);
    if (joined.truncated) {
      return {
        strings: joined.strings,
        complete: false,
        prefixExact: false,
        stop: tooManyLiterals(node),
      };
    }
    strings = joined.strings;
  }
  if (max === min) return literal(strings);
  return {
    strings,
    complete: false,
    prefixExact: true,
    stop: `${show(node)} repeats a variable number of times`,
  };
}

/**
 * Whether a node can match the empty string at any position, whatever surrounds it: such
 * nodes after the prefix do not stop a pattern from being prefix-exact.
 */
function canMatchEmpty(node: Expression | null): boolean {
  if (node === null) return true;
  switch (node.type) {
    case 'Repetition':
      return quantifierBounds(node).min === 0 || canMatchEmpty(node.expression);
    case 'Group':
      return canMatchEmpty(node.expression);
    case 'Alternative':
      return node.expressions.every(canMatchEmpty);
    case 'Disjunction':
      return node.alternatives.some(canMatchEmpty);
    default:
      // Characters consume; assertions and back-references may fail.
      return false;
  }
}

function analyzeChar(node: Char, context: Context): Fragment {
  if (node.kind === 'meta' && !Number.isInteger(node.codePoint)) {
    // `.`, `\d`, `\w`, `\s` and their negations (a NaN code point).
    if (node.value === '\\d') return literal(DIGITS);
    if (/^(?:\.|\\[DwWsS])$/.test(node.value)) {
      return unknown(`${show(node)} is a character class too large to index`);
    }
    return unknown(`${show(node)} is not a character the index can use`);
  }
  const strings = literalCharStrings(node, context);
  return typeof strings === 'string' ? unknown(strings) : literal(strings);
}

const DIGITS: readonly string[] = Object.freeze([...'0123456789']);

/** The strings one literal character matches, or why it cannot be used as a literal. */
function literalCharStrings(node: Char, context: Context): readonly string[] | string {
  return codePointStrings(node.codePoint, context, show(node));
}

/** The strings a trusted code point matches under the pattern's flags, or why it cannot be used. */
function codePointStrings(
  codePoint: number,
  context: Context,
  label: string,
): readonly string[] | string {
  if (!Number.isInteger(codePoint)) return `${label} is not a single character`;
  if (context.unicode && isSurrogate(codePoint)) {
    return `${label} is a lone surrogate under the u flag`;
  }
  if (!context.unicode && codePoint > 0xffff) {
    return `${label} is more than one code unit without the u flag`;
  }
  if (!context.ignoreCase) return [String.fromCodePoint(codePoint)];
  return (
    caseVariants(codePoint, context.unicode) ??
    `${label} has case variants under the i flag that the index does not enumerate`
  );
}

function analyzeClass(node: CharacterClass, context: Context): Fragment {
  if (node.negative === true) return unknown(`${show(node)} matches too many characters to index`);
  const out = new Set<string>();
  for (const member of node.expressions) {
    if (member.type === 'ClassRange') {
      const from = member.from.codePoint;
      const to = member.to.codePoint;
      if (to - from >= MAX_LITERALS)
        return unknown(`${show(node)} matches too many characters to index`);
      for (let codePoint = from; codePoint <= to; codePoint += 1) {
        const strings = codePointStrings(codePoint, context, show(node));
        if (typeof strings === 'string') return unknown(strings);
        for (const s of strings) out.add(s);
      }
    } else if (member.type === 'UnicodeProperty') {
      return unknown(`${show(node)} matches too many characters to index`);
    } else {
      const fragment = analyzeChar(member, context);
      if (!fragment.complete) return unknown(fragment.stop ?? `${show(member)} is not a literal`);
      for (const s of fragment.strings) out.add(s);
    }
    if (out.size > MAX_LITERALS)
      return unknown(`${show(node)} matches too many characters to index`);
  }
  // An empty class never matches; leave it to the regex.
  if (out.size === 0) return unknown(`${show(node)} matches no character`);
  return literal([...out]);
}

function isSurrogate(codePoint: number): boolean {
  return codePoint >= 0xd800 && codePoint <= 0xdfff;
}

function tooManyLiterals(node: Expression): string {
  return `at ${show(node)} the literal prefixes would exceed the index's bounds (${MAX_LITERALS} strings of at most ${MAX_LITERAL_LENGTH} code units)`;
}
