// Every way to call mqtt(), amqp() or glob() wrongly: a malformed filter throws
// FilterSyntaxError (a SyntaxError naming the filter, the index and the rule, with a stable
// code); a filter that is not a string throws TypeError naming the value; a bad `separator`
// option throws TypeError or RangeError naming the option.
import { describe, expect, it } from 'vitest';
import { amqp, FilterSyntaxError, glob, mqtt, type FilterSyntax } from '../src/index.js';
import { thrownBy } from './support/thrown-by.js';

const MALFORMED: readonly [FilterSyntax, string, number, string][] = [
  ['mqtt', '', 0, 'a filter must be at least one character long'],
  ['mqtt', 'a/#/b', 2, '`#` must be the last level'],
  ['mqtt', '#/', 0, '`#` must be the last level'],
  ['mqtt', 'a+/b', 1, '`+` must be a level of its own'],
  ['mqtt', 'a/+b', 2, '`+` must be a level of its own'],
  ['mqtt', 'sport+', 5, '`+` must be a level of its own'],
  ['mqtt', '#a', 0, '`#` must be a level of its own'],
  ['mqtt', 'a/b#', 3, '`#` must be a level of its own'],
  ['mqtt', 'sport/tennis#', 12, '`#` must be a level of its own'],
  ['mqtt', 'a/\0', 2, 'a filter must not contain U+0000'],
  ['amqp', 'a*.b', 1, '`*` must be a word of its own'],
  ['amqp', 'a.#b', 2, '`#` must be a word of its own'],
  ['amqp', 'a.b.**', 4, '`*` must be a word of its own'],
  ['glob', 'a/[bc]', 2, '`[` is reserved (no classes or braces); write `\\[` for itself'],
  ['glob', 'a]', 1, '`]` is reserved (no classes or braces); write `\\]` for itself'],
  ['glob', '*.{js,ts}', 2, '`{` is reserved (no classes or braces); write `\\{` for itself'],
  ['glob', 'a}', 1, '`}` is reserved (no classes or braces); write `\\}` for itself'],
  ['glob', 'a\\', 1, 'a `\\` must be followed by the character it escapes'],
  ['glob', 'a\\/b', 1, 'the separator cannot be escaped'],
];

const COMPILERS: Readonly<Record<FilterSyntax, (filter: string) => RegExp>> = {
  mqtt,
  amqp: (filter) => amqp(filter),
  glob: (filter) => glob(filter),
};
const NAMES: Readonly<Record<FilterSyntax, string>> = {
  mqtt: 'MQTT topic filter',
  amqp: 'AMQP binding key',
  glob: 'glob pattern',
};

describe('a malformed filter', () => {
  it.each(MALFORMED)('%s %j throws FilterSyntaxError at %i: %s', (syntax, filter, index, rule) => {
    const error = thrownBy(() => COMPILERS[syntax](filter));
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error).toBeInstanceOf(SyntaxError);
    const e = error as FilterSyntaxError;
    expect(e.name).toBe('FilterSyntaxError');
    expect(e.code).toBe('ERR_SIGX_FILTER_SYNTAX');
    expect(e.syntax).toBe(syntax);
    expect(e.filter).toBe(filter);
    expect(e.index).toBe(index);
    expect(e.rule).toBe(rule);
    expect(e.message).toBe(
      `Invalid ${NAMES[syntax]} ${JSON.stringify(filter)} at index ${index}: ${rule}`,
    );
  });

  it('reports the first broken rule, from the left', () => {
    expect((thrownBy(() => mqtt('a+/#/b')) as FilterSyntaxError).index).toBe(1);
    expect((thrownBy(() => glob('[a]\\')) as FilterSyntaxError).index).toBe(0);
  });

  it('is refused with the message the reader sees', () => {
    expect(() => mqtt('a/#/b')).toThrow(
      'Invalid MQTT topic filter "a/#/b" at index 2: `#` must be the last level',
    );
  });
});

describe('what is not malformed', () => {
  it.each(['+', '#', '/', '+/+', 'a//b', '$SYS/#', 'a b/c', 'sport/+/player1'])(
    'mqtt(%j) compiles',
    (filter) => {
      expect(mqtt(filter)).toBeInstanceOf(RegExp);
    },
  );
  it.each(['', '.', 'a..b', '#.#', '*.*', '#', 'a.#.b', 'a+b'])('amqp(%j) compiles', (key) => {
    expect(amqp(key)).toBeInstanceOf(RegExp);
  });
  it.each(['', '**', 'a**b', '***', '\\[', '!a', 'a/**/b', '\\*'])(
    'glob(%j) compiles',
    (pattern) => {
      expect(glob(pattern)).toBeInstanceOf(RegExp);
    },
  );
});

describe('a filter that is not a string', () => {
  it.each([
    [42, 'number 42'],
    [null, 'null'],
    [undefined, 'undefined undefined'],
    [/a/, 'an object ([object RegExp])'],
    [['a'], 'an object ([object Array])'],
  ])('%s throws TypeError naming it', (value, described) => {
    for (const [name, compile] of [
      ['mqtt', mqtt],
      ['amqp', amqp],
      ['glob', glob],
    ] as const) {
      const error = thrownBy(() => compile(value as unknown as string));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(
        `${name}() expects the filter as a string, got ${described}`,
      );
    }
  });
});

describe('the separator option', () => {
  const compilers = [
    ['amqp', amqp],
    ['glob', glob],
  ] as const;

  it.each([
    ['/', '"/"'],
    [null, 'null'],
    [7, 'number 7'],
  ])('options %j that are not an object throw TypeError', (options, described) => {
    for (const [name, compile] of compilers) {
      const error = thrownBy(() => compile('a', options as unknown as { separator: string }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(
        `${name}() options must be an object, got ${described}`,
      );
    }
  });

  it.each([
    [7, 'number 7'],
    [null, 'null'],
    [['/'], 'an object ([object Array])'],
  ])('a separator %j that is not a string throws TypeError', (separator, described) => {
    for (const [name, compile] of compilers) {
      const error = thrownBy(() => compile('a', { separator: separator as unknown as string }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(
        `${name}() option \`separator\` must be a string, got ${described}`,
      );
    }
  });

  it.each(['', '::', '\u{1F600}', '\uD800'])(
    'a separator %j that is not one character throws RangeError',
    (separator) => {
      for (const [name, compile] of compilers) {
        const error = thrownBy(() => compile('a', { separator }));
        expect(error).toBeInstanceOf(RangeError);
        expect((error as RangeError).message).toBe(
          `${name}() option \`separator\` must be a single character (one UTF-16 code unit, not a surrogate), got ${JSON.stringify(separator)}`,
        );
      }
    },
  );

  it.each([
    ['amqp', '*', '* #'],
    ['amqp', '#', '* #'],
    ['glob', '*', '* ? \\ [ ] { }'],
    ['glob', '?', '* ? \\ [ ] { }'],
    ['glob', '\\', '* ? \\ [ ] { }'],
    ['glob', '{', '* ? \\ [ ] { }'],
  ] as const)(
    '%s refuses the wildcard %j as separator with RangeError',
    (name, separator, list) => {
      const compile = name === 'amqp' ? amqp : glob;
      const error = thrownBy(() => compile('a', { separator }));
      expect(error).toBeInstanceOf(RangeError);
      expect((error as RangeError).message).toBe(
        `${name}() option \`separator\` cannot be ${JSON.stringify(separator)}: it is a wildcard character of the syntax (${list})`,
      );
    },
  );

  it('accepts a separator that the other syntax reserves', () => {
    expect(amqp('a?*', { separator: '?' }).test('a?b')).toBe(true);
    expect(glob('a#*', { separator: '#' }).test('a#b')).toBe(true);
  });
});
