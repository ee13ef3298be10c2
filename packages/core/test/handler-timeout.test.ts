// Issue 7, stuck handlers: with `handlerTimeout`, a handler whose promise (or thenable) has not
// settled after that many milliseconds is reported to onError with a HandlerTimeoutError
// (phase 'handler') and counted in `failed`, and publish moves on: the next handler runs
// (sequential) or publish resolves without it (concurrent). A settlement after the timeout is
// reported with a LateSettlementError. Timers are cleared when handlers settle in time and
// never keep the process alive. Fake timers: no assertion depends on real time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ErrorContext,
  type Handler,
  HandlerTimeoutError,
  LateSettlementError,
  MAX_HANDLER_TIMEOUT,
  SignalExchange,
  type SignalExchangeOptions,
  type SubscribeOptions,
} from '../src/index.js';
import { deferred, message } from './support/helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Whether the promise has settled, letting pending microtasks run (fake timers: no macrotask). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

function recorder() {
  const errors: [unknown, ErrorContext][] = [];
  return {
    errors,
    onError: (error: unknown, context: ErrorContext) => errors.push([error, context]),
  };
}

const never: Handler = () => new Promise<void>(() => {});

/**
 * Publishes to one handler that waits on a gate until after its `timeout` has been reported;
 * open the gate to settle it late.
 */
async function timedOut(dispatch: 'sequential' | 'concurrent', timeout: number) {
  const { errors, onError } = recorder();
  const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: timeout });
  const gate = deferred();
  const id = exchange.subscribe({ topicPattern: 'a', handler: () => gate.promise });
  const m = message('a');
  const publishing = exchange.publish({ message: m });
  await vi.advanceTimersByTimeAsync(timeout);
  await expect(publishing).resolves.toEqual({ matched: 1, delivered: 1, failed: 1 });
  expect(errors).toHaveLength(1);
  expect(errors[0]![0]).toBeInstanceOf(HandlerTimeoutError);
  return { errors, gate, id, m };
}

describe('handlerTimeout is validated by the constructor', () => {
  const make = (handlerTimeout: unknown) => () =>
    new SignalExchange({ handlerTimeout } as unknown as SignalExchangeOptions);

  it.each([0, -1, -0.5, NaN, -Infinity, MAX_HANDLER_TIMEOUT + 1, 2 ** 53])(
    'refuses %s with a RangeError naming the option',
    (value) => {
      expect(make(value)).toThrow(RangeError);
      expect(make(value)).toThrow(/^handlerTimeout must be a positive number of milliseconds/);
    },
  );

  it.each(['100', null, 100n, {}, true])(
    'refuses a non-number (%s) with a TypeError naming the option',
    (value) => {
      expect(make(value)).toThrow(TypeError);
      expect(make(value)).toThrow(/^handlerTimeout must be a number of milliseconds, got /);
    },
  );

  it.each([undefined, Infinity, 1, 0.5, 30_000, MAX_HANDLER_TIMEOUT])('accepts %s', (value) => {
    expect(make(value)).not.toThrow();
  });

  it('MAX_HANDLER_TIMEOUT is the longest delay a timer takes', () => {
    expect(MAX_HANDLER_TIMEOUT).toBe(2 ** 31 - 1);
  });
});

describe('subscribe({ handlerTimeout }) is validated likewise', () => {
  it.each([
    [0, RangeError],
    [NaN, RangeError],
    [-5, RangeError],
    ['5', TypeError],
    [null, TypeError],
  ])('refuses %s, and the failed subscribe changes nothing', (value, type) => {
    const exchange = new SignalExchange();
    const attempt = () =>
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {},
        handlerTimeout: value,
      } as unknown as SubscribeOptions);
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(/^handlerTimeout must be/);
    expect(exchange.size).toBe(0);
  });

  it('is also checked when the signal is already aborted', () => {
    const exchange = new SignalExchange();
    expect(() =>
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {},
        handlerTimeout: -1,
        signal: AbortSignal.abort(),
      }),
    ).toThrow(RangeError);
  });
});

for (const dispatch of ['sequential', 'concurrent'] as const) {
  describe(`handlerTimeout (${dispatch})`, () => {
    it('reports a handler that never settles with HandlerTimeoutError and counts it in failed', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 50 });
      const id = exchange.subscribe({ topicPattern: 'a/.*', handler: never });
      const m = message('a/b');
      const publishing = exchange.publish({ message: m });

      await vi.advanceTimersByTimeAsync(49);
      expect(await settled(publishing)).toBe(false);
      expect(errors).toEqual([]);

      await vi.advanceTimersByTimeAsync(1);
      await expect(publishing).resolves.toEqual({ matched: 1, delivered: 1, failed: 1 });
      expect(errors).toHaveLength(1);
      const [error, context] = errors[0]!;
      expect(context).toEqual({ subscriptionId: id, message: m, phase: 'handler' });
      expect(error).toBeInstanceOf(HandlerTimeoutError);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({
        name: 'HandlerTimeoutError',
        code: 'ERR_SIGX_HANDLER_TIMEOUT',
        subscriptionId: id,
        topic: 'a/b',
        messageId: m.messageId,
        timeout: 50,
        message: `Handler of subscription ${id} did not settle within 50 ms (message ${m.messageId} on topic "a/b")`,
      });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('gives each handler its own timeout, from when it returns its promise', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 100 });
      const log: string[] = [];
      const stuck =
        (name: string): Handler =>
        () => {
          log.push(`start ${name}`);
          return new Promise(() => {});
        };
      exchange.subscribe({ topicPattern: 'a', handler: stuck('A') });
      exchange.subscribe({ topicPattern: 'a', handler: () => void log.push('sync B') });
      exchange.subscribe({ topicPattern: 'a', handler: stuck('C') });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(0);
      if (dispatch === 'sequential') {
        // The next handler waits for A's timeout, then C gets a full timeout of its own.
        expect(log).toEqual(['start A']);
        await vi.advanceTimersByTimeAsync(100);
        expect(log).toEqual(['start A', 'sync B', 'start C']);
        expect(errors).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(99);
        expect(await settled(publishing)).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
      } else {
        // All start at once; publish resolves when both timeouts have expired together.
        expect(log).toEqual(['start A', 'sync B', 'start C']);
        await vi.advanceTimersByTimeAsync(99);
        expect(await settled(publishing)).toBe(false);
        await vi.advanceTimersByTimeAsync(1);
      }
      await expect(publishing).resolves.toEqual({ matched: 3, delivered: 3, failed: 2 });
      expect(errors.map(([error]) => (error as HandlerTimeoutError).name)).toEqual([
        'HandlerTimeoutError',
        'HandlerTimeoutError',
      ]);
    });

    it('lets publish go on past a stuck handler while the others complete', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 20 });
      const log: string[] = [];
      exchange.subscribe({ topicPattern: 'a', handler: () => void log.push('first') });
      const stuckId = exchange.subscribe({ topicPattern: 'a', handler: never });
      exchange.subscribe({
        topicPattern: 'a',
        handler: async () => {
          await Promise.resolve();
          log.push('after');
        },
      });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(20);
      await expect(publishing).resolves.toEqual({ matched: 3, delivered: 3, failed: 1 });
      expect(log).toEqual(['first', 'after']);
      expect(errors.map(([, context]) => context.subscriptionId)).toEqual([stuckId]);
    });

    it('clears the timer of a handler that settles in time, and reports nothing', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 1_000 });
      const gate = deferred();
      exchange.subscribe({ topicPattern: 'a', handler: () => gate.promise });
      exchange.subscribe({ topicPattern: 'a', handler: async () => {} });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(999);
      expect(vi.getTimerCount()).toBe(1);
      gate.resolve();
      await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(errors).toEqual([]);
    });

    it('reports a rejection in time as itself, not as a timeout, and clears the timer', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 1_000 });
      const failure = new Error('in time');
      const gate = deferred();
      const id = exchange.subscribe({ topicPattern: 'a', handler: () => gate.promise });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(500);
      gate.reject(failure);
      await expect(publishing).resolves.toEqual({ matched: 1, delivered: 1, failed: 1 });
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(errors).toHaveLength(1);
      expect(errors[0]![0]).toBe(failure);
      expect(errors[0]![1].subscriptionId).toBe(id);
    });

    it('starts no timer for handlers that return no thenable, and still reports their throws', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 10 });
      const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
      const thrown = new Error('sync');
      exchange.subscribe({ topicPattern: 'a', handler: () => {} });
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          throw thrown;
        },
      });
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => ({ then: 'not callable' }) as unknown as undefined,
      });
      await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
        matched: 3,
        delivered: 3,
        failed: 1,
      });
      expect(setTimeoutSpy).not.toHaveBeenCalled();
      expect(errors.map(([error]) => error)).toEqual([thrown]);
    });

    it('times out a hand-made thenable that never calls back', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 5 });
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => ({ then() {} }) as unknown as PromiseLike<void>,
      });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(5);
      await expect(publishing).resolves.toEqual({ matched: 1, delivered: 1, failed: 1 });
      expect(errors[0]![0]).toBeInstanceOf(HandlerTimeoutError);
    });

    it('treats a thenable whose then throws as a rejection in time', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 5 });
      const broken = new Error('then threw');
      exchange.subscribe({
        topicPattern: 'a',
        handler: () =>
          ({
            then() {
              throw broken;
            },
          }) as unknown as PromiseLike<void>,
      });
      const publishing = exchange.publish({ message: message('a') });
      await expect(publishing).resolves.toEqual({ matched: 1, delivered: 1, failed: 1 });
      expect(errors.map(([error]) => error)).toEqual([broken]);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('reports a late fulfilment with LateSettlementError (outcome fulfilled); the result stays', async () => {
      const { errors, gate, id, m } = await timedOut(dispatch, 30);
      gate.resolve();
      await vi.advanceTimersByTimeAsync(0);
      expect(errors).toHaveLength(2);
      const [late, context] = errors[1]!;
      expect(context).toEqual({ subscriptionId: id, message: m, phase: 'handler' });
      expect(late).toBeInstanceOf(LateSettlementError);
      expect(late).toMatchObject({
        name: 'LateSettlementError',
        code: 'ERR_SIGX_LATE_SETTLEMENT',
        outcome: 'fulfilled',
        subscriptionId: id,
        topic: 'a',
        messageId: m.messageId,
        timeout: 30,
        message: `Handler of subscription ${id} fulfilled after its 30 ms timeout (message ${m.messageId} on topic "a")`,
      });
      expect('cause' in (late as object)).toBe(false);
    });

    it('reports a late rejection with LateSettlementError (outcome rejected, the reason as cause)', async () => {
      const { errors, gate, id, m } = await timedOut(dispatch, 30);
      const reason = new Error('too late');
      gate.reject(reason);
      await vi.advanceTimersByTimeAsync(0);
      expect(errors).toHaveLength(2);
      const late = errors[1]![0] as LateSettlementError;
      expect(late).toBeInstanceOf(LateSettlementError);
      expect(late.outcome).toBe('rejected');
      expect(late.cause).toBe(reason);
      expect(late.subscriptionId).toBe(id);
      expect(late.message).toBe(
        `Handler of subscription ${id} rejected (too late) after its 30 ms timeout (message ${m.messageId} on topic "a")`,
      );
    });

    it('describes a late rejection with a non-Error reason', async () => {
      const { errors, gate } = await timedOut(dispatch, 1);
      gate.reject('nope');
      await vi.advanceTimersByTimeAsync(0);
      const late = errors[1]![0] as LateSettlementError;
      expect(late.cause).toBe('nope');
      expect(late.message).toContain('rejected ("nope") after its 1 ms timeout');
    });

    it('lets a subscription override the exchange default, either way', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 50 });
      const patient = deferred();
      const patientId = exchange.subscribe({
        topicPattern: 'a',
        handler: () => patient.promise,
        handlerTimeout: Infinity,
      });
      const hastyId = exchange.subscribe({ topicPattern: 'a', handler: never, handlerTimeout: 5 });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await settled(publishing)).toBe(false);
      patient.resolve();
      await vi.advanceTimersByTimeAsync(5);
      await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 1 });
      expect(errors.map(([error]) => (error as HandlerTimeoutError).subscriptionId)).toEqual([
        hastyId,
      ]);
      expect(errors[0]![0]).toMatchObject({ timeout: 5 });
      expect(patientId).not.toBe(hastyId);

      const noDefault = new SignalExchange({ dispatch, onError });
      noDefault.subscribe({ topicPattern: 'b', handler: never, handlerTimeout: 7 });
      const second = noDefault.publish({ message: message('b') });
      await vi.advanceTimersByTimeAsync(7);
      await expect(second).resolves.toEqual({ matched: 1, delivered: 1, failed: 1 });
      expect(errors[1]![0]).toMatchObject({ name: 'HandlerTimeoutError', timeout: 7 });
    });

    it('uses the timeout of the subscription a shared handler is called for', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError });
      const first = exchange.subscribe({ topicPattern: 'a', handler: never, handlerTimeout: 3 });
      exchange.subscribe({ topicPattern: 'a.*', handler: never, handlerTimeout: 1_000 });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(3);
      await expect(publishing).resolves.toEqual({ matched: 2, delivered: 1, failed: 1 });
      expect(errors[0]![0]).toMatchObject({ subscriptionId: first, timeout: 3 });
    });

    it('applies to deliver as to publish', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 4 });
      exchange.subscribe({ topicPattern: 'a', handler: never });
      const delivering = exchange.deliver({ message: message('a') });
      await vi.advanceTimersByTimeAsync(4);
      await expect(delivering).resolves.toEqual({ matched: 1, delivered: 1, failed: 1 });
      expect(errors[0]![0]).toBeInstanceOf(HandlerTimeoutError);
    });

    it('survives an onError that throws on the timeout and on the late report', async () => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      const onError = vi.fn(() => {
        throw new Error('onError broke');
      });
      const exchange = new SignalExchange({ dispatch, onError, handlerTimeout: 2 });
      const gate = deferred();
      exchange.subscribe({ topicPattern: 'a', handler: () => gate.promise });
      const after = vi.fn();
      exchange.subscribe({ topicPattern: 'a', handler: after });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(2);
      await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 1 });
      expect(after).toHaveBeenCalledTimes(1);
      gate.resolve();
      await vi.advanceTimersByTimeAsync(0);
      expect(onError).toHaveBeenCalledTimes(2);
      expect(consoleError).toHaveBeenCalledTimes(2);
    });

    it('writes timeouts and late settlements to console.error by default', async () => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      const exchange = new SignalExchange({ dispatch, handlerTimeout: 2 });
      const fulfilled = deferred();
      const rejected = deferred();
      const id1 = exchange.subscribe({ topicPattern: 'a', handler: () => fulfilled.promise });
      const id2 = exchange.subscribe({ topicPattern: 'a', handler: () => rejected.promise });
      const publishing = exchange.publish({ message: message('a') });
      await vi.advanceTimersByTimeAsync(4);
      await publishing;
      fulfilled.resolve();
      rejected.reject(new Error('late'));
      await vi.advanceTimersByTimeAsync(0);
      const lines = consoleError.mock.calls.map(([text, error]) => [text, (error as Error).name]);
      expect(lines).toEqual([
        [`sigx: handler of subscription ${id1} failed on topic "a":`, 'HandlerTimeoutError'],
        [`sigx: handler of subscription ${id2} failed on topic "a":`, 'HandlerTimeoutError'],
        [`sigx: handler of subscription ${id1} settled late on topic "a":`, 'LateSettlementError'],
        [`sigx: handler of subscription ${id2} failed on topic "a":`, 'LateSettlementError'],
      ]);
    });
  });
}

describe('handler timers', () => {
  it('do not keep the process alive (unref)', async () => {
    const timers: unknown[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const timer = realSetTimeout(callback, ms);
      timers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const exchange = new SignalExchange({ handlerTimeout: 10, onError: () => {} });
    exchange.subscribe({ topicPattern: 'a', handler: never });
    const publishing = exchange.publish({ message: message('a') });
    await vi.advanceTimersByTimeAsync(0);
    expect(timers).toHaveLength(1);
    expect((timers[0] as { hasRef(): boolean }).hasRef()).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    await expect(publishing).resolves.toMatchObject({ failed: 1 });
  });

  it('work where setTimeout returns a number without unref (browsers)', async () => {
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    const live = new Map<number, ReturnType<typeof setTimeout>>();
    let next = 1;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const id = next++;
      live.set(
        id,
        realSetTimeout(() => {
          live.delete(id);
          callback();
        }, ms),
      );
      return id;
    }) as unknown as typeof setTimeout);
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((id: number) => {
      realClearTimeout(live.get(id));
      live.delete(id);
    }) as unknown as typeof clearTimeout);
    const { errors, onError } = recorder();
    const exchange = new SignalExchange({ handlerTimeout: 10, onError });
    exchange.subscribe({ topicPattern: 'a', handler: never });
    exchange.subscribe({ topicPattern: 'a', handler: async () => {} });
    const publishing = exchange.publish({ message: message('a') });
    await vi.advanceTimersByTimeAsync(10);
    await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 1 });
    expect(errors[0]![0]).toBeInstanceOf(HandlerTimeoutError);
    expect(live.size).toBe(0); // the in-time handler's timer was cleared by its number
  });
});
