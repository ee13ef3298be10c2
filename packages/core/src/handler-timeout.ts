import { describeValue } from '@sigx/matcher';

/**
 * The longest `handlerTimeout`: timers take a signed 32-bit delay, and a longer one fires at
 * once (Node warns, browsers do not), which would time out every handler.
 */
export const MAX_HANDLER_TIMEOUT: number = 2 ** 31 - 1;

/**
 * Validates a `handlerTimeout` option.
 * @param value - the option as given.
 * @param option - its name in error messages.
 * @returns the timeout in milliseconds; `Infinity` for none (`undefined` or `Infinity`).
 * @throws `TypeError` for a value that is not a number, `RangeError` for one that is not
 * positive, `NaN`, or above {@link MAX_HANDLER_TIMEOUT} (other than `Infinity`).
 */
export function checkHandlerTimeout(value: unknown, option: string): number {
  if (value === undefined || value === Infinity) return Infinity;
  if (typeof value !== 'number') {
    throw new TypeError(`${option} must be a number of milliseconds, got ${describeValue(value)}`);
  }
  if (!(value > 0) || value > MAX_HANDLER_TIMEOUT) {
    throw new RangeError(
      `${option} must be a positive number of milliseconds up to ${MAX_HANDLER_TIMEOUT} ` +
        `(Infinity: no timeout), got ${describeValue(value)}`,
    );
  }
  return value;
}

/** What happened to a handler's promise after it had timed out. */
export type LateOutcome =
  { readonly outcome: 'fulfilled' } | { readonly outcome: 'rejected'; readonly reason: unknown };

/**
 * Adopts what a handler returned into a promise of our own, which settles once: a thenable's
 * `then` is called in a job of its own with resolving functions that take the first call
 * only, and a `then` getter or a `then` that throws becomes a rejection. Nothing a handler's
 * thenable does (call both callbacks, call one twice, throw) can make a delivery count twice.
 *
 * @param result - what the handler returned.
 * @returns a promise that settles as `result` does.
 */
export function adopt(result: unknown): Promise<unknown> {
  return new Promise<unknown>((resolve) => resolve(result));
}

/**
 * Waits for a handler's thenable for at most `timeout` milliseconds. The timer is `unref`ed
 * where the runtime has that (Node, Deno, Bun), so it never keeps a process alive, and it is
 * cleared as soon as the thenable settles in time. `onTimeout` and `onLate` must not throw
 * (the exchange passes functions that report safely); the returned promise settles whatever
 * they do.
 *
 * @param result - what the handler returned.
 * @param timeout - milliseconds, finite and positive.
 * @param onTimeout - called once the timeout expires first.
 * @param onLate - called once when the thenable settles after `onTimeout` was called.
 * @returns a promise of `true` when `result` fulfilled in time, `false` when it timed out
 * (after `onTimeout`); it rejects with `result`'s reason when that rejected in time.
 */
export function settleWithin(
  result: PromiseLike<unknown>,
  timeout: number,
  onTimeout: () => void,
  onLate: (late: LateOutcome) => void,
): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      resolve(false);
      onTimeout();
    }, timeout);
    (timer as unknown as { unref?: () => void }).unref?.();
    adopt(result).then(
      () => {
        if (timedOut) {
          onLate({ outcome: 'fulfilled' });
        } else {
          clearTimeout(timer);
          resolve(true);
        }
      },
      (reason: unknown) => {
        if (timedOut) {
          onLate({ outcome: 'rejected', reason });
        } else {
          clearTimeout(timer);
          reject(reason);
        }
      },
    );
  });
}
