// The rules of required-literal extraction (`required-literals.ts`), each with its exact output:
// strings that every match of a pattern contains somewhere, which the index files a pattern
// with no (or only a short) literal prefix under, so that it is tested only on topics that
// contain one (docs/how-the-index-works.md, "The required-literal prefilter"). Each rule must
// err towards knowing less, as the prefix rules do ("How a pattern gets its prefixes" and "The
// traps, and how each is handled", same page): a string wrongly called required would hide a
// topic the pattern matches. Also what `analyzePattern` reports (`requiredLiterals`, `filter`,
// `filterBounds`; docs/pattern-semantics.md, "What the index can index").
import { describe, expect, it } from 'vitest';
import { analyzePattern, TopicMatcher } from '../src/index.js';
import { parseRegExp } from '../src/regexp-parser.js';
import {
  chooseFilter,
  containsLiteral,
  extractRequired,
  foldCode,
  MIN_FILTER_LENGTH,
  requiredLiterals,
} from '../src/required-literals.js';

const KELVIN = '\u212A';
const LONG_S = '\u017F';
const DIGITS = [...'0123456789'];

/** The required sets of a source under flags. */
function required(source: string, flags = ''): readonly (readonly string[])[] {
  return requiredLiterals(parseRegExp(source, flags));
}

/** The text a pattern matches at index 0 of a topic (its sticky copy), or `null`. */
function matchedText(pattern: RegExp, topic: string): string | null {
  const sticky = new RegExp(pattern.source, `${pattern.flags}y`);
  sticky.lastIndex = 0;
  return sticky.test(topic) ? topic.slice(0, sticky.lastIndex) : null;
}

describe('sequences', () => {
  it('join literals across ^, $, \\b and \\B, which consume nothing', () => {
    expect(required('.*\\balarm\\b')).toEqual([['alarm']]);
    expect(required('.*alarm\\b-zone')).toEqual([['alarm-zone']]);
    expect(required('.*ab\\Bcd')).toEqual([['abcd']]);
    expect(required('.*a^b$c', 'm')).toEqual([['abc']]);
    // Under m, `^` and `$` hold around a line break: the break itself is a literal.
    expect(required('.*alarm$\\n^zone', 'm')).toEqual([['alarm\nzone']]);
    expect(matchedText(/.*alarm$\n^zone/m, 'x/alarm\nzone/1')).toBe('x/alarm\nzone');
  });

  it('are split by what is not a literal: .*, [^/]+, \\w, \\s, ., \\p{…}', () => {
    expect(required('.*foo.*bar')).toEqual([['foo'], ['bar']]);
    expect(required('.*foo\\w+bar')).toEqual([['foo'], ['bar']]);
    expect(required('.*foo[^/]+bar')).toEqual([['foo'], ['bar']]);
    expect(required('.*foo\\sbar.baz')).toEqual([['foo'], ['bar'], ['baz']]);
    expect(required('.*foo\\p{L}bar', 'u')).toEqual([['foo'], ['bar']]);
    expect(required('.*')).toEqual([]);
    expect(required('')).toEqual([]);
  });
});

describe('alternations', () => {
  it('of exact branches are exact, and join what follows', () => {
    expect(required('.*(?:foo|barx)')).toEqual([['foo', 'barx']]);
    expect(required('.*(?:alarm-\\d|temp)')).toEqual([
      [...DIGITS.map((d) => `alarm-${d}`), 'temp'],
    ]);
    // An empty branch is the empty string: `x` alone is still required.
    expect(required('.*(?:foo|)x')).toEqual([['foox', 'x']]);
  });

  it('otherwise require the union of one set per branch', () => {
    expect(required('(?:foo.*|bar)')).toEqual([['foo', 'bar']]);
    // A branch that is not exact gives the set it would be filed under alone: here the
    // common prefix of `alarm-0` … `alarm-9`.
    expect(required('.*(?:alarm-\\d.*|temp)')).toEqual([['alarm-', 'temp']]);
  });

  it('require nothing when a branch requires nothing: (?:foo|.*)x requires only what follows', () => {
    expect(required('(?:foo|.*)x')).toEqual([['x']]);
    expect(required('(?:foo|.*)xyz')).toEqual([['xyz']]);
    expect(required('.*(?:foo|\\d+|bar)')).toEqual([['foo', ...DIGITS, 'bar']]);
    expect(required('.*(?:foo|\\w+|bar)')).toEqual([]);
    // `(?:foo|.*)x` matches `x` and `.x`, neither of which contains `foo`.
    expect(matchedText(/(?:foo|.*)x/, '.x')).toBe('.x');
  });
});

describe('repetitions', () => {
  it('?, * and {0,n} contribute nothing, unless small and exact (then expanded)', () => {
    expect(required('.*colou?r')).toEqual([['color', 'colour']]);
    expect(required('.*(?:abc)?def')).toEqual([['def', 'abcdef']]);
    expect(required('.*a{0,3}b')).toEqual([['b', 'ab', 'aab', 'aaab']]);
    expect(required('.*(?:abc.*)?def')).toEqual([['def']]);
    expect(required('.*x*abc')).toEqual([['abc']]);
    expect(required('.*x{0,20}abc')).toEqual([['abc']]);
    expect(required('.*(?:abc)*')).toEqual([]);
  });

  it('+ keeps one occurrence, {n,} joins the n mandatory ones', () => {
    expect(required('.*(?:ab)+')).toEqual([['ab']]);
    expect(required('.*x(?:ab)+y')).toEqual([['ab'], ['x'], ['y']]);
    expect(required('.*(?:ab){2,}')).toEqual([['abab']]);
    expect(required('.*(?:ab){2,3}')).toEqual([['abab', 'ababab']]);
    expect(required('.*(?:alarm.*)+')).toEqual([['alarm']]);
  });

  it('are cut back to prefixes when a product would exceed 32 strings', () => {
    // `\d{2}` is 100 strings: the first digit is what is left.
    expect(required('.*\\d{2}')).toEqual([DIGITS]);
    expect(required('.*[ab]{3}')).toEqual([
      ['aaa', 'aab', 'aba', 'abb', 'baa', 'bab', 'bba', 'bbb'],
    ]);
  });
});

describe('look-arounds and back-references', () => {
  it('look-arounds break the literal and contribute nothing (what they assert is not matched)', () => {
    expect(required('.*abc(?=def)ghi')).toEqual([['abc'], ['ghi']]);
    expect(required('.*abc(?!x)def')).toEqual([['abc'], ['def']]);
    expect(required('.*abc(?<=c)def')).toEqual([['abc'], ['def']]);
    expect(required('.*abc(?<!x)def')).toEqual([['abc'], ['def']]);
    expect(required('.*(?=alarm)')).toEqual([]);
    // The text matched by `.*x(?=alarm)` does not contain `alarm`.
    expect(matchedText(/.*x(?=alarm)/, 'x-xalarm')).toBe('x-x');
  });

  it('back-references break the literal and contribute nothing', () => {
    expect(required('.*(abc)\\1def')).toEqual([['abc'], ['def']]);
    expect(required('.*(?<n>abc)\\k<n>def')).toEqual([['abc'], ['def']]);
    // A forward reference matches the empty string.
    expect(required('.*\\1(abc)')).toEqual([['abc']]);
  });
});

describe('characters and classes', () => {
  it('\\d is the ten digits', () => {
    expect(required('.*\\d')).toEqual([DIGITS]);
    expect(required('.*v\\d')).toEqual([DIGITS.map((d) => `v${d}`)]);
  });

  it('a class is its members, up to 32', () => {
    expect(required('.*[a-e]x')).toEqual([['ax', 'bx', 'cx', 'dx', 'ex']]);
    expect(required('.*[a-z0-5]')).toEqual([[...'abcdefghijklmnopqrstuvwxyz012345']]);
    expect(required('.*[a-z0-6]')).toEqual([]);
    expect(required('.*[\\x00-\\x1f]')[0]).toHaveLength(32);
    expect(required('.*[\\x00-\\x20]')).toEqual([]);
    expect(required('.*[\\dx]')).toEqual([[...DIGITS, 'x']]);
    expect(required('.*[\\wx]')).toEqual([]);
  });

  it('a negated class is nothing', () => {
    expect(required('.*[^x]')).toEqual([]);
    expect(required('.*a[^x]b')).toEqual([['a'], ['b']]);
    expect(required('.*abc[^]def')).toEqual([['abc'], ['def']]);
  });
});

describe('the i flag', () => {
  it('folds the strings: /.*Kelvin/iu requires `kelvin`', () => {
    expect(required('.*Kelvin', 'iu')).toEqual([['kelvin']]);
    expect(required('.*KELVIN', 'i')).toEqual([['kelvin']]);
    expect(required('.*[A-C]x', 'i')).toEqual([['ax', 'bx', 'cx']]);
    expect(foldCode('K'.charCodeAt(0))).toBe('k'.charCodeAt(0));
    expect(foldCode(KELVIN.charCodeAt(0))).toBe('k'.charCodeAt(0));
    expect(foldCode(LONG_S.charCodeAt(0))).toBe('s'.charCodeAt(0));
    expect(foldCode('é'.charCodeAt(0))).toBe('é'.charCodeAt(0));
  });

  it('the folded literal is found in every text /.*kelvin/iu matches, KELVIN SIGN included', () => {
    const [literal] = required('.*kelvin', 'iu')[0]!;
    expect(literal).toBe('kelvin');
    for (const topic of ['xKelvin', `${KELVIN}elvin`, `a/${KELVIN}ELVIN/b`]) {
      const text = matchedText(/.*kelvin/iu, topic);
      expect(text, topic).not.toBeNull();
      expect(containsLiteral(text!, literal!, true), topic).toBe(true);
      // Not as it is: the fold is what finds it.
      expect(text!.includes(literal!), topic).toBe(false);
    }
    // Without u, KELVIN SIGN does not match `k`.
    expect(matchedText(/.*kelvin/i, `${KELVIN}elvin`)).toBeNull();
    expect(matchedText(/.*kelvin/i, 'xKELVIN')).toBe('xKELVIN');
    // And the matcher, which files the pattern under `kelvin`, still finds it.
    const matcher = new TopicMatcher<string>().add(/.*kelvin/iu, 'k').add(/.*kelvin/i, 'ascii');
    expect(matcher.match(`${KELVIN}elvin`)).toEqual(['k']);
    expect(matcher.match('x/KELVIN')).toEqual(['k', 'ascii']);
  });

  it('LONG S under iu is folded in the topic, and breaks the literal in the pattern', () => {
    expect(required('.*status', 'iu')).toEqual([['status']]);
    expect(containsLiteral(`${LONG_S}TATU${LONG_S}`, 'status', true)).toBe(true);
    expect(matchedText(/.*status/iu, `${LONG_S}TATU${LONG_S}`)).toBe(`${LONG_S}TATU${LONG_S}`);
    // `ſ` in the pattern is non-ASCII: under i its variants are not enumerated.
    expect(required(`.*${LONG_S}tate`, 'iu')).toEqual([['tate']]);
    expect(matchedText(new RegExp(`.*${LONG_S}tate`, 'iu'), 'STATE')).toBe('STATE');
    // Without i it is one exact character.
    expect(required(`.*${LONG_S}tate`)).toEqual([[`${LONG_S}tate`]]);
  });

  it('a non-ASCII letter breaks the literal: /.*straße/i requires `stra` and `e`, never `ß`', () => {
    expect(required('.*straße', 'i')).toEqual([['stra'], ['e']]);
    expect(required('.*straße', 'iu')).toEqual([['stra'], ['e']]);
    // `stra` is long enough to file the pattern under.
    expect(analyzePattern(/.*straße/i).filter).toEqual(['stra']);
    // Honest: under iu, `ß` also matches U+1E9E CAPITAL SHARP S, which no string with `ß`
    // would find; `stra` and `e` are in every such match.
    const text = matchedText(/.*straße/iu, 'xSTRA\u1E9EE')!;
    expect(text).toBe('xSTRA\u1E9EE');
    expect(containsLiteral(text, 'stra', true)).toBe(true);
    expect(containsLiteral(text, 'e', true)).toBe(true);
    expect(matchedText(/.*straße/i, 'STRASSE')).toBeNull();
  });
});

describe('surrogates and astral characters', () => {
  it('under u a lone surrogate breaks the literal', () => {
    expect(required('.*abc\\uD83Ddef', 'u')).toEqual([['abc'], ['def']]);
    expect(required('.*abc\\uDE00def', 'u')).toEqual([['abc'], ['def']]);
  });

  it('without u a surrogate is a code unit like another, and joins', () => {
    expect(required('.*abc\\uD83Ddef')).toEqual([['abc\uD83Ddef']]);
    expect(required('.*[😀]')).toEqual([['\uD83D', '\uDE00']]);
  });

  it('an astral literal is two code units, with or without u, and still joins', () => {
    expect(required('.*ab😀cd')).toEqual([['ab😀cd']]);
    expect(required('.*ab😀cd', 'u')).toEqual([['ab😀cd']]);
    expect(required('.*ab\\u{1F600}cd', 'u')).toEqual([['ab😀cd']]);
    expect(required('.*[😀]', 'u')).toEqual([['😀']]);
    // Two code units are too few to file a pattern under.
    expect(analyzePattern('.*😀').filter).toBeNull();
    expect(analyzePattern('.*😀x').filter).toEqual(['😀x']);
  });
});

describe('chooseFilter', () => {
  it('prefers longer strings, and fewer of them', () => {
    expect(chooseFilter([['abc'], ['abcdefgh']])).toEqual(['abcdefgh']);
    expect(chooseFilter([['ab'], ['abcd'], ['xyz1', 'xyz2']])).toEqual(['abcd']);
    expect(chooseFilter([['abcd', 'efgh'], ['wxyz']])).toEqual(['wxyz']);
    // Past 8 code units length no longer counts: the first of equals wins.
    expect(chooseFilter([['abcdefgh'], ['abcdefghij']])).toEqual(['abcdefgh']);
  });

  it("uses a set's common prefix or suffix when that is more selective", () => {
    expect(analyzePattern('.*alarm-\\d').filter).toEqual(['alarm-']);
    expect(analyzePattern('.*\\d-alarm').filter).toEqual(['-alarm']);
    expect(analyzePattern('.*alarm(?:s|)\\b').filter).toEqual(['alarm']);
    expect(chooseFilter([['temp-a', 'temp-b', 'temp-c', 'temp-d']])).toEqual(['temp-']);
    // Two strings of 6 select more than one of 5.
    expect(chooseFilter([['temp-a', 'temp-b']])).toEqual(['temp-a', 'temp-b']);
  });

  it('returns null when no set has only strings of 3 code units or more', () => {
    expect(MIN_FILTER_LENGTH).toBe(3);
    expect(chooseFilter([])).toBeNull();
    expect(chooseFilter([['ab'], ['x', 'yz']])).toBeNull();
    expect(chooseFilter([['abc', 'x']])).toBeNull();
    expect(chooseFilter([['ab1', 'cd1']])).toEqual(['ab1', 'cd1']);
  });
});

describe('analyzePattern', () => {
  it('a literal prefix of 3 or more: requiredLiterals is [prefixes], filter null', () => {
    expect(analyzePattern('abc.*defg')).toMatchObject({
      prefixes: ['abc'],
      requiredLiterals: [['abc']],
      filter: null,
    });
    expect(analyzePattern('sensors/[^/]+/temp$')).toMatchObject({
      prefixes: ['sensors/'],
      requiredLiterals: [['sensors/']],
      filter: null,
    });
    // An exact pattern with prefixes needs no regex: its prefixes are all it requires.
    expect(analyzePattern('parent/.*')).toMatchObject({
      requiredLiterals: [['parent/']],
      filter: null,
      exact: true,
    });
  });

  it('weak prefixes: the pattern is filed under the literal it requires further on', () => {
    const letters = [...'abcdefghijklmnopqrstuvwxyz'];
    expect(analyzePattern('[a-z]+/device-7/temp')).toMatchObject({
      prefixes: letters,
      requiredLiterals: [letters, ['/device-7/temp']],
      filter: ['/device-7/temp'],
      exact: false,
    });
    expect(analyzePattern('(?:\\d+|x)/dev42/.*')).toMatchObject({
      prefixes: [...DIGITS, 'x'],
      requiredLiterals: [[...DIGITS, 'x'], ['/dev42/']],
      filter: ['/dev42/'],
    });
    expect(analyzePattern('ab.*cdef')).toMatchObject({
      prefixes: ['ab'],
      requiredLiterals: [['ab'], ['cdef']],
      filter: ['cdef'],
    });
    // Weak prefixes and nothing long enough further on: filed under the prefixes.
    expect(analyzePattern('ab.*x')).toMatchObject({
      prefixes: ['ab'],
      requiredLiterals: [['ab'], ['x']],
      filter: null,
      reason: '`.*` may match nothing, and `x` must follow it',
    });
  });

  it('under i, the prefix set lists case variants and the other sets are folded', () => {
    expect(analyzePattern(/ab\d+cde/i)).toMatchObject({
      prefixes: ['AB', 'Ab', 'aB', 'ab'],
      requiredLiterals: [['AB', 'Ab', 'aB', 'ab'], DIGITS, ['ab'], ['cde']],
      filter: ['cde'],
    });
    expect(analyzePattern(/.*Kelvin/iu)).toMatchObject({
      requiredLiterals: [['kelvin']],
      filter: ['kelvin'],
    });
  });

  it('an exact pattern without prefix, or an unparseable one: [] and null', () => {
    expect(analyzePattern('.*')).toMatchObject({
      requiredLiterals: [],
      filter: null,
      exact: true,
    });
    expect(analyzePattern('ab|')).toMatchObject({ requiredLiterals: [], filter: null });
    expect(analyzePattern(new RegExp('alarm.*temp', 'v'))).toMatchObject({
      requiredLiterals: [],
      filter: null,
      parseError: 'the v flag is not read by the index',
    });
  });

  it('a pattern with no prefix and no filter is tested on every topic', () => {
    // Its reason says why the literal prefix stops; the matcher counts it as unindexed.
    expect(analyzePattern('.*x')).toMatchObject({
      prefixes: [],
      filter: null,
      reason: '`.*` may match nothing, and `x` must follow it',
    });
    const stats = new TopicMatcher<string>()
      .add('.*x', 'x')
      .add('.*[a-z0-6]', 'class')
      .add('.*foo', 'foo')
      .stats();
    expect(stats).toMatchObject({ unindexedPatterns: 2, filteredPatterns: 1 });
    expect(analyzePattern(new RegExp('.*foo', 'v')).reason).toBe(
      "the index's parser does not read this pattern, so it is tested on every topic",
    );
  });
});

describe('where a required string starts, and the shortest match', () => {
  /** The positioned sets of a source, `Infinity` as it is. */
  const extracted = (source: string, flags = '') => extractRequired(parseRegExp(source, flags));

  it('counts the code units of the terms before it', () => {
    expect(extracted('\\w{2}abc')).toEqual({
      sets: [{ strings: ['abc'], from: 2, to: 2 }],
      minLength: 5,
    });
    expect(extracted('\\wabc\\wdef')).toEqual({
      sets: [
        { strings: ['abc'], from: 1, to: 1 },
        { strings: ['def'], from: 5, to: 5 },
      ],
      minLength: 8,
    });
    // A look-around consumes nothing.
    expect(extracted('(?=abc)\\w{3}def').sets).toEqual([{ strings: ['def'], from: 3, to: 3 }]);
  });

  it('under u a character class or `.` may read two code units', () => {
    expect(extracted('.{2}abc').sets).toEqual([{ strings: ['abc'], from: 2, to: 2 }]);
    expect(extracted('.{2}abc', 'u').sets).toEqual([{ strings: ['abc'], from: 2, to: 4 }]);
    expect(matchedText(/.{2}abc/u, '😀😀abc')).toBe('😀😀abc');
  });

  it('after `.*` or a back-reference there is no upper bound', () => {
    expect(extracted('(abc)\\1def').sets).toEqual([
      { strings: ['abc'], from: 0, to: 0 },
      { strings: ['def'], from: 3, to: Infinity },
    ]);
    expect(extracted('.*x')).toEqual({
      sets: [{ strings: ['x'], from: 0, to: Infinity }],
      minLength: 1,
    });
  });

  it("analyzePattern reports the filter's bounds, a common suffix starting further in", () => {
    expect(analyzePattern('[a-z]{3}-\\d+/status$')).toMatchObject({
      filter: ['/status'],
      filterBounds: { from: 5, to: Infinity, minLength: 12 },
    });
    expect(analyzePattern('.*\\d-alarm')).toMatchObject({
      filter: ['-alarm'],
      filterBounds: { from: 1, to: Infinity, minLength: 7 },
    });
    expect(analyzePattern('\\w(?:y|zz)abc')).toMatchObject({
      filter: ['yabc', 'zzabc'],
      filterBounds: { from: 1, to: 1, minLength: 5 },
    });
    expect(analyzePattern('.*x').filterBounds).toBeNull();
  });
});
