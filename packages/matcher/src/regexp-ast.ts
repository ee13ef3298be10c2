/** Helpers over regexp-tree's AST shared by the analyses: a node's text, a quantifier's bounds. */
import type { Expression, Repetition } from 'regexp-tree/ast';
import { generateSource } from './regexp-parse.js';

/**
 * A node's source as regexp-tree writes it back; lone surrogates are written as escapes, so
 * the text is safe to print.
 * @param node - a node of a regexp-tree AST, or `null` for nothing.
 */
export function nodeSource(node: Expression | null): string {
  if (node === null) return '';
  let source: string;
  try {
    // generate() throws on the malformed trees regexp-tree makes of some escapes.
    source = Array.isArray(node) ? 'misread escape' : generateSource(node);
  } catch {
    source = node.type;
  }
  return source.replace(
    /[\uD800-\uDFFF]/gu,
    (unit) => `\\u${unit.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * A node's source in backquotes, for messages.
 * @param node - a node of a regexp-tree AST, or `null` for nothing.
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
      return { min: quantifier.from, max: quantifier.to ?? Infinity };
  }
}
