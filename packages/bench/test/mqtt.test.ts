import { analyzePattern, mqtt } from '@sigx/matcher';
import { Qlobber } from 'qlobber';
import { describe, expect, it } from 'vitest';
import { crossCheck } from '../src/cross-check.js';
import { anchored, NaiveScan, QlobberIndex, SigxIndex, type TopicIndex } from '../src/indexes.js';
import { mqttPattern, mqttToEventEmitter2, mqttToRegex } from '../src/mqtt.js';
import { mqttWorkload, scalingWorkload, type Workload } from '../src/workloads.js';

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

/** Whether `filter` matches `topic` in a fresh qlobber with MQTT options. */
function qlobberMatches(filter: string, topic: string, matchEmptyLevels: boolean): boolean {
  const index = new Qlobber<number>({
    separator: '/',
    wildcard_one: '+',
    wildcard_some: '#',
    match_empty_levels: matchEmptyLevels,
  });
  index.add(filter, 1);
  return index.match(topic).length > 0;
}

describe('mqtt() of @sigx/matcher', () => {
  it.each(FILTERS)(
    'matches exactly the topics qlobber with match_empty_levels matches for %j',
    (filter) => {
      const compiled = mqtt(filter);
      for (const topic of TOPICS) {
        expect([topic, compiled.test(topic)]).toEqual([topic, qlobberMatches(filter, topic, true)]);
      }
    },
  );

  it.each(FILTERS)(
    'matches what default qlobber and mqttToRegex match for %j, or more where a level is empty',
    (filter) => {
      const compiled = mqtt(filter);
      const handWritten = anchored(mqttToRegex(filter));
      for (const topic of TOPICS) {
        handWritten.lastIndex = 0;
        const ours = compiled.test(topic);
        const theirs = qlobberMatches(filter, topic, false);
        expect([topic, handWritten.test(topic)]).toEqual([topic, theirs]);
        // Only `+` over an empty level tells them apart (these topics have no `$`).
        if (ours !== theirs)
          expect([topic, ours, topic.split('/').includes('')]).toEqual([topic, true, true]);
      }
    },
  );

  it.each(['a', 'a/b', 'a/+', 'a/#', 'a/+/c/#', 'a.b/c'])(
    '%j is filed under the same prefixes as the hand-written regex',
    (filter) => {
      const { source, ...compiled } = analyzePattern(mqtt(filter));
      const { source: handWrittenSource, ...handWritten } = analyzePattern(mqttToRegex(filter));
      expect(source.startsWith('^')).toBe(true);
      expect(handWrittenSource.startsWith('^')).toBe(false);
      expect(compiled.prefixes).toEqual(handWritten.prefixes);
      expect(compiled.wholeTopics).toEqual(handWritten.wholeTopics);
    },
  );

  it('mqttPattern writes a filter in either notation', () => {
    expect(mqttPattern('a/+', 'regex')).toBe(mqttToRegex('a/+'));
    expect(mqttPattern('a/+', 'mqtt()')).toEqual(mqtt('a/+'));
  });
});

describe('the MQTT workloads written with mqtt()', () => {
  const built = (index: TopicIndex, workload: Workload): TopicIndex => {
    for (const subscription of workload.subscriptions) index.add(subscription);
    return index;
  };

  it.each([
    ['mqttWorkload', mqttWorkload(500, 7, 'mqtt()')],
    ['scalingWorkload', scalingWorkload(400, 7, 'mqtt()')],
  ])('%s gives the results of qlobber and of the naive scan', async (_name, workload) => {
    const summary = await crossCheck('mqtt()', workload.sample, built(new NaiveScan(), workload), [
      built(new SigxIndex('sigx', 0), workload),
      built(new SigxIndex('sigx memo', undefined), workload),
      built(new QlobberIndex(), workload),
    ]);
    expect(summary.topicsWithMatches).toBeGreaterThan(50);
  });

  it('has the same subscriptions and topics as the regex notation, with mqtt() patterns', () => {
    const regex = mqttWorkload(300, 3);
    const compiled = mqttWorkload(300, 3, 'mqtt()');
    expect(compiled.topics).toEqual(regex.topics);
    expect(compiled.sample).toEqual(regex.sample);
    // An empty level both notations agree on: no filter of the workload has a `+` there.
    expect(compiled.sample).toContain('t0/d0//temp');
    expect(compiled.subscriptions.map((s) => s.filter)).toEqual(
      regex.subscriptions.map((s) => s.filter),
    );
    for (const { filter, pattern } of compiled.subscriptions) {
      expect(pattern).toEqual(mqtt(filter!));
    }
  });
});

describe('mqttToEventEmitter2', () => {
  it('translates `+` to `*` and refuses `#`', () => {
    expect(mqttToEventEmitter2('sensors/+/temp')).toBe('sensors/*/temp');
    expect(() => mqttToEventEmitter2('a/#')).toThrow(SyntaxError);
  });
});
