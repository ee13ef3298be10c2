// amqp() against RabbitMQ's topic exchange: words separated by `.`, `*` exactly one word, `#`
// zero or more words, empty words allowed, and the empty routing key made of no words (so `#`
// matches it and `*` does not). The first table is RabbitMQ's tutorial 5. Each row is checked
// on the compiled RegExp (the sigx way and with RegExp#test) and on the word-by-word reference.
import { describe, expect, it } from 'vitest';
import { amqp, TopicMatcher } from '../src/index.js';
import { amqpReference } from './support/filter-reference.js';
import { expectCompiledMatch, rowsOf, type FilterCase } from './support/filter-table.js';

const TUTORIAL: readonly FilterCase[] = [
  {
    filter: '*.orange.*',
    matches: ['quick.orange.rabbit', 'lazy.orange.elephant', 'quick.orange.fox', '.orange.'],
    rejects: [
      'orange',
      'quick.orange',
      'quick.orange.new.rabbit',
      'quick.brown.fox',
      'a.orangey.b',
    ],
  },
  {
    filter: '*.*.rabbit',
    matches: ['quick.orange.rabbit', 'lazy.pink.rabbit', '..rabbit'],
    rejects: ['rabbit', 'quick.orange.new.rabbit', 'quick.orange.male.rabbit'],
  },
  {
    filter: 'lazy.#',
    matches: ['lazy', 'lazy.', 'lazy.brown.fox', 'lazy.orange.new.rabbit'],
    rejects: ['lazyx', 'x.lazy', '', 'quick.brown.fox'],
  },
];

const HASH_AND_STAR: readonly FilterCase[] = [
  { filter: '#', matches: ['', 'a', '.', '..', 'a.b.c'], rejects: [] },
  { filter: '#.#', matches: ['', 'a', 'a.b.c'], rejects: [] },
  {
    filter: 'a.#.b',
    matches: ['a.b', 'a.x.b', 'a.x.y.b', 'a..b'],
    rejects: ['a.b.c', 'ab', 'a', 'b'],
  },
  { filter: '#.a', matches: ['a', 'x.a', 'x.y.a', '.a'], rejects: ['a.x', '', 'xa'] },
  { filter: 'a.#.#.b', matches: ['a.b', 'a.x.b'], rejects: ['a'] },
  { filter: '*', matches: ['a', 'x'], rejects: ['', 'a.b', '.'] },
  { filter: '*.*', matches: ['.', 'a.b'], rejects: ['a', '', 'a.b.c'] },
  { filter: 'a.*', matches: ['a.b', 'a.'], rejects: ['a', 'a.b.c'] },
  { filter: '*.#', matches: ['a', '.', 'a.b.c'], rejects: [''] },
  { filter: '#.*', matches: ['a', 'a.b', '.'], rejects: [''] },
  { filter: '#.*.#', matches: ['a', '.'], rejects: [''] },
  { filter: '#.*.*.#', matches: ['a.b', '.', 'a.b.c'], rejects: ['', 'a'] },
];

const EMPTY_WORDS_AND_KEYS: readonly FilterCase[] = [
  { filter: '', matches: [''], rejects: ['.', 'a'] },
  { filter: '.', matches: ['.'], rejects: ['', '..', 'a.'] },
  { filter: 'a..b', matches: ['a..b'], rejects: ['a.b', 'a.x.b'] },
  { filter: '.#', matches: ['.', '.a', '.a.b'], rejects: ['', 'a', 'a.'] },
  { filter: '#.', matches: ['.', 'a.', 'a.b.'], rejects: ['', 'a', '.a'] },
  { filter: '#..#', matches: ['.', 'a..b', 'a.', '.a'], rejects: ['', 'a', 'a.b'] },
  { filter: 'a.', matches: ['a.'], rejects: ['a', 'a.b'] },
];

const LITERALS: readonly FilterCase[] = [
  { filter: 'a.b', matches: ['a.b'], rejects: ['aXb', 'a.b.c', 'a', 'A.b'] },
  { filter: 'a+b.c', matches: ['a+b.c'], rejects: ['aab.c', 'ab.c'] },
  { filter: 'fo{2}.$', matches: ['fo{2}.$'], rejects: ['foo.x'] },
  { filter: 'x/y.*', matches: ['x/y.z'], rejects: ['x.y.z'] },
];

describe.each([
  ["RabbitMQ's tutorial", TUTORIAL],
  ['# and *', HASH_AND_STAR],
  ['empty words and keys', EMPTY_WORDS_AND_KEYS],
  ['literal words', LITERALS],
])('amqp(): %s', (_name, cases) => {
  it.each(rowsOf(cases))('%j on %j is %s', (filter, topic, expected) => {
    expectCompiledMatch(amqp(filter), topic, expected);
    expect(amqpReference(filter, topic)).toBe(expected);
  });
});

describe('amqp() with a separator', () => {
  const cases: readonly FilterCase[] = [
    { filter: 'a/*', matches: ['a/b', 'a/b.c'], rejects: ['a.b', 'a/b/c'] },
    { filter: 'a.b/#', matches: ['a.b', 'a.b/c/d'], rejects: ['aXb/c'] },
    { filter: '#/]', matches: [']', 'x/]'], rejects: ['x]'] },
  ];
  it.each(rowsOf(cases))('%j on %j is %s', (filter, topic, expected) => {
    expectCompiledMatch(amqp(filter, { separator: '/' }), topic, expected);
    expect(amqpReference(filter, topic, '/')).toBe(expected);
  });

  it('takes characters that are special in a class', () => {
    for (const separator of [']', '^', '\\', '-', '$']) {
      const compiled = amqp(`a${separator}*`, { separator });
      expect(compiled.test(`a${separator}b`)).toBe(true);
      expect(compiled.test(`a${separator}b${separator}c`)).toBe(false);
    }
  });

  it('defaults to `.` when the option is absent or undefined', () => {
    expect(amqp('a.*', {}).source).toBe(amqp('a.*').source);
    expect(amqp('a.*', { separator: undefined as unknown as string }).source).toBe(
      amqp('a.*').source,
    );
  });
});

describe('amqp() in a TopicMatcher, as RabbitMQ routes the tutorial', () => {
  it('delivers each message to each queue once', () => {
    const queues = new TopicMatcher<string>()
      .add(amqp('*.orange.*'), 'Q1')
      .add(amqp('*.*.rabbit'), 'Q2')
      .add(amqp('lazy.#'), 'Q2');
    expect(queues.match('quick.orange.rabbit')).toEqual(['Q1', 'Q2']);
    expect(queues.match('lazy.orange.elephant')).toEqual(['Q1', 'Q2']);
    expect(queues.match('quick.orange.fox')).toEqual(['Q1']);
    expect(queues.match('lazy.brown.fox')).toEqual(['Q2']);
    expect(queues.match('lazy.pink.rabbit')).toEqual(['Q2']);
    expect(queues.match('quick.brown.fox')).toEqual([]);
    expect(queues.match('orange')).toEqual([]);
    expect(queues.match('quick.orange.new.rabbit')).toEqual([]);
    expect(queues.match('lazy.orange.new.rabbit')).toEqual(['Q2']);
  });
});
