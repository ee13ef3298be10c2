// glob(): `*` any run within a level, `?` one code point within a level, `**` as a whole level
// zero or more levels, other stars within a level the same as `*`, `\` escaping, and every
// other character literal. Each row is checked on the compiled RegExp (the sigx way and with
// RegExp#test) and on the level-by-level reference.
import { describe, expect, it } from 'vitest';
import { glob } from '../src/index.js';
import { globReference } from './support/filter-reference.js';
import { expectCompiledMatch, rowsOf, type FilterCase } from './support/filter-table.js';

const STARS: readonly FilterCase[] = [
  { filter: 'a/*/c', matches: ['a/b/c', 'a//c', 'a/bbb/c'], rejects: ['a/b/d/c', 'a/c'] },
  { filter: 'a/b*', matches: ['a/b', 'a/bc'], rejects: ['a/b/c', 'a/xb'] },
  { filter: '*', matches: ['', 'abc'], rejects: ['a/b', '/'] },
  { filter: '*x*', matches: ['x', 'axb'], rejects: ['a/x', 'ab'] },
  { filter: 'a**b', matches: ['ab', 'axxb'], rejects: ['a/b'] },
  { filter: '***', matches: ['', 'abc'], rejects: ['a/b'] },
  { filter: '*/*', matches: ['/', 'a/b'], rejects: ['a', 'a/b/c'] },
];

const GLOBSTARS: readonly FilterCase[] = [
  { filter: 'a/**/b', matches: ['a/b', 'a/x/b', 'a/x/y/b'], rejects: ['a/xb', 'ab', 'a/b/c'] },
  { filter: '**', matches: ['', 'a', '/', 'a/b/c'], rejects: [] },
  { filter: 'a/**', matches: ['a', 'a/', 'a/b/c'], rejects: ['ab', 'b/a'] },
  { filter: '**/b', matches: ['b', 'a/b', '/b'], rejects: ['ab', 'b/a'] },
  { filter: '**/**', matches: ['', 'a/b'], rejects: [] },
  { filter: 'a/**/**/b', matches: ['a/b', 'a/x/y/b'], rejects: ['a'] },
  { filter: 'a/**/*.log', matches: ['a/x.log', 'a/x/y.log'], rejects: ['a/x/y.txt', 'a'] },
];

const QUESTION_MARKS_AND_ESCAPES: readonly FilterCase[] = [
  { filter: 'a?c', matches: ['abc', 'a.c', 'a\u{1F600}c'], rejects: ['ac', 'abbc', 'a/c'] },
  { filter: '??', matches: ['ab'], rejects: ['\u{1F600}', 'a'] },
  { filter: '\\*', matches: ['*'], rejects: ['a', ''] },
  { filter: '\\?', matches: ['?'], rejects: ['a'] },
  { filter: '\\\\', matches: ['\\'], rejects: [''] },
  { filter: 'a/\\**', matches: ['a/*', 'a/*b'], rejects: ['a/b'] },
  { filter: '\\[x\\]', matches: ['[x]'], rejects: ['x'] },
];

const LITERALS: readonly FilterCase[] = [
  { filter: '', matches: [''], rejects: ['/', 'a'] },
  { filter: 'a.b', matches: ['a.b'], rejects: ['aXb'] },
  { filter: '(x)|y+', matches: ['(x)|y+'], rejects: ['x', 'y', 'yy'] },
  { filter: '/', matches: ['/'], rejects: ['', '//'] },
  { filter: '.hidden/*', matches: ['.hidden/x'], rejects: ['xhidden/x'] },
  { filter: '!a', matches: ['!a'], rejects: ['b'] },
];

describe.each([
  ['stars within a level', STARS],
  ['globstars', GLOBSTARS],
  ['question marks and escapes', QUESTION_MARKS_AND_ESCAPES],
  ['literals', LITERALS],
])('glob(): %s', (_name, cases) => {
  it.each(rowsOf(cases))('%j on %j is %s', (filter, topic, expected) => {
    expectCompiledMatch(glob(filter), topic, expected);
    expect(globReference(filter, topic)).toBe(expected);
  });
});

describe('glob() with a separator', () => {
  const cases: readonly FilterCase[] = [
    { filter: 'a.*.c', matches: ['a.b.c'], rejects: ['a.b.d.c'] },
    { filter: 'a/*', matches: ['a/b', 'a/b/c'], rejects: ['a/b.c'] },
    { filter: 'a.**', matches: ['a', 'a.b.c'], rejects: ['ab'] },
  ];
  it.each(rowsOf(cases))('%j on %j is %s', (filter, topic, expected) => {
    expectCompiledMatch(glob(filter, { separator: '.' }), topic, expected);
    expect(globReference(filter, topic, '.')).toBe(expected);
  });
});

describe('glob() results', () => {
  it('carry the u flag, so that `?` is one code point', () => {
    expect(glob('a?').flags).toBe('u');
  });
});
