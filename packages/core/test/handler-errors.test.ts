// docs/delivery-semantics.md, "Publish rules", rule 6 (and "Errors"): a handler that throws or
// rejects is reported to onError with phase 'handler'; every other handler still runs; publish
// resolves (never rejects because of a handler) with the failed count. The default onError writes
// the error and its context to console.error. An onError that itself throws does not reject publish
// either.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ErrorContext, SignalExchange } from '../src/index.js';
import { message, sleep } from './support/helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

for (const dispatch of ['sequential', 'concurrent'] as const) {
  describe(`handler failures (${dispatch})`, () => {
    it('are reported with phase "handler"; the other handlers still run; failed counts them', async () => {
      const errors: [unknown, ErrorContext][] = [];
      const exchange = new SignalExchange({
        dispatch,
        onError: (error, context) => void errors.push([error, context]),
      });
      const log: string[] = [];
      const thrown = new Error('sync throw');
      const rejected = new Error('async rejection');
      const thenableRejected = new Error('thenable rejection');
      exchange.subscribe({ topicPattern: 'a', handler: () => void log.push('ok 1') });
      const throwingId = exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          log.push('throwing');
          throw thrown;
        },
      });
      exchange.subscribe({ topicPattern: 'a', handler: () => void log.push('ok 2') });
      const rejectingId = exchange.subscribe({
        topicPattern: 'a',
        handler: async () => {
          log.push('rejecting');
          await sleep(2);
          throw rejected;
        },
      });
      const thenableId = exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          log.push('thenable');
          return {
            then(_onFulfilled: unknown, onRejected: (reason: unknown) => void) {
              setTimeout(() => onRejected(thenableRejected), 1);
            },
          } as unknown as PromiseLike<void>;
        },
      });
      exchange.subscribe({ topicPattern: 'a', handler: async () => void log.push('ok 3') });
      const m = message('a');
      const result = await exchange.publish({ message: m });
      expect(result).toEqual({ matched: 6, delivered: 6, failed: 3 });
      expect(log).toEqual(['ok 1', 'throwing', 'ok 2', 'rejecting', 'thenable', 'ok 3']);
      const byId = new Map(
        errors.map(([error, context]) => [context.subscriptionId, { error, context }]),
      );
      expect(errors).toHaveLength(3);
      expect(byId.get(throwingId)).toEqual({
        error: thrown,
        context: { subscriptionId: throwingId, message: m, phase: 'handler' },
      });
      expect(byId.get(rejectingId)).toEqual({
        error: rejected,
        context: { subscriptionId: rejectingId, message: m, phase: 'handler' },
      });
      expect(byId.get(thenableId)).toEqual({
        error: thenableRejected,
        context: { subscriptionId: thenableId, message: m, phase: 'handler' },
      });
      expect(byId.get(throwingId)!.error).toBe(thrown);
      expect(byId.get(throwingId)!.context.message).toBe(m);
    });

    it('reports non-Error values thrown or rejected as they are', async () => {
      const errors: unknown[] = [];
      const exchange = new SignalExchange({
        dispatch,
        onError: (error) => void errors.push(error),
      });
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          throw 'a string';
        },
      });
      exchange.subscribe({ topicPattern: 'a', handler: () => Promise.reject(undefined) });
      await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
        matched: 2,
        delivered: 2,
        failed: 2,
      });
      expect(errors).toEqual(['a string', undefined]);
    });

    it('go to console.error by default, with the error and the subscription', async () => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      const exchange = new SignalExchange({ dispatch });
      const failure = new Error('boom');
      const id = exchange.subscribe({
        topicPattern: 'parent/child',
        handler: async () => {
          throw failure;
        },
      });
      await expect(exchange.publish({ message: message('parent/child') })).resolves.toEqual({
        matched: 1,
        delivered: 1,
        failed: 1,
      });
      expect(consoleError).toHaveBeenCalledTimes(1);
      const args = consoleError.mock.calls[0]!;
      expect(args).toContain(failure);
      const text = args.filter((arg) => typeof arg === 'string').join(' ');
      expect(text).toContain(id);
      expect(text).toContain('parent/child');
      expect(text).toContain('handler');
    });

    it('do not reject publish when onError itself throws', async () => {
      const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
      const onError = vi.fn(() => {
        throw new Error('onError broke');
      });
      const exchange = new SignalExchange({ dispatch, onError });
      const after = vi.fn();
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          throw new Error('handler broke');
        },
      });
      exchange.subscribe({
        topicPattern: 'a',
        handler: async () => Promise.reject(new Error('again')),
      });
      exchange.subscribe({ topicPattern: 'a', handler: after });
      await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
        matched: 3,
        delivered: 3,
        failed: 2,
      });
      expect(onError).toHaveBeenCalledTimes(2);
      expect(after).toHaveBeenCalledTimes(1);
      expect(consoleError).toHaveBeenCalled();
    });

    it('leave the exchange working for the next publish', async () => {
      const exchange = new SignalExchange({ dispatch, onError: () => {} });
      let calls = 0;
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          calls += 1;
          if (calls === 1) throw new Error('first time only');
        },
      });
      await expect(exchange.publish({ message: message('a') })).resolves.toMatchObject({
        failed: 1,
      });
      await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
        matched: 1,
        delivered: 1,
        failed: 0,
      });
      expect(calls).toBe(2);
      expect(exchange.size).toBe(1);
    });
  });
}

describe('the onError option', () => {
  it('must be a function', () => {
    expect(() => new SignalExchange({ onError: 'log' as unknown as () => void })).toThrow(
      TypeError,
    );
  });
});
