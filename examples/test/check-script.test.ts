// `pnpm check` (scripts/check.mjs), the contributors' fast loop: which packages a change
// touches, and the commands it runs for them (CONTRIBUTING.md, "Commands").
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { commandsFor, touchedPackages } from '../../scripts/check.mjs';

const script = fileURLToPath(new URL('../../scripts/check.mjs', import.meta.url));
const repository = fileURLToPath(new URL('../..', import.meta.url));

describe('touchedPackages', () => {
  it('names each workspace package that holds a changed file, once, by its package.json name', () => {
    const files = [
      'packages/matcher/src/checks.ts',
      'packages/matcher/test/checks.test.ts',
      'packages/core/src/ids.ts',
      'examples/seed-example.ts',
    ];
    expect(touchedPackages(files, repository)).toEqual([
      '@sigx/matcher',
      '@sigx/core',
      '@sigx/examples',
    ]);
  });

  it('names none for files outside the packages', () => {
    expect(
      touchedPackages(['README.md', 'docs/architecture.md', 'scripts/check.mjs'], repository),
    ).toEqual([]);
    expect(touchedPackages(['packages/no-such-package/src/x.ts'], repository)).toEqual([]);
  });
});

describe('commandsFor', () => {
  it('type-checks and lints the packages, checks the files, runs their unit tests only', () => {
    const commands = commandsFor(['packages/core/src/ids.ts'], ['@sigx/core', '@sigx/examples']);
    expect(commands).toEqual([
      [
        'pnpm',
        'exec',
        'turbo',
        'run',
        'typecheck',
        'lint',
        '--filter',
        '@sigx/core',
        '--filter',
        '@sigx/examples',
        '--output-logs=errors-only',
      ],
      ['pnpm', 'exec', 'prettier', '--check', '--ignore-unknown', 'packages/core/src/ids.ts'],
      [
        'pnpm',
        'exec',
        'vitest',
        'run',
        '--project',
        'core',
        '--project',
        'examples',
        '--exclude',
        '**/*.prop.test.ts',
        '--passWithNoTests',
      ],
    ]);
  });

  it('only checks the format when no package is touched', () => {
    expect(commandsFor(['docs/architecture.md'], [])).toEqual([
      ['pnpm', 'exec', 'prettier', '--check', '--ignore-unknown', 'docs/architecture.md'],
    ]);
  });
});

describe('the script', () => {
  const empty = mkdtempSync(join(tmpdir(), 'sigx-check-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('says there is nothing to check in a repository with no change, and exits 0', async () => {
    const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: empty });
    await git('init', '-q');
    mkdirSync(join(empty, 'docs'));
    writeFileSync(join(empty, 'docs', 'a.md'), '# a\n');
    await git('add', '.');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'a');
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: empty });
    expect(stdout).toContain('pnpm check: nothing changed, nothing to check');
  });
});
