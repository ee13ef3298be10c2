// The level index's exactness traps (docs/how-the-index-works.md, "Level-shaped patterns"),
// each checked against the naive scan with the automaton on, off, and at one state.
import { describe, expect, it } from 'vitest';
import { amqp, mqtt, TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveScan } from './support/naive.js';

const BOUNDS = [0, 1, 65_536];

/** Every pattern's value on every topic, twice (the second time from the automaton's states). */
function expectNaive(patterns: readonly TopicPattern[], topics: readonly string[]): void {
  const registrations = patterns.map((pattern, i) => [pattern, i] as const);
  for (const automatonSize of BOUNDS) {
    const matcher = new TopicMatcher<number>({ cacheSize: 0, automatonSize });
    for (const [pattern, value] of registrations) matcher.add(pattern, value);
    expect(matcher.stats().levelPatterns).toBeGreaterThan(0);
    for (const topic of [...topics, ...topics]) {
      expect(
        matcher.match(topic),
        `${JSON.stringify(topic)}, automatonSize ${automatonSize}`,
      ).toEqual(naiveScan(registrations, topic));
    }
  }
}

describe('level index traps', () => {
  it('`[^/]+` never matches an empty level, `[^/]*` (and mqtt `+`) does', () => {
    expect(new TopicMatcher().add('a/[^/]+/c$', 1).stats().levelPatterns).toBe(1);
    expectNaive(['a/[^/]+/c$', 'a/[^/]*/c$', mqtt('a/+/c')], ['a//c', 'a/b/c', 'a/c', 'a///c']);
  });

  it("mqtt()'s first-level wildcard does not match a level starting with `$`", () => {
    expectNaive([mqtt('+/x'), mqtt('#'), mqtt('$SYS/#')], ['$SYS/x', 'a/x', '/x', '$', 'x', '']);
  });

  it('empty levels and the empty topic', () => {
    expectNaive(
      ['a//b$', '/a$', 'a/$', '$', '[^/]*$', mqtt('+'), mqtt('+/+'), ''],
      ['a//b', '/a', 'a/', '', '/', '//', 'a'],
    );
  });

  it('`(?:/.*)?$` and `/.*$` fail on a line terminator after the level; `(?:\\/[^/]*)*$` does not; `s` changes that', () => {
    const topics = ['a/b', 'a/b\n', 'a/b/c\r', 'a/\u2028', 'a/\u2029x', 'a\n', 'a', 'a/b\nc/d'];
    expectNaive(
      ['a(?:/.*)?$', 'a/.*$', 'a(?:\\/[^/]*)*$', /a(?:\/.*)?$/s, /a\/.*$/s, '.*$'],
      topics,
    );
  });

  it('`$` under `m` is not level shaped, and stays exact', () => {
    const matcher = new TopicMatcher<number>().add(/^a\/b$/m, 1);
    expect(matcher.stats().levelPatterns).toBe(0);
    expect(matcher.match('a/b\nc')).toEqual([1]);
  });

  it('`a/b` without `$` is a character prefix: it matches `a/bc`', () => {
    expectNaive(['a/b', 'a/b$', 'a/[^/]+', 'a/'], ['a/bc', 'a/b', 'a/b/c', 'a/', 'a']);
  });

  it('a quantifier on the last literal character is not a level', () => {
    const matcher = new TopicMatcher<number>().add('a/b+$', 1);
    expect(matcher.stats().levelPatterns).toBe(0);
    expect(matcher.match('a/bbb')).toEqual([1]);
  });

  it('`i` is left to the regex path: `ſ` matches `s`, and KELVIN SIGN `k`, only under `u`', () => {
    const matcher = new TopicMatcher<number>().add(/^s\/k$/i, 1).add(/^s\/k$/iu, 2);
    expect(matcher.stats().levelPatterns).toBe(0);
    expect(matcher.match('\u017F/k')).toEqual([2]);
    expect(matcher.match('s/\u212A')).toEqual([2]);
    expect(matcher.match('S/K')).toEqual([1, 2]);
  });

  it('`\\-` is a literal without `u` and a syntax error with it', () => {
    expectNaive(['a\\-b/c$'], ['a-b/c', 'a\\-b/c']);
    const unicode = 'u'; // (a variable: the linter would refuse the literal pattern)
    expect(() => new RegExp('a\\-b', unicode)).toThrow(SyntaxError);
  });

  it('results come in order of earliest registration, each value once, level and trie patterns mixed', () => {
    const matcher = new TopicMatcher<string>({ cacheSize: 0 });
    matcher
      .add('a/b+', 'trie')
      .add(mqtt('a/#'), 'hash')
      .add('a/b$', 'exact')
      .add(mqtt('a/+'), 'trie');
    expect(matcher.match('a/b')).toEqual(['trie', 'hash', 'exact']);
    expect(matcher.match('a/bb')).toEqual(['trie', 'hash']);
  });

  it('a shared frozen result is never patched in place', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add(mqtt('a/#'), 1);
    const before = matcher.match('a/x');
    expect(Object.isFrozen(before)).toBe(true);
    matcher.add(mqtt('a/+'), 2);
    expect(before).toEqual([1]);
    expect(matcher.match('a/x')).toEqual([1, 2]);
    matcher.remove(mqtt('a/#'), 1);
    expect(matcher.match('a/x')).toEqual([2]);
  });

  it('other separators have their own level trie', () => {
    expectNaive(
      [amqp('a.*'), amqp('a.#'), mqtt('a/#'), amqp('#')],
      ['a.b', 'a', 'a/b', 'a.b/c', 'b'],
    );
    const matcher = new TopicMatcher().add(amqp('a.*'), 1).add(mqtt('a/#'), 2);
    expect(matcher.stats().levelPatterns).toBe(2);
  });
});

describe('hash collisions between levels', () => {
  it('100 000 literal levels under one parent, several of them sharing a 30-bit hash, each finds its own pattern', () => {
    // Expected colliding pairs: 100 000² / 2 / 2³⁰ ≈ 4.7. The hash is seeded per process, so
    // which ones collide changes from run to run; every label is checked on a hit regardless.
    const count = 100_000;
    const matcher = new TopicMatcher<number>({ cacheSize: 0, automatonSize: 200_000 });
    for (let i = 0; i < count; i += 1) matcher.add(`p/${i.toString(36)}$`, i);
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < count; i += 1) {
        const result = matcher.match(`p/${i.toString(36)}`);
        if (result.length !== 1 || result[0] !== i) expect(result).toEqual([i]);
      }
    }
    expect(matcher.match('p/' + count.toString(36))).toEqual([]);
    for (let i = 0; i < count; i += 2) matcher.remove(`p/${i.toString(36)}$`, i);
    for (let i = 0; i < count; i += 1) {
      const result = matcher.match(`p/${i.toString(36)}`);
      const expected = i % 2 === 0 ? [] : [i];
      if (result.length !== expected.length) expect(result).toEqual(expected);
    }
  }, 60_000);
});

describe('the automaton', () => {
  it('counts its states, hits and evictions, and stays within its bound', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0, automatonSize: 4 });
    matcher.add(mqtt('a/+/c'), 1).add(mqtt('b/#'), 2);
    for (const topic of ['a/x/c', 'a/x/c', 'b/y', 'b/y/z', 'a/y/c', 'c']) matcher.match(topic);
    const { automaton } = matcher.stats();
    expect(automaton.max).toBe(4);
    expect(automaton.states).toBeLessThanOrEqual(4);
    expect(automaton.hits).toBeGreaterThan(0);
    expect(automaton.evictions).toBeGreaterThan(0);
    expect(automaton.hits + automaton.misses).toBe(6);
  });

  it('levels no pattern names take a default transition: fresh ids build no states', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add(mqtt('t/+/temp'), 1).add(mqtt('t/#'), 2);
    matcher.match('t/first/temp');
    const states = matcher.stats().automaton.states;
    for (let i = 0; i < 1_000; i += 1) expect(matcher.match(`t/id-${i}/temp`)).toEqual([1, 2]);
    expect(matcher.stats().automaton.states).toBe(states);
  });

  it('a change drops only the states under its first level', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add(mqtt('a/b'), 1).add(mqtt('c/d'), 2);
    matcher.match('a/b');
    matcher.match('c/d');
    const before = matcher.stats().automaton.states;
    matcher.add(mqtt('a/x'), 3);
    const after = matcher.stats().automaton.states;
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(1); // c's states stay
    matcher.add(mqtt('+/d'), 4); // a first-level wildcard: every state can change
    expect(matcher.stats().automaton.states).toBe(0);
    expect(matcher.match('c/d')).toEqual([2, 4]);
  });

  it('rejects an automatonSize out of range', () => {
    expect(() => new TopicMatcher({ automatonSize: -1 })).toThrow(/automatonSize/);
    expect(() => new TopicMatcher({ automatonSize: 1.5 })).toThrow(RangeError);
  });
});
