// docs/delivery-semantics.md, "Publish rules", rules 1-5 at scale: thousands of subscriptions with
// varied patterns (literal, alternation, classes, look-ahead, back-references, RegExp flags),
// publisher names, filters and shared handlers, with subscription churn between rounds. For every
// topic the handler calls (which handler, with which subscription id, in which order) and the
// PublishResult equal a naive computation straight from those rules; so does hasSubscribers.
import { describe, expect, it } from 'vitest';
import { type Handler, Message, SignalExchange, type TopicPattern } from '../src/index.js';
import { naiveTester } from './support/helpers.js';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEGMENTS = ['parent', 'child', 'chipmunk', 'a', 'ab', 'b', 'device-42', 'temp', 'x1', 'p'];

interface Planned {
  readonly id: string;
  readonly pattern: TopicPattern;
  readonly publisherName: string | undefined;
  readonly filterModulo: number | undefined;
  readonly handlerIndex: number;
  /** The naive matcher for `pattern`: a sticky copy, tested from index 0. */
  readonly naive: (topic: string) => boolean;
}

function makeWorld(seed: number) {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const path = (depth: number): string =>
    Array.from({ length: depth }, () => pick(SEGMENTS)).join('/');

  const topics = new Set<string>(['', 'parent/child', 'parent/chipmunk']);
  while (topics.size < 160) topics.add(path(1 + Math.floor(random() * 3)));

  const patternMakers: (() => TopicPattern)[] = [
    () => path(1 + Math.floor(random() * 2)),
    () => `${path(1)}/.*`,
    () => `${path(2)}$`,
    () => `${path(1)}|${path(1)}`,
    () => `(?:${pick(SEGMENTS)}|${pick(SEGMENTS)})/${pick(SEGMENTS)}`,
    () => `[a-p]+/${pick(SEGMENTS)}`,
    () => '\\w+/\\w+$',
    () => '.*child',
    () => `(?=${pick(SEGMENTS).slice(0, 1)})${pick(SEGMENTS)}`,
    () => '(a)\\1?b',
    () => 'd\\w*-\\d+/',
    () => 'a?b',
    () => `${pick(SEGMENTS)}?/?${pick(SEGMENTS)}`,
    () => '',
    () => new RegExp(path(1).toUpperCase(), 'i'),
    () => new RegExp(`${pick(SEGMENTS)}`, 'g'),
    () => new RegExp(`^${pick(SEGMENTS)}/`, 'm'),
    () => new RegExp('\\p{Ll}+/\\p{Ll}', 'u'),
    () => `${pick(SEGMENTS)}[^/]*$`,
  ];

  let next = 0;
  const plan = (): Planned => {
    const roll = random();
    const pattern = pick(patternMakers)();
    return {
      id: `sub-${next++}`,
      pattern,
      naive: naiveTester(pattern),
      publisherName: roll < 0.1 ? 'p1' : roll < 0.2 ? 'p2' : undefined,
      filterModulo: random() < 0.2 ? 2 + Math.floor(random() * 3) : undefined,
      handlerIndex: Math.floor(random() * 700),
    };
  };
  return { random, topics: [...topics], plan };
}

function runScenario(seed: number, cacheSize: number | undefined) {
  const { random, topics, plan } = makeWorld(seed);
  const exchange = new SignalExchange(cacheSize === undefined ? {} : { cacheSize });
  const calls: string[] = [];
  const handlers: Handler[] = Array.from({ length: 700 }, (_, index) => (subscriptionId) => {
    calls.push(`h${index}@${subscriptionId}`);
  });
  let live: Planned[] = [];

  const add = (planned: Planned): void => {
    exchange.subscribe({
      topicPattern: planned.pattern,
      handler: handlers[planned.handlerIndex]!,
      subscriptionId: planned.id,
      ...(planned.publisherName === undefined ? {} : { publisherName: planned.publisherName }),
      ...(planned.filterModulo === undefined
        ? {}
        : {
            filter: (_id: string, _publisher: unknown, m: Message) =>
              (m.value as number) % planned.filterModulo! !== 0,
          }),
    });
    live.push(planned);
  };

  const naive = (m: Message) => {
    const expectedCalls: string[] = [];
    const seen = new Set<number>();
    let matched = 0;
    for (const planned of live) {
      if (!planned.naive(m.topic)) continue;
      if (planned.publisherName !== undefined && planned.publisherName !== m.publisherName)
        continue;
      if (planned.filterModulo !== undefined && (m.value as number) % planned.filterModulo === 0)
        continue;
      matched += 1;
      if (seen.has(planned.handlerIndex)) continue;
      seen.add(planned.handlerIndex);
      expectedCalls.push(`h${planned.handlerIndex}@${planned.id}`);
    }
    return {
      calls: expectedCalls,
      result: { matched, delivered: expectedCalls.length, failed: 0 },
    };
  };

  const naiveHasSubscribers = (topic: string, publisherName?: string | null) =>
    live.some(
      (planned) =>
        planned.naive(topic) &&
        (publisherName === undefined ||
          planned.publisherName === undefined ||
          planned.publisherName === publisherName),
    );

  const round = async (label: string) => {
    const mismatches: unknown[] = [];
    let deliveries = 0;
    for (const [index, topic] of topics.entries()) {
      const m = new Message({ publisherName: pick3(random), topic, value: index });
      calls.length = 0;
      const result = await exchange.publish({ message: m });
      const expected = naive(m);
      deliveries += calls.length;
      const actual = { calls: [...calls], result };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push({ label, topic, publisherName: m.publisherName, actual, expected });
      }
      for (const publisherName of [undefined, null, 'p1', 'p2', 'p3'] as const) {
        const answer = exchange.hasSubscribers(topic, publisherName);
        if (answer !== naiveHasSubscribers(topic, publisherName)) {
          mismatches.push({ label, topic, hasSubscribers: answer, publisherName });
        }
      }
    }
    // Shows the first few differences in full.
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(mismatches).toHaveLength(0);
    expect(exchange.size).toBe(live.length);
    return deliveries;
  };

  return {
    exchange,
    plan,
    add,
    round,
    random,
    get live() {
      return live;
    },
    set live(value) {
      live = value;
    },
  };
}

function pick3(random: () => number): string | null {
  const roll = random();
  return roll < 0.3 ? 'p1' : roll < 0.5 ? 'p2' : roll < 0.6 ? 'p3' : null;
}

describe('thousands of subscriptions', () => {
  for (const [seed, cacheSize] of [
    [2, 0],
    [3, 16],
    [1, undefined],
  ] as const) {
    it(`deliver exactly what a naive scan computes (seed ${seed}, cacheSize ${String(cacheSize)})`, async () => {
      const world = runScenario(seed, cacheSize);
      for (let i = 0; i < 3000; i += 1) world.add(world.plan());
      const firstDeliveries = await world.round('initial');
      // The scenario must actually exercise delivery.
      expect(firstDeliveries).toBeGreaterThan(1000);

      // Churn: remove about a third (and a few unknown ids), add new ones, publish again.
      const kept: Planned[] = [];
      for (const planned of world.live) {
        if (world.random() < 0.33) {
          expect(world.exchange.unsubscribe(planned.id)).toBe(true);
        } else {
          kept.push(planned);
        }
      }
      expect(world.exchange.unsubscribe('sub-unknown')).toBe(false);
      world.live = kept;
      for (let i = 0; i < 1000; i += 1) world.add(world.plan());
      await world.round('after churn');

      // Re-use removed ids: a re-subscription goes to the end of the order.
      world.exchange.unsubscribe(world.live[0]!.id);
      const again = { ...world.live[0]!, handlerIndex: 699 };
      world.live = world.live.slice(1);
      world.add(again);
      await world.round('after re-subscribe');
      // The naive reference scans every subscription for every topic: slow by design, and
      // slower still when CI runs the other checks beside it on two cores.
    }, 60_000);
  }
});
