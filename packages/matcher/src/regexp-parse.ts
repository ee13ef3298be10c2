/**
 * regexp-tree's parser and generator, and nothing else of it: its entry point also loads the
 * optimizer, interpreter and transforms (about a third of the package), which the matcher never
 * uses and browsers would download.
 */
import generator from 'regexp-tree/dist/generator/index.js';
import parser from 'regexp-tree/dist/parser/index.js';
import type { AstNode, AstRegExp } from 'regexp-tree/ast';

/**
 * Parses a pattern with regexp-tree.
 * @param source - the pattern's source.
 * @param flags - its flags; `d` is dropped (regexp-tree rejects it; it never changes a match).
 * @returns the AST.
 * @throws `SyntaxError` (regexp-tree's) when it cannot parse the pattern.
 */
export function parseRegExp(source: string, flags: string): AstRegExp {
  return parser.parse(`/${source}/${flags.replace('d', '')}`, { allowGroupNameDuplicates: true });
}

/**
 * Writes a node back as regex source.
 * @param node - a node of a regexp-tree AST.
 * @returns its source.
 * @throws on the malformed trees regexp-tree makes of some escapes.
 */
export function generateSource(node: AstNode): string {
  return generator.generate(node);
}
