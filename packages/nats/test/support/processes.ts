// Child Node processes of the @sigx/nats tests: a fixture of test/fixtures run through tsx on
// the sources, whose lines the test reads one by one, and which cannot hang the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A fixture running in its own Node process, and the lines it prints. */
export interface FixtureProcess {
  readonly child: ChildProcess;
  /**
   * The next line it prints.
   * @throws an Error (after killing it) when no line comes within `timeoutMs`, or when it exits.
   */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Writes a line to its stdin. */
  send(line: string): void;
  /** Kills it if it still runs. */
  kill(): void;
  /** Resolves once it has exited. */
  readonly exited: Promise<void>;
}

// From the repository root, where tsx (a root devDependency) resolves.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Runs `test/fixtures/<name>` in a child Node process (through tsx, on the sources), so that a
 * hang in it cannot hang the test: `nextLine` gives up, kills it and fails.
 */
export function startFixture(name: string, args: readonly string[]): FixtureProcess {
  const script = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@sigx/source', script, ...args],
    { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return {
    child,
    async nextLine(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          kill();
          reject(new Error(`${name} printed nothing for ${timeoutMs} ms: it was killed`));
        }, timeoutMs);
      });
      try {
        const { value, done } = await Promise.race([lines.next(), timeout]);
        if (done === true) throw new Error(`${name} exited (${child.exitCode}) before a line`);
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
