// The inputs of the issue-15 series: fresh copies of hot topics (scenario 2), topics with a
// fresh id (scenario 1), and the naive reference of scenario 12, which must answer exactly as
// the naive scan does.
import { describe, expect, it } from 'vitest';
import { freshCopies } from '../src/fresh-strings.js';
import { literalHead, NaiveScan, naiveReference, anchored } from '../src/indexes.js';
import {
  FRESH_LEVEL_TOPICS,
  freshLevelWorkload,
  mqttWorkload,
  regexRichWorkload,
  type Workload,
} from '../src/workloads.js';

describe('freshCopies', () => {
  it('copies the topics round robin, equal in contents', () => {
    const next = freshCopies(['a/b', 't1/d2/temp', '']);
    expect(Array.from({ length: 7 }, next)).toEqual([
      'a/b',
      't1/d2/temp',
      '',
      'a/b',
      't1/d2/temp',
      '',
      'a/b',
    ]);
    expect(() => freshCopies([])).toThrow(RangeError);
  });
});

describe('freshLevelWorkload', () => {
  const base = mqttWorkload(2_000, 11);
  const fresh = freshLevelWorkload(base, 2_000, 11);

  it('keeps the subscriptions and gives every topic a level no subscription names', () => {
    expect(fresh.subscriptions).toBe(base.subscriptions);
    expect(new Set(fresh.topics).size).toBe(FRESH_LEVEL_TOPICS);
    const named = new Set(
      base.subscriptions.flatMap((subscription) => subscription.filter!.split('/')),
    );
    const seconds = [...fresh.topics, ...fresh.sample]
      .map((topic) => topic.split('/')[1] ?? '')
      .filter((second) => second !== '');
    expect(seconds.filter((second) => named.has(second))).toEqual([]);
    expect(new Set(seconds).size).toBe(seconds.length); // a fresh id per topic
  });

  it('still matches wildcard subscriptions', () => {
    const naive = new NaiveScan();
    for (const subscription of base.subscriptions) naive.add(subscription);
    const matched = fresh.topics.slice(0, 200).map((topic) => naive.match(topic).length);
    expect(matched.filter((count) => count > 0).length).toBeGreaterThan(150);
  });
});

describe('literalHead', () => {
  it('is the leading plain text, cut before a quantified character', () => {
    expect(literalHead('t1/d2/temp$')).toBe('t1/d2/temp');
    expect(literalHead('t1/[^/]+/temp$')).toBe('t1/');
    expect(literalHead('t1(?:/.*)?$')).toBe('t1');
    expect(literalHead('ab+c')).toBe('a');
    expect(literalHead('ab?c')).toBe('a');
    expect(literalHead('ab{2}')).toBe('a');
    expect(literalHead('a\\.b')).toBe('a');
    expect(literalHead('ab|cd')).toBe('');
    expect(literalHead(/abc/i)).toBe('');
    expect(literalHead('')).toBe('');
  });
});

describe('naiveReference', () => {
  const workloads: [string, Workload][] = [
    ['mqtt', mqttWorkload(3_000, 5)],
    ['mqtt()', mqttWorkload(1_000, 6, 'mqtt()')],
    ['regex-rich mixed', regexRichWorkload(1_000, 7, 'mixed')],
    ['regex-rich no-prefix', regexRichWorkload(1_000, 8, 'no-prefix')],
    ['regex-rich same-literal', regexRichWorkload(1_000, 9, 'same-literal')],
  ];
  it.each(workloads)('answers as the naive scan does (%s)', (_, workload) => {
    const topics = [...workload.sample, ...workload.topics.slice(0, 200)];
    const scan = new NaiveScan();
    for (const subscription of workload.subscriptions) scan.add(subscription);
    const reference = naiveReference('naive', workload.subscriptions, topics);
    let matches = 0;
    for (const topic of topics) {
      expect(reference.match(topic)).toEqual(scan.match(topic));
      matches += scan.match(topic).length;
    }
    expect(matches).toBeGreaterThan(0);
  });

  it('never skips a topic the anchored regex matches (the literal head is sound)', () => {
    const patterns = ['a+b', 'ab*', 'x?y', 'a{0}b', 'ab{0,1}', 'abc$', 'a.c', '(ab)?c'];
    const topics = ['b', 'ab', 'aab', 'a', 'y', 'xy', 'ab', 'abc', 'c', 'abcd', 'a', ''];
    for (const pattern of patterns) {
      const regex = anchored(pattern);
      for (const topic of topics) {
        regex.lastIndex = 0;
        if (regex.test(topic)) expect(topic.startsWith(literalHead(pattern))).toBe(true);
      }
    }
  });
});
