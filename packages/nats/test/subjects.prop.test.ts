// Topics as NATS subjects (docs/running-across-processes.md, "Subjects"): the mapping is
// reversible on every topic, each level is one valid token (never empty, no `.`, `*`, `>` or
// whitespace), and the subjects a bridge subscribes to for a pattern cover every topic the
// pattern matches, also after the minimal cover drops what other subjects cover.
import { fc, test } from '@fast-check/vitest';
import { mqtt, type TopicPattern } from '@sigx/matcher';
import { describe, expect, it } from 'vitest';
import { patternCase, randomTopic } from '../../matcher/test/support/pattern-arbitrary.js';
import { minimalCover, subjectsOf } from '../src/subject-interest.js';
import {
  checkSubjectPrefix,
  escapeLevel,
  subjectToTopic,
  topicToSubject,
  unescapeLevel,
} from '../src/subjects.js';

/** NATS subject matching, token by token: `*` one token, `>` one or more at the end. */
function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

/** What the exchange does: the pattern matches from index 0 of the topic. */
function patternMatches(pattern: TopicPattern, topic: string): boolean {
  const regexp =
    typeof pattern === 'string'
      ? new RegExp(pattern, 'y')
      : new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`);
  return regexp.test(topic);
}

const anyTopic = fc.oneof(randomTopic, fc.string({ unit: 'binary', maxLength: 12 }));

describe('topic ↔ subject', () => {
  test.prop([anyTopic])('is reversible, with valid tokens', (topic) => {
    const subject = topicToSubject('sigx', topic);
    expect(subjectToTopic('sigx', subject)).toBe(topic);
    const tokens = subject.split('.');
    expect(tokens.length).toBe(topic.split('/').length + 1);
    for (const token of tokens) {
      expect(token).not.toBe('');
      expect(token).not.toMatch(/[\s*>]/u);
    }
  });

  it('escapes what tokens cannot hold, and nothing else', () => {
    expect(topicToSubject('sigx', 'orders/eu/42')).toBe('sigx.orders.eu.42');
    expect(topicToSubject('app.sigx', 'a.b/*/>/c d//%')).toBe(
      'app.sigx.a%002Eb.%002A.%003E.c%0020d.%.%0025',
    );
    expect(escapeLevel('\uD83D')).toBe('%D83D'); // a lone surrogate: UTF-8 cannot carry it
    expect(escapeLevel('😀')).toBe('😀');
  });

  it('refuses subjects it did not make', () => {
    expect(subjectToTopic('sigx', 'other.a')).toBeNull();
    expect(subjectToTopic('sigx', 'sigx')).toBeNull();
    expect(unescapeLevel('%0041')).toBeNull(); // `A` needs no escape
    expect(unescapeLevel('a%zz')).toBeNull();
    expect(subjectToTopic('sigx', 'sigx.a.%2')).toBeNull();
  });

  it.each(['', 'a..b', 'a.*', '>', 'a b', '.a', 42])('refuses the prefix %j', (prefix) => {
    expect(() => checkSubjectPrefix(prefix)).toThrow(TypeError);
  });
});

describe('subjects of a pattern', () => {
  const subjects = subjectsOf('sigx');

  it('are as narrow as the pattern allows', () => {
    expect(subjects('orders/eu/.*')).toEqual(['sigx.orders.eu.>']);
    expect(subjects(mqtt('a/+/c'))).toEqual(['sigx.a.*.c']);
    expect(subjects(mqtt('a/#'))).toEqual(['sigx.a', 'sigx.a.>']);
    expect(subjects('a/b$')).toEqual(['sigx.a.b']);
    expect(subjects('orders/e[uk]')).toEqual(['sigx.orders.>']);
    expect(subjects('.*x')).toEqual(['sigx.>']);
    expect(subjects('x|y')).toEqual(['sigx.>']);
  });

  test.prop([patternCase, fc.array(anyTopic, { maxLength: 4 })], { numRuns: 400 })(
    'cover every topic the pattern matches, also after the minimal cover',
    ({ pattern, topics }, more) => {
      const covering = minimalCover([...new Set(subjects(pattern))]);
      for (const topic of [...topics, ...more]) {
        if (!patternMatches(pattern, topic)) continue;
        const subject = topicToSubject('sigx', topic);
        expect(covering.some((filter) => subjectMatches(filter, subject))).toBe(true);
      }
    },
  );
});

describe('minimal cover', () => {
  it('drops what another subject covers, and keeps the rest', () => {
    expect(
      minimalCover([
        'sigx.a.>',
        'sigx.a.b',
        'sigx.a.*.c',
        'sigx.b',
        'sigx.*.x',
        'sigx.c.x',
        'sigx.>.x',
      ]),
    ).toEqual(['sigx.*.x', 'sigx.>.x', 'sigx.a.>', 'sigx.b'].sort());
    expect(minimalCover(['sigx.>', 'sigx.a'])).toEqual(['sigx.>']);
    expect(minimalCover(['sigx.a', 'sigx.a.>'])).toEqual(['sigx.a', 'sigx.a.>']);
  });

  const token = fc.constantFrom('a', 'b', '*');
  const subject = fc
    .tuple(fc.array(token, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([tokens, tail]) => ['sigx', ...tokens, ...(tail ? ['>'] : [])].join('.'));
  const concrete = fc
    .array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 5 })
    .map((tokens) => ['sigx', ...tokens].join('.'));

  test.prop([fc.uniqueArray(subject, { maxLength: 6 }), concrete])(
    'matches what the whole set matches, and keeps no subject another kept one covers',
    (set, probe) => {
      const cover = minimalCover(set);
      expect(cover.some((f) => subjectMatches(f, probe))).toBe(
        set.some((f) => subjectMatches(f, probe)),
      );
      expect(cover.every((kept) => set.includes(kept))).toBe(true);
    },
  );
});
