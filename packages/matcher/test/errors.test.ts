// Proves docs/pattern-semantics.md, "Errors": an invalid pattern string throws
// PatternSyntaxError (a SyntaxError carrying .pattern, a stable code and a message naming the
// pattern and the engine's reason); a pattern that is neither string nor RegExp, or a topic
// that is not a string, throws TypeError naming what it got; a failed add changes nothing; a
// bad cacheSize throws RangeError.
import { describe, expect, it } from 'vitest';
import {
  analyzePattern,
  PatternSyntaxError,
  TopicMatcher,
  type TopicPattern,
} from '../src/index.js';
import { thrownBy } from './support/thrown-by.js';

/** The runtime's own reason for rejecting a source, e.g. 'Unterminated group'. */
function engineReason(source: string): string {
  try {
    new RegExp(source);
  } catch (error) {
    const message = (error as Error).message;
    return message.slice(message.lastIndexOf(': ') + 2);
  }
  throw new Error(`${source} is valid`);
}

const invalid = ['parent/(', '[', 'a**', '\\', '?', 'a{2,1}', '(?<n>x)(?<n>y)', 'a)'];

describe('an invalid pattern string', () => {
  it.each(invalid)('%j throws PatternSyntaxError from add, remove and analyzePattern', (source) => {
    const reason = engineReason(source);
    const matcher = new TopicMatcher<number>();
    for (const action of [
      () => matcher.add(source, 1),
      () => matcher.remove(source),
      () => matcher.remove(source, 1),
      () => analyzePattern(source),
    ]) {
      const error = thrownBy(action);
      expect(error).toBeInstanceOf(PatternSyntaxError);
      expect(error).toBeInstanceOf(SyntaxError);
      const e = error as PatternSyntaxError & { code: string; reason: string };
      expect(e.name).toBe('PatternSyntaxError');
      expect(e.code).toBe('ERR_SIGX_PATTERN_SYNTAX');
      expect(e.pattern).toBe(source);
      expect(e.message).toContain(JSON.stringify(source));
      expect(e.message).toContain(reason);
      expect(e.reason).toBe(reason);
      expect(e.cause).toBeInstanceOf(SyntaxError);
      expect(String(e)).toMatch(/^PatternSyntaxError: /);
    }
  });
});

const notPatterns: readonly (readonly [string, unknown, RegExp])[] = [
  ['a number', 42, /number 42/],
  ['null', null, /null/],
  ['undefined', undefined, /undefined/],
  ['a plain object', { source: 'a' }, /object/],
  ['an array', ['a'], /object/],
  ['a symbol', Symbol('s'), /symbol/],
  ['a function', () => 'a', /function/],
  ['a boxed string', Object('a'), /object/],
];

describe('a pattern that is neither a string nor a RegExp', () => {
  it.each(notPatterns)('%s throws TypeError naming it', (_label, value, named) => {
    const matcher = new TopicMatcher<number>();
    for (const action of [
      () => matcher.add(value as TopicPattern, 1),
      () => matcher.remove(value as TopicPattern),
      () => analyzePattern(value as TopicPattern),
    ]) {
      const error = thrownBy(action);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(named);
    }
    expect(matcher.size).toBe(0);
  });

  // An object that merely claims to be a RegExp (Symbol.toStringTag) is not one: it has no
  // regular expression inside, and its 'source' was never validated.
  it('an object claiming to be a RegExp through Symbol.toStringTag throws TypeError', () => {
    const fake = { source: 'a', flags: '', [Symbol.toStringTag]: 'RegExp' };
    const matcher = new TopicMatcher<number>();
    expect(() => matcher.add(fake as unknown as RegExp, 1)).toThrow(TypeError);
    expect(matcher.size).toBe(0);
  });

  it('RegExp.prototype, which has RegExp getters but is no RegExp, throws TypeError', () => {
    const matcher = new TopicMatcher<number>();
    expect(() => matcher.add(RegExp.prototype as RegExp, 1)).toThrow(TypeError);
    expect(matcher.size).toBe(0);
  });

  it('a fake RegExp with an invalid source throws TypeError, not a raw SyntaxError', () => {
    const fake = { source: '(', flags: '', [Symbol.toStringTag]: 'RegExp' };
    const matcher = new TopicMatcher<number>();
    expect(() => matcher.add(fake as unknown as RegExp, 1)).toThrow(TypeError);
  });
});

describe('a RegExp from another realm', () => {
  it('is accepted as a RegExp, with its flags', async () => {
    const specifier = 'node:vm';
    const vm = (await import(specifier)) as { runInNewContext(code: string): unknown };
    const foreign = vm.runInNewContext('/parent\\/x/i') as RegExp;
    expect(foreign instanceof RegExp).toBe(false);
    const matcher = new TopicMatcher<number>();
    matcher.add(foreign, 1);
    expect(matcher.match('PARENT/X')).toEqual([1]);
    expect(matcher.match('parent/y')).toEqual([]);
    expect(matcher.remove(/parent\/x/i, 1)).toBe(true);
  });
});

describe('a topic that is not a string', () => {
  const notTopics: readonly (readonly [unknown, RegExp])[] = [
    [1, /number 1/],
    [null, /null/],
    [undefined, /undefined/],
    [{}, /object/],
    [Symbol('t'), /symbol/],
    [['a'], /object/],
  ];
  it.each(notTopics)('%s throws TypeError from match and test', (topic, named) => {
    const matcher = new TopicMatcher<number>();
    matcher.add('', 1); // matches every string, so a coerced topic would match
    for (const action of [
      () => matcher.match(topic as string),
      () => matcher.test(topic as string),
    ]) {
      const error = thrownBy(action);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(named);
    }
    // Nothing was remembered for the bad topic.
    expect(matcher.stats().cache.size).toBe(0);
  });
});

describe('a failed add', () => {
  it('leaves size, stats and match results unchanged', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('a.*', 1).add('.*b', 2).add('x|y', 3);
    const topics = ['a', 'ab', 'b', 'x', 'c'];
    const results = topics.map((t) => matcher.match(t));
    const stats = matcher.stats();
    for (const bad of ['(', 42, null, Symbol('p'), '[a']) {
      expect(() => matcher.add(bad as TopicPattern, 9)).toThrow();
    }
    expect(matcher.size).toBe(3);
    expect(matcher.stats()).toEqual(stats);
    expect(topics.map((t) => matcher.match(t))).toEqual(results);
    // And the fresh computations agree.
    const fresh = new TopicMatcher<number>({ cacheSize: 0 });
    fresh.add('a.*', 1).add('.*b', 2).add('x|y', 3);
    expect(topics.map((t) => fresh.match(t))).toEqual(results);
  });
});

describe('cacheSize', () => {
  it.each([-1, 1.5, NaN, Infinity, 2 ** 53, 2 ** 24 + 1, '10', null])(
    '%s throws RangeError',
    (cacheSize) => {
      expect(() => new TopicMatcher({ cacheSize: cacheSize as number })).toThrow(
        /^cacheSize must be an integer from 0 to 16777216, got /,
      );
      expect(() => new TopicMatcher({ cacheSize: cacheSize as number })).toThrow(RangeError);
    },
  );

  it('accepts the largest size, MAX_CACHE_SIZE (2^24)', () => {
    expect(new TopicMatcher({ cacheSize: 2 ** 24 }).stats().cache.max).toBe(2 ** 24);
  });

  it('accepts 0, a positive integer, and no option', () => {
    expect(new TopicMatcher({ cacheSize: 0 }).stats().cache.max).toBe(0);
    expect(new TopicMatcher({ cacheSize: 7 }).stats().cache.max).toBe(7);
    expect(new TopicMatcher().stats().cache.max).toBe(10_000);
  });
});
