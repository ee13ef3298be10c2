// `pnpm check`: the fast loop for contributors, about a minute where `pnpm test` takes
// several. It type-checks and lints the packages a change touches (uncommitted changes, or
// those since `--since <ref>`), checks the changed files' format, and runs those packages'
// unit tests without their property tests.
// `pnpm test` stays the full check, the one CI runs; CONTRIBUTING.md says when each is enough.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { since: { type: 'string' } } });

/** Files changed: uncommitted (staged, unstaged, untracked), or since a ref when given. */
function changedFiles() {
  const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).split('\n');
  const files =
    values.since === undefined
      ? [
          ...git('diff', '--name-only', 'HEAD'),
          ...git('ls-files', '--others', '--exclude-standard'),
        ]
      : git('diff', '--name-only', values.since);
  return [...new Set(files.filter((file) => file.length > 0))];
}

/** The workspace packages (their `package.json` names) that hold a changed file. */
function touchedPackages(files) {
  const names = new Set();
  for (const file of files) {
    const parts = file.split('/');
    const root = parts[0] === 'packages' ? `packages/${parts[1]}` : parts[0];
    if (parts.length > 1 && existsSync(`${root}/package.json`)) {
      names.add(JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).name);
    }
  }
  return [...names];
}

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

const files = changedFiles();
const packages = touchedPackages(files);
if (files.length === 0) {
  console.log('pnpm check: nothing changed, nothing to check');
  process.exit(0);
}
if (packages.length > 0) {
  const filters = packages.flatMap((name) => ['--filter', name]);
  run('pnpm', [
    'exec',
    'turbo',
    'run',
    'typecheck',
    'lint',
    ...filters,
    '--output-logs=errors-only',
  ]);
}
const formatted = files.filter((file) => existsSync(file));
if (formatted.length > 0)
  run('pnpm', ['exec', 'prettier', '--check', '--ignore-unknown', ...formatted]);
// The unit tests of the touched packages; their property tests (`*.prop.test.ts`, thousands of
// generated cases each) are left to `pnpm test`.
const projects = packages.map((name) => name.replace(/^@sigx\//, ''));
if (projects.length > 0) {
  run('pnpm', [
    'exec',
    'vitest',
    'run',
    ...projects.flatMap((project) => ['--project', project]),
    '--exclude',
    '**/*.prop.test.ts',
    '--passWithNoTests',
  ]);
}
console.log(
  `\npnpm check: ${files.length} changed files, packages ${packages.join(', ') || 'none'}`,
);
