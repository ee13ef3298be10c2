// Tests wait for conditions, never for fixed times: a fixed sleep is either too short on a
// loaded machine or wasted on a quiet one.

/**
 * Waits until `condition()` holds, checking every few milliseconds.
 * @param condition - what to wait for (may be async).
 * @param what - what is awaited, for the error: a text, or a function giving one (called only
 * on timeout, so that it can describe the state at that moment).
 * @param timeoutMs - how long to wait.
 * @throws an Error `timed out after <timeoutMs> ms waiting for <what>`.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string | Promise<string>),
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const described = typeof what === 'string' ? what : await what();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${described}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * What a promise rejects with, for asserting on the error itself.
 * @param promise - a promise expected to reject.
 * @returns its rejection reason.
 * @throws an Error when it resolves instead.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (reason: unknown) => reason,
  );
}
