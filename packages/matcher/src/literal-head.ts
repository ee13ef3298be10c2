/**
 * The fast path of pattern analysis: most topic patterns start with a run of plain literal
 * characters (`sensors/kitchen/`, escaped as `sensors\/kitchen\/`) followed by a short tail
 * that many patterns share (`$`, `.*`, `[^\/]+\/temp$`). Splitting the source there lets the
 * analysis parse and analyse only the tail, once per distinct tail, instead of parsing every
 * whole pattern. A property test checks that the result is identical
 * to the full analysis.
 */

/** A source split into its literal head and the rest. */
export interface LiteralHead {
  /** The literal characters the source starts with, unescaped. */
  readonly head: string;
  /** The rest of the source, starting at the first character that is not a plain literal. */
  readonly rest: string;
}

/** Characters with a meaning of their own outside a class, never part of a literal head. */
const SPECIAL = new Set([...'\\^$.|?*+()[]{}']);
/** A quantifier binds the atom before it, so a head must not end right before one. */
const QUANTIFIER_START = new Set([...'*+?{']);
/** Longest head taken, well under the index's 256-code-unit prefix limit. */
const MAX_HEAD_LENGTH = 128;

/**
 * Splits a pattern source into a literal head and the rest, or returns `null` when the fast
 * path does not apply: no head, a head that a quantifier would cut into, a head too long, or a
 * rest with a top-level `|` (which would make the head part of one alternative only).
 *
 * Head characters are printable ASCII other than the special ones, and escapes of ASCII
 * punctuation (`\/`, `\.`, `\-`), which are identity escapes in every mode. A leading `^` is
 * skipped: at index 0 it always holds (with or without `m`), so `^a\/b.*` splits like
 * `a\/b.*`. Compiled wildcard filters (`mqtt()`, `amqp()`, `glob()`) all start with one.
 *
 * @param source - a `RegExp#source` that the runtime accepted.
 * @returns the split, or `null`.
 */
export function splitLiteralHead(source: string): LiteralHead | null {
  let head = '';
  let index = source.startsWith('^') ? 1 : 0;
  /** Source index where the last head character starts (to give it back to a quantifier). */
  let lastStart = index;
  while (index < source.length && head.length < MAX_HEAD_LENGTH) {
    const char = source[index]!;
    if (char === '\\') {
      const next = source[index + 1];
      if (next === undefined || !isAsciiPunctuation(next)) break;
      lastStart = index;
      head += next;
      index += 2;
    } else if (isPlainAscii(char)) {
      lastStart = index;
      head += char;
      index += 1;
    } else {
      break;
    }
  }
  let rest = source.slice(index);
  if (rest.length > 0 && QUANTIFIER_START.has(rest[0]!)) {
    // `ab+`: the quantifier takes `b`; keep it with the rest.
    rest = source.slice(lastStart);
    head = head.slice(0, -1);
  }
  if (head.length === 0 || head.length >= MAX_HEAD_LENGTH) return null;
  if (hasTopLevelAlternation(rest)) return null;
  return { head, rest };
}

function isPlainAscii(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x20 && code <= 0x7e && !SPECIAL.has(char);
}

function isAsciiPunctuation(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x21 && code <= 0x7e && !/[0-9A-Za-z]/.test(char);
}

/** Whether `|` occurs outside every group and class (escapes skipped). */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (char === '\\') index += 1;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}
