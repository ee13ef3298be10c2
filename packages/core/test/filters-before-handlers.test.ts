// docs/delivery-semantics.md, "Publish rules", rule 3: every kept subscription's filter runs,
// synchronously and in subscription order, before the first handler of the publish. A filter that
// throws is reported to onError (phase 'filter') and its subscription skipped; so is a filter that
// returns a promise (filters are synchronous). A falsy verdict skips the subscription.
import { describe, expect, it, vi } from 'vitest';
import { type ErrorContext, type Filter, SignalExchange } from '../src/index.js';
import { message } from './support/helpers.js';

describe('filters run before handlers', () => {
  for (const dispatch of ['sequential', 'concurrent'] as const) {
    it(`all filters, in subscription order, before the first handler (${dispatch})`, async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      for (const name of ['a', 'b', 'c', 'd']) {
        exchange.subscribe({
          topicPattern: name === 'c' ? 'parent/child' : 'parent/.*',
          filter: () => {
            log.push(`filter ${name}`);
            return true;
          },
          handler: () => {
            log.push(`handler ${name}`);
          },
        });
      }
      // One subscription without a filter in the middle: its handler still waits for the filters.
      exchange.subscribe({ topicPattern: 'parent', handler: () => void log.push('handler e') });
      exchange.subscribe({
        topicPattern: 'parent/',
        filter: () => {
          log.push('filter f');
          return true;
        },
        handler: () => void log.push('handler f'),
      });
      await exchange.publish({ message: message('parent/child') });
      expect(log).toEqual([
        'filter a',
        'filter b',
        'filter c',
        'filter d',
        'filter f',
        'handler a',
        'handler b',
        'handler c',
        'handler d',
        'handler e',
        'handler f',
      ]);
    });
  }

  it('runs the filters synchronously inside the publish call', () => {
    const exchange = new SignalExchange();
    const filter = vi.fn(() => false);
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), filter });
    void exchange.publish({ message: message('a') });
    expect(filter).toHaveBeenCalledTimes(1);
  });

  it('passes the subscription id, the publisher and the message to the filter', async () => {
    const exchange = new SignalExchange();
    const filter = vi.fn<Filter>(() => true);
    const id = exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), filter });
    const m = message('a');
    const publisher = { me: true };
    await exchange.publish({ publisher, message: m });
    expect(filter.mock.calls).toEqual([[id, publisher, m]]);
  });

  it('skips a subscription whose filter returns a falsy value', async () => {
    const exchange = new SignalExchange();
    const calls: string[] = [];
    const verdicts: unknown[] = [true, false, 0, '', null, undefined, 1, 'yes'];
    verdicts.forEach((verdict, index) => {
      exchange.subscribe({
        topicPattern: 'a',
        filter: () => verdict as boolean,
        handler: () => void calls.push(String(index)),
      });
    });
    const result = await exchange.publish({ message: message('a') });
    expect(calls).toEqual(['0', '6', '7']);
    expect(result).toEqual({ matched: 3, delivered: 3, failed: 0 });
  });

  it('a filter that throws is reported (phase "filter") and only its subscription is skipped', async () => {
    const errors: [unknown, ErrorContext][] = [];
    const exchange = new SignalExchange({
      onError: (error, context) => void errors.push([error, context]),
    });
    const log: string[] = [];
    const failure = new Error('filter broke');
    exchange.subscribe({
      topicPattern: 'a',
      filter: () => (log.push('filter 1'), true),
      handler: () => void log.push('handler 1'),
    });
    const brokenId = exchange.subscribe({
      topicPattern: 'a',
      filter: () => {
        log.push('filter 2');
        throw failure;
      },
      handler: () => void log.push('handler 2'),
    });
    exchange.subscribe({
      topicPattern: 'a',
      filter: () => (log.push('filter 3'), true),
      handler: () => void log.push('handler 3'),
    });
    const m = message('a');
    const result = await exchange.publish({ message: m });
    expect(log).toEqual(['filter 1', 'filter 2', 'filter 3', 'handler 1', 'handler 3']);
    expect(result).toEqual({ matched: 2, delivered: 2, failed: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]![0]).toBe(failure);
    expect(errors[0]![1]).toEqual({ subscriptionId: brokenId, message: m, phase: 'filter' });
    expect(errors[0]![1].message).toBe(m);
  });

  it('a filter that returns a promise is reported and its subscription skipped', async () => {
    const errors: [unknown, ErrorContext][] = [];
    const exchange = new SignalExchange({
      onError: (error, context) => void errors.push([error, context]),
    });
    const handler = vi.fn();
    const other = vi.fn();
    // A plain function returning a promise is not recognisable at subscribe time.
    const id = exchange.subscribe({
      topicPattern: 'a',
      handler,
      filter: (() => Promise.resolve(true)) as unknown as Filter,
    });
    const thenableId = exchange.subscribe({
      topicPattern: 'a',
      handler,
      filter: (() => ({
        then: (resolve: (v: boolean) => void) => resolve(true),
      })) as unknown as Filter,
    });
    exchange.subscribe({ topicPattern: 'a', handler: other });
    const m = message('a');
    const result = await exchange.publish({ message: m });
    expect(handler).not.toHaveBeenCalled();
    expect(other).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ matched: 1, delivered: 1, failed: 0 });
    expect(errors.map(([, context]) => context)).toEqual([
      { subscriptionId: id, message: m, phase: 'filter' },
      { subscriptionId: thenableId, message: m, phase: 'filter' },
    ]);
    expect(errors[0]![0]).toBeInstanceOf(Error);
  });

  it('a throwing filter goes to the default onError (console.error) and publish resolves', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const exchange = new SignalExchange();
      const failure = new Error('filter broke');
      exchange.subscribe({
        topicPattern: 'a',
        handler: vi.fn(),
        filter: () => {
          throw failure;
        },
      });
      await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
        matched: 0,
        delivered: 0,
        failed: 0,
      });
      expect(consoleError).toHaveBeenCalled();
      expect(consoleError.mock.calls.flat()).toContain(failure);
    } finally {
      consoleError.mockRestore();
    }
  });
});
