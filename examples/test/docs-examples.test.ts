// The documentation's examples are programs: every ```ts block of README.md, docs/*.md and
// the package READMEs runs here (against the packages' sources), each `// → value`,
// `console.log(...); // → output` and `// throws Name` claim in it is checked, and every block
// is type-checked with tsc. A block that cannot run says so in its info string
// (```ts no-run: why), which should be rare. See CONTRIBUTING.md, "Examples in the docs".
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startNatsServer, type NatsServer } from '@sigx/nats/testing';
import { startRedisServer, type RedisServer } from '@sigx/redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockFileName,
  docFiles,
  extractBlocks,
  rewriteBlock,
  type DocBlock,
  type DocCheck,
} from './doc-blocks.js';
import type { BlockResult, RunnerManifest } from './doc-blocks-runner.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const examplesDir = join(root, 'examples');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const blocks = docFiles(root).flatMap((file) => extractBlocks(root, file));
const runnable = blocks.filter((block) => block.run);

/**
 * Blocks that are not documentation: they prove that a false claim fails, that a claim which
 * never runs fails, and that a true one passes.
 */
const probe = (name: string, code: string): DocBlock => ({
  id: `probe:${name}`,
  file: `probe-${name}.md`,
  line: 1,
  lang: 'ts',
  meta: '',
  code,
  run: true,
});
const probes = {
  right: probe(
    'right',
    [
      "[1, 'a']; // → [1, 'a']",
      '({ a: 1, b: { c: [2] }, d: 3 }); // → { a: 1, b: { c: [2] } }',
      "console.log('x', 1); // → x 1",
      "JSON.parse('{'); // throws SyntaxError",
      'await Promise.reject(new RangeError()); // throws RangeError',
      'false; // → false: with a remark after it',
    ].join('\n'),
  ),
  wrongValue: probe('wrong-value', '1 + 1; // → 3'),
  wrongArray: probe('wrong-array', "['a', 'b']; // → ['b', 'a']"),
  wrongLog: probe('wrong-log', "console.log('a'); // → b"),
  noThrow: probe('no-throw', '1; // throws TypeError'),
  neverRan: probe('never-ran', 'try {\n  1;\n} catch (error) {\n  error; // → 1\n}'),
  fails: probe('fails', "throw new Error('boom');"),
};

/** Line `n` (1-based) of a block's file is line `block.line + n` of its Markdown file. */
function markdownLocation(fileName: string, line: number): string {
  const block = blocks.find((candidate) => blockFileName(candidate) === fileName);
  return block ? `${block.file}:${block.line + line}` : `${fileName}:${line}`;
}

describe('the code blocks of README.md, docs/ and the package READMEs', () => {
  const workDir = join(examplesDir, '.doc-blocks', String(process.pid));
  const rewriteErrors = new Map<string, string>();
  const checksOf = new Map<string, readonly DocCheck[]>();
  let results = new Map<string, BlockResult>();
  let typeErrors: string[] = [];
  let redis: RedisServer | undefined;
  let nats: NatsServer | undefined;

  beforeAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(join(workDir, 'run'), { recursive: true });
    mkdirSync(join(workDir, 'check'), { recursive: true });

    const manifestBlocks: RunnerManifest['blocks'][number][] = [];
    const manifest: RunnerManifest = {
      blocks: manifestBlocks,
      results: join(workDir, 'results.json'),
      timeoutMs: 15_000,
    };
    for (const block of [...runnable, ...Object.values(probes)]) {
      const name = blockFileName(block);
      let rewritten: ReturnType<typeof rewriteBlock>;
      try {
        rewritten = rewriteBlock(block);
      } catch (error) {
        rewriteErrors.set(block.id, String(error));
        continue;
      }
      checksOf.set(block.id, rewritten.checks);
      const path = join(workDir, 'run', `${name}.ts`);
      writeFileSync(path, rewritten.code);
      manifestBlocks.push({ id: block.id, path, checks: rewritten.checks });
      if (!block.id.startsWith('probe:')) {
        // Type-checked as written; `export {}` makes a block without imports a module too.
        writeFileSync(join(workDir, 'check', `${name}.ts`), `${block.code}\nexport {};\n`);
      }
    }
    writeFileSync(join(workDir, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(
      join(workDir, 'check', 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../tsconfig.json',
        compilerOptions: { isolatedDeclarations: false, declaration: false, noEmit: true },
        include: ['*.ts'],
      }),
    );

    // The @sigx/redis examples connect to process.env.REDIS_URL, the @sigx/nats ones to
    // process.env.NATS_URL (JetStream on, for the durable mode).
    redis = await startRedisServer();
    nats = await startNatsServer({ jetstream: true });
    const runBlocks = run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@sigx/source',
        'test/doc-blocks-runner.ts',
        join(workDir, 'manifest.json'),
      ],
      {
        cwd: examplesDir,
        timeout: 150_000,
        env: { ...process.env, REDIS_URL: redis.url, NATS_URL: nats.url },
      },
    );
    const typeCheck = run(process.execPath, [tsc, '-p', join(workDir, 'check')], {
      cwd: examplesDir,
      timeout: 150_000,
    }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    const [, tscOutput] = await Promise.all([runBlocks, typeCheck]);
    const read = JSON.parse(readFileSync(manifest.results, 'utf8')) as BlockResult[];
    results = new Map(read.map((result) => [result.id, result]));
    typeErrors = tscOutput
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) =>
        line.replace(
          /^(?:.*[\\/])?([^\\/(]+)\.ts\((\d+),(\d+)\)/,
          (_, file: string, line: string) => markdownLocation(file, Number(line)),
        ),
      );
  }, 180_000);

  afterAll(async () => {
    await redis?.stop();
    await nats?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Every way the block failed: an error, a failed claim, a claim that never ran. */
  function problemsOf(id: string): string[] {
    const rewriteError = rewriteErrors.get(id);
    if (rewriteError !== undefined) return [rewriteError];
    const result = results.get(id);
    if (result === undefined) return ['the runner did not report on it'];
    const problems: string[] = [];
    if (result.error !== null) problems.push(`it failed: ${result.error}`);
    const checks = checksOf.get(id) ?? [];
    result.checks.forEach((check, i) => {
      for (const failure of check.failures) problems.push(`line ${check.line}: ${failure}`);
      if (check.runs === 0) {
        problems.push(`line ${check.line}: never ran: ${checks[i]?.source ?? ''}`);
      }
    });
    if (problems.length > 0 && result.output !== '') problems.push(`it printed:\n${result.output}`);
    return problems;
  }

  it('gives every code block a language, and every no-run block a reason', () => {
    const unlabelled = blocks.filter((block) => block.lang === '').map((block) => block.id);
    expect(unlabelled, 'code blocks without a language (use text for diagrams)').toEqual([]);
    const noRun = blocks.filter((block) => /^no-run\b/.test(block.meta));
    for (const block of noRun) {
      expect(block.meta, `${block.id}: say why it cannot run`).toMatch(/^no-run:\s*\S/);
    }
    // The marking is for the rare fragment: most examples run.
    expect(noRun.length).toBeLessThanOrEqual(runnable.length / 10);
  });

  it.each(runnable.map((block) => [block.id, block] as const))(
    '%s runs, and what its comments claim holds',
    (id) => {
      expect(problemsOf(id)).toEqual([]);
    },
  );

  it('type-checks every block with tsc', () => {
    expect(typeErrors).toEqual([]);
  });

  it('checks claims: true ones pass, false, unproved and failing ones fail', () => {
    expect(problemsOf(probes.right.id)).toEqual([]);
    expect(checksOf.get(probes.right.id)).toHaveLength(6);
    const failing = [
      probes.wrongValue,
      probes.wrongArray,
      probes.wrongLog,
      probes.noThrow,
      probes.neverRan,
      probes.fails,
    ];
    for (const block of failing) expect(problemsOf(block.id), block.id).not.toEqual([]);
    expect(problemsOf(probes.neverRan.id).join('\n')).toContain('never ran');
    expect(problemsOf(probes.fails.id).join('\n')).toContain('boom');
  });

  it('refuses a claim it cannot check', () => {
    const block = probe('unattached', 'const x = 1; // → 1\nconst y = [\n  2, // → 2\n];');
    expect(() => rewriteBlock(block)).toThrow(/does not follow a whole expression statement/);
  });
});
