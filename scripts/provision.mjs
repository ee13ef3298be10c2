// `node scripts/provision.mjs`, the first step of `pnpm test`: makes sure the programs the tests
// run for real are on this machine. A missing one is installed when the machine can (root or
// password-less sudo, with apt-get); otherwise it stops, naming each missing program and the
// command that installs it. It is the only place that knows these programs (`.ci/run` calls
// `pnpm test`, which calls this), and the tests find them through `findProgram`.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the tests need beyond Node and npm. `candidates` are the program names looked up on
 * `PATH` and then in `extraDirs` (if given), unless the `env` variable is set (to the
 * program's absolute path); `apt` is the Debian package.
 */
export const REQUIREMENTS = [
  {
    program: 'redis-server',
    candidates: ['redis-server'],
    env: 'SIGX_REDIS_SERVER',
    neededBy: 'the @sigx/redis tests, the two-processes example and the cross-process benchmark',
    apt: 'redis-server',
    hint: 'Debian/Ubuntu: `apt-get install -y redis-server`; macOS: `brew install redis`',
  },
  {
    program: 'nats-server',
    candidates: ['nats-server'],
    env: 'SIGX_NATS_SERVER',
    // Debian installs it in /usr/sbin, which a non-root user's PATH may not have.
    extraDirs: ['/usr/sbin', '/usr/local/sbin'],
    neededBy: 'the @sigx/nats tests, the NATS cluster example and the cross-process benchmark',
    apt: 'nats-server',
    hint: 'Debian/Ubuntu: `apt-get install -y nats-server`; macOS: `brew install nats-server`',
  },
  {
    program: 'openssl',
    candidates: ['openssl'],
    env: 'SIGX_OPENSSL',
    neededBy: 'the TLS test of @sigx/nats (it makes throwaway certificates)',
    apt: 'openssl',
    hint: 'Debian/Ubuntu: `apt-get install -y openssl`; macOS: `brew install openssl`',
  },
  {
    program: 'chromium',
    candidates: ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'],
    env: 'SIGX_CHROMIUM',
    neededBy: 'the browser test of @sigx/core',
    apt: 'chromium',
    hint: 'Debian: `apt-get install -y chromium`; Ubuntu: `apt-get install -y chromium-browser`; macOS: `brew install --cask chromium`',
  },
];

/**
 * Finds a program of {@link REQUIREMENTS}.
 *
 * @param {string} program - its `program` name.
 * @param {NodeJS.ProcessEnv} [env] - where `PATH` and the override variable are read (the
 *   requirement's `extraDirs` are searched after `PATH`).
 * @returns {string | null} its absolute path, or `null` when it is not installed.
 */
export function findProgram(program, env = process.env) {
  const requirement = REQUIREMENTS.find((r) => r.program === program);
  if (requirement === undefined) throw new RangeError(`unknown program ${program}`);
  const override = env[requirement.env];
  if (override) return isExecutable(override) ? override : null;
  const dirs = [env.PATH ?? '', ...(requirement.extraDirs ?? [])].join(delimiter);
  for (const name of requirement.candidates) {
    const found = onPath(name, dirs);
    if (found !== null) return found;
  }
  return null;
}

function onPath(name, path) {
  if (isAbsolute(name)) return isExecutable(name) ? name : null;
  for (const dir of path.split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs what is missing, or says what to install.
 *
 * @param {object} machine - how to look at and change this machine (tests pass their own).
 * @param {(program: string) => string | null} machine.find - a program's path, or `null`.
 * @param {() => string[] | null} machine.installer - the command prefix that may install
 *   Debian packages (`['apt-get']` as root, or through `sudo -n`), or `null`.
 * @param {(command: string[]) => void} machine.run - runs a command; throws when it fails.
 * @param {(line: string) => void} machine.log - writes a line.
 * @returns {boolean} whether every program is there now.
 */
export function provision({ find, installer, run, log }) {
  const missing = REQUIREMENTS.filter((r) => find(r.program) === null);
  if (missing.length === 0) return true;
  const apt = installer();
  if (apt !== null) {
    const packages = missing.map((r) => r.apt);
    log(
      `provision: installing ${missing.map((r) => r.program).join(', ')} (apt-get install -y ${packages.join(' ')}), for ${missing.map((r) => r.neededBy).join('; ')}`,
    );
    try {
      run([...apt, 'update', '-q']);
      run([...apt, 'install', '-y', '-q', ...packages]);
    } catch (error) {
      log(`provision: apt-get failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const stillMissing = missing.filter((r) => find(r.program) === null);
  if (stillMissing.length === 0) return true;
  log('pnpm test needs programs that this machine does not have:');
  for (const r of stillMissing) {
    log(`- ${r.program}, for ${r.neededBy}. Install it (${r.hint}), or set ${r.env} to its path.`);
  }
  if (apt === null) {
    log(
      'Run `pnpm test` as root (or with password-less sudo) on Debian or Ubuntu to have it installed.',
    );
  }
  return false;
}

/** The real machine: apt-get as root or through password-less sudo, quietly, without input. */
export const thisMachine = {
  find: (program) => findProgram(program),
  installer() {
    if (onPath('apt-get', process.env.PATH ?? '') === null) return null;
    if (process.getuid?.() === 0) return ['apt-get'];
    try {
      execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
      // sudo resets the environment: keep apt-get from asking questions.
      return ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
    } catch {
      return null;
    }
  },
  run([command, ...args]) {
    execFileSync(command, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  },
  log: (line) => console.log(line),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = provision(thisMachine) ? 0 : 1;
}
