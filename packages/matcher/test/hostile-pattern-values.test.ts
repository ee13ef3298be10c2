// Patterns that lie about themselves: a RegExp whose `flags`, `global` or `source` getters are
// overridden is read from its internal slots (what the runtime matches with), and values that
// throw when inspected (a revoked proxy, throwing traps or `Symbol.toStringTag`) are refused
// with the documented TypeError instead of whatever they throw. Huge inputs are cut in messages.
import { describe, expect, it } from 'vitest';
import type { PatternSyntaxError } from '../src/index.js';
import { analyzePattern, TopicMatcher, UnsafePatternError } from '../src/index.js';
import { thrownBy } from './support/thrown-by.js';

describe('a RegExp with overridden getters', () => {
  it('an own `flags` getter changes nothing (before: a raw SyntaxError for flags "zz")', () => {
    const regex = /ab/i;
    Object.defineProperty(regex, 'flags', { get: () => 'zz' });
    expect(analyzePattern(regex)).toMatchObject({ source: 'ab', flags: 'i' });
    expect(new TopicMatcher<number>().add(regex, 1).match('AB')).toEqual([1]);
  });

  it('a throwing `global` getter changes nothing', () => {
    const regex = /ab/;
    Object.defineProperty(regex, 'global', {
      get: () => {
        throw new Error('boom');
      },
    });
    expect(new TopicMatcher<number>().add(regex, 1).match('ab')).toEqual([1]);
  });

  it('a subclass with its own `source` and `flags` is read as what it matches', () => {
    class Liar extends RegExp {
      override get source(): string {
        return '(';
      }
      override get flags(): string {
        return 'q';
      }
    }
    const regex = new Liar('x+', 'm');
    expect(analyzePattern(regex)).toMatchObject({ source: 'x+', flags: 'm' });
    const matcher = new TopicMatcher<number>().add(regex, 1);
    expect(matcher.match('xx')).toEqual([1]);
    expect(matcher.remove(new Liar('x+', 'm'))).toBe(true);
  });
});

describe('values that throw when inspected', () => {
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const trapping = new Proxy(/a/, {
    get: () => {
      throw new Error('get');
    },
    getPrototypeOf: () => {
      throw new Error('getPrototypeOf');
    },
  });
  const tagged = {
    get [Symbol.toStringTag](): string {
      throw new Error('tag');
    },
  };

  it.each([
    ['a revoked proxy', revoked],
    ['a proxy whose traps throw (even of a RegExp)', trapping],
    ['an object whose Symbol.toStringTag throws', tagged],
  ])('%s is refused as a pattern with TypeError, by add and remove', (_, value) => {
    const matcher = new TopicMatcher<number>();
    for (const call of [
      () => matcher.add(value as never, 1),
      () => matcher.remove(value as never),
    ]) {
      const error = thrownBy(call);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^A topic pattern must be a string or a RegExp, got an object/,
      );
    }
    expect(matcher.size).toBe(0);
  });
});

describe('messages about huge inputs', () => {
  it('quote at most 120 code units of a pattern, and keep it whole on the error', () => {
    const pattern = `(${'a'.repeat(100_000)}`;
    const error = thrownBy(() =>
      new TopicMatcher({ maxPatternLength: Infinity }).add(pattern, 1),
    ) as PatternSyntaxError;
    expect(error.name).toBe('PatternSyntaxError');
    expect(error.pattern).toBe(pattern);
    expect(error.message).toBe(
      `Invalid topic pattern ${JSON.stringify(pattern.slice(0, 120))}… (100001 code units): Unterminated group`,
    );
    const unsafe = `${'(a+)+'.repeat(1000)}$`;
    const refusal = thrownBy(() =>
      new TopicMatcher({ unsafePatterns: 'reject', maxPatternLength: Infinity }).add(unsafe, 1),
    ) as UnsafePatternError;
    expect(refusal).toBeInstanceOf(UnsafePatternError);
    expect(refusal.message.length).toBeLessThan(1_000);
  });
});
