// Issue 7, hostile patterns: `unsafePatterns` is passed to the exchange's matcher. With
// 'reject', subscribe, stream and next throw UnsafePatternError synchronously for a pattern
// that risks super-linear backtracking, as they do PatternSyntaxError, also with an already-
// aborted signal, and a refused call changes nothing. The default, 'allow', subscribes it.
import {
  analyzePattern,
  mqtt,
  UnsafePatternError as MatcherUnsafePatternError,
} from '@sigx/matcher';
import { describe, expect, it, vi } from 'vitest';
import {
  type Handler,
  PatternSyntaxError,
  SignalExchange,
  type SignalExchangeOptions,
  UnsafePatternError,
} from '../src/index.js';
import { message } from './support/helpers.js';

const UNSAFE = ['(a+)+$', '(a|a)*b', /(x*)*y/i, '(a)\\1*$'] as const;

/** The error a call throws (it must throw). */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function rejecting() {
  const exchange = new SignalExchange({ unsafePatterns: 'reject' });
  const onSubscribe = vi.fn();
  exchange.observe({ onSubscribe });
  return { exchange, onSubscribe };
}

describe("unsafePatterns: 'reject'", () => {
  it('is the same UnsafePatternError class as @sigx/matcher exports', () => {
    expect(UnsafePatternError).toBe(MatcherUnsafePatternError);
  });

  it.each(UNSAFE)(
    'subscribe refuses %s with UnsafePatternError naming it; nothing changes',
    (pattern) => {
      const { exchange, onSubscribe } = rejecting();
      const handler = vi.fn<Handler>();
      const error = thrownBy(() => exchange.subscribe({ topicPattern: pattern, handler }));
      const source = typeof pattern === 'string' ? pattern : pattern.source;
      const risk = analyzePattern(pattern).backtracking;
      expect(risk).not.toBeNull();
      expect(error).toBeInstanceOf(UnsafePatternError);
      expect(error).toMatchObject({
        name: 'UnsafePatternError',
        code: 'ERR_SIGX_UNSAFE_PATTERN',
        pattern: source,
        construct: risk!.construct,
        reason: risk!.reason,
      });
      expect((error as Error).message).toContain(JSON.stringify(source));
      expect(exchange.size).toBe(0);
      expect(onSubscribe).not.toHaveBeenCalled();
      expect(exchange.hasSubscribers('aaaa')).toBe(false);
    },
  );

  it('stream and next throw it synchronously too', () => {
    const { exchange } = rejecting();
    expect(() => exchange.stream({ topicPattern: '(a+)+$' })).toThrow(UnsafePatternError);
    expect(() => exchange.next({ topicPattern: '(a+)+$' })).toThrow(UnsafePatternError);
    expect(exchange.size).toBe(0);
  });

  it('throws it with an already-aborted signal, which subscribes nothing anyway', () => {
    const { exchange } = rejecting();
    const signal = AbortSignal.abort();
    expect(() => exchange.subscribe({ topicPattern: '(a+)+$', handler: () => {}, signal })).toThrow(
      UnsafePatternError,
    );
    expect(() => exchange.stream({ topicPattern: '(a+)+$', signal })).toThrow(UnsafePatternError);
    expect(() => exchange.next({ topicPattern: '(a+)+$', signal })).toThrow(UnsafePatternError);
    // A safe pattern with an aborted signal still returns an id and subscribes nothing.
    expect(exchange.subscribe({ topicPattern: 'a/.*', handler: () => {}, signal })).toMatch(
      /^[0-9a-f]{32}$/,
    );
    expect(exchange.size).toBe(0);
  });

  it('still throws PatternSyntaxError for an invalid pattern', () => {
    const { exchange } = rejecting();
    expect(() => exchange.subscribe({ topicPattern: 'a(', handler: () => {} })).toThrow(
      PatternSyntaxError,
    );
    expect(() =>
      exchange.subscribe({ topicPattern: 'a(', handler: () => {}, signal: AbortSignal.abort() }),
    ).toThrow(PatternSyntaxError);
  });

  it('subscribes safe patterns and mqtt() filters, which deliver as usual', async () => {
    const { exchange } = rejecting();
    const seen: string[] = [];
    const handler: Handler = (_id, _publisher, m) => void seen.push(m.topic);
    for (const topicPattern of ['a/.*', /^b\/[^/]+$/, mqtt('c/+/d'), mqtt('e/#')]) {
      exchange.subscribe({ topicPattern, handler: (...args) => handler(...args) });
    }
    expect(exchange.size).toBe(4);
    for (const topic of ['a/x', 'b/y', 'c/z/d', 'e/f/g', 'c/z']) {
      await exchange.publish({ message: message(topic) });
    }
    expect(seen).toEqual(['a/x', 'b/y', 'c/z/d', 'e/f/g']);
  });
});

describe("unsafePatterns: 'allow' (the default)", () => {
  it.each([{}, { unsafePatterns: 'allow' as const }])(
    'subscribes an unsafe pattern (%o)',
    async (options) => {
      const exchange = new SignalExchange(options);
      const handler = vi.fn<Handler>();
      exchange.subscribe({ topicPattern: '(a+)+$', handler });
      await exchange.publish({ message: message('aaa') });
      expect(handler).toHaveBeenCalledTimes(1);
    },
  );
});

describe('the unsafePatterns option', () => {
  it.each(['yes', true, 'REJECT'])('refuses %o with a RangeError naming it', (value) => {
    const make = () =>
      new SignalExchange({ unsafePatterns: value } as unknown as SignalExchangeOptions);
    expect(make).toThrow(RangeError);
    expect(make).toThrow(/unsafePatterns/);
  });
});
