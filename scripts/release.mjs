// `pnpm release [--dry-run] [other pnpm publish flags]`: builds the packages, packs every public
// one, checks each tarball with `publint --strict` and `attw` (what npm would receive, with
// `workspace:` ranges already replaced), then runs `pnpm -r publish`. Run it after
// `pnpm changeset version` has bumped the versions and written the changelogs, and that
// commit is on main. With `--dry-run` nothing is published, and git checks are skipped (the
// version commit may not exist yet); `pnpm pack` lists what each tarball holds.
// See CONTRIBUTING.md, "Releasing".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'node_modules', '.bin');
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');

/** Runs a command with inherited output; a failure ends the release. */
function run(command, commandArgs, cwd = root) {
  console.log(`\n$ ${[command, ...commandArgs].join(' ')}`);
  execFileSync(command, commandArgs, { cwd, stdio: 'inherit' });
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

run('pnpm', ['build']);

const tarballs = mkdtempSync(join(tmpdir(), 'sigx-release-'));
try {
  for (const { dir, manifest } of packages) {
    run('pnpm', ['pack', '--pack-destination', tarballs], dir);
    const tarball = join(
      tarballs,
      `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`,
    );
    run(join(bin, 'publint'), ['--strict', tarball]);
    run(join(bin, 'attw'), [tarball, '--profile', 'esm-only']);
  }
} finally {
  rmSync(tarballs, { recursive: true, force: true });
}

run('pnpm', [
  '-r',
  'publish',
  '--access',
  'public',
  ...(dryRun && !args.includes('--no-git-checks') ? ['--no-git-checks'] : []),
  ...args,
]);
console.log(dryRun ? '\nDry run: nothing was published.' : '\nPublished.');
