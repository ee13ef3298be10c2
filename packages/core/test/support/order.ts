// Handlers that record when they start and end, for the dispatch-order tests.
import type { Handler } from '../../src/index.js';
import { sleep } from './helpers.js';

/** An async handler that logs `start name`, sleeps `ms`, logs `end name`. */
export function asyncHandler(log: string[], name: string, ms: number): Handler {
  return async () => {
    log.push(`start ${name}`);
    await sleep(ms);
    log.push(`end ${name}`);
  };
}

/** A synchronous handler that logs `start name` and `end name`. */
export function syncHandler(log: string[], name: string): Handler {
  return () => {
    log.push(`start ${name}`);
    log.push(`end ${name}`);
  };
}

/**
 * A handler that returns a hand-made thenable (not a Promise): an object whose `then` calls
 * back after `ms`, logging `end name` just before.
 */
export function thenableHandler(log: string[], name: string, ms: number): Handler {
  return () => {
    log.push(`start ${name}`);
    const thenable = {
      then(onFulfilled?: (value: undefined) => unknown) {
        setTimeout(() => {
          log.push(`end ${name}`);
          onFulfilled?.(undefined);
        }, ms);
      },
    };
    return thenable as unknown as PromiseLike<void>;
  };
}
