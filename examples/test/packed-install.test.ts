// What a user of the tarballs gets (issue 13): `@sigx/matcher` and `@sigx/core` packed as npm
// would receive them, installed with pnpm into a throwaway project outside the workspace, the
// way the install docs say. pnpm does not hoist, so `@sigx/core` alone must be enough for the
// docs' examples: one runs there, under plain `node`, importing only from `@sigx/core`.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT = 60_000;

/** The fields of a packed `package.json` the test reads. */
interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

// docs/migrating.md's "The same program, an emitter's and sigx's", as JavaScript (the project
// has no TypeScript), with every import from `@sigx/core` as the install docs promise.
const EXAMPLE = `
import { Message, SignalExchange, mqtt } from '@sigx/core';

const exchange = new SignalExchange();
const temperatures = [];
exchange.subscribe({
  topicPattern: mqtt('sensors/+/temp'),
  handler: (id, publisher, message) => void temperatures.push(message.value),
});
const result = await exchange.publish({
  message: new Message({ publisherName: null, topic: 'sensors/hall/temp', value: 21 }),
});

const shutdown = exchange.next({ topicPattern: 'shutdown$', signal: AbortSignal.timeout(1000) });
await exchange.publish({
  message: new Message({ publisherName: 'ops', topic: 'shutdown', value: 'now' }),
});
console.log(JSON.stringify({ result, shutdown: (await shutdown).value, temperatures }));
`;

let work: string;
let project: string;
/** Each package's tarball (its file name in `project`) and the manifest inside it. */
const packed = new Map<'matcher' | 'core', { manifest: Manifest; tarball: string }>();
const packedOf = (name: 'matcher' | 'core') => packed.get(name)!;

beforeAll(async () => {
  for (const name of ['matcher', 'core']) {
    if (!existsSync(join(root, 'packages', name, 'dist', 'index.js'))) {
      throw new Error(
        `packages/${name}/dist is missing: run \`pnpm build\` first (\`pnpm test\` builds ` +
          'before it runs vitest)',
      );
    }
  }
  // A temporary directory is outside the workspace: no pnpm-workspace.yaml above it.
  work = mkdtempSync(join(tmpdir(), 'sigx-packed-install-'));
  project = join(work, 'project');
  mkdirSync(project);
  const [store, ...tarballs] = await Promise.all([
    // The workspace's store, so that the registry's dependencies come from it, offline.
    run('pnpm', ['store', 'path'], { cwd: root }).then(({ stdout }) => stdout.trim()),
    ...(['matcher', 'core'] as const).map((name) =>
      run('pnpm', ['pack', '--json', '--pack-destination', project], {
        cwd: join(root, 'packages', name),
      }).then(({ stdout }) => basename((JSON.parse(stdout) as { filename: string }).filename)),
    ),
  ]);
  for (const [i, name] of (['matcher', 'core'] as const).entries()) {
    const file = tarballs[i]!;
    // The manifest inside the tarball: what an installer reads (workspace ranges replaced).
    const { stdout } = await run('tar', ['-xzOf', file, 'package/package.json'], { cwd: project });
    packed.set(name, { manifest: JSON.parse(stdout) as Manifest, tarball: file });
  }

  // The recipe of docs/getting-started.md: `@sigx/matcher` is not on the registry, so the
  // range `@sigx/core` asks for is pointed at its tarball.
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'sigx-packed-install', private: true, type: 'module' }),
  );
  writeFileSync(
    join(project, 'pnpm-workspace.yaml'),
    `overrides:\n  '@sigx/matcher': file:./${packedOf('matcher').tarball}\n`,
  );
  await run(
    'pnpm',
    ['add', '--prefer-offline', `--store-dir=${store}`, `./${packedOf('core').tarball}`],
    { cwd: project, timeout: TIMEOUT },
  );
  writeFileSync(join(project, 'example.mjs'), EXAMPLE);
}, TIMEOUT);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs, installed with pnpm in a project of their own', () => {
  it(
    'runs a docs example that imports only from @sigx/core',
    async () => {
      const { stdout } = await run(process.execPath, ['example.mjs'], {
        cwd: project,
        timeout: TIMEOUT,
      });
      expect(JSON.parse(stdout)).toEqual({
        result: { matched: 1, delivered: 1, failed: 0 },
        shutdown: 'now',
        temperatures: [21],
      });
    },
    TIMEOUT,
  );

  it(
    'cannot import @sigx/matcher, so the example owes nothing to hoisting',
    async () => {
      const failure = await run(
        process.execPath,
        ['--input-type=module', '--eval', "await import('@sigx/matcher')"],
        { cwd: project, timeout: TIMEOUT },
      ).then(
        () => null,
        (error: { stderr: string }) => error.stderr,
      );
      expect(failure).toContain('ERR_MODULE_NOT_FOUND');
      expect(failure).toContain("Cannot find package '@sigx/matcher'");
      // Nor are the matcher's own dependencies at the top, though they are installed.
      const virtualStore = readdirSync(join(project, 'node_modules', '.pnpm'));
      const dependencies = Object.keys(packedOf('matcher').manifest.dependencies ?? {});
      for (const dependency of dependencies) {
        expect(existsSync(join(project, 'node_modules', dependency)), dependency).toBe(false);
        const stored = `${dependency.replace('/', '+')}@`;
        expect(
          virtualStore.some((entry) => entry.startsWith(stored)),
          dependency,
        ).toBe(true);
      }
    },
    TIMEOUT,
  );

  it('ships @sigx/core depending on @sigx/matcher by a registry range', () => {
    const [matcher, core] = [packedOf('matcher'), packedOf('core')];
    // Not `workspace:^`: pnpm replaced it when packing, so the override above has a range to meet.
    expect(core.manifest.dependencies?.[matcher.manifest.name]).toBe(
      `^${matcher.manifest.version}`,
    );
  });
});
