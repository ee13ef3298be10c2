// Patterns that skip one level after their head (`t7/+/temp`, `t7/[^/]+/temp-\d+`): the
// level-shaped ones go to the level index, the others to the prefix trie under their head.
// Either way the matcher gives exactly the naive scan's answer, on the edge cases (empty levels,
// extra levels, no separator) and on random gap-shaped patterns, and removing them leaves the
// tries as a fresh build would have them.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { mqtt, TopicMatcher } from '../src/index.js';
import { naiveScan } from './support/naive.js';

/** Nodes of both tries. */
function nodesOf(matcher: TopicMatcher<unknown>): number {
  const stats = matcher.stats();
  return stats.trieNodes + stats.levelNodes;
}

describe('patterns with a level gap', () => {
  const patterns = [
    't1/[^/]+/temp$',
    't1/[^/]*/temp$',
    't1/[^/]+/hum',
    't1/[^/]+/te',
    't1/[^/]+/$',
    't1/[^/]+/(?:a|b)$',
    mqtt('t1/+/temp/#'),
    't2.[^.]+\\.x',
  ];
  const topics = [
    't1/d/temp',
    't1//temp',
    't1/d/temperature',
    't1/d/x/temp',
    't1/temp',
    't1/d/hum/raw',
    't1/d/',
    't1/d/a',
    't1/d/temp/raw',
    't1/',
    't2.a.x',
    't2..x',
    't2.a/b.x',
    '',
  ];

  it('match exactly what the naive scan matches', () => {
    const registrations = patterns.map((pattern, i) => [pattern, i] as const);
    for (const cacheSize of [0, 100]) {
      const matcher = new TopicMatcher<number>({ cacheSize });
      for (const [pattern, value] of registrations) matcher.add(pattern, value);
      for (const topic of topics) {
        expect(matcher.match(topic), topic).toEqual(naiveScan(registrations, topic));
      }
    }
  });

  it('leave the trie as it was once removed', () => {
    const matcher = new TopicMatcher<number>();
    matcher.add('base/.*', -1);
    const baseline = nodesOf(matcher);
    patterns.forEach((pattern, i) => matcher.add(pattern, i));
    expect(nodesOf(matcher)).toBeGreaterThan(baseline);
    patterns.forEach((pattern, i) => matcher.remove(pattern, i));
    expect(nodesOf(matcher)).toBe(baseline);
    expect(matcher.match('t1/d/temp')).toEqual([]);
  });

  // Random gap-shaped patterns over a small alphabet, so that heads, separators and literals
  // collide, against random topics; then some removed, compared with a fresh build.
  const head = fc.constantFrom('', 'a', 'a/', 'ab/', 'a.');
  const separator = fc.constantFrom('/', '.');
  const gapPattern = fc
    .tuple(
      head,
      separator,
      fc.constantFrom('+', '*'),
      fc.boolean(),
      fc.constantFrom('', 'x', 'xy', 'x/', 'x.'),
      fc.constantFrom(
        '',
        '$',
        '.*',
        '[^/]*$',
        '(?:\\/.*)?$',
        'y?',
        'z+$',
        '[^.]+\\.x',
        '?',
        '?y$',
        '*',
      ),
    )
    .map(([h, sep, quantifier, escaped, literal, tail]) => {
      const escapedSeparator = escaped || sep === '.' ? `\\${sep}` : sep;
      const escapedLiteral = literal.replace(/[./]/g, (c) => `\\${c}`);
      return `${h.replace(/\./g, '\\.')}[^${sep}]${quantifier}${escapedSeparator}${escapedLiteral}${tail}`;
    });
  const topic = fc
    .array(fc.constantFrom('a', 'b', 'x', 'y', 'z', '/', '.'), { maxLength: 9 })
    .map((units) => units.join(''));

  test.prop([
    fc.array(gapPattern, { minLength: 1, maxLength: 12 }),
    fc.array(topic, { minLength: 1, maxLength: 12 }),
    fc.array(fc.boolean(), { maxLength: 12 }),
  ])('agree with the naive scan, before and after removals', (sources, topics, removals) => {
    const registrations = sources.map((source, i) => [source, i] as const);
    const matcher = new TopicMatcher<number>({ cacheSize: 4 });
    for (const [source, value] of registrations) matcher.add(source, value);
    for (const t of topics) expect(matcher.match(t), t).toEqual(naiveScan(registrations, t));
    const kept = registrations.filter(([source, value], i) => {
      if (removals[i] !== true) return true;
      matcher.remove(source, value);
      return false;
    });
    for (const t of topics) expect(matcher.match(t), t).toEqual(naiveScan(kept, t));
    const fresh = new TopicMatcher<number>();
    for (const [source, value] of kept) fresh.add(source, value);
    expect(nodesOf(matcher)).toBe(nodesOf(fresh));
  });
});
