/**
 * A parser of JavaScript regular expressions into the tree of `regexp-ast.ts`, for the
 * analyses. It reads only patterns the runtime has already compiled with the same flags, so it
 * never judges validity; it follows ECMAScript's grammar, Annex B included (without `u`: `\1`
 * with fewer groups is an octal escape, `\c1` outside a class is a backslash, `{` that starts no
 * quantifier is a character). What it does not read (the `v` flag's class syntax, modifier
 * groups) throws, and the pattern is then tested on every topic.
 */
import type {
  AstRegExp,
  Char,
  CharacterClass,
  ClassRange,
  Expression,
  Quantifier,
  UnicodeProperty,
} from './regexp-ast.js';

/**
 * Parses a pattern the runtime accepts with these flags.
 * @param source - the pattern's source.
 * @param flags - its flags.
 * @returns the tree.
 * @throws `SyntaxError` for syntax this parser does not read, naming it.
 */
export function parseRegExp(source: string, flags: string): AstRegExp {
  if (flags.includes('v')) throw new SyntaxError('the v flag is not read by the index');
  return { type: 'RegExp', body: new Parser(source, flags.includes('u')).pattern(), flags };
}

/**
 * Deepest nesting of groups read. The parser and the analyses recurse once per level, so a
 * client's pattern must not choose the depth; deeper patterns are left unindexed (and refused
 * as unchecked under `unsafePatterns: 'reject'`). Topic patterns rarely nest past a few levels.
 */
export const MAX_NESTING = 64;

const BRACED_QUANTIFIER = /\{(\d+)(?:(,)(\d*))?\}/y;
const HEX4 = /[0-9A-Fa-f]{4}/y;
const HEX2 = /[0-9A-Fa-f]{2}/y;
const CODE_POINT_ESCAPE = /\{([0-9A-Fa-f]+)\}/y;
const LETTER = /[A-Za-z]/;
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { f: 12, n: 10, r: 13, t: 9, v: 11 };
const CLASS_ESCAPES = new Set([...'dDsSwW']);

class Parser {
  readonly #source: string;
  readonly #unicode: boolean;
  /** Capturing groups in the whole pattern: `\N` with a larger N is no back-reference. */
  readonly #groupCount: number;
  /** Group names to numbers; a pattern with names reads `\k` as a back-reference. */
  readonly #names: ReadonlyMap<string, number>;
  #index = 0;
  #nextGroup = 1;
  #depth = 0;

  constructor(source: string, unicode: boolean) {
    this.#source = source;
    this.#unicode = unicode;
    const { count, names } = countGroups(source);
    this.#groupCount = count;
    this.#names = names;
  }

  pattern(): Expression | null {
    const body = this.#disjunction();
    if (this.#index < this.#source.length) this.#fail('an unmatched `)`');
    return body;
  }

  #disjunction(): Expression | null {
    const start = this.#index;
    const first = this.#alternative();
    if (this.#source[this.#index] !== '|') return first;
    const alternatives = [first];
    while (this.#source[this.#index] === '|') {
      this.#index += 1;
      alternatives.push(this.#alternative());
    }
    return { type: 'Disjunction', alternatives, raw: this.#from(start) };
  }

  #alternative(): Expression | null {
    const start = this.#index;
    const terms: Expression[] = [];
    for (;;) {
      const char = this.#source[this.#index];
      if (char === undefined || char === '|' || char === ')') break;
      terms.push(this.#term());
    }
    if (terms.length <= 1) return terms[0] ?? null;
    return { type: 'Alternative', expressions: terms, raw: this.#from(start) };
  }

  #term(): Expression {
    const start = this.#index;
    const atom = this.#atom();
    const quantifier = this.#quantifier();
    if (quantifier === null) return atom;
    return { type: 'Repetition', expression: atom, quantifier, raw: this.#from(start) };
  }

  #quantifier(): Quantifier | null {
    const char = this.#source[this.#index];
    let quantifier: Quantifier;
    if (char === '*' || char === '+' || char === '?') {
      this.#index += 1;
      quantifier = { type: 'Quantifier', kind: char, greedy: true };
    } else if (char === '{') {
      const braced = this.#match(BRACED_QUANTIFIER);
      if (braced === null) return null;
      const from = Number(braced[1]);
      const to = braced[2] === undefined ? from : braced[3] === '' ? undefined : Number(braced[3]);
      quantifier =
        to === undefined
          ? { type: 'Quantifier', kind: 'Range', from, greedy: true }
          : { type: 'Quantifier', kind: 'Range', from, to, greedy: true };
    } else {
      return null;
    }
    if (this.#source[this.#index] === '?') {
      this.#index += 1;
      return { ...quantifier, greedy: false };
    }
    return quantifier;
  }

  #atom(): Expression {
    const start = this.#index;
    const char = this.#source[start]!;
    switch (char) {
      case '^':
      case '$':
        this.#index += 1;
        return { type: 'Assertion', kind: char, raw: char };
      case '.':
        this.#index += 1;
        return meta('.');
      case '(':
        return this.#group();
      case '[':
        return this.#class();
      case '\\':
        return this.#atomEscape();
      case '*':
      case '+':
      case '?':
        return this.#fail(`\`${char}\` with nothing to repeat`);
      case '{':
        // Without `u`, a `{` that starts no quantifier is a character (Annex B).
        if (this.#unicode || BRACED_QUANTIFIER.test(this.#source.slice(start, start + 40))) {
          return this.#fail('`{` with nothing to repeat');
        }
        return this.#literal();
      default:
        return this.#literal();
    }
  }

  /** A literal character: under `u` a whole code point (a surrogate pair is one). */
  #literal(): Char {
    const start = this.#index;
    const codePoint = this.#unicode
      ? this.#source.codePointAt(start)!
      : this.#source.charCodeAt(start);
    this.#index += codePoint > 0xffff ? 2 : 1;
    const value = this.#from(start);
    return { type: 'Char', kind: 'simple', value, codePoint, raw: value };
  }

  #group(): Expression {
    const start = this.#index;
    const source = this.#source;
    this.#index += 1;
    let open: 'group' | 'named' | 'plain' | 'Lookahead' | 'Lookbehind' = 'group';
    let negative = false;
    let name: string | undefined;
    if (source[this.#index] === '?') {
      const marker = source.slice(this.#index, this.#index + 3);
      if (marker.startsWith('?:')) open = 'plain';
      else if (marker.startsWith('?=') || marker.startsWith('?!')) open = 'Lookahead';
      else if (marker === '?<=' || marker === '?<!') open = 'Lookbehind';
      else if (marker.startsWith('?<')) open = 'named';
      else this.#fail('a group modifier');
      negative = marker[1] === '!' || marker[2] === '!';
      if (open === 'named') {
        const end = source.indexOf('>', this.#index);
        name = source.slice(this.#index + 2, end);
        this.#index = end + 1;
      } else {
        this.#index += open === 'Lookbehind' ? 3 : 2;
      }
    }
    const number = open === 'group' || open === 'named' ? this.#nextGroup++ : undefined;
    if (++this.#depth > MAX_NESTING) this.#fail(`groups nested more than ${MAX_NESTING} deep`);
    const expression = this.#disjunction();
    this.#depth -= 1;
    if (source[this.#index] !== ')') this.#fail('an unterminated group');
    this.#index += 1;
    const raw = this.#from(start);
    if (open === 'Lookahead' || open === 'Lookbehind') {
      return negative
        ? { type: 'Assertion', kind: open, negative: true, assertion: expression, raw }
        : { type: 'Assertion', kind: open, assertion: expression, raw };
    }
    if (number === undefined) return { type: 'Group', capturing: false, expression, raw };
    return name === undefined
      ? { type: 'Group', capturing: true, number, expression, raw }
      : { type: 'Group', capturing: true, number, name, expression, raw };
  }

  #atomEscape(): Expression {
    const start = this.#index;
    const source = this.#source;
    const next = source[start + 1];
    if (next === undefined) return this.#fail('a `\\` at the end of the pattern');
    if (next === 'b' || next === 'B') {
      this.#index += 2;
      return { type: 'Assertion', kind: next === 'b' ? '\\b' : '\\B', raw: this.#from(start) };
    }
    if (next === 'k' && (this.#unicode || this.#names.size > 0)) {
      const end = source.indexOf('>', start);
      const name = source.slice(start + 3, end);
      this.#index = end + 1;
      const number = this.#names.get(name) ?? 0;
      return { type: 'Backreference', kind: 'name', number, raw: this.#from(start) };
    }
    if (next >= '1' && next <= '9') {
      const digits = /\d+/y;
      digits.lastIndex = start + 1;
      const number = Number(digits.exec(source)![0]);
      if (number <= this.#groupCount) {
        this.#index = digits.lastIndex;
        return { type: 'Backreference', kind: 'number', number, raw: this.#from(start) };
      }
      if (this.#unicode) return this.#fail(`\`\\${number}\` with fewer groups`);
      // Annex B: no such group, so an octal escape, or `\8` and `\9` for themselves.
    }
    return this.#characterEscape(false);
  }

  /**
   * An escape that stands for a character or a class (`\d`, `\p{…}`), outside or inside a
   * class; `\b` (backspace) and `\-` are read by the class.
   */
  #characterEscape(inClass: boolean): Char | UnicodeProperty {
    const start = this.#index;
    const source = this.#source;
    const next = source[start + 1]!;
    this.#index += 2;
    if (CLASS_ESCAPES.has(next)) return meta(`\\${next}`);
    const control = CONTROL_ESCAPES[next];
    if (control !== undefined) return this.#char('meta', control, start);
    switch (next) {
      case 'p':
      case 'P':
        if (!this.#unicode) break;
        this.#index = source.indexOf('}', this.#index) + 1;
        return { type: 'UnicodeProperty', negative: next === 'P', raw: this.#from(start) };
      case 'c': {
        const letter = source[start + 2] ?? '';
        // Annex B inside a class: `\c` also takes a digit or `_`.
        if (LETTER.test(letter) || (inClass && !this.#unicode && /[0-9_]/.test(letter))) {
          this.#index += 1;
          return this.#char('control', letter.charCodeAt(0) % 32, start);
        }
        // Annex B: a `\` before a `c` that starts no control escape is a backslash.
        this.#index = start + 1;
        return { type: 'Char', kind: 'simple', value: '\\', codePoint: 0x5c, raw: '\\' };
      }
      case 'x': {
        const hex = this.#match(HEX2);
        if (hex !== null) return this.#char('hex', parseInt(hex[0], 16), start);
        break;
      }
      case 'u': {
        const codePoint = this.#unicodeEscape();
        if (codePoint !== null) return this.#char('unicode', codePoint, start);
        break;
      }
      case '0':
        if (!/[0-9]/.test(source[this.#index] ?? '')) return this.#char('decimal', 0, start);
        return this.#octal(start);
      default:
        if (next >= '1' && next <= '7') return this.#octal(start);
    }
    // An identity escape: the character itself (a whole code point under `u`).
    this.#index = start + 1;
    const char = this.#literal();
    return { ...char, escaped: true, raw: this.#from(start) };
  }

  /** `\u` followed by 4 hex digits (a pair of them under `u` for a surrogate pair) or `{…}`. */
  #unicodeEscape(): number | null {
    if (this.#unicode && this.#source[this.#index] === '{') {
      const braced = this.#match(CODE_POINT_ESCAPE);
      return braced === null ? null : parseInt(braced[1]!, 16);
    }
    const hex = this.#match(HEX4);
    if (hex === null) return null;
    const unit = parseInt(hex[0], 16);
    if (this.#unicode && unit >= 0xd800 && unit <= 0xdbff && this.#source[this.#index] === '\\') {
      const after = this.#index;
      this.#index += 1;
      if (this.#source[this.#index] === 'u') {
        this.#index += 1;
        const low = this.#match(HEX4);
        const trail = low === null ? -1 : parseInt(low[0], 16);
        if (trail >= 0xdc00 && trail <= 0xdfff) {
          return (unit - 0xd800) * 0x400 + (trail - 0xdc00) + 0x10000;
        }
      }
      this.#index = after;
    }
    return unit;
  }

  /** A legacy octal escape (without `u`): up to three octal digits, at most `\377`. */
  #octal(start: number): Char {
    const source = this.#source;
    let index = start + 1;
    const first = source.charCodeAt(index) - 0x30;
    let value = first;
    index += 1;
    for (let taken = 1; taken < (first <= 3 ? 3 : 2); taken += 1) {
      const digit = source.charCodeAt(index) - 0x30;
      if (!(digit >= 0 && digit <= 7)) break;
      value = value * 8 + digit;
      index += 1;
    }
    this.#index = index;
    return this.#char('oct', value, start);
  }

  #class(): CharacterClass {
    const start = this.#index;
    const source = this.#source;
    this.#index += 1;
    const negative = source[this.#index] === '^';
    if (negative) this.#index += 1;
    const members: (Char | ClassRange | UnicodeProperty)[] = [];
    while (source[this.#index] !== ']') {
      if (this.#index >= source.length) this.#fail('an unterminated class');
      const rangeStart = this.#index;
      const from = this.#classAtom();
      if (source[this.#index] === '-' && source[this.#index + 1] !== ']') {
        const dash = this.#index;
        this.#index += 1;
        if (this.#index >= source.length) this.#fail('an unterminated class');
        const to = this.#classAtom();
        if (isSingleCharacter(from) && isSingleCharacter(to)) {
          members.push({ type: 'ClassRange', from, to, raw: this.#from(rangeStart) });
        } else {
          // Annex B: a class escape at either end makes the `-` a character.
          members.push(
            from,
            { type: 'Char', kind: 'simple', value: '-', codePoint: 0x2d, raw: source[dash]! },
            to,
          );
        }
      } else {
        members.push(from);
      }
    }
    this.#index += 1;
    const raw = this.#from(start);
    return negative
      ? { type: 'CharacterClass', negative: true, expressions: members, raw }
      : { type: 'CharacterClass', expressions: members, raw };
  }

  #classAtom(): Char | UnicodeProperty {
    const start = this.#index;
    if (this.#source[start] !== '\\') return this.#literal();
    const next = this.#source[start + 1];
    if (next === 'b') {
      this.#index += 2;
      return this.#char('meta', 8, start);
    }
    if (next === '-') {
      this.#index += 2;
      return {
        type: 'Char',
        kind: 'simple',
        value: '-',
        codePoint: 0x2d,
        escaped: true,
        raw: '\\-',
      };
    }
    if (next === undefined) return this.#fail('a `\\` at the end of the pattern');
    // `\1` to `\9` in a class are octal escapes or the digits themselves, never references.
    return this.#characterEscape(true);
  }

  #char(kind: Char['kind'], codePoint: number, start: number): Char {
    const raw = this.#from(start);
    return { type: 'Char', kind, value: raw, codePoint, raw };
  }

  /** Matches a sticky regex at the current index and moves past it, or returns `null`. */
  #match(sticky: RegExp): RegExpExecArray | null {
    sticky.lastIndex = this.#index;
    const found = sticky.exec(this.#source);
    if (found !== null) this.#index = sticky.lastIndex;
    return found;
  }

  #from(start: number): string {
    return this.#source.slice(start, this.#index);
  }

  #fail(what: string): never {
    throw new SyntaxError(`the index's parser does not read ${what} at index ${this.#index}`);
  }
}

function meta(value: string): Char {
  return { type: 'Char', kind: 'meta', value, codePoint: Number.NaN, raw: value };
}

function isSingleCharacter(node: Char | UnicodeProperty): node is Char {
  return node.type === 'Char' && Number.isInteger(node.codePoint);
}

/** Capturing groups of a source, and the numbers of its named ones (escapes and classes skipped). */
function countGroups(source: string): { count: number; names: Map<string, number> } {
  let count = 0;
  const names = new Map<string, number>();
  let inClass = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (char === '\\') index += 1;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') {
      if (source[index + 1] !== '?') count += 1;
      else if (
        source[index + 2] === '<' &&
        source[index + 3] !== '=' &&
        source[index + 3] !== '!'
      ) {
        count += 1;
        const name = source.slice(index + 3, source.indexOf('>', index));
        if (!names.has(name)) names.set(name, count);
      }
    }
  }
  return { count, names };
}
