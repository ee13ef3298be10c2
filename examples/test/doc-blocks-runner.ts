// Runs the documentation's code blocks, rewritten by doc-blocks.ts, one after the other in
// this one process (a process per block would cost a tsx start-up each), and writes what
// each block's checks found. Usage: node --import tsx --conditions=@sigx/source
// doc-blocks-runner.ts <manifest.json>. docs-examples.test.ts reads the results.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { format, inspect } from 'node:util';
import type { DocCheck } from './doc-blocks.js';

/** What the test writes: the blocks to run, in order, and where the results go. */
export interface RunnerManifest {
  readonly blocks: readonly {
    readonly id: string;
    readonly path: string;
    readonly checks: readonly DocCheck[];
  }[];
  readonly results: string;
  /** How long one block may take, in milliseconds. */
  readonly timeoutMs: number;
}

/** What the runner writes for each block. */
export interface BlockResult {
  readonly id: string;
  /** What the block threw or rejected with, or why it could not finish; `null` if it ran. */
  error: string | null;
  /** Per check: how often it ran, and its failures. */
  readonly checks: { readonly line: number; runs: number; readonly failures: string[] }[];
  /** What the block wrote to the console (shown when it fails). */
  output: string;
}

const manifest = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RunnerManifest;
const results = new Map<string, BlockResult>(
  manifest.blocks.map((block) => [
    block.id,
    {
      id: block.id,
      error: null,
      checks: block.checks.map((check) => ({ line: check.line, runs: 0, failures: [] })),
      output: '',
    },
  ]),
);
const checksOf = new Map(manifest.blocks.map((block) => [block.id, block.checks]));
let current: BlockResult | undefined;

/** The expected value after `→`: the longest leading part of the text that is a JS value. */
function readExpected(text: string): { readonly value: unknown } | null {
  // Commentary may follow the value: `false: a literal level`, `['a'] (after …)`.
  const cuts = [text.length, ...[...text.matchAll(/[:;(]|\s—/g)].map((match) => match.index)];
  for (const cut of cuts) {
    try {
      return { value: new Function(`return (${text.slice(0, cut)});`)() as unknown };
    } catch {
      // not a value: try a shorter part
    }
  }
  return null;
}

/** Arrays and primitives compare exactly (`Object.is`); objects on the keys shown. */
function matches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => matches(actual[i], item))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    return Object.entries(expected).every(([key, value]) =>
      matches((actual as Record<string, unknown>)[key], value),
    );
  }
  return Object.is(actual, expected);
}

function checkOf(blockId: string, index: number): { check: DocCheck; result: BlockResult } {
  const result = results.get(blockId)!;
  result.checks[index]!.runs++;
  return { check: checksOf.get(blockId)![index]!, result };
}

function fail(result: BlockResult, index: number, message: string): void {
  result.checks[index]!.failures.push(message);
}

function errorNames(error: unknown): string[] {
  const names: string[] = [];
  if (error instanceof Error) names.push(error.name);
  for (let proto: unknown = error; typeof proto === 'object' && proto !== null;) {
    proto = Object.getPrototypeOf(proto);
    const name = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

const checks = {
  value(blockId: string, index: number, actual: unknown): void {
    const { check, result } = checkOf(blockId, index);
    const expected = readExpected(check.expected);
    if (expected === null) {
      fail(result, index, `cannot read "${check.expected}" as a value`);
    } else if (!matches(actual, expected.value)) {
      fail(
        result,
        index,
        `${check.source}\n  claimed: ${check.expected}\n  actual:  ${inspect(actual, { depth: 6 })}`,
      );
    }
  },
  log(blockId: string, index: number, args: unknown[]): void {
    const { check, result } = checkOf(blockId, index);
    const printed = format(...args);
    if (printed.trim() !== check.expected) {
      fail(
        result,
        index,
        `${check.source}\n  claimed output: ${check.expected}\n  actual output:  ${printed}`,
      );
    }
  },
  throws(blockId: string, index: number, run: () => unknown): unknown {
    const { check, result } = checkOf(blockId, index);
    const name = check.expected.split(/\s/)[0]!;
    const judge = (error: unknown): void => {
      if (!errorNames(error).includes(name)) {
        fail(result, index, `${check.source}\n  claimed to throw ${name}, threw ${inspect(error)}`);
      }
    };
    let returned: unknown;
    try {
      returned = run();
    } catch (error) {
      judge(error);
      return undefined;
    }
    if (returned instanceof Promise) {
      return returned.then(
        () => fail(result, index, `${check.source}\n  claimed to reject with ${name}, resolved`),
        judge,
      );
    }
    fail(result, index, `${check.source}\n  claimed to throw ${name}, did not throw`);
    return undefined;
  },
};
(globalThis as { __sigxDocs?: typeof checks }).__sigxDocs = checks;

// What blocks print goes to their result, not to the test's output.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[method] = (...args: unknown[]) => {
    if (current) current.output += `${format(...args)}\n`;
  };
}
const blame = (error: unknown): void => {
  if (current) current.error ??= `unhandled while it ran: ${inspect(error)}`;
};
process.on('unhandledRejection', blame);
process.on('uncaughtException', blame);

for (const block of manifest.blocks) {
  current = results.get(block.id)!;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      import(pathToFileURL(block.path).href),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`did not finish within ${manifest.timeoutMs} ms`)),
          manifest.timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    current.error = inspect(error);
  } finally {
    clearTimeout(timer);
  }
}
current = undefined;
writeFileSync(manifest.results, JSON.stringify([...results.values()], null, 2));
// Blocks may leave timers (a late handler) or sockets behind: the results are written.
process.exit(0);
