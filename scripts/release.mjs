// `pnpm release [--dry-run] [other pnpm publish flags]`: first asks the registry who owns each
// public package's name and scope, and refuses to go on when that is someone other than the
// publishing user, or when the registry cannot be reached (scripts/registry-scope.mjs; a dry
// run warns and goes on). Then it builds the packages, packs every public one, checks each
// tarball with `publint --strict` and `attw` (what npm would receive, with `workspace:` ranges
// already replaced), then runs `pnpm -r publish`. Run it after
// `pnpm changeset version` has bumped the versions and written the changelogs, and that
// commit is on main. With `--dry-run` nothing is published, and git checks are skipped (the
// version commit may not exist yet); `pnpm pack` lists what each tarball holds.
// See CONTRIBUTING.md, "Releasing".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPublishScope, npmRegistry } from './registry-scope.mjs';

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

// The `@sigx` scope of the public registry belongs to another project (issue 13): the search
// and access list that would show it are not offered by every registry or mirror, so a package
// known to be in it is looked at too.
const KNOWN_SCOPE_PACKAGES = ['@sigx/reactivity'];
// A `--registry` flag for pnpm publish applies to the check too.
const registryArg = args
  .map((arg, i) => (arg === '--registry' ? args[i + 1] : /^--registry=(.+)$/.exec(arg)?.[1]))
  .find((value) => value !== undefined);
const scope = await checkPublishScope({
  names: packages.map(({ manifest }) => manifest.name),
  registry: await npmRegistry({
    cwd: root,
    ...(registryArg === undefined ? {} : { registry: registryArg }),
  }),
  dryRun,
  knownScopePackages: KNOWN_SCOPE_PACKAGES,
});
for (const line of scope.lines) console.warn(line);
if (scope.refuse) process.exit(1);

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
