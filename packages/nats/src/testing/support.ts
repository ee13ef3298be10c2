// What the testing helpers share: free loopback ports, temporary directories and child
// processes that do not outlive this process, the default nats-server program, and polling.
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The port of an `address already in use` failure in a server's output (nats-server names the
 * address it could not listen on), or `undefined` when the output tells of no such failure.
 */
export function takenPort(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /listen tcp [^\s]*:(\d+): bind: address already in use/i.exec(error.message);
  return match === null ? undefined : Number(match[1]);
}

// Children still running and directories still to remove when this process exits, should the
// caller not stop them: one `exit` listener for all of them.
const children = new Set<ChildProcess>();
const directories = new Set<string>();
let cleanupInstalled = false;

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    for (const child of children) child.kill('SIGKILL');
    for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  });
  sweepStaleDirectories();
}

/** Kills `child` when this process exits, unless {@link forgetChild} is called first. */
export function killOnExit(child: ChildProcess): void {
  installCleanup();
  children.add(child);
}

/** Undoes {@link killOnExit}. */
export function forgetChild(child: ChildProcess): void {
  children.delete(child);
}

// Temporary directories are named `sigx-nats-[<kind>-]<pid>-XXXXXX` after the process that made
// them, so that those of a process that is gone can be told apart.
const prefix = 'sigx-nats-';
const ownedByPid = /^sigx-nats-(?:[a-z]+-)?(\d+)-[^-]+$/;

/**
 * A new directory under the system's temporary one, removed by {@link removeDirectory}, when
 * this process exits, or (when it does not get to: a test runner's worker is killed with
 * SIGTERM) by a later process, once this one is gone.
 * @param kind - a word in its name (`sigx-nats-<kind>-<pid>-…`).
 */
export function temporaryDirectory(kind?: string): string {
  installCleanup();
  const name = `${prefix}${kind === undefined ? '' : `${kind}-`}${process.pid}-`;
  const dir = mkdtempSync(join(tmpdir(), name));
  directories.add(dir);
  return dir;
}

/** Makes (again) a directory of {@link temporaryDirectory} that {@link removeDirectory} removed. */
export function recreateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true });
  directories.add(dir);
}

/** Removes a directory of {@link temporaryDirectory} now. */
export function removeDirectory(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  directories.delete(dir);
}

/** Removes the temporary directories of processes that are gone (once per process). */
function sweepStaleDirectories(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((name) => name.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(ownedByPid.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // Someone else's, or being removed by another process: leave it.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * The program to run when neither the options nor `SIGX_NATS_SERVER` name one: `nats-server`
 * on `PATH`, else the Debian package's `/usr/sbin/nats-server` (or `/usr/local/sbin`), which a
 * non-root user's `PATH` may not have. The same lookup as `scripts/provision.mjs`.
 */
export function defaultNatsServerCommand(): string {
  const name = 'nats-server';
  const path = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  if (path.some((dir) => isExecutable(join(dir, name)))) return name;
  const elsewhere = ['/usr/sbin', '/usr/local/sbin'].map((dir) => join(dir, name));
  return elsewhere.find(isExecutable) ?? name;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls `check` until it returns `true`, at most `timeoutMs` long.
 * @throws an `Error` with `describe()` in its message when it does not.
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** GETs a JSON document (of a monitoring endpoint); rejects on an HTTP error. */
export async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}
