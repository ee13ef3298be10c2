// docs/delivery-semantics.md, "Exchange options", new SignalExchange(options): dispatch is
// 'sequential' or 'concurrent', cacheSize goes to the matcher, onError must be a function; anything
// else is refused at construction.
import { describe, expect, it } from 'vitest';
import { SignalExchange, type SignalExchangeOptions } from '../src/index.js';
import { message } from './support/helpers.js';

const options = (value: Record<string, unknown>): SignalExchangeOptions =>
  value as SignalExchangeOptions;

describe('SignalExchange options', () => {
  it('work with no options at all', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: () => {} });
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
  });

  it('refuse an unknown dispatch mode with TypeError', () => {
    expect(() => new SignalExchange(options({ dispatch: 'parallel' }))).toThrow(TypeError);
    expect(() => new SignalExchange(options({ dispatch: null }))).toThrow(TypeError);
  });

  it('refuse an onError that is not a function with TypeError', () => {
    expect(() => new SignalExchange(options({ onError: {} }))).toThrow(TypeError);
  });

  it('refuse a cacheSize the matcher cannot use with RangeError', () => {
    expect(() => new SignalExchange({ cacheSize: -1 })).toThrow(RangeError);
    expect(() => new SignalExchange({ cacheSize: 1.5 })).toThrow(RangeError);
  });

  it('accept cacheSize 0 (memo off) and give the same deliveries', async () => {
    for (const cacheSize of [0, 1, 10_000]) {
      const exchange = new SignalExchange({ cacheSize });
      const calls: string[] = [];
      exchange.subscribe({ topicPattern: 'a/.*', handler: () => void calls.push('a') });
      await exchange.publish({ message: message('a/b') });
      exchange.subscribe({ topicPattern: 'a/b', handler: () => void calls.push('b') });
      await exchange.publish({ message: message('a/b') });
      expect(calls, `cacheSize ${cacheSize}`).toEqual(['a', 'a', 'b']);
    }
  });

  it('pass cacheBytes to the matcher: refused out of range, and deliveries unchanged', async () => {
    expect(() => new SignalExchange({ cacheBytes: 0 })).toThrow(
      new RangeError('cacheBytes must be a positive integer or Infinity, got number 0'),
    );
    for (const cacheBytes of [2, 64, Infinity]) {
      const exchange = new SignalExchange({ cacheBytes });
      const calls: string[] = [];
      exchange.subscribe({ topicPattern: 'a/.*', handler: () => void calls.push('a') });
      await exchange.publish({ message: message('a/bbbbbbbbbbbb') });
      await exchange.publish({ message: message('a/bbbbbbbbbbbb') });
      expect(calls, `cacheBytes ${cacheBytes}`).toEqual(['a', 'a']);
    }
  });
});
