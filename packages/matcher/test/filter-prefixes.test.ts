// Compiled filters are indexed like hand-written regexes: analyzePattern finds the literal
// levels before the first wildcard as the prefix (the leading `^` holds at index 0 and costs
// nothing), a filter without wildcards is a whole topic (one hash lookup, no regex), and a
// filter that starts with a wildcard has no prefix (it is tested on every topic).
import { describe, expect, it } from 'vitest';
import { amqp, analyzePattern, glob, mqtt, TopicMatcher } from '../src/index.js';

describe('the literal prefix of a compiled filter', () => {
  it.each([
    [mqtt('sensors/+/temp'), ['sensors/']],
    [mqtt('sport/#'), ['sport']],
    [mqtt('$SYS/#'), ['$SYS']],
    [mqtt('a.b/+'), ['a.b/']],
    [mqtt('/+'), ['/']],
    [amqp('lazy.#'), ['lazy']],
    [amqp('quick.*.rabbit'), ['quick.']],
    [amqp('a.#.b'), ['a']],
    [amqp('.#'), ['.']],
    [amqp('a/*', { separator: '/' }), ['a/']],
    [glob('logs/**'), ['logs']],
    [glob('sensors/*/temp'), ['sensors/']],
    [glob('room-?'), ['room-']],
    [glob('a\\*b*'), ['a*b']],
  ])('%s is filed under %j', (compiled, prefixes) => {
    const analysis = analyzePattern(compiled);
    expect(analysis.prefixes).toEqual(prefixes);
    expect(analysis.prefixes.length).toBeGreaterThan(0);
  });

  it.each([
    [mqtt('+/monitor/Clients')],
    [mqtt('#')],
    [amqp('*.orange.*')],
    [amqp('#.a')],
    [amqp('*')],
    [glob('**/b')],
    [glob('*.log')],
  ])('%s starts with a wildcard and has none', (compiled) => {
    expect(analyzePattern(compiled).prefixes).toEqual([]);
  });
});

describe('a compiled filter without wildcards', () => {
  it.each([
    [mqtt('sensors/kitchen/temp'), 'sensors/kitchen/temp'],
    [amqp('quick.orange.rabbit'), 'quick.orange.rabbit'],
    [glob('a.b/c'), 'a.b/c'],
    [mqtt('fo{2}/x'), 'fo{2}/x'],
  ])('%s is the whole topic %j', (compiled, topic) => {
    expect(analyzePattern(compiled).wholeTopics).toEqual([topic]);
  });
});

describe('compiled filters and hand-written regexes', () => {
  it.each([
    [mqtt('sensors/+/temp'), 'sensors/[^/]*/temp$'],
    [mqtt('t0/d1/#'), 't0/d1(?:/[^/]*)*$'],
    [amqp('lazy.#'), 'lazy(?:\\.[^.]*)*$'],
  ])('%s is analysed as %s', (compiled, handWritten) => {
    const { source: compiledSource, ...compiledAnalysis } = analyzePattern(compiled);
    const { source, ...analysis } = analyzePattern(handWritten);
    expect(compiledSource).toBe(`^${source}`);
    expect(compiledAnalysis).toEqual(analysis);
  });

  it('are level shaped, so indexed by a matcher, a first-level wildcard included', () => {
    const matcher = new TopicMatcher<number>()
      .add(mqtt('sensors/+/temp'), 1)
      .add(amqp('lazy.#'), 2)
      .add(glob('logs/**'), 3)
      .add(mqtt('+/status'), 4);
    expect(matcher.stats()).toMatchObject({
      indexedPatterns: 4,
      unindexedPatterns: 0,
      levelPatterns: 4,
    });
  });
});
