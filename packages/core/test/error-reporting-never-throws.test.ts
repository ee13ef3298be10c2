// Issue 14, item 5: reporting a failure never throws, whatever was thrown. For every hostile
// value (test/support/hostile-values.ts) thrown or rejected at every place a failure is
// reported (a handler's throw and rejection, a rejection after handlerTimeout, a filter's throw,
// an onError that throws while reporting a handler failure, a timeout, a late fulfilment or a
// filter that returned a thenable, a subscription observer), in both dispatch modes, with a
// recording onError, the default onError and the default onError over a console.error that
// throws: publish resolves with a truthful PublishResult, the subscription after the failing
// one still gets the message, nothing becomes an unhandled rejection or an uncaught exception,
// and the default onError writes a readable line when console.error can write at all.
import { format } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LateSettlementError,
  type PublishResult,
  SignalExchange,
  type SignalExchangeOptions,
} from '../src/index.js';
import { deferred, message, ticks } from './support/helpers.js';
import { HOSTILE_VALUES } from './support/hostile-values.js';

/** What escaped to the process: unhandled rejections and uncaught exceptions. */
const escaped: string[] = [];
const onUnhandledRejection = (): void => void escaped.push('unhandled rejection');
const onUncaughtException = (): void => void escaped.push('uncaught exception');

beforeEach(() => {
  process.on('unhandledRejection', onUnhandledRejection);
  process.on('uncaughtException', onUncaughtException);
});

afterEach(() => {
  process.off('unhandledRejection', onUnhandledRejection);
  process.off('uncaughtException', onUncaughtException);
  vi.restoreAllMocks();
});

/**
 * Who hears of the failure: a recording onError; the default onError (or, where onError is
 * what throws, the exchange's fallback) over console.error; the same over a console.error that
 * always throws.
 */
type Reporter = 'onError records' | 'console.error writes' | 'console.error throws';

interface Place {
  readonly name: string;
  /** The failure is onError itself throwing the value (so no recording onError). */
  readonly onErrorThrows: boolean;
  readonly handlerTimeout?: number;
  /** With one more subscription, after the failing one, whose handler must run. */
  readonly expected: PublishResult;
  /** Subscribes the failing part; `settleLate` settles a handler after its timeout. */
  arrange(exchange: SignalExchange, thrown: unknown): { id: string; settleLate?: () => void };
  /** What the line the default onError writes starts with. */
  written(id: string): string;
  /** What the recording onError must have been told. */
  reported?(reports: readonly unknown[], thrown: unknown): boolean;
}

const failedLine = (phase: string) => (id: string) =>
  `sigx: ${phase} of subscription ${id} failed on topic "a":`;
const onErrorLine = () => 'sigx: onError threw while reporting on the';
const never = (): Promise<void> => new Promise<void>(() => {});

const PLACES: readonly Place[] = [
  {
    name: 'a handler throws it',
    onErrorThrows: false,
    expected: { matched: 2, delivered: 2, failed: 1 },
    arrange: (exchange, thrown) => ({
      id: exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          throw thrown;
        },
      }),
    }),
    written: failedLine('handler'),
    reported: (reports, thrown) => reports.length === 1 && Object.is(reports[0], thrown),
  },
  {
    name: 'a handler rejects with it',
    onErrorThrows: false,
    expected: { matched: 2, delivered: 2, failed: 1 },
    arrange: (exchange, thrown) => ({
      id: exchange.subscribe({ topicPattern: 'a', handler: () => Promise.reject(thrown) }),
    }),
    written: failedLine('handler'),
    reported: (reports, thrown) => reports.length === 1 && Object.is(reports[0], thrown),
  },
  {
    name: 'a handler rejects with it after handlerTimeout',
    onErrorThrows: false,
    handlerTimeout: 1,
    expected: { matched: 2, delivered: 2, failed: 1 },
    arrange: (exchange, thrown) => {
      const gate = deferred();
      const id = exchange.subscribe({ topicPattern: 'a', handler: () => gate.promise });
      return { id, settleLate: () => gate.reject(thrown) };
    },
    written: failedLine('handler'),
    reported: (reports, thrown) =>
      reports.length === 2 &&
      reports[1] instanceof LateSettlementError &&
      Object.is(reports[1].cause, thrown),
  },
  {
    name: 'a filter throws it',
    onErrorThrows: false,
    expected: { matched: 1, delivered: 1, failed: 0 },
    arrange: (exchange, thrown) => ({
      id: exchange.subscribe({
        topicPattern: 'a',
        filter: () => {
          throw thrown;
        },
        handler: () => {},
      }),
    }),
    written: failedLine('filter'),
    reported: (reports, thrown) => reports.length === 1 && Object.is(reports[0], thrown),
  },
  {
    name: 'onError throws it, reporting a handler failure',
    onErrorThrows: true,
    expected: { matched: 2, delivered: 2, failed: 1 },
    arrange: (exchange) => ({
      id: exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          throw new Error('handler failure');
        },
      }),
    }),
    written: onErrorLine,
  },
  {
    name: 'onError throws it, reporting a timeout',
    onErrorThrows: true,
    handlerTimeout: 1,
    expected: { matched: 2, delivered: 2, failed: 1 },
    arrange: (exchange) => ({ id: exchange.subscribe({ topicPattern: 'a', handler: never }) }),
    written: onErrorLine,
  },
  {
    name: 'onError throws it, reporting a late fulfilment',
    onErrorThrows: true,
    handlerTimeout: 1,
    expected: { matched: 2, delivered: 2, failed: 1 },
    arrange: (exchange) => {
      const gate = deferred();
      const id = exchange.subscribe({ topicPattern: 'a', handler: () => gate.promise });
      return { id, settleLate: () => gate.resolve() };
    },
    written: onErrorLine,
  },
  {
    name: 'onError throws it, reporting a filter that returned a thenable',
    onErrorThrows: true,
    expected: { matched: 1, delivered: 1, failed: 0 },
    arrange: (exchange) => ({
      id: exchange.subscribe({
        topicPattern: 'a',
        filter: () => Promise.resolve(true) as unknown as boolean,
        handler: () => {},
      }),
    }),
    written: onErrorLine,
  },
  {
    name: 'a subscription observer throws it',
    onErrorThrows: false,
    expected: { matched: 2, delivered: 2, failed: 0 },
    arrange: (exchange, thrown) => {
      const fail = (): never => {
        throw thrown;
      };
      exchange.observe({ onSubscribe: fail, onUnsubscribe: fail });
      return { id: exchange.subscribe({ topicPattern: 'a', handler: () => {} }) };
    },
    written: () => 'sigx: an exchange observer threw while told of subscription',
    reported: (reports) => reports.length === 0,
  },
];

/** Runs one case; returns what went wrong, or `[]`. */
async function run(
  dispatch: 'sequential' | 'concurrent',
  place: Place,
  reporter: Reporter,
  thrown: unknown,
): Promise<string[]> {
  const problems: string[] = [];
  escaped.length = 0;
  const lines: string[] = [];
  // Like the real console.error, the mock formats its arguments with util.inspect: it throws
  // where inspecting them throws.
  const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    if (reporter === 'console.error throws') throw new Error('console.error broke');
    lines.push(format(...args));
  });
  const reports: unknown[] = [];
  const options: SignalExchangeOptions = {
    dispatch,
    ...(place.handlerTimeout === undefined ? {} : { handlerTimeout: place.handlerTimeout }),
    ...(place.onErrorThrows
      ? {
          onError: () => {
            throw thrown;
          },
        }
      : reporter === 'onError records'
        ? { onError: (error: unknown) => void reports.push(error) }
        : {}),
  };
  try {
    const exchange = new SignalExchange(options);
    const { id, settleLate } = place.arrange(exchange, thrown);
    let witnessed = 0;
    exchange.subscribe({ topicPattern: 'a', handler: () => void (witnessed += 1) });
    const result = await exchange.publish({ message: message('a') });
    if (JSON.stringify(result) !== JSON.stringify(place.expected)) {
      problems.push(`publish resolved with ${JSON.stringify(result)}`);
    }
    if (witnessed !== 1) problems.push(`the next subscription got the message ${witnessed} times`);
    settleLate?.();
    await ticks(2);
    exchange.clear();
    if (exchange.size !== 0) problems.push(`clear() left ${exchange.size} subscriptions`);
    if (
      reporter === 'console.error writes' &&
      !lines.some((line) => line.startsWith(place.written(id)))
    ) {
      problems.push(`nothing readable was written: ${JSON.stringify(lines)}`);
    }
    if (reporter === 'onError records' && place.reported?.(reports, thrown) === false) {
      problems.push(`onError was told ${reports.length} things`);
    }
  } catch (error) {
    problems.push(`threw or rejected: ${error instanceof Error ? error.message : typeof error}`);
  }
  await ticks(1);
  problems.push(...escaped);
  consoleError.mockRestore();
  return problems;
}

for (const dispatch of ['sequential', 'concurrent'] as const) {
  describe(`reporting a hostile value never throws (${dispatch})`, () => {
    for (const place of PLACES) {
      const reporters: Reporter[] = place.onErrorThrows
        ? ['console.error writes', 'console.error throws']
        : ['onError records', 'console.error writes', 'console.error throws'];
      for (const reporter of reporters) {
        it(`${place.name}; ${reporter}`, async () => {
          const failures: string[] = [];
          for (const [name, make] of HOSTILE_VALUES) {
            const problems = await run(dispatch, place, reporter, make());
            if (problems.length > 0) failures.push(`${name}: ${problems.join('; ')}`);
          }
          expect(failures).toEqual([]);
        });
      }
    }
  });
}
