import { describe, expect, it } from 'vitest';
import { crossCheck, CrossCheckError, type CrossCheckImplementation } from '../src/cross-check.js';
import { NaiveScan, QlobberIndex, SigxIndex, type TopicIndex } from '../src/indexes.js';
import { mqttWorkload, type Subscription } from '../src/workloads.js';

/** An implementation answering from a fixed table. */
function fixed(
  name: string,
  table: Record<string, readonly number[]>,
  mayRepeat = false,
): CrossCheckImplementation {
  return { name, mayRepeat, match: (topic) => table[topic] ?? [] };
}

const truth = { 'a/b': [1, 2], 'a/c': [2], 'x/y': [] };

describe('crossCheck', () => {
  it('passes when every implementation returns the same ids, in any order', async () => {
    const summary = await crossCheck('agree', Object.keys(truth), fixed('naive', truth), [
      fixed('reordered', { 'a/b': [2, 1], 'a/c': [2], 'x/y': [] }),
      { name: 'async', match: async (topic) => truth[topic as keyof typeof truth] },
    ]);
    expect(summary).toEqual({
      label: 'agree',
      implementations: ['naive', 'reordered', 'async'],
      topics: 3,
      topicsWithMatches: 2,
      matches: 3,
    });
  });

  it('fails, naming the implementation and topic, when one misses a match', async () => {
    const wrong = fixed('wrong', { ...truth, 'a/b': [1] });
    const error = await crossCheck('missing', Object.keys(truth), fixed('naive', truth), [
      fixed('right', truth),
      wrong,
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CrossCheckError);
    expect(error).toMatchObject({
      name: 'CrossCheckError',
      code: 'ERR_BENCH_CROSS_CHECK',
      label: 'missing',
      implementation: 'wrong',
      topic: 'a/b',
      expected: [1, 2],
      actual: [1],
    });
    expect((error as Error).message).toBe(
      'Cross-check "missing" failed: wrong disagrees with naive on topic "a/b": missing [2], unexpected [] (expected 2 ids, got 1)',
    );
  });

  it('fails when one returns an extra match', async () => {
    await expect(
      crossCheck('extra', Object.keys(truth), fixed('naive', truth), [
        fixed('extra', { ...truth, 'x/y': [7] }),
      ]),
    ).rejects.toThrow(/extra disagrees with naive on topic "x\/y": missing \[\], unexpected \[7\]/);
  });

  it('fails when an implementation that must not repeat ids repeats one', async () => {
    await expect(
      crossCheck('repeat', Object.keys(truth), fixed('naive', truth), [
        fixed('repeats', { ...truth, 'a/b': [1, 2, 2] }),
      ]),
    ).rejects.toThrow(/repeats returned \[2\] more than once for topic "a\/b"/);
  });

  it('deduplicates an implementation that may repeat ids (qlobber)', async () => {
    const summary = await crossCheck('dedupe', Object.keys(truth), fixed('naive', truth), [
      fixed('qlobber-like', { ...truth, 'a/b': [2, 1, 2] }, true),
    ]);
    expect(summary.matches).toBe(3);
  });

  it('fails when the sample matches nothing, since agreeing on nothing proves nothing', async () => {
    const nothing = { 'x/y': [] };
    await expect(
      crossCheck('empty', ['x/y'], fixed('naive', nothing), [fixed('other', nothing)]),
    ).rejects.toThrow(/no topic of the sample \(1\) matched anything/);
    await expect(
      crossCheck('no topics', [], fixed('naive', nothing), [fixed('other', nothing)]),
    ).rejects.toThrow(/the sample has no topics/);
  });
});

describe('crossCheck on the real contenders', () => {
  const workload = mqttWorkload(500, 7);
  const built = (index: TopicIndex): TopicIndex => {
    for (const subscription of workload.subscriptions) index.add(subscription);
    return index;
  };

  it('passes for sigx, the naive scan and qlobber on the MQTT workload', async () => {
    const summary = await crossCheck('real', workload.sample, built(new NaiveScan()), [
      built(new SigxIndex('sigx', 0)),
      built(new SigxIndex('sigx memo', undefined)),
      built(new QlobberIndex()),
    ]);
    expect(summary.topicsWithMatches).toBeGreaterThan(50);
  });

  it('fails for a naive scan that forgets to anchor its regexes at index 0', async () => {
    // The injected bug: `RegExp#test` without the sticky flag matches anywhere in the topic.
    class UnanchoredScan extends NaiveScan {
      readonly #regexes: [RegExp, number][] = [];
      override add(subscription: Subscription): void {
        this.#regexes.push([new RegExp(subscription.pattern), subscription.id]);
      }
      override match(topic: string): readonly number[] {
        return this.#regexes.filter(([regex]) => regex.test(topic)).map(([, id]) => id);
      }
    }
    const sample = [...workload.sample, 'x/t0/d0/temp', 'x/t1/d3/hum'];
    await expect(
      crossCheck('unanchored', sample, built(new NaiveScan()), [
        built(new SigxIndex('sigx', 0)),
        built(new UnanchoredScan('unanchored')),
      ]),
    ).rejects.toThrow(CrossCheckError);
  });

  it('fails for a wrong wildcard translation (`a/#` as `a/.*`, missing the parent level)', async () => {
    const wrong: Subscription[] = workload.subscriptions.map((subscription) =>
      subscription.filter?.endsWith('/#') === true
        ? { ...subscription, pattern: `${subscription.filter.slice(0, -2)}/.*` }
        : subscription,
    );
    const sigx = new SigxIndex('sigx (wrong #)', 0);
    for (const subscription of wrong) sigx.add(subscription);
    await expect(
      crossCheck('wrong #', workload.sample, built(new QlobberIndex()), [sigx]),
    ).rejects.toMatchObject({
      name: 'CrossCheckError',
      implementation: 'sigx (wrong #)',
    });
  });
});
