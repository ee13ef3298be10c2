// The shape scanner (level-shape.ts) on curated patterns: what each wildcard filter emits
// (and the few forms it emits that are not level shaped, documented below), the traps that
// a level reading gets wrong (`[^/]+` and `[^/]*`, a first-level `+` and `$` levels, empty
// levels and the empty topic, line terminators after the last level, `s`, `m`, `i`, `u`, a
// character prefix, a quantifier on the last character), and the patterns it must leave to
// the slow way. Every recognised pattern's source is checked against `new RegExp`, and its
// shape against the sticky regex on the topics each case lists.
import { describe, expect, it } from 'vitest';
import { amqp, glob, mqtt } from '../src/index.js';
import {
  ANY_LEVEL,
  NO_DOLLAR_LEVEL,
  NON_EMPTY_LEVEL,
  scanLevelShape,
  type LevelEnd,
  type LevelShape,
  type LevelStep,
  type ScannedPattern,
} from '../src/level-shape.js';
import { shapeMatches, stickyMatches } from './support/level-shape-reference.js';

const ANY = ANY_LEVEL;
const NON_EMPTY = NON_EMPTY_LEVEL;
const NO_DOLLAR = NO_DOLLAR_LEVEL;

/** Topics that tell levels apart: empty levels, `$` levels, line terminators, separators. */
const TOPICS = [
  '',
  'a',
  'a/',
  '/a',
  '//',
  'a/b',
  'a//b',
  'a/b/c',
  'a/$x',
  '$SYS/x',
  'x/x',
  '/x',
  'a.b',
  'a.b.c',
  'a..c',
  'a:b:c',
  'a/b\n',
  'a/\r',
  'a\u2028',
  'a/\u2029b',
  '\n',
];

/** Scans, and checks a recognised pattern's source and its shape on `topics`. */
function scanned(
  text: string,
  flags = '',
  topics: readonly string[] = TOPICS,
): ScannedPattern | null {
  const result = scanLevelShape(text, flags);
  if (result === null) return null;
  expect(result.source).toBe(new RegExp(text, flags).source);
  for (const topic of topics) {
    expect(shapeMatches(result.shape, topic), `${text} /${flags} on ${JSON.stringify(topic)}`).toBe(
      stickyMatches(result.source, flags, topic),
    );
  }
  return result;
}

function shape(separator: string, levels: readonly LevelStep[], end: LevelEnd): LevelShape {
  return { separator, levels, end };
}

describe('what the filters emit', () => {
  it.each<[string, LevelShape]>([
    ['a/b/c', shape('/', ['a', 'b', 'c'], 'exact')],
    ['sensors/+/temp', shape('/', ['sensors', ANY, 'temp'], 'exact')],
    ['+', shape('/', [NO_DOLLAR], 'exact')],
    ['+/+', shape('/', [NO_DOLLAR, ANY], 'exact')],
    ['+/x', shape('/', [NO_DOLLAR, 'x'], 'exact')],
    ['#', shape('/', [NO_DOLLAR], 'self-or-descendants')],
    ['+/#', shape('/', [NO_DOLLAR], 'self-or-descendants')],
    ['$SYS/#', shape('/', ['$SYS'], 'self-or-descendants')],
    ['$SYS/+', shape('/', ['$SYS', ANY], 'exact')],
    ['a/#', shape('/', ['a'], 'self-or-descendants')],
    ['a/+/#', shape('/', ['a', ANY], 'self-or-descendants')],
    ['a//b', shape('/', ['a', '', 'b'], 'exact')],
    ['/', shape('/', ['', ''], 'exact')],
    ['/a', shape('/', ['', 'a'], 'exact')],
    ['a/', shape('/', ['a', ''], 'exact')],
    ['//#', shape('/', ['', ''], 'self-or-descendants')],
    ['a.b/c', shape('/', ['a.b', 'c'], 'exact')],
    ['$', shape('/', ['$'], 'exact')],
    ['a{2}/(x|y)\\/[^]*', shape('/', ['a{2}', '(x|y)\\', '[^]*'], 'exact')],
    ['\u{1F600}/\uD83D/é', shape('/', ['\u{1F600}', '\uD83D', 'é'], 'exact')],
  ])('mqtt(%j)', (filter, expected) => {
    const compiled = mqtt(filter);
    expect(scanned(compiled.source, compiled.flags)?.shape).toEqual(expected);
  });

  it.each<[string, string, LevelShape]>([
    ['a.b.c', '.', shape('/', ['a.b.c'], 'exact')], // literals only: `/`, the dots inside
    ['a.*.c', '.', shape('.', ['a', ANY, 'c'], 'exact')],
    ['*.*', '.', shape('.', [ANY, ANY], 'exact')],
    ['a.#', '.', shape('.', ['a'], 'self-or-descendants')],
    ['a.*.#', '.', shape('.', ['a', ANY], 'self-or-descendants')],
    ['#', '.', shape('/', [], 'all')],
    ['#.#', '.', shape('/', [], 'all')],
    ['', '.', shape('/', [''], 'exact')],
    ['.#', '.', shape('.', ['', ANY], 'self-or-descendants')],
    ['a..*', '.', shape('.', ['a', '', ANY], 'exact')],
    ['a/b.*', '.', shape('.', ['a/b', ANY], 'exact')], // `/` is literal once `.` separates
    ['a:*:#', ':', shape(':', ['a', ANY], 'self-or-descendants')],
    ['a/*/#', '/', shape('/', ['a', ANY], 'self-or-descendants')],
    ['a$*$#', '$', shape('$', ['a', ANY], 'self-or-descendants')],
    ['a-*-#', '-', shape('-', ['a', ANY], 'self-or-descendants')],
    ['a\\*\\#', '\\', shape('\\', ['a', ANY], 'self-or-descendants')],
    ['a]*]#', ']', shape(']', ['a', ANY], 'self-or-descendants')],
    ['a^*^#', '^', shape('^', ['a', ANY], 'self-or-descendants')],
    ['a|*|#', '|', shape('|', ['a', ANY], 'self-or-descendants')],
    ['a.x*', 'x', shape('x', ['a.', ANY], 'exact')],
  ])('amqp(%j) with the separator %j', (key, separator, expected) => {
    const compiled = amqp(key, { separator });
    expect(scanned(compiled.source, compiled.flags)?.shape).toEqual(expected);
  });

  it.each<[string, string, LevelShape]>([
    ['a/b', '/', shape('/', ['a', 'b'], 'exact')],
    ['a/*/c', '/', shape('/', ['a', ANY, 'c'], 'exact')],
    ['*', '/', shape('/', [ANY], 'exact')],
    ['***', '/', shape('/', [ANY], 'exact')],
    ['a/**', '/', shape('/', ['a'], 'self-or-descendants')],
    ['a/*/**', '/', shape('/', ['a', ANY], 'self-or-descendants')],
    ['**', '/', shape('/', [], 'all')],
    ['', '/', shape('/', [''], 'exact')],
    ['a\\*b/$c', '/', shape('/', ['a*b', '$c'], 'exact')],
    ['a.*.**', '.', shape('.', ['a', ANY], 'self-or-descendants')],
    ['a:*', ':', shape(':', ['a', ANY], 'exact')],
    ['a-*-**', '-', shape('-', ['a', ANY], 'self-or-descendants')],
    ['a$*', '$', shape('$', ['a', ANY], 'exact')],
  ])('glob(%j) with the separator %j', (pattern, separator, expected) => {
    const compiled = glob(pattern, { separator });
    expect(compiled.flags).toBe('u');
    expect(scanned(compiled.source, compiled.flags)?.shape).toEqual(expected);
  });

  // The exceptions: what these emit is not a sequence of levels and an end.
  it.each<[string, RegExp]>([
    // a look-ahead: `*` must match a word, and the empty key has none
    ['amqp *', amqp('*')],
    ['amqp *.#', amqp('*.#')],
    ['amqp #.*', amqp('#.*')],
    // a multi-level wildcard that is not at the end
    ['amqp #.a', amqp('#.a')],
    ['amqp a.#.b', amqp('a.#.b')],
    ['glob **/a', glob('**/a')],
    ['glob a/**/b', glob('a/**/b')],
    // a wildcard within a level
    ['glob a/*.log', glob('a/*.log')],
    ['glob a/?', glob('a/?')],
    ['glob a*', glob('a*')],
    // an astral character under `u` (glob's flag): its halves are surrogates
    ['glob \u{1F600}/a', glob('\u{1F600}/a')],
  ])('%s is left to the slow way', (_label, compiled) => {
    expect(scanLevelShape(compiled.source, compiled.flags)).toBeNull();
  });
});

describe('the traps', () => {
  it('`[^/]+` is a non-empty level, `[^/]*` any level', () => {
    const topics = ['a', 'a/', 'a/x', 'a//', 'a/x/y'];
    expect(scanned('a\\/[^/]+$', '', topics)?.shape).toEqual(shape('/', ['a', NON_EMPTY], 'exact'));
    expect(scanned('a\\/[^/]*$', '', topics)?.shape).toEqual(shape('/', ['a', ANY], 'exact'));
    expect(scanned('a\\/[^\\/]+$', '', topics)?.shape.levels).toEqual(['a', NON_EMPTY]);
    expect(shapeMatches(scanned('a\\/[^/]+$')!.shape, 'a/')).toBe(false);
    expect(shapeMatches(scanned('a\\/[^/]*$')!.shape, 'a/')).toBe(true);
    // With nothing after them, a prefix of the level is enough.
    expect(scanned('a\\/[^/]+', '', topics)?.shape).toEqual(
      shape('/', ['a', NON_EMPTY], 'self-or-descendants'),
    );
    expect(scanned('[^/]*', '', topics)?.shape).toEqual(shape('/', [ANY], 'self-or-descendants'));
  });

  it('a first-level mqtt `+` is not a `$` level; `$SYS/+` is one', () => {
    const topics = ['$SYS/x', '$/x', '/x', 'y/x', 'y$/x', 'x'];
    const plus = scanned(mqtt('+/x').source, '', topics)!.shape;
    expect(plus).toEqual(shape('/', [NO_DOLLAR, 'x'], 'exact'));
    expect(topics.filter((t) => shapeMatches(plus, t))).toEqual(['/x', 'y/x', 'y$/x']);
    const sys = scanned(mqtt('$SYS/+').source, '', topics)!.shape;
    expect(topics.filter((t) => shapeMatches(sys, t))).toEqual(['$SYS/x']);
    // `[^/]*` (a later mqtt `+`) takes `$` levels.
    expect(shapeMatches(scanned('[^/]*\\/x$', '', topics)!.shape, '$SYS/x')).toBe(true);
    // Written `[^\$/]`, and anywhere in the pattern.
    expect(scanned('a\\/(?:[^\\$/][^/]*)?\\/b$', '', ['a//b', 'a/$/b', 'a/x/b'])?.shape).toEqual(
      shape('/', ['a', NO_DOLLAR, 'b'], 'exact'),
    );
    // With nothing after it, it may match nothing: any level does.
    expect(scanned('a\\/(?:[^$/][^/]*)?', '', ['a/$x', 'a/', 'a'])?.shape).toEqual(
      shape('/', ['a', ANY], 'self-or-descendants'),
    );
  });

  it('empty levels and the empty topic', () => {
    const topics = ['', '/', '//', 'a', 'a/', '/a', 'a//b', 'a/b'];
    expect(scanned('a\\/\\/b$', '', topics)?.shape).toEqual(shape('/', ['a', '', 'b'], 'exact'));
    expect(scanned('a//b$', '', topics)?.shape).toEqual(shape('/', ['a', '', 'b'], 'exact'));
    expect(scanned('\\/a$', '', topics)?.shape).toEqual(shape('/', ['', 'a'], 'exact'));
    expect(scanned('a\\/$', '', topics)?.shape).toEqual(shape('/', ['a', ''], 'exact'));
    expect(scanned('$', '', topics)?.shape).toEqual(shape('/', [''], 'exact'));
    expect(scanned('^$', '', topics)?.shape).toEqual(shape('/', [''], 'exact'));
    expect(scanned('[^/]*$', '', topics)?.shape).toEqual(shape('/', [ANY], 'exact'));
    expect(scanned('[^/]+$', '', topics)?.shape).toEqual(shape('/', [NON_EMPTY], 'exact'));
    expect(scanned('\\/', '', topics)?.shape).toEqual(shape('/', [''], 'descendants'));
    expect(scanned('(?:\\/.*)?$', '', topics)?.shape).toEqual(
      shape('/', [''], 'self-or-descendants-no-lt'),
    );
    expect(shapeMatches(scanned('$')!.shape, '')).toBe(true);
    expect(shapeMatches(scanned('[^/]+$')!.shape, '')).toBe(false);
  });

  it('the ends with `.*` stop at a line terminator; `[^/]*` and `s` do not', () => {
    const topics = ['a', 'a/x', 'a/x\ny', 'a/\r', 'a/\u2028', 'a/b/\u2029c', 'a\n', 'a/'];
    const cases: [string, string, LevelEnd][] = [
      ['a(?:/.*)?$', '', 'self-or-descendants-no-lt'],
      ['a(?:\\/.*)?$', '', 'self-or-descendants-no-lt'],
      ['a(?:\\/.*)?$', 's', 'self-or-descendants'],
      ['a\\/.*$', '', 'descendants-no-lt'],
      ['a/.*$', 's', 'descendants'],
      ['a(?:\\/[^/]*)*$', '', 'self-or-descendants'],
      ['a(?:/[^\\/]*)*$', 's', 'self-or-descendants'],
      ['a\\/.*', '', 'descendants'],
      ['a\\/.*', 's', 'descendants'],
      ['a\\/', '', 'descendants'],
    ];
    for (const [text, flags, end] of cases) {
      expect(scanned(text, flags, topics)?.shape, `${text} /${flags}`).toEqual(
        shape('/', ['a'], end),
      );
    }
    const noLt = scanned('a(?:\\/.*)?$')!.shape;
    expect(topics.filter((t) => shapeMatches(noLt, t))).toEqual(['a', 'a/x', 'a/']);
    const any = scanned('a(?:\\/[^/]*)*$')!.shape;
    expect(topics.filter((t) => shapeMatches(any, t))).toEqual([
      'a',
      'a/x',
      'a/x\ny',
      'a/\r',
      'a/\u2028',
      'a/b/\u2029c',
      'a/',
    ]);
  });

  it('a pattern with no levels', () => {
    for (const text of ['', '^', '.*', '^.*', '[^]*', '[^]*$', '^[^]*$', '(?:)']) {
      expect(scanned(text)?.shape, text).toEqual(shape('/', [], 'all'));
    }
    expect(scanned('')?.source).toBe('(?:)');
    expect(scanned('.*$')?.shape).toEqual(shape('/', [], 'all-no-lt'));
    expect(scanned('^.*$')?.shape).toEqual(shape('/', [], 'all-no-lt'));
    expect(scanned('.*$', 's')?.shape).toEqual(shape('/', [], 'all'));
    expect(scanned('[^]*', 'u')?.shape).toEqual(shape('/', [], 'all'));
  });

  it('`$` under `m`, and `i`, `v` or any flag but d, s, u: not recognised', () => {
    for (const flags of ['m', 'i', 'v', 'im', 'dm', 'ms', 'imsu', 'g', 'y', 'x', 'uu', 'us']) {
      expect(scanLevelShape('a\\/b$', flags), flags).toBeNull();
      expect(scanLevelShape('^a\\/[^/]*$', flags), flags).toBeNull();
    }
  });

  it('a literal level without an end is a character prefix: not recognised', () => {
    for (const text of ['a', 'a/b', 'a\\/b', 'a\\/b.*', 'a.*', '^a', 'a\\/b(?:)']) {
      expect(scanLevelShape(text, ''), text).toBeNull();
    }
  });

  it('a quantifier on the last literal character or a separator: not recognised', () => {
    for (const text of [
      'a\\/b+$',
      'a\\/b*$',
      'a\\/b?$',
      'a\\/b{2}$',
      'a\\/b{2,}',
      'a\\/\\.+$',
      'a\\/+b$',
      'a\\/*',
      'a/?b$',
      'a\\/[^/]*?$',
      'a\\/[^/]+?',
      'a\\/[^/]+{2}$',
      '(?:[^$/][^/]*)??$',
      'a$*',
    ]) {
      expect(scanLevelShape(text, ''), text).toBeNull();
    }
  });

  it('`\\-` is an identity escape without `u`, a syntax error with it', () => {
    const text = 'a\\-b$';
    expect(scanned(text)?.shape).toEqual(shape('/', ['a-b'], 'exact'));
    expect(scanned(text, 's')?.shape).toEqual(shape('/', ['a-b'], 'exact'));
    expect(scanLevelShape(text, 'u')).toBeNull();
    expect(() => new RegExp(text, 'u')).toThrow(SyntaxError);
    // In a class it is valid with `u` too.
    expect(scanned('a-[^\\-]*$', 'u')?.shape).toEqual(shape('-', ['a', ANY], 'exact'));
    // Other escapes that `u` refuses.
    for (const other of ['a\\:b$', 'a\\_$', 'a\\#$', '[^\\:]*$']) {
      expect(scanned(other)).not.toBeNull();
      expect(() => new RegExp(other, 'u')).toThrow(SyntaxError);
      expect(scanLevelShape(other, 'u'), other).toBeNull();
    }
  });

  it('a literal surrogate under `u`: not recognised', () => {
    // Under `u` a lone surrogate does not match half of a pair: code units no longer compare.
    expect(new RegExp('\uD83D', 'uy').test('\uD83D\uDE00')).toBe(false);
    for (const text of ['a\uD83D$', '\uDE00$', '\u{1F600}$', 'a\\/\u{1F600}\\/[^/]*$']) {
      expect(scanLevelShape(text, 'u'), text).toBeNull();
      expect(scanLevelShape(text, 'su'), text).toBeNull();
      expect(
        scanned(text, '', [text.slice(0, -1), '\uD83D\uDE00', 'a\uD83D\uDE00']),
      ).not.toBeNull();
    }
    expect(scanned('a\uD83D$')?.shape.levels).toEqual(['a\uD83D']);
    // Other non-ASCII characters are fine.
    expect(scanned('é\\/ü$', 'u')?.shape.levels).toEqual(['é', 'ü']);
  });

  it('flag `d` changes nothing', () => {
    for (const [plain, withD] of [
      ['', 'd'],
      ['s', 'ds'],
      ['u', 'du'],
      ['su', 'dsu'],
    ] as const) {
      for (const text of ['a\\/[^/]+\\/b$', 'a(?:\\/.*)?$', '.*$', mqtt('+/#').source]) {
        expect(scanned(text, withD)?.shape).toEqual(scanned(text, plain)?.shape);
        expect(scanned(text, withD)).not.toBeNull();
      }
    }
  });

  it('the separator is the one the wildcards and the ends name; two of them: not recognised', () => {
    expect(scanned('a\\..*')?.shape).toEqual(shape('.', ['a'], 'descendants'));
    expect(scanned('a\\..*$')?.shape).toEqual(shape('.', ['a'], 'descendants-no-lt'));
    expect(scanned('a\\.')?.shape).toEqual(shape('.', ['a'], 'descendants'));
    expect(scanned('a\\.b(?:\\..*)?$')?.shape).toEqual(
      shape('.', ['a', 'b'], 'self-or-descendants-no-lt'),
    );
    expect(scanned('a\\.b\\.[^.]*$')?.shape).toEqual(shape('.', ['a', 'b', ANY], 'exact'));
    expect(scanned('a\\.b\\.[^\\.]+$')?.shape).toEqual(shape('.', ['a', 'b', NON_EMPTY], 'exact'));
    expect(scanned('a/b:[^:]*')?.shape).toEqual(shape(':', ['a/b', ANY], 'self-or-descendants'));
    expect(scanned('a\\.b\\/c$')?.shape).toEqual(shape('/', ['a.b', 'c'], 'exact'));
    expect(scanned('a\\.b\\/[^/]*$')?.shape).toEqual(shape('/', ['a.b', ANY], 'exact'));
    for (const text of [
      '[^/]*\\.[^.]*$',
      '[^.]*\\/[^/]*$',
      'a\\/[^.]*$',
      '[^.]*(?:\\/.*)?$',
      'a\\.[^.]*(?:\\/[^/]*)*$',
      '[^/]*(?:\\.[^.]*)*$',
      '[^/]+\\.',
      '(?:[^$.][^/]*)?$',
      '(?:\\/[^.]*)*$',
      '[^:]*\\/.*',
    ]) {
      expect(scanLevelShape(text, ''), text).toBeNull();
    }
  });

  it('a string and its source give the same shape; the source is new RegExp’s', () => {
    const cases: [string, string][] = [
      ['t12/d34/temp$', 't12\\/d34\\/temp$'],
      ['a/[^/]*/b$', 'a\\/[^/]*\\/b$'],
      ['a(?:/.*)?$', 'a(?:\\/.*)?$'],
      ['a(?:/[^/]*)*$', 'a(?:\\/[^/]*)*$'],
      ['/', '\\/'],
      ['a/b\\.[^.]*$', 'a\\/b\\.[^.]*$'],
      ['', '(?:)'],
    ];
    for (const [text, source] of cases) {
      const fromText = scanned(text)!;
      expect(fromText.source).toBe(source);
      const fromSource = scanned(source)!;
      expect(fromSource.source).toBe(source);
      expect(fromSource.shape).toEqual(fromText.shape);
    }
  });

  it('what it leaves to the slow way', () => {
    for (const text of [
      'a|b$',
      'a\\/b|c$',
      '(a)$',
      '(?:a)$',
      '(?=a)a$',
      '[ab]$',
      '[^/a]*$',
      '[^]',
      '[^]+$',
      'a\\/[^]*',
      '\\d$',
      '\\u0061$',
      '\\x61$',
      'a\\nb$',
      'a\nb$',
      'a\rb$',
      'a\u2028$',
      'a\\\n$',
      '^^a$',
      'a^$',
      'a$$',
      'a$b',
      'a\\/.*b',
      'a\\/.*$b',
      '[^/]*.*',
      '[^/]*a$',
      'a[^/]*$',
      '[^/]*[^/]*$',
      '(?:\\/.*)$',
      '(?:\\/.*)?',
      '(?:\\/.*)*$',
      '(?:\\/[^/]*)?$',
      '(?:\\/[^/]+)*$',
      '(?:[^$/][^/]+)?$',
      '(?:[^/$][^/]*)?$',
      'a{2}',
      'a]$',
      'a}$',
      '\\',
      'a\\',
      '\\k<n>$',
      '.',
      '.+$',
      'a\\/.+',
    ]) {
      expect(scanLevelShape(text, ''), text).toBeNull();
    }
  });
});
