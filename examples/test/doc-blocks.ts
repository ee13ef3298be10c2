// The code blocks of the documentation, as programs: docs-examples.test.ts runs them and
// type-checks them. This file finds the blocks and turns their `// →` and `// throws`
// comments into checks; doc-blocks-runner.ts runs what it writes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The languages whose blocks are run; any other language tag is shown, not run. */
const RUN_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript']);

/** A fenced code block of a Markdown file. */
export interface DocBlock {
  /** `docs/pattern-semantics.md:42`: the file (from the repository root) and the fence's line. */
  readonly id: string;
  readonly file: string;
  /** Line of the opening fence, 1-based: line `n` of `code` is line `line + n` of the file. */
  readonly line: number;
  /** The first word of the info string (`ts`, `sh`, `text`), or `''`. */
  readonly lang: string;
  /** The rest of the info string, e.g. `no-run: a fragment of the block above`. */
  readonly meta: string;
  readonly code: string;
  /** Whether the block is run: a `RUN_LANGUAGES` block not marked `no-run`. */
  readonly run: boolean;
}

/** One `// →` or `// throws` comment, turned into a check. */
export interface DocCheck {
  /** Line in the Markdown file. */
  readonly line: number;
  readonly kind: 'value' | 'log' | 'throws';
  /** The statement, as written. */
  readonly source: string;
  /** The text after `→` or `throws`. */
  readonly expected: string;
}

/** The Markdown files whose code blocks are examples: the READMEs and docs/. */
export function docFiles(root: string): string[] {
  const files = ['README.md'];
  for (const name of readdirSync(join(root, 'docs')).sort()) {
    if (name.endsWith('.md')) files.push(`docs/${name}`);
  }
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    if (existsSync(join(root, 'packages', name, 'README.md'))) {
      files.push(`packages/${name}/README.md`);
    }
  }
  return files;
}

/** The fenced code blocks of a Markdown file (backtick or tilde fences, any indentation). */
export function extractBlocks(root: string, file: string): DocBlock[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)\s*(.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const [, indent = '', fence = '', lang = '', meta = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close !== null && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    const run = RUN_LANGUAGES.has(lang) && !/^no-run\b/.test(meta);
    blocks.push({
      id: `${file}:${i + 1}`,
      file,
      line: i + 1,
      lang,
      meta: meta.trim(),
      code: body.join('\n'),
      run,
    });
    i = j;
  }
  return blocks;
}

const ARROW = /^\/\/\s*→\s?(.*)$/;
const THROWS = /^\/\/\s*throws\b\s*(.*)$/;

/**
 * Rewrites a block so that it checks its own claims. A statement followed on its line by
 * `// → value` becomes `__sigxDocs.value(block, n, (expression))`: the runner compares the value with
 * the text after `→`, read as a JavaScript value (objects partially: the keys shown). A
 * `console.log(...)` statement becomes `__sigxDocs.log(block, n, [...])`: what it would print is
 * compared with the text. `// throws Name` checks that the statement throws (or rejects with)
 * an error of that name. Any such comment that does not follow a whole expression statement
 * is an error, so that no claim goes unchecked.
 */
export function rewriteBlock(block: DocBlock): { code: string; checks: DocCheck[] } {
  const source = ts.createSourceFile('block.ts', block.code, ts.ScriptTarget.ES2022, true);
  const edits: { start: number; end: number; text: string }[] = [];
  const checks: DocCheck[] = [];
  const consumed = new Set<number>();
  const lineOf = (position: number): number =>
    block.line + 1 + source.getLineAndCharacterOfPosition(position).line;

  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const comment = ts.getTrailingCommentRanges(block.code, node.end)?.[0];
      const text = comment && block.code.slice(comment.pos, comment.end);
      const arrow = text === undefined ? null : ARROW.exec(text);
      const throws = text === undefined ? null : THROWS.exec(text);
      if (comment && (arrow || throws)) {
        consumed.add(comment.pos);
        const id = `${JSON.stringify(block.id)}, ${checks.length}`;
        const expression = node.expression;
        const statement = node.getText(source);
        const expressionText = expression.getText(source);
        const expected = (arrow?.[1] ?? throws?.[1] ?? '').trim();
        let replacement: string;
        let kind: DocCheck['kind'];
        if (throws) {
          kind = 'throws';
          replacement = /\bawait\b/.test(expressionText)
            ? `await __sigxDocs.throws(${id}, async () => { ${expressionText}; });`
            : `__sigxDocs.throws(${id}, () => { ${expressionText}; });`;
        } else if (
          ts.isCallExpression(expression) &&
          expression.expression.getText(source) === 'console.log'
        ) {
          kind = 'log';
          const args = expression.arguments.map((argument) => argument.getText(source));
          replacement = `__sigxDocs.log(${id}, [${args.join(', ')}]);`;
        } else {
          kind = 'value';
          replacement = `__sigxDocs.value(${id}, (${expressionText}));`;
        }
        checks.push({ line: lineOf(node.getStart(source)), kind, source: statement, expected });
        edits.push({ start: node.getStart(source), end: node.end, text: replacement });
        return; // a checked statement's inner statements are not checked on their own
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  // Every claim must have become a check. Comments are found through the tokens of the tree
  // (a scanner on its own would read the `//` of a regex literal such as `/a\//` as one).
  const comments = new Set<number>();
  const collect = (node: ts.Node): void => {
    for (const range of [
      ...(ts.getLeadingCommentRanges(block.code, node.pos) ?? []),
      ...(ts.getTrailingCommentRanges(block.code, node.end) ?? []),
    ]) {
      if (range.kind === ts.SyntaxKind.SingleLineCommentTrivia) comments.add(range.pos);
    }
    for (const child of node.getChildren(source)) collect(child);
  };
  collect(source);
  for (const position of comments) {
    const lineEnd = block.code.indexOf('\n', position);
    const text = block.code.slice(position, lineEnd === -1 ? undefined : lineEnd);
    if ((ARROW.test(text) || THROWS.test(text)) && !consumed.has(position)) {
      throw new Error(
        `${block.file}:${lineOf(position)}: "${text}" does not follow a whole expression ` +
          'statement on its line, so it cannot be checked',
      );
    }
  }

  let code = block.code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  }
  return { code, checks };
}

/** A file name for a block: `docs_pattern-semantics.md_L42`. */
export function blockFileName(block: DocBlock): string {
  return `${block.file.replaceAll('/', '_')}_L${block.line}`;
}
