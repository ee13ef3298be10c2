// Types of the two regexp-tree modules the matcher loads (see regexp-parse.ts); the package
// types only its entry point, which would also load its optimizer and interpreter.
declare module 'regexp-tree/dist/parser/index.js' {
  import type { ParserOptions } from 'regexp-tree';
  import type { AstRegExp } from 'regexp-tree/ast';
  const parser: { parse(regexp: string, options?: ParserOptions): AstRegExp };
  export = parser;
}

declare module 'regexp-tree/dist/generator/index.js' {
  import type { AstNode } from 'regexp-tree/ast';
  const generator: { generate(node: AstNode | null): string };
  export = generator;
}
