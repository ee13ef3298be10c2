/**
 * `@sigx/redis/testing`: a throwaway `redis-server` for tests and benchmarks, on a free
 * loopback port, without persistence. It is what the package's own tests use; it needs the
 * `redis-server` program (Debian and Ubuntu: `apt-get install -y redis-server`; macOS:
 * `brew install redis`).
 *
 * @packageDocumentation
 * @module @sigx/redis/testing
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A `redis-server` started by {@link startRedisServer}. */
export interface RedisServer {
  /** Its loopback port (kept across `stop()` and `start()`). */
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** Whether it is running. */
  readonly running: boolean;
  /**
   * Stops it and waits for the process to exit. Does nothing when it is not running.
   * @param signal - `SIGTERM` (a clean shutdown, the default) or `SIGKILL` (a crash).
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port (after `stop()`); resolves once it accepts connections. */
  start(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** The program to run. @default process.env.SIGX_REDIS_SERVER ?? 'redis-server' */
  readonly command?: string;
  /** The port. @default a free one */
  readonly port?: number;
  /** How long to wait for it to accept connections. @default 10_000 */
  readonly startTimeoutMs?: number;
}

/**
 * `redis-server` is not installed (or not on `PATH`): the message says how to install it.
 */
export class RedisServerNotFoundError extends Error {
  /** Always `'RedisServerNotFoundError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'RedisServerNotFoundError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_SERVER_NOT_FOUND';
  /** The program that was not found. */
  readonly command: string;

  /**
   * @param command - the program that was not found.
   * @param options - `cause`: the spawn error.
   */
  constructor(command: string, options?: ErrorOptions) {
    super(
      `${command} was not found: the @sigx/redis tests and the cross-process benchmark run a real Redis server. ` +
        'Install it (Debian/Ubuntu: `apt-get update && apt-get install -y redis-server`; macOS: `brew install redis`), ' +
        'or point SIGX_REDIS_SERVER at the program.',
      options,
    );
    this.command = command;
  }
}

/**
 * Starts `redis-server --port <port> --bind 127.0.0.1 --save '' --appendonly no` and waits
 * until it accepts connections. The process is killed when this process exits, should the
 * caller not stop it.
 *
 * @param options - see {@link RedisServerOptions}.
 * @returns the running server.
 * @throws (rejects) {@link RedisServerNotFoundError} when the program is missing, and `Error`
 * when it exits or does not get ready in time (with its output in the message).
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * const bridge = await connectRedis(exchange, { url: server.url });
 * // ...
 * await bridge.close();
 * await server.stop();
 * ```
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const command = options.command ?? process.env['SIGX_REDIS_SERVER'] ?? 'redis-server';
  const timeout = options.startTimeoutMs ?? 10_000;
  // A free port may be taken between the probe and the start: try a few.
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    const server = new ManagedServer(command, port, timeout);
    try {
      await server.start();
      return server;
    } catch (error) {
      const portTaken = error instanceof Error && /Address already in use/i.test(error.message);
      if (!portTaken || options.port !== undefined || attempt === 5) throw error;
    }
  }
}

class ManagedServer implements RedisServer {
  readonly port: number;
  readonly url: string;
  readonly #command: string;
  readonly #timeout: number;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  readonly #killOnExit = (): void => void this.#child?.kill('SIGKILL');

  constructor(command: string, port: number, timeout: number) {
    this.#command = command;
    this.port = port;
    this.url = `redis://127.0.0.1:${port}`;
    this.#timeout = timeout;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  async start(): Promise<void> {
    if (this.#child !== undefined) return;
    const child = spawn(
      this.#command,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    process.once('exit', this.#killOnExit);
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`${this.#command} was not ready within ${this.#timeout} ms:\n${output}`),
            ),
          this.#timeout,
        );
        const done = (error?: Error): void => {
          clearTimeout(timer);
          child.stdout!.off('data', onData);
          if (error === undefined) resolve();
          else reject(error);
        };
        const onData = (chunk: Buffer): void => {
          output += chunk.toString();
          if (output.includes('Ready to accept connections')) done();
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('error', (error: NodeJS.ErrnoException) =>
          done(
            error.code === 'ENOENT'
              ? new RedisServerNotFoundError(this.#command, { cause: error })
              : error,
          ),
        );
        child.once('exit', (code, signal) =>
          done(
            new Error(
              `${this.#command} exited (${signal ?? code}) before it was ready:\n${output}`,
            ),
          ),
        );
      });
    } catch (error) {
      child.kill('SIGKILL');
      this.#forget();
      throw error;
    }
    // Keep reading its output (unread pipes would fill up and block it).
    child.stdout!.resume();
    child.once('exit', () => {
      if (this.#child === child) this.#forget();
    });
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    const exited = this.#exited;
    child.kill(signal);
    await exited;
    this.#forget();
  }

  #forget(): void {
    this.#child = undefined;
    process.off('exit', this.#killOnExit);
  }
}

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
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
