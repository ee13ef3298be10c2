// mqtt() against the MQTT 3.1.1 / 5.0 topic-filter rules (section 4.7, with its non-normative
// examples): `+` one level (possibly empty), `#` the rest including the parent level, no
// wildcard-first filter matching `$` topics, literal levels matching only themselves. Each
// row is checked on the compiled RegExp (the sigx way and with RegExp#test) and on the
// level-by-level reference the property tests use.
import { describe, expect, it } from 'vitest';
import { mqtt } from '../src/index.js';
import { mqttReference } from './support/filter-reference.js';
import { expectCompiledMatch, rowsOf, type FilterCase } from './support/filter-table.js';

const SPEC_EXAMPLES: readonly FilterCase[] = [
  {
    filter: 'sport/tennis/player1/#',
    matches: [
      'sport/tennis/player1',
      'sport/tennis/player1/ranking',
      'sport/tennis/player1/score/wimbledon',
    ],
    rejects: ['sport/tennis/player2', 'sport/tennis', 'sport/tennis/player10'],
  },
  { filter: 'sport/#', matches: ['sport', 'sport/', 'sport/tennis/player1'], rejects: ['sports'] },
  { filter: 'sport/tennis/#', matches: ['sport/tennis', 'sport/tennis/x'], rejects: ['sport'] },
  {
    filter: 'sport/tennis/+',
    matches: ['sport/tennis/player1', 'sport/tennis/player2', 'sport/tennis/'],
    rejects: ['sport/tennis/player1/ranking', 'sport/tennis'],
  },
  { filter: 'sport/+', matches: ['sport/', 'sport/x'], rejects: ['sport', 'sport/x/y'] },
  { filter: '+', matches: ['sport', ''], rejects: ['/finance', 'a/', '/'] },
  { filter: '+/+', matches: ['/finance', 'a/b', '/', 'a/'], rejects: ['finance', 'a/b/c'] },
  { filter: '/+', matches: ['/finance', '/'], rejects: ['finance', 'x/finance', '//'] },
  {
    filter: '+/tennis/#',
    matches: ['sport/tennis', 'sport/tennis/player1', '/tennis'],
    rejects: ['sport/golf', 'tennis'],
  },
  {
    filter: 'sport/+/player1',
    matches: ['sport/tennis/player1', 'sport//player1'],
    rejects: ['sport/player1'],
  },
  { filter: '#', matches: ['sport', '', '/', 'a/b/c', 'a/$SYS'], rejects: ['$SYS', '$SYS/x', '$'] },
];

const DOLLAR_TOPICS: readonly FilterCase[] = [
  {
    filter: '$SYS/#',
    matches: ['$SYS', '$SYS/', '$SYS/monitor/Clients'],
    rejects: ['SYS/x', 'x/$SYS/x'],
  },
  { filter: '$SYS/monitor/+', matches: ['$SYS/monitor/Clients'], rejects: ['$SYS/monitor'] },
  {
    filter: '+/monitor/Clients',
    matches: ['sys/monitor/Clients', '/monitor/Clients'],
    rejects: ['$SYS/monitor/Clients'],
  },
  { filter: '+/#', matches: ['a', '/', 'a/b', ''], rejects: ['$SYS/x', '$'] },
  { filter: '+/$x', matches: ['a/$x'], rejects: ['$a/$x'] },
  { filter: 'a/+', matches: ['a/$SYS'], rejects: [] },
];

const EMPTY_LEVELS_AND_ENDS: readonly FilterCase[] = [
  { filter: 'a/+/c', matches: ['a//c', 'a/b/c'], rejects: ['a/c', 'a/b/b/c'] },
  { filter: '/', matches: ['/'], rejects: ['', '//', 'a/'] },
  { filter: '//', matches: ['//'], rejects: ['/'] },
  { filter: 'a/', matches: ['a/'], rejects: ['a', 'a//'] },
  { filter: '/a', matches: ['/a'], rejects: ['a', '//a'] },
  { filter: '/#', matches: ['/', '/a', '', '//'], rejects: ['a'] },
  { filter: 'a//#', matches: ['a/', 'a//', 'a//b'], rejects: ['a', 'a/b'] },
  { filter: '+/+/+', matches: ['//', 'a/b/c'], rejects: ['/', 'a/b/c/d'] },
];

const LITERALS: readonly FilterCase[] = [
  { filter: 'a/b', matches: ['a/b'], rejects: ['a/b/', 'a/bc', 'A/b', 'xa/b', 'a/+'] },
  { filter: 'a.b/c', matches: ['a.b/c'], rejects: ['aXb/c'] },
  { filter: 'fo{2}/x', matches: ['fo{2}/x'], rejects: ['foo/x'] },
  { filter: 'a|b', matches: ['a|b'], rejects: ['a', 'b'] },
  { filter: '(x)/[y]', matches: ['(x)/[y]'], rejects: ['x/y'] },
  { filter: '\\d/^a$', matches: ['\\d/^a$'], rejects: ['1/a'] },
  { filter: 'a*/?', matches: ['a*/?'], rejects: ['aa/b', 'a/?'] },
  { filter: 'a/+', matches: ['a/+', 'a/#'], rejects: [] },
  { filter: 'caf\u00e9/\u{1F600}', matches: ['caf\u00e9/\u{1F600}'], rejects: ['cafe/x'] },
  { filter: 'a/+', matches: ['a/line\nbreak'], rejects: ['a/line\nbreak/x'] },
];

describe.each([
  ['the specification examples', SPEC_EXAMPLES],
  ['topics starting with $', DOLLAR_TOPICS],
  ['empty levels and separators at the ends', EMPTY_LEVELS_AND_ENDS],
  ['literal levels', LITERALS],
])('mqtt(): %s', (_name, cases) => {
  it.each(rowsOf(cases))('%j on %j is %s', (filter, topic, expected) => {
    expectCompiledMatch(mqtt(filter), topic, expected);
    expect(mqttReference(filter, topic)).toBe(expected);
  });
});

describe('mqtt() results', () => {
  it('are RegExps anchored at both ends, without flags', () => {
    const compiled = mqtt('sensors/+/temp');
    expect(compiled).toBeInstanceOf(RegExp);
    expect(compiled.source).toBe('^sensors\\/[^/]*\\/temp$');
    expect(compiled.flags).toBe('');
  });

  it('are the same pattern for the same filter', () => {
    expect(mqtt('a/#').source).toBe(mqtt('a/#').source);
  });
});
