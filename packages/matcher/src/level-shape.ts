/**
 * The shape scanner: a hand-written pass over a pattern's text and flags (no parser, no
 * `new RegExp`) that recognises level-shaped patterns, the ones the level index files by
 * whole levels: a sequence of levels separated by one separator character, each a literal
 * or a one-level wildcard, then an end condition.
 */

/** A one-level wildcard: `[^/]*`, any level (the empty one included). */
export const ANY_LEVEL = 0;
/** A one-level wildcard: `[^/]+`, any non-empty level. */
export const NON_EMPTY_LEVEL = 1;
/** A one-level wildcard: `(?:[^$/][^/]*)?`, a level that is empty or does not start with `$`
 * (what `mqtt()` emits for a first-level `+`). */
export const NO_DOLLAR_LEVEL = 2;

/** A one-level wildcard. */
export type WildcardLevel = typeof ANY_LEVEL | typeof NON_EMPTY_LEVEL | typeof NO_DOLLAR_LEVEL;

/** One level of a level-shaped pattern: its literal text (unescaped), or a wildcard. */
export type LevelStep = string | WildcardLevel;

/**
 * What a level-shaped pattern requires after its levels, `k` of them. "No LT" means no line
 * terminator (`\n`, `\r`, U+2028, U+2029) from the end of level `k` to the end of the topic.
 * - `exact`: the topic has exactly `k` levels (`$`).
 * - `self-or-descendants`: `k` levels or more (`(?:\/[^/]*)*$`; `(?:\/.*)?$` under `s`; nothing
 *   after a wildcard level).
 * - `self-or-descendants-no-lt`: `k` levels, or more with no LT (`(?:\/.*)?$` without `s`).
 * - `descendants`: more than `k` levels (`\/.*`, or the pattern ends with the separator;
 *   `\/.*$` under `s`).
 * - `descendants-no-lt`: more than `k` levels, with no LT (`\/.*$` without `s`).
 * - `all`: every topic (`k` is 0: the empty pattern, `.*`, `[^]*`, `[^]*$`; `.*$` under `s`).
 * - `all-no-lt`: every topic with no LT at all (`k` is 0: `.*$` without `s`).
 */
export type LevelEnd =
  | 'exact'
  | 'self-or-descendants'
  | 'self-or-descendants-no-lt'
  | 'descendants'
  | 'descendants-no-lt'
  | 'all'
  | 'all-no-lt';

/** A level-shaped pattern, as the scanner read it. */
export interface LevelShape {
  /** The character between levels: one UTF-16 code unit. */
  readonly separator: string;
  /** The levels, first to last; empty only for the ends `all` and `all-no-lt`. */
  readonly levels: readonly LevelStep[];
  /** What the topic must have after the levels. */
  readonly end: LevelEnd;
}

/** What the scanner returns for a recognised pattern. */
export interface ScannedPattern {
  /** The pattern's `RegExp#source`, byte for byte what `new RegExp(text, flags).source` gives. */
  readonly source: string;
  readonly shape: LevelShape;
}

/**
 * Reads a pattern as a level-shaped one, in one pass over its characters (two for a
 * separator other than `/`), without compiling it.
 *
 * Recognised, after an optional `^`: levels separated by the separator `S` (`/` written `/`
 * or `\/`; another one as the filters write it, e.g. `\.` or `:`), each a literal (plain
 * characters and identity escapes of punctuation; the empty one included) or a one-level
 * wildcard (`[^S]*`, `[^S]+`, `(?:[^$S][^S]*)?`), then an end: `$`, `(?:S.*)?$`,
 * `(?:S[^S]*)*$`, `S.*`, `S.*$`, a trailing `S`, or nothing after a wildcard level. With no
 * levels: the empty pattern (or its source `(?:)`), `.*`, `[^]*`, `[^]*$` and `.*$`. The
 * separator is the one named by the first wildcard or end that names one (an escaped
 * character followed by `.*` or by nothing counts as an end); `/` when there is none. Any
 * other construct, a raw line terminator, a quantifier on a literal, two separators, flags
 * other than `d`, `s` and `u`, or (under `u`) a literal surrogate gives `null`.
 *
 * @param text - a pattern string as a user gives it (flags `''`), or a `RegExp`'s `source`
 * with its flags.
 * @param flags - sorted flag letters without `g` and `y` (`''`, `'u'`, `'s'`, `'su'`, `'d'`,
 * `'i'`, `'m'`, `'v'`, …).
 * @returns the normalised source and the shape, or `null` when the pattern is not recognised
 * (it then goes the slow way, so `null` is always safe). When not `null`, `text` is a valid
 * pattern under `flags` and `source` is what `new RegExp(text, flags).source` gives.
 */
export function scanLevelShape(text: string, flags: string): ScannedPattern | null {
  const mode = modeOf(flags);
  if (mode < 0) return null;
  const first = scan(text, mode, SLASH, false);
  if (typeof first !== 'number') return first;
  // The first wildcard or end named another separator: read again with that one.
  const second = scan(text, mode, first, true);
  return typeof second === 'number' ? null : second;
}

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const DOLLAR = 0x24;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const STAR = 0x2a;
const PLUS = 0x2b;
const DOT = 0x2e;
const SLASH = 0x2f;
const COLON = 0x3a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const CARET = 0x5e;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

// ASCII character kinds, as bits of ASCII_KINDS.
/** Special outside a class (`^$\.*+?()[]{}|`): never a literal there. */
const SYNTAX = 1;
/** ASCII punctuation: `\c` is an identity escape without `u`, in and out of classes. */
const PUNCTUATION = 2;
/** Syntax characters and `/`: the identity escapes under `u`. */
const U_ESCAPE = 4;
/** Those and `-`: the identity escapes in a class under `u`. */
const U_CLASS_ESCAPE = 8;

const ASCII_KINDS = new Uint8Array(128);
for (let code = 0x21; code < 0x7f; code += 1) {
  const alphanumeric =
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a);
  if (!alphanumeric) ASCII_KINDS[code] = PUNCTUATION;
}
for (const char of '^$\\.*+?()[]{}|') {
  ASCII_KINDS[char.charCodeAt(0)]! |= SYNTAX | U_ESCAPE | U_CLASS_ESCAPE;
}
ASCII_KINDS[SLASH]! |= U_ESCAPE | U_CLASS_ESCAPE;
ASCII_KINDS[0x2d]! |= U_CLASS_ESCAPE; // `-`

/** Mode bits: the flags that change what the scanner reads. */
const UNICODE = 1;
const DOT_ALL = 2;

/** What the scanner is at: the start of a level, inside a literal one, after a wildcard. */
const LEVEL_START = 0;
const IN_LITERAL = 1;
const AFTER_WILDCARD = 2;

/** The levels of every zero-level shape: one frozen array, shared. */
const NO_LEVELS: readonly LevelStep[] = Object.freeze([]);

/** The mode bits of recognised flags, or -1 (`d` changes nothing the scanner reads). */
function modeOf(flags: string): number {
  switch (flags) {
    case '':
    case 'd':
      return 0;
    case 's':
    case 'ds':
      return DOT_ALL;
    case 'u':
    case 'du':
      return UNICODE;
    case 'su':
    case 'dsu':
      return UNICODE | DOT_ALL;
    default:
      return -1;
  }
}

/**
 * One pass with a given separator.
 * @returns the result, `null`, or (only when `decided` is false) the code of another
 * separator that a wildcard or an end names, to scan again with.
 */
function scan(
  text: string,
  mode: number,
  separator: number,
  decided: boolean,
): ScannedPattern | null | number {
  const length = text.length;
  const unicode = (mode & UNICODE) !== 0;
  let index = length > 0 && text.charCodeAt(0) === CARET ? 1 : 0;
  const all = zeroLevelEnd(text, index, mode);
  if (all !== null) {
    return {
      source: length === 0 ? '(?:)' : text,
      shape: { separator: '/', levels: NO_LEVELS, end: all },
    };
  }
  const levels: LevelStep[] = [];
  let state = LEVEL_START;
  /** Whether the current level start follows a separator (not the first level). */
  let afterSeparator = false;
  let literalStart = 0;
  let literalEscaped = false;
  /** The source up to `copied`, where raw `/` outside classes have been escaped. */
  let escapedSource = '';
  let copied = 0;
  let end: LevelEnd;
  for (;;) {
    if (index === length) {
      if (state === AFTER_WILDCARD) {
        // Nothing after it: only a prefix of the level needs to match, and the group of a
        // no-dollar level may match nothing, so any level does.
        if (levels[levels.length - 1] === NO_DOLLAR_LEVEL) levels[levels.length - 1] = ANY_LEVEL;
        end = 'self-or-descendants';
      } else if (state === LEVEL_START && afterSeparator) {
        end = 'descendants';
      } else {
        return null; // a literal level without an end: a character prefix
      }
      break;
    }
    const code = text.charCodeAt(index);
    /** Whether the token at `index` is the separator (otherwise a literal character). */
    let isSeparator: boolean;
    let next = index + 1;
    if (code === BACKSLASH) {
      const escaped = text.charCodeAt(index + 1);
      if (!isIdentityEscape(escaped, unicode, false)) return null;
      isSeparator = escaped === separator;
      if (!isSeparator && !decided && endsAfter(text, index + 2)) return escaped; // `a\.`, `a\..*`
      next = index + 2;
    } else if (code === SLASH) {
      escapedSource += text.slice(copied, index) + '\\/';
      copied = next;
      isSeparator = separator === SLASH;
    } else if (code < 0x80 && (ASCII_KINDS[code]! & SYNTAX) !== 0) {
      if (code === DOLLAR) {
        if (next !== length) return null;
        end = 'exact';
      } else if (code === DOT) {
        // `S.*` or `S.*$`: more levels after the separator.
        if (state !== LEVEL_START || !afterSeparator) return null;
        if (text.charCodeAt(next) !== STAR) return null;
        if (index + 2 === length) end = 'descendants';
        else if (text.charCodeAt(index + 2) === DOLLAR && index + 3 === length) {
          end = (mode & DOT_ALL) !== 0 ? 'descendants' : 'descendants-no-lt';
        } else return null;
        break; // the level the separator opened is not one of the steps
      } else if (code === OPEN_BRACKET) {
        // `[^S]*` or `[^S]+`
        const excluded = classAtom(text, index + 2, unicode);
        if (excluded < 0 || text.charCodeAt(index + 1) !== CARET) return null;
        const close = index + (text.charCodeAt(index + 2) === BACKSLASH ? 4 : 3);
        const quantifier = text.charCodeAt(close + 1);
        if (text.charCodeAt(close) !== CLOSE_BRACKET) return null;
        if (quantifier !== STAR && quantifier !== PLUS) return null;
        if (excluded !== separator) return decided ? null : excluded;
        decided = true;
        if (state !== LEVEL_START) return null;
        levels.push(quantifier === STAR ? ANY_LEVEL : NON_EMPTY_LEVEL);
        state = AFTER_WILDCARD;
        index = close + 2;
        continue;
      } else if (code === OPEN_PAREN) {
        if (text.charCodeAt(index + 1) !== QUESTION || text.charCodeAt(index + 2) !== COLON) {
          return null;
        }
        const inner = index + 3;
        if (text.charCodeAt(inner) === OPEN_BRACKET) {
          // `(?:[^$S][^S]*)?`
          const atom = inner + (text.charCodeAt(inner + 2) === BACKSLASH ? 4 : 3);
          const excluded = classAtom(text, atom, unicode);
          const after = noDollarLevelEnd(text, inner, atom, excluded, unicode);
          if (after < 0) return null;
          if (excluded !== separator) return decided ? null : excluded;
          decided = true;
          if (state !== LEVEL_START) return null;
          levels.push(NO_DOLLAR_LEVEL);
          state = AFTER_WILDCARD;
          index = after;
          continue;
        }
        // `(?:S.*)?$` or `(?:S[^S]*)*$`, at the end of the text.
        const named = separatorAtom(text, inner, unicode);
        if (named < 0) return null;
        let rest = inner + (text.charCodeAt(inner) === BACKSLASH ? 2 : 1);
        if (text.charCodeAt(rest) === DOT) {
          if (!isAt(text, rest, '.*)?$')) return null;
          end = (mode & DOT_ALL) !== 0 ? 'self-or-descendants' : 'self-or-descendants-no-lt';
        } else {
          rest = wildcardClassEnd(text, rest, named, unicode);
          if (rest < 0 || !isAt(text, rest, '*)*$')) return null;
          end = 'self-or-descendants';
        }
        if (named !== separator) return decided ? null : named;
        if (text.charCodeAt(inner) === SLASH) {
          escapedSource += text.slice(copied, inner) + '\\/';
          copied = inner + 1;
        }
      } else {
        return null; // `^` inside, a quantifier, `)`, `]`, `{`, `}`, `|`
      }
      // `$` or an end group: the current level is the last one.
      if (state === IN_LITERAL) levels.push(literalOf(text, literalStart, index, literalEscaped));
      else if (state === LEVEL_START) levels.push('');
      break;
    } else if (isLineTerminator(code)) {
      return null;
    } else if (code >= 0xd800 && code <= 0xdfff && unicode) {
      return null; // a lone surrogate under `u` does not match half of a pair
    } else {
      isSeparator = code === separator;
    }
    if (isSeparator) {
      if (state === IN_LITERAL) levels.push(literalOf(text, literalStart, index, literalEscaped));
      else if (state === LEVEL_START) levels.push('');
      state = LEVEL_START;
      afterSeparator = true;
    } else {
      if (state === AFTER_WILDCARD) return null; // `[^/]*a`: not a whole level
      if (state === LEVEL_START) {
        state = IN_LITERAL;
        literalStart = index;
        literalEscaped = false;
      }
      if (code === BACKSLASH) literalEscaped = true;
    }
    index = next;
  }
  const source = copied === 0 ? text : escapedSource + text.slice(copied);
  return {
    source,
    shape: {
      separator: separator === SLASH ? '/' : String.fromCharCode(separator),
      levels,
      end,
    },
  };
}

/** The end of a pattern with no levels (after its `^`, if any), or `null`. */
function zeroLevelEnd(text: string, start: number, mode: number): LevelEnd | null {
  switch (text.length - start) {
    case 0:
      return 'all';
    case 2:
      return isAt(text, start, '.*') ? 'all' : null;
    case 3:
      if (!isAt(text, start, '.*$')) return null;
      return (mode & DOT_ALL) !== 0 ? 'all' : 'all-no-lt';
    case 4:
      return isAt(text, start, '[^]*') || isAt(text, start, '(?:)') ? 'all' : null;
    case 5:
      return isAt(text, start, '[^]*$') ? 'all' : null;
    default:
      return null;
  }
}

/** Whether `text` has exactly `tail` from `start` to its end. */
function isAt(text: string, start: number, tail: string): boolean {
  return text.length - start === tail.length && text.startsWith(tail, start);
}

/** Whether the text ends at `start`, or has just `.*` or `.*$` from there. */
function endsAfter(text: string, start: number): boolean {
  const rest = text.length - start;
  return (
    rest === 0 ||
    (text.charCodeAt(start) === DOT &&
      text.charCodeAt(start + 1) === STAR &&
      (rest === 2 || (rest === 3 && text.charCodeAt(start + 2) === DOLLAR)))
  );
}

function isLineTerminator(code: number): boolean {
  return (
    code === LINE_FEED ||
    code === CARRIAGE_RETURN ||
    code === LINE_SEPARATOR ||
    code === PARAGRAPH_SEPARATOR
  );
}

/** Whether `\` and this code is an identity escape of punctuation, valid under the mode. */
function isIdentityEscape(code: number, unicode: boolean, inClass: boolean): boolean {
  if (!(code < 0x80)) return false; // NaN too: a `\` at the end
  const kinds = ASCII_KINDS[code]!;
  if (!unicode) return (kinds & PUNCTUATION) !== 0;
  return (kinds & (inClass ? U_CLASS_ESCAPE : U_ESCAPE)) !== 0;
}

/**
 * The one character a separator is, written outside a class at `start`: `\` and punctuation,
 * or a character that is not special (`/` included); -1 otherwise.
 */
function separatorAtom(text: string, start: number, unicode: boolean): number {
  const code = text.charCodeAt(start);
  if (code === BACKSLASH) {
    const escaped = text.charCodeAt(start + 1);
    return isIdentityEscape(escaped, unicode, false) ? escaped : -1;
  }
  if (!(code >= 0) || (code < 0x80 && (ASCII_KINDS[code]! & SYNTAX) !== 0)) return -1;
  return isSeparatorCode(code) ? code : -1;
}

/**
 * The one character written in a class at `start` (as in `[^S]`): `\` and punctuation, or a
 * character other than `]` and `\`; -1 otherwise.
 */
function classAtom(text: string, start: number, unicode: boolean): number {
  const code = text.charCodeAt(start);
  if (code === BACKSLASH) {
    const escaped = text.charCodeAt(start + 1);
    return isIdentityEscape(escaped, unicode, true) ? escaped : -1;
  }
  if (code === CLOSE_BRACKET || !(code >= 0)) return -1;
  return isSeparatorCode(code) ? code : -1;
}

/** A separator is one code unit, neither a line terminator nor a surrogate. */
function isSeparatorCode(code: number): boolean {
  return !isLineTerminator(code) && !(code >= 0xd800 && code <= 0xdfff);
}

/**
 * The index after `[^S]` written at `start` with `S` the given character (as itself or
 * escaped), or -1.
 */
function wildcardClassEnd(text: string, start: number, excluded: number, unicode: boolean): number {
  if (text.charCodeAt(start) !== OPEN_BRACKET || text.charCodeAt(start + 1) !== CARET) return -1;
  if (classAtom(text, start + 2, unicode) !== excluded) return -1;
  const close = start + (text.charCodeAt(start + 2) === BACKSLASH ? 4 : 3);
  return text.charCodeAt(close) === CLOSE_BRACKET ? close + 1 : -1;
}

/**
 * The index after `(?:[^$S][^S]*)?` (`$` as itself or escaped), or -1.
 * @param start - the index of its first `[`.
 * @param atom - the index of `S` in the first class.
 * @param excluded - `S`, as {@link classAtom} read it there (-1 when it is none).
 */
function noDollarLevelEnd(
  text: string,
  start: number,
  atom: number,
  excluded: number,
  unicode: boolean,
): number {
  if (excluded < 0 || excluded === DOLLAR || text.charCodeAt(start + 1) !== CARET) return -1;
  const dollar = text.charCodeAt(start + 2);
  if (dollar !== DOLLAR && !(dollar === BACKSLASH && text.charCodeAt(start + 3) === DOLLAR)) {
    return -1;
  }
  const close = atom + (text.charCodeAt(atom) === BACKSLASH ? 2 : 1);
  if (text.charCodeAt(close) !== CLOSE_BRACKET) return -1;
  const index = wildcardClassEnd(text, close + 1, excluded, unicode);
  if (index < 0 || text.charCodeAt(index) !== STAR) return -1;
  if (text.charCodeAt(index + 1) !== CLOSE_PAREN || text.charCodeAt(index + 2) !== QUESTION) {
    return -1;
  }
  return index + 3;
}

/** A literal level's text: `text` from `start` to `end`, escapes resolved. */
function literalOf(text: string, start: number, end: number, escaped: boolean): string {
  if (!escaped) return text.slice(start, end);
  let literal = '';
  let from = start;
  for (let index = start; index < end; index += 1) {
    if (text.charCodeAt(index) === BACKSLASH) {
      literal += text.slice(from, index);
      from = index + 1;
      index += 1; // the escaped character is kept
    }
  }
  return literal + text.slice(from, end);
}
