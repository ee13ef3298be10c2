// The first step of `pnpm test` (scripts/provision.mjs): what it does when a program the tests
// need is missing, on a machine that can install it and on one that cannot.
import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findProgram, provision, REQUIREMENTS } from '../../scripts/provision.mjs';

const script = fileURLToPath(new URL('../../scripts/provision.mjs', import.meta.url));
const programs = REQUIREMENTS.map((r) => r.program);

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A machine with `installed` programs, where `apt` (if given) installs `installable` ones. */
function machine(
  installed: string[],
  apt: { installable: string[]; fails?: boolean } | null = null,
): { log: string[]; commands: string[][]; run: Parameters<typeof provision>[0] } {
  const log: string[] = [];
  const commands: string[][] = [];
  const present = new Set(installed);
  return {
    log,
    commands,
    run: {
      find: (program) => (present.has(program) ? `/usr/bin/${program}` : null),
      installer: () => (apt === null ? null : ['apt-get']),
      run(command) {
        commands.push(command);
        if (apt?.fails) throw new Error('E: Unable to locate package');
        if (command[1] === 'install') {
          for (const r of REQUIREMENTS) {
            if (command.includes(r.apt) && apt?.installable.includes(r.program))
              present.add(r.program);
          }
        }
      },
      log: (line) => log.push(line),
    },
  };
}

describe('provision', () => {
  it('does nothing when every program is there', () => {
    const m = machine(programs, { installable: [] });
    expect(provision(m.run)).toBe(true);
    expect(m.commands).toEqual([]);
    expect(m.log).toEqual([]);
  });

  it('installs what is missing with apt-get, and says so in one line', () => {
    const m = machine(['chromium', 'nats-server', 'openssl'], { installable: ['redis-server'] });
    expect(provision(m.run)).toBe(true);
    expect(m.commands).toEqual([
      ['apt-get', 'update', '-q'],
      ['apt-get', 'install', '-y', '-q', 'redis-server'],
    ]);
    expect(m.log).toHaveLength(1);
    expect(m.log[0]).toMatch(
      /^provision: installing redis-server \(apt-get install -y redis-server\)/,
    );
  });

  it('installs nats-server, for the @sigx/nats tests, when it is missing', () => {
    const m = machine(['chromium', 'redis-server', 'openssl'], { installable: ['nats-server'] });
    expect(provision(m.run)).toBe(true);
    expect(m.commands).toEqual([
      ['apt-get', 'update', '-q'],
      ['apt-get', 'install', '-y', '-q', 'nats-server'],
    ]);
    expect(m.log).toEqual([
      expect.stringMatching(
        /^provision: installing nats-server \(apt-get install -y nats-server\), for the @sigx\/nats tests/,
      ),
    ]);
  });

  it('installs every missing program with one apt-get install', () => {
    const m = machine(['chromium', 'openssl'], { installable: ['redis-server', 'nats-server'] });
    expect(provision(m.run)).toBe(true);
    expect(m.commands).toEqual([
      ['apt-get', 'update', '-q'],
      ['apt-get', 'install', '-y', '-q', 'redis-server', 'nats-server'],
    ]);
  });

  it('stops, naming each missing program and how to install it, when it cannot install', () => {
    const m = machine([], null);
    expect(provision(m.run)).toBe(false);
    expect(m.commands).toEqual([]);
    const text = m.log.join('\n');
    expect(text).toContain('pnpm test needs programs that this machine does not have');
    expect(text).toContain('- redis-server, for the @sigx/redis tests');
    expect(text).toContain('apt-get install -y redis-server');
    expect(text).toContain('brew install redis');
    expect(text).toContain('- nats-server, for the @sigx/nats tests');
    expect(text).toContain('apt-get install -y nats-server');
    expect(text).toContain('brew install nats-server');
    expect(text).toContain('set SIGX_NATS_SERVER to its path');
    expect(text).toContain('- chromium, for the browser test');
    expect(text).toContain('apt-get install -y chromium');
    expect(text).toContain('Run `pnpm test` as root');
  });

  it('stops with the same message when apt-get fails', () => {
    const m = machine(['chromium', 'nats-server', 'openssl'], { installable: [], fails: true });
    expect(provision(m.run)).toBe(false);
    const text = m.log.join('\n');
    expect(text).toContain('provision: apt-get failed: E: Unable to locate package');
    expect(text).toContain('- redis-server, for the @sigx/redis tests');
    expect(text).not.toContain('- chromium');
    expect(text).not.toContain('- nats-server');
  });

  it('stops when apt-get ran but the program is still not there', () => {
    const m = machine([], { installable: ['chromium', 'nats-server', 'openssl'] });
    expect(provision(m.run)).toBe(false);
    expect(m.log.join('\n')).toContain('- redis-server');
    expect(m.log.join('\n')).not.toContain('- chromium,');
    expect(m.log.join('\n')).not.toContain('- nats-server,');
  });
});

describe('findProgram', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigx-provision-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const executable = join(dir, 'redis-server');
  writeFileSync(executable, '#!/bin/sh\n');
  chmodSync(executable, 0o755);
  writeFileSync(join(dir, 'chromium'), 'not executable');
  const natsOnPath = join(dir, 'nats-server');
  writeFileSync(natsOnPath, '#!/bin/sh\n');
  chmodSync(natsOnPath, 0o755);
  const emptyDir = mkdtempSync(join(dir, 'empty-path-'));

  it('finds an executable on PATH, and ignores a file that is not executable', () => {
    expect(findProgram('redis-server', { PATH: dir })).toBe(executable);
    expect(findProgram('chromium', { PATH: dir })).toBeNull();
  });

  it('takes the override variable over PATH', () => {
    expect(findProgram('chromium', { PATH: dir, SIGX_CHROMIUM: executable })).toBe(executable);
    expect(
      findProgram('redis-server', { PATH: dir, SIGX_REDIS_SERVER: join(dir, 'nope') }),
    ).toBeNull();
  });

  it('looks for nats-server on PATH, then in /usr/sbin and /usr/local/sbin (Debian puts it there)', () => {
    const nats = REQUIREMENTS.find((r) => r.program === 'nats-server')!;
    expect(nats).toMatchObject({
      candidates: ['nats-server'],
      env: 'SIGX_NATS_SERVER',
      extraDirs: ['/usr/sbin', '/usr/local/sbin'],
      apt: 'nats-server',
    });
    // On PATH first; then the first of the extra directories that has it (if any here).
    expect(findProgram('nats-server', { PATH: dir })).toBe(natsOnPath);
    const inSbin =
      ['/usr/sbin/nats-server', '/usr/local/sbin/nats-server'].find(isExecutable) ?? null;
    expect(findProgram('nats-server', { PATH: emptyDir })).toBe(inSbin);
    expect(
      findProgram('nats-server', { PATH: emptyDir, SIGX_NATS_SERVER: join(dir, 'nope') }),
    ).toBeNull();
    expect(findProgram('nats-server', { PATH: emptyDir, SIGX_NATS_SERVER: natsOnPath })).toBe(
      natsOnPath,
    );
  });

  it('looks in the extra directories only for the programs that have them', () => {
    // /usr/sbin is no place for redis-server: an empty PATH finds none, wherever it is.
    expect(findProgram('redis-server', { PATH: emptyDir })).toBeNull();
  });

  it('refuses a program it does not know', () => {
    expect(() => findProgram('postgres', { PATH: dir })).toThrow(RangeError);
  });

  it('as a script, exits 1 with the message on a machine without the programs or apt-get', async () => {
    // An empty PATH: no redis-server, no chromium, no apt-get to install them with.
    const failure = await promisify(execFile)(process.execPath, [script], {
      env: { PATH: mkdtempSync(join(dir, 'empty-')) },
    }).catch((error: unknown) => error as { code: number; stdout: string });
    expect(failure).toMatchObject({ code: 1 });
    const { stdout } = failure as { stdout: string };
    expect(stdout).toContain('pnpm test needs programs that this machine does not have');
    expect(stdout).toContain('- redis-server');
    expect(stdout).toContain('- chromium');
    // nats-server is also found outside PATH, in /usr/sbin: missing only when it is not there.
    const natsMissing = findProgram('nats-server', { PATH: emptyDir }) === null;
    expect(stdout.includes('- nats-server')).toBe(natsMissing);
  });
});
