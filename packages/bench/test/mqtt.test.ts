import { Qlobber } from 'qlobber';
import { describe, expect, it } from 'vitest';
import { anchored } from '../src/indexes.js';
import { mqttToEventEmitter2, mqttToRegex } from '../src/mqtt.js';

const FILTERS = [
  'a',
  'a/b',
  'a/+',
  '+/b',
  '+',
  '+/+',
  'a/+/c',
  'a/#',
  'a/b/#',
  '#',
  '+/#',
  'a/+/#',
  'a.b/c',
  'a-1/(x)',
];
const TOPICS = [
  '',
  '/',
  'a',
  'b',
  'a/',
  '/b',
  'a/b',
  'a//c',
  'a/b/',
  'a/x/c',
  'a/b/c',
  'a/b/c/d',
  'ab',
  'a/bc',
  'aXb/c',
  'a.b/c',
  'a-1/(x)',
  'b/a/b',
];

describe('mqttToRegex', () => {
  it('translates filters to the regexes the report lists', () => {
    expect(mqttToRegex('sensors/+/temp')).toBe('sensors/[^/]+/temp$');
    expect(mqttToRegex('a/b/#')).toBe('a/b(?:/.*)?$');
    expect(mqttToRegex('#')).toBe('');
    expect(mqttToRegex('a.b/c')).toBe('a\\.b/c$');
  });

  it.each(FILTERS)('matches exactly the topics qlobber matches for %j', (filter) => {
    const index = new Qlobber<number>({ separator: '/', wildcard_one: '+', wildcard_some: '#' });
    index.add(filter, 1);
    const regex = anchored(mqttToRegex(filter));
    for (const topic of TOPICS) {
      regex.lastIndex = 0;
      expect([topic, regex.test(topic)]).toEqual([topic, index.match(topic).length > 0]);
    }
  });

  it('rejects misplaced wildcards', () => {
    expect(() => mqttToRegex('a/#/b')).toThrow(SyntaxError);
    expect(() => mqttToRegex('a+/b')).toThrow(SyntaxError);
  });
});

describe('mqttToEventEmitter2', () => {
  it('translates `+` to `*` and refuses `#`', () => {
    expect(mqttToEventEmitter2('sensors/+/temp')).toBe('sensors/*/temp');
    expect(() => mqttToEventEmitter2('a/#')).toThrow(SyntaxError);
  });
});
