// A test's helper process: a fixture script run through tsx on the sources, whose lines the
// test reads one by one. A hang in it must fail the test, not hang it.
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A fixture running in its own Node process, and the lines it prints. */
export interface FixtureProcess {
  /** The child process. */
  readonly child: ChildProcess;
  /**
   * The next line it prints.
   * @param timeoutMs - how long to wait for it.
   * @throws an Error (after killing it) when no line comes within `timeoutMs`, or when it exits.
   */
  nextLine(timeoutMs?: number): Promise<string>;
  /**
   * Writes a line to its stdin.
   * @param line - the line, without its newline.
   */
  send(line: string): void;
  /** Kills it (`SIGKILL`) if it still runs. */
  kill(): void;
  /** Resolves once it has exited. */
  readonly exited: Promise<void>;
}

// From the repository root, where tsx (a root devDependency) resolves.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How long {@link FixtureProcess.nextLine} waits by default: a fixture's start through tsx on a loaded two-core machine included. */
export const NEXT_LINE_TIMEOUT_MS = 20_000;

/**
 * Runs a fixture script in a child Node process, through tsx with the `@sigx/source`
 * condition (on the sources, no build needed), stdin and stdout piped, stderr inherited.
 * @param script - the script's URL (`new URL('../fixtures/x.ts', import.meta.url)`).
 * @param args - its arguments.
 * @returns the running fixture.
 */
export function startFixture(script: URL, args: readonly string[]): FixtureProcess {
  const path = fileURLToPath(script);
  const name = basename(path);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@sigx/source', path, ...args],
    { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return {
    child,
    async nextLine(timeoutMs = NEXT_LINE_TIMEOUT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          kill();
          reject(new Error(`${name} printed nothing for ${timeoutMs} ms: it was killed`));
        }, timeoutMs);
      });
      try {
        const { value, done } = await Promise.race([lines.next(), timeout]);
        if (done === true) {
          // Its stdout can close a moment before the exit is known: wait for it, for the code.
          await Promise.race([exited, timeout]);
          throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before a line`);
        }
        return value as string;
      } finally {
        clearTimeout(timer);
      }
    },
    send: (line) => void child.stdin!.write(`${line}\n`),
    kill,
    exited,
  };
}
