// Issue 17, point 3: a subscribe with an already-aborted signal files nothing, yet refuses the
// patterns subscribing would refuse (invalid, unsafe, too long) with the exchange's pattern
// rules. It checks them with the matcher's checkPattern, without building a TopicMatcher.
import type * as Matcher from '@sigx/matcher';
import { describe, expect, it, vi } from 'vitest';
import {
  LimitExceededError,
  PatternSyntaxError,
  SignalExchange,
  UnsafePatternError,
} from '../src/index.js';

const built = vi.hoisted(() => ({ matchers: 0 }));

vi.mock('@sigx/matcher', async (importOriginal) => {
  const actual = await importOriginal<typeof Matcher>();
  /** The real matcher, counted. */
  class CountedMatcher<T> extends actual.TopicMatcher<T> {
    constructor(...args: ConstructorParameters<typeof actual.TopicMatcher>) {
      super(...args);
      built.matchers += 1;
    }
  }
  return { ...actual, TopicMatcher: CountedMatcher };
});

describe('subscribe with an already-aborted signal', () => {
  it('checks the pattern with the exchange rules, without a matcher of its own', () => {
    const exchange = new SignalExchange({ unsafePatterns: 'reject', maxPatternLength: 8 });
    const before = built.matchers;
    const subscribe = (topicPattern: string): string =>
      exchange.subscribe({ topicPattern, handler: () => {}, signal: AbortSignal.abort() });

    expect(typeof subscribe('a/.*')).toBe('string');
    expect(() => subscribe('a(')).toThrow(PatternSyntaxError);
    expect(() => subscribe('(a+)+$')).toThrow(UnsafePatternError);
    expect(() => subscribe('a'.repeat(9))).toThrow(LimitExceededError);

    expect(built.matchers).toBe(before);
    expect(exchange.size).toBe(0);
  });
});
