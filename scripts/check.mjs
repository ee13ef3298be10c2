// `pnpm check`: the fast loop for contributors, about a minute where `pnpm test` takes
// several. It type-checks and lints the packages a change touches (uncommitted changes, or
// those since `--since <ref>`), checks the changed files' format, and runs those packages'
// unit tests without their property tests.
// `pnpm test` stays the full check, the one CI runs; CONTRIBUTING.md says when each is enough.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Files changed: uncommitted (staged, unstaged, untracked), or since a ref when given.
 * @param {string | undefined} since - a git ref, or undefined for the uncommitted changes.
 * @returns {string[]} paths from the repository's root.
 */
export function changedFiles(since) {
  const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).split('\n');
  const files =
    since === undefined
      ? [
          ...git('diff', '--name-only', 'HEAD'),
          ...git('ls-files', '--others', '--exclude-standard'),
        ]
      : git('diff', '--name-only', since);
  return [...new Set(files.filter((file) => file.length > 0))];
}

/**
 * The workspace packages (their `package.json` names) that hold a changed file.
 * @param {string[]} files - paths from the repository's root.
 * @param {string} root - the repository's root.
 * @returns {string[]} package names, each once.
 */
export function touchedPackages(files, root = '.') {
  const names = new Set();
  for (const file of files) {
    const parts = file.split('/');
    const dir = parts[0] === 'packages' ? `packages/${parts[1]}` : parts[0];
    const manifest = join(root, dir, 'package.json');
    if (parts.length > 1 && existsSync(manifest)) {
      names.add(JSON.parse(readFileSync(manifest, 'utf8')).name);
    }
  }
  return [...names];
}

/**
 * The commands of a check, in order: typecheck and lint of the packages, the changed files'
 * format, the packages' unit tests without their property tests.
 * @param {string[]} files - the changed files that still exist.
 * @param {string[]} packages - the touched packages.
 * @returns {string[][]} each command with its arguments.
 */
export function commandsFor(files, packages) {
  const commands = [];
  if (packages.length > 0) {
    const filters = packages.flatMap((name) => ['--filter', name]);
    commands.push([
      'pnpm',
      'exec',
      'turbo',
      'run',
      'typecheck',
      'lint',
      ...filters,
      '--output-logs=errors-only',
    ]);
  }
  if (files.length > 0)
    commands.push(['pnpm', 'exec', 'prettier', '--check', '--ignore-unknown', ...files]);
  // Property tests (`*.prop.test.ts`, thousands of generated cases each) are left to `pnpm test`.
  const projects = packages.map((name) => name.replace(/^@sigx\//, ''));
  if (projects.length > 0) {
    commands.push([
      'pnpm',
      'exec',
      'vitest',
      'run',
      ...projects.flatMap((project) => ['--project', project]),
      '--exclude',
      '**/*.prop.test.ts',
      '--passWithNoTests',
    ]);
  }
  return commands;
}

function main() {
  const { values } = parseArgs({ options: { since: { type: 'string' } } });
  const files = changedFiles(values.since);
  if (files.length === 0) {
    console.log('pnpm check: nothing changed, nothing to check');
    return;
  }
  const packages = touchedPackages(files);
  for (const [command, ...args] of commandsFor(
    files.filter((file) => existsSync(file)),
    packages,
  )) {
    console.log(`\n$ ${command} ${args.join(' ')}`);
    const { status } = spawnSync(command, args, { stdio: 'inherit' });
    if (status !== 0) process.exit(status ?? 1);
  }
  console.log(
    `\npnpm check: ${files.length} changed files, packages ${packages.join(', ') || 'none'}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
