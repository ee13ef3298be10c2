// `pnpm release:check` (part of `pnpm test`): rehearses a release in a throwaway clone of the
// committed repository, so that this repository's own changesets and packages are never
// touched: `pnpm install`, `pnpm changeset version` (consumes the pending changesets, bumps the
// versions, writes the changelogs), then `pnpm release --dry-run` (build, pack, publint --strict
// and attw on every tarball, `pnpm -r publish --dry-run`). It checks what is committed: run it
// after committing. See CONTRIBUTING.md, "Releasing".
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const clone = mkdtempSync(join(tmpdir(), 'sigx-release-check-'));

/** Runs a command in the clone; its output is shown only if it fails. */
function run(command, args) {
  const line = [command, ...args].join(' ');
  try {
    return execFileSync(command, args, { cwd: clone, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`release check: \`${line}\` failed`, { cause: error });
  }
}

/** The published packages, by folder (the private bench is not one). */
const PUBLISHED = ['matcher', 'core', 'redis', 'bridge', 'nats'];

const version = (name) =>
  JSON.parse(readFileSync(join(clone, 'packages', name, 'package.json'), 'utf8')).version;

try {
  run('git', ['clone', '--quiet', root, clone]);
  run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']);
  const before = PUBLISHED.map(version);
  run('pnpm', ['changeset', 'version']);
  const after = PUBLISHED.map(version);
  // The dry run warns (on stderr) about what would stop a real release, such as a scope that
  // belongs to someone else: shown here, as the rest of its output is not.
  const release = spawnSync('pnpm', ['release', '--dry-run'], { cwd: clone, encoding: 'utf8' });
  if (release.status !== 0) {
    process.stderr.write(`${release.stdout}${release.stderr}`);
    throw new Error('release check: `pnpm release --dry-run` failed');
  }
  const output = release.stdout;
  const warnings = release.stderr.split('\n').filter((line) => line.startsWith('release: '));
  const skipped = output.match(/Skip publishing \S+/g) ?? [];
  if (skipped.length !== PUBLISHED.length) {
    process.stderr.write(output);
    throw new Error(
      `release check: expected ${PUBLISHED.length} packages in the dry run, saw ${skipped.length}`,
    );
  }
  for (const line of warnings) console.warn(line);
  console.log(
    `release check: changeset version took @sigx/${PUBLISHED.join(', ')} from ${before.join(', ')} ` +
      `to ${after.join(', ')}; their tarballs pass publint --strict and attw; ` +
      `the dry run would publish ${skipped.map((s) => s.replace('Skip publishing ', '')).join(', ')}`,
  );
} finally {
  rmSync(clone, { recursive: true, force: true });
}
