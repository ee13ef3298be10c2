/**
 * The tree `parseRegExp` (`regexp-parser.ts`) makes of a pattern, and helpers over it shared
 * by the analyses. Node shapes follow regexp-tree's AST, which the analyses were first written
 * against, but for alternations, which hold their alternatives in one list (so that walking a
 * tree goes as deep as its groups nest, not as long as an alternation is); every node also
 * keeps `raw`, its text in the source, for messages.
 */

/** A parsed pattern. */
export interface AstRegExp {
  readonly type: 'RegExp';
  readonly body: Expression | null;
  readonly flags: string;
}

/** Any node of a pattern but a class range (which only occurs inside a class). */
export type Expression =
  | Alternative
  | Disjunction
  | Char
  | CharacterClass
  | UnicodeProperty
  | Group
  | Backreference
  | Assertion
  | Repetition;

interface Base {
  /** The node's text in the pattern's source. */
  readonly raw: string;
}

/** Two or more terms in sequence (a single term stands alone, nothing is `null`). */
export interface Alternative extends Base {
  readonly type: 'Alternative';
  readonly expressions: readonly Expression[];
}

/** `a|b|c`: two or more alternatives, in order; `null` is an empty alternative. */
export interface Disjunction extends Base {
  readonly type: 'Disjunction';
  readonly alternatives: readonly (Expression | null)[];
}

/**
 * One character, or a character class escape (`.`, `\d`, …) as a `meta` char.
 * - `simple`: a literal (`escaped` when written as an identity escape such as `\/`);
 * - `meta`: `.`, `\d` `\D` `\s` `\S` `\w` `\W` (`codePoint` NaN), `\f` `\n` `\r` `\t` `\v` and
 *   a class's `\b` (their code point);
 * - `decimal`: `\0`; `oct`: a legacy octal escape (`\01`, `\7` without 7 groups);
 * - `hex`: `\xHH`; `unicode`: `\uHHHH`, `\u{…}`, an escaped surrogate pair; `control`: `\cX`.
 */
export interface Char extends Base {
  readonly type: 'Char';
  readonly kind: 'simple' | 'meta' | 'decimal' | 'oct' | 'hex' | 'unicode' | 'control';
  /** The character as written: itself for `simple`, else the escape (`\n`, `\x41`). */
  readonly value: string;
  /** The code point it matches (under `u` a whole code point, else a code unit); NaN for a class. */
  readonly codePoint: number;
  readonly escaped?: true;
}

/** `\p{…}` or `\P{…}` (under `u`). */
export interface UnicodeProperty extends Base {
  readonly type: 'UnicodeProperty';
  readonly negative: boolean;
}

/** `[…]` or `[^…]`. */
export interface CharacterClass extends Base {
  readonly type: 'CharacterClass';
  readonly negative?: true;
  readonly expressions: readonly (Char | ClassRange | UnicodeProperty)[];
}

/** `a-z` inside a class. */
export interface ClassRange extends Base {
  readonly type: 'ClassRange';
  readonly from: Char;
  readonly to: Char;
}

/** `(…)`, `(?<name>…)` or `(?:…)`. */
export interface Group extends Base {
  readonly type: 'Group';
  readonly capturing: boolean;
  /** Its number, for a capturing group. */
  readonly number?: number;
  readonly name?: string;
  readonly expression: Expression | null;
}

/** `\1` or `\k<name>`. */
export interface Backreference extends Base {
  readonly type: 'Backreference';
  readonly kind: 'number' | 'name';
  /** The group's number; 0 when a name's group is not known. */
  readonly number: number;
}

/** `^`, `$`, `\b`, `\B`, or a look-around with the pattern it asserts. */
export interface Assertion extends Base {
  readonly type: 'Assertion';
  readonly kind: '^' | '$' | '\\b' | '\\B' | 'Lookahead' | 'Lookbehind';
  readonly negative?: true;
  readonly assertion?: Expression | null;
}

/** A quantified node. */
export interface Repetition extends Base {
  readonly type: 'Repetition';
  readonly expression: Expression;
  readonly quantifier: Quantifier;
}

/** `*`, `+`, `?` or `{from,to}` (`to` absent for `{n,}`), greedy or lazy. */
export interface Quantifier {
  readonly type: 'Quantifier';
  readonly kind: '*' | '+' | '?' | 'Range';
  readonly from?: number;
  readonly to?: number;
  readonly greedy: boolean;
}

/**
 * A node's source text, with lone surrogates written as escapes so that it is safe to print.
 * @param node - a node, or `null` for nothing.
 * @returns its text.
 */
export function nodeSource(node: Expression | ClassRange | null): string {
  if (node === null) return '';
  return node.raw.replace(
    /[\uD800-\uDFFF]/gu,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A node's source in backquotes, for messages.
 * @param node - a node, or `null` for nothing.
 * @returns the text in backquotes.
 */
export function show(node: Expression | null): string {
  return `\`${nodeSource(node)}\``;
}

/**
 * How many times a repetition may repeat its node.
 * @param node - a repetition.
 * @returns its minimum and maximum (`Infinity` for `*`, `+` and `{n,}`).
 */
export function quantifierBounds(node: Repetition): { min: number; max: number } {
  const quantifier = node.quantifier;
  switch (quantifier.kind) {
    case '*':
      return { min: 0, max: Infinity };
    case '+':
      return { min: 1, max: Infinity };
    case '?':
      return { min: 0, max: 1 };
    case 'Range':
      return { min: quantifier.from ?? 0, max: quantifier.to ?? Infinity };
  }
}
