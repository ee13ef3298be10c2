import { LateSettlementError, describeThrown } from './errors.js';
import type { ErrorContext } from './types.js';

/**
 * Writes a line to `console.error`; never throws. `console.error` inspects its arguments,
 * which throws for some values (an `Error` whose `stack`, `message`, `name` or `cause` getter
 * throws, an object whose `Symbol.toStringTag` getter throws), and it may have been replaced by
 * a function that throws. Then the line is written again as one string, each value that is not
 * a string described in a few words ({@link describeThrown}); if that throws too, there is nothing left to report to, and
 * the line is dropped.
 *
 * @param text - the start of the line, a string.
 * @param values - what follows, inspected by `console.error`.
 */
export function writeError(text: string, ...values: unknown[]): void {
  try {
    console.error(text, ...values);
  } catch {
    try {
      const described = values.map((value) =>
        typeof value === 'string' ? value : describeThrown(value),
      );
      console.error([text, ...described].join(' '));
    } catch {
      // Nothing left to report to.
    }
  }
}

/**
 * Where an error happened, for the start of a line: `handler of subscription … on topic "…"`,
 * or `retained store on topic "…"` for an eviction.
 */
function where(context: ErrorContext): string {
  return context.phase === 'retain'
    ? 'retained store'
    : `${context.phase} of subscription ${context.subscriptionId}`;
}

function onTopic(context: ErrorContext): string {
  return `on topic ${JSON.stringify(context.message.topic)}`;
}

/**
 * The default `onError`: writes the error and where it happened to `console.error`. Never
 * throws, whatever the error.
 * @param error - what was thrown or rejected, a `HandlerTimeoutError` / `LateSettlementError`,
 * or a `RetainedEvictionError`.
 * @param context - the subscription, the message and the phase.
 */
export function defaultOnError(error: unknown, context: ErrorContext): void {
  let what = context.phase === 'retain' ? 'was full' : 'failed';
  try {
    if (error instanceof LateSettlementError && error.outcome === 'fulfilled') {
      what = 'settled late';
    }
  } catch {
    // A Proxy whose getPrototypeOf trap throws: not a LateSettlementError of ours.
  }
  writeError(`sigx: ${where(context)} ${what} ${onTopic(context)}:`, error);
}

/**
 * Tells `onError` of a failure; never throws. An `onError` that throws is written to
 * `console.error`, with both errors, through {@link writeError}.
 * @param onError - the exchange's `onError`, called with `self` as `this`.
 * @param self - the exchange.
 * @param error - the failure.
 * @param context - where it happened.
 */
export function reportSafely(
  onError: (error: unknown, context: ErrorContext) => void,
  self: unknown,
  error: unknown,
  context: ErrorContext,
): void {
  try {
    Reflect.apply(onError, self, [error, context]);
  } catch (failure) {
    writeError(
      `sigx: onError threw while reporting on the ${where(context)} ${onTopic(context)}:`,
      error,
      'onError threw:',
      failure,
    );
  }
}
