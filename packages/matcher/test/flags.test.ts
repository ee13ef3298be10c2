// Proves docs/pattern-semantics.md, "Flags": i, m, s, u (and v where the runtime has it) change
// what matches; g and y are ignored (no dependence on lastIndex, earlier calls, or the caller's
// RegExp object, whose lastIndex is left alone); d is accepted and changes nothing.
import { describe, expect, it } from 'vitest';
import { TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveTest } from './support/naive.js';

function matches(pattern: TopicPattern, topic: string): boolean {
  const matcher = new TopicMatcher<number>({ cacheSize: 0 });
  matcher.add(pattern, 1);
  const result = matcher.test(topic);
  expect(
    result,
    `matcher and RegExp disagree on ${String(pattern)} / ${JSON.stringify(topic)}`,
  ).toBe(naiveTest(pattern, topic));
  return result;
}

const supportsV = (() => {
  try {
    new RegExp('a', 'v');
    return true;
  } catch {
    return false;
  }
})();

describe('flags i, m, s, u are honoured', () => {
  it('i: case-insensitive', () => {
    expect(matches(/PARENT\/x/i, 'parent/X')).toBe(true);
    expect(matches(/PARENT\/x/, 'parent/X')).toBe(false);
  });

  it('m: $ matches before a line break, but matching still starts at index 0', () => {
    expect(matches(/a$/m, 'a\nb')).toBe(true);
    expect(matches(/a$/, 'a\nb')).toBe(false);
    expect(matches(/^b/m, 'a\nb')).toBe(false);
  });

  it('s: . matches line terminators', () => {
    expect(matches(/a.b/s, 'a\nb')).toBe(true);
    expect(matches(/a.b/, 'a\nb')).toBe(false);
  });

  it('u: code points, not code units', () => {
    expect(matches(/^.$/u, '😀')).toBe(true);
    expect(matches(/^.$/, '😀')).toBe(false);
    expect(matches(/\u{61}/u, 'a')).toBe(true);
    // Without u, \u{61} is 61 'u's.
    expect(matches(new RegExp('\\u{61}'), 'a')).toBe(false);
    expect(matches(new RegExp('\\u{61}'), 'u'.repeat(61))).toBe(true);
  });

  it.runIf(supportsV)('v: set operations in classes', () => {
    const pattern = new RegExp('[\\p{L}--[a-z]]', 'v');
    expect(matches(pattern, 'A')).toBe(true);
    expect(matches(pattern, 'a')).toBe(false);
  });

  it('one matcher keeps patterns that differ only in flags apart', () => {
    const matcher = new TopicMatcher<string>();
    matcher.add('ab', 'plain').add(/ab/i, 'i');
    expect(matcher.match('AB')).toEqual(['i']);
    expect(matcher.match('ab')).toEqual(['plain', 'i']);
  });
});

describe('g and y are ignored', () => {
  it('a /a/g pattern matches on every call (no lastIndex state)', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add(/a/g, 1);
    for (let i = 0; i < 5; i += 1) expect(matcher.match('a')).toEqual([1]);
    for (let i = 0; i < 5; i += 1) expect(matcher.test('a/b')).toBe(true);
  });

  it('a /a/y pattern matches on every call, and only at index 0', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add(/a/y, 1);
    expect(matcher.match('a')).toEqual([1]);
    expect(matcher.match('a')).toEqual([1]);
    expect(matcher.match('ba')).toEqual([]);
  });

  it('g does not make the pattern search the topic', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add(/b/g, 1).add(/.*c/gy, 2);
    expect(matcher.match('ab')).toEqual([]);
    expect(matcher.match('abc')).toEqual([2]);
  });

  it("neither reads nor writes the caller's RegExp lastIndex", () => {
    const global = /a/g;
    const sticky = /a/y;
    global.lastIndex = 3;
    sticky.lastIndex = 1;
    const matcher = new TopicMatcher<string>({ cacheSize: 0 });
    matcher.add(global, 'g').add(sticky, 'y');
    // A matcher that used the caller's sticky object at lastIndex 1 would miss 'a'.
    expect(matcher.match('a')).toEqual(['g', 'y']);
    expect(matcher.match('ab')).toEqual(['g', 'y']);
    expect(global.lastIndex).toBe(3);
    expect(sticky.lastIndex).toBe(1);
    // Changing the caller's object afterwards changes nothing either.
    global.lastIndex = 100;
    sticky.lastIndex = 100;
    expect(matcher.match('a/x')).toEqual(['g', 'y']);
    expect(global.lastIndex).toBe(100);
    expect(sticky.lastIndex).toBe(100);
  });

  it('interleaving with the caller using its own /g RegExp changes nothing', () => {
    const pattern = /a/g;
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    matcher.add(pattern, 1);
    pattern.test('xxa'); // the caller's object now has lastIndex 3
    expect(matcher.match('a')).toEqual([1]);
    expect(pattern.lastIndex).toBe(3);
  });
});

describe('d is accepted', () => {
  it('adds, matches and removes a /.../d pattern like the same pattern without d', () => {
    const matcher = new TopicMatcher<number>({ cacheSize: 0 });
    expect(() => matcher.add(/ab+c/d, 1)).not.toThrow();
    expect(matcher.match('abbc/x')).toEqual([1]);
    expect(matcher.match('ac')).toEqual([]);
    expect(matcher.remove(/ab+c/d, 1)).toBe(true);
    expect(matcher.size).toBe(0);
  });
});
