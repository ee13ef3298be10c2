// Queue groups across processes (docs/delivery-semantics.md, "Queue groups" and "Groups shared
// among processes"): a subscription with `group` becomes a NATS queue subscription, so each
// message reaches one member of the group among every bridged exchange, not one per exchange.
// While the bridge is attached, a local publish reaches only the subscriptions without a
// group: the group's taker is chosen by NATS, among the bridges, the publisher's own included.
// Exchanges here are in one process, each with its own bridge and connection, as separate
// processes would be.
import { Message, type SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { RemotePublisher, type NatsBridge } from '../src/index.js';
import { useNatsBridges, useNatsServer, waitFor } from './support/bridges.js';

const server = useNatsServer();
const bridged = useNatsBridges(server);

interface Member {
  readonly subscriptionId: string;
  readonly values: number[];
  readonly publishers: unknown[];
}

/** Subscribes a member of `group` to `jobs/.*`; it records the values it takes. */
function member(exchange: SignalExchange, group = 'workers'): Member {
  const values: number[] = [];
  const publishers: unknown[] = [];
  const subscriptionId = exchange.subscribe({
    topicPattern: 'jobs/.*',
    group,
    handler: (_id, publisher, m) => {
      values.push(m.value as number);
      publishers.push(publisher);
    },
  });
  return { subscriptionId, values, publishers };
}

/** A subscription without a group to `jobs/.*`; it records the values it takes. */
function plain(exchange: SignalExchange): number[] {
  const values: number[] = [];
  exchange.subscribe({
    topicPattern: 'jobs/.*',
    handler: (_id, _publisher, m) => void values.push(m.value as number),
  });
  return values;
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);
const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const all = (members: readonly Member[]): number[] => members.flatMap((m) => m.values);

/** Publishes jobs `from` … `to - 1` on `jobs/<n>`, one after the other. */
async function publishJobs(exchange: SignalExchange, from: number, to: number): Promise<void> {
  for (const n of range(from, to)) {
    await exchange.publish({ message: new Message({ topic: `jobs/${n}`, value: n }) });
  }
}

/**
 * Bridged exchanges that also follow `marker/.*`, without a group, so that a test can tell
 * when everything published before a marker has arrived: NATS keeps the order of one
 * publisher's messages to each subscriber, across subjects.
 */
async function markedNodes(
  ...nodeIds: string[]
): Promise<{ exchange: SignalExchange; bridge: NatsBridge; markers: string[] }[]> {
  return Promise.all(
    nodeIds.map(async (nodeId) => {
      const node = await bridged(nodeId);
      const markers: string[] = [];
      node.exchange.subscribe({
        topicPattern: 'marker/.*',
        handler: (_id, _publisher, m) => void markers.push(m.topic),
      });
      return { ...node, markers };
    }),
  );
}

let markerCount = 0;
/**
 * Publishes a marker from `from` and waits until every node has it: by then each has been
 * handed (and its handlers called for) every job published from `from` before.
 */
async function drained(
  from: SignalExchange,
  nodes: readonly { bridge: NatsBridge; markers: string[] }[],
): Promise<void> {
  await Promise.all(nodes.map((node) => node.bridge.flush()));
  markerCount += 1;
  const topic = `marker/${markerCount}`;
  await from.publish({ message: new Message({ topic, value: null }) });
  await waitFor(() => nodes.every((node) => node.markers.includes(topic)), `${topic} everywhere`);
  await new Promise((resolve) => setImmediate(resolve)); // the handlers of the last deliveries
}

const JOBS = 60;

type Node = Awaited<ReturnType<typeof markedNodes>>[number];

describe('queue groups across exchanges (one nats-server)', () => {
  it('hands each message to one member of the group among every exchange, spread over them', async () => {
    const nodes = await markedNodes('node-a', 'node-b', 'node-c', 'node-d');
    const [a, b] = nodes as [Node, Node];
    // The publisher's exchange holds a member too; B holds two.
    const [atA, ...others] = [a, b, ...nodes.slice(1)].map((node) => member(node.exchange)) as [
      Member,
      ...Member[],
    ];
    const members = [atA, ...others];
    await Promise.all(nodes.map((node) => node.bridge.flush()));
    expect(b.bridge.stats()).toMatchObject({
      subjects: ['sigx.marker.>'],
      queueSubjects: ['workers sigx.jobs.>'],
    });

    const results = [];
    for (const n of range(0, JOBS)) {
      results.push(
        await a.exchange.publish({ message: new Message({ topic: `jobs/${n}`, value: n }) }),
      );
    }
    await drained(a.exchange, nodes);

    // Exactly one member per message among all the exchanges.
    expect(sorted(all(members))).toEqual(range(0, JOBS));
    // Spread: NATS picks one queue subscription (one per bridge) at random for each message.
    expect(members.filter((m) => m.values.length > 0).length).toBeGreaterThan(1);
    // The local publish reached no member (`matched` counts the local subscriptions reached):
    // the publisher's own member took only its share, through NATS like the others, so its
    // `publisher` is a RemotePublisher naming its own node.
    expect(results.every((r) => r.matched === 0 && r.delivered === 0)).toBe(true);
    expect(atA.values.length).toBeLessThan(JOBS);
    expect(atA.publishers.every((p) => p instanceof RemotePublisher && p.nodeId === 'node-a')).toBe(
      true,
    );
    // B's two members share, in turn, what B's bridge takes.
    const [firstAtB, secondAtB] = [members[1]!, members[2]!];
    expect(Math.abs(firstAtB.values.length - secondAtB.values.length)).toBeLessThanOrEqual(1);
    expect(b.bridge.stats()).toMatchObject({
      received: firstAtB.values.length + secondAtB.values.length + 1, // + the marker
      duplicates: 0,
    });
    // A's own jobs came back to it only through the queue subscription, as its share: no
    // echo to drop (its marker came back on its plain subscription, and was dropped).
    expect(a.bridge.stats()).toMatchObject({
      sent: JOBS + 1,
      received: atA.values.length,
      echoes: 1,
      duplicates: 0,
    });
  });

  it('hands each message once to each of two groups, and to every subscription without a group', async () => {
    const nodes = await markedNodes('node-a', 'node-b', 'node-c', 'node-d');
    const [a, ...receivers] = nodes as [Node, ...Node[]];
    const workers = receivers.map((node) => member(node.exchange, 'workers'));
    const auditors = receivers.slice(1).map((node) => member(node.exchange, 'auditors'));
    const everything = receivers.map((node) => plain(node.exchange));
    await Promise.all(nodes.map((node) => node.bridge.flush()));
    expect(receivers[1]!.bridge.stats()).toMatchObject({
      subjects: ['sigx.jobs.>', 'sigx.marker.>'],
      queueSubjects: ['auditors sigx.jobs.>', 'workers sigx.jobs.>'],
    });

    await publishJobs(a.exchange, 0, JOBS);
    await drained(a.exchange, nodes);

    expect(sorted(all(workers))).toEqual(range(0, JOBS));
    expect(sorted(all(auditors))).toEqual(range(0, JOBS));
    // In publish order: one publisher, one connection.
    for (const values of everything) expect(values).toEqual(range(0, JOBS));
    for (const node of receivers) expect(node.bridge.stats().duplicates).toBe(0);
  });

  it('moves the messages of a member that leaves to the members left', async () => {
    const nodes = await markedNodes('node-a', 'node-b', 'node-c', 'node-d');
    const [a, b, c, d] = nodes as [Node, Node, Node, Node];
    const [atB, atC, alsoAtC, atD] = [b, c, c, d].map((node) => member(node.exchange)) as [
      Member,
      Member,
      Member,
      Member,
    ];
    await Promise.all(nodes.map((node) => node.bridge.flush()));
    await publishJobs(a.exchange, 0, JOBS);
    await drained(a.exchange, nodes);
    expect(sorted(all([atB, atC, alsoAtC, atD]))).toEqual(range(0, JOBS));

    // One of C's two members leaves: C keeps its queue subscription, the other one takes C's
    // share. Then D's only member leaves: D's bridge leaves the group in NATS.
    c.exchange.unsubscribe(atC.subscriptionId);
    d.exchange.unsubscribe(atD.subscriptionId);
    await Promise.all([c.bridge.flush(), d.bridge.flush()]);
    expect(c.bridge.stats().queueSubjects).toEqual(['workers sigx.jobs.>']);
    expect(d.bridge.stats().queueSubjects).toEqual([]);
    const before = [atB, atC, alsoAtC, atD].map((m) => m.values.length);

    await publishJobs(a.exchange, JOBS, 2 * JOBS);
    await drained(a.exchange, nodes);
    const [fromB, fromC, fromAlsoC, fromD] = [atB, atC, alsoAtC, atD].map((m, i) =>
      m.values.slice(before[i]),
    ) as [number[], number[], number[], number[]];
    expect(fromC).toEqual([]);
    expect(fromD).toEqual([]);
    expect(sorted([...fromB, ...fromAlsoC])).toEqual(range(JOBS, 2 * JOBS));
    expect(fromB.length).toBeGreaterThan(0);
    expect(fromAlsoC.length).toBeGreaterThan(0);
    // Nothing of the second batch reached D's bridge: it no longer subscribes to jobs.
    expect(d.bridge.stats().received).toBe(before[3]! + 2); // + the two markers
  });

  it('hands a process with a member and a plain subscription its share only, plainly every message', async () => {
    const nodes = await markedNodes('node-a', 'node-b', 'node-c');
    const [a, b, c] = nodes as [Node, Node, Node];
    const atB = member(b.exchange);
    const everythingAtB = plain(b.exchange);
    const atC = member(c.exchange);
    await b.bridge.flush();
    expect(b.bridge.stats()).toMatchObject({
      subjects: ['sigx.jobs.>', 'sigx.marker.>'],
      queueSubjects: ['workers sigx.jobs.>'],
    });
    await Promise.all(nodes.map((node) => node.bridge.flush()));

    await publishJobs(a.exchange, 0, JOBS);
    await drained(a.exchange, nodes);

    // B receives every job twice from NATS, once on each subscription: the plain copy goes to
    // the plain subscription only, the queue copy (when B's turn) to the member only.
    expect(everythingAtB).toEqual(range(0, JOBS));
    expect(sorted(all([atB, atC]))).toEqual(range(0, JOBS));
    expect(atB.values.length).toBeLessThan(JOBS);
    expect(atB.values.length).toBeGreaterThan(0);
    expect(b.bridge.stats()).toMatchObject({
      received: JOBS + atB.values.length + 1,
      duplicates: 0,
    });
  });

  it('the publishing process, with a member and a plain subscription, gets its share only', async () => {
    const nodes = await markedNodes('node-a', 'node-b');
    const [a, b] = nodes as [Node, Node];
    const atA = member(a.exchange);
    const everythingAtA = plain(a.exchange);
    const atB = member(b.exchange);
    await Promise.all(nodes.map((node) => node.bridge.flush()));

    await publishJobs(a.exchange, 0, JOBS);
    await drained(a.exchange, nodes);

    // The plain subscription locally, at once; the group through NATS.
    expect(everythingAtA).toEqual(range(0, JOBS));
    expect(sorted(all([atA, atB]))).toEqual(range(0, JOBS));
    expect(atA.values.length).toBeGreaterThan(0);
    expect(atB.values.length).toBeGreaterThan(0);
    expect(a.bridge.stats()).toMatchObject({
      echoes: JOBS + 1, // the plain copies of its own jobs (and its marker), dropped
      received: atA.values.length,
      duplicates: 0,
    });
  });

  it('members leaving mid-stream: nothing twice, and the members left take what follows', async () => {
    const nodes = await markedNodes('node-a', 'node-b', 'node-c');
    const [a, b, c] = nodes as [Node, Node, Node];
    const [firstAtB, secondAtB, atC] = [b, b, c].map((node) => member(node.exchange)) as [
      Member,
      Member,
      Member,
    ];
    const members = [firstAtB, secondAtB, atC];
    await Promise.all(nodes.map((node) => node.bridge.flush()));

    // Jobs go out one after the other, without waiting for them to be taken.
    let next = 0;
    const publishUntil = async (end: number): Promise<void> => {
      for (; next < end; next += 1) {
        await a.exchange.publish({ message: new Message({ topic: `jobs/${next}`, value: next }) });
      }
    };

    // 1. One of B's two members leaves while jobs flow: B keeps its queue subscription, the
    // other member takes B's share, nothing is lost.
    let publishing = publishUntil(2 * JOBS);
    await waitFor(() => all(members).length >= 5, 'the first jobs taken');
    b.exchange.unsubscribe(firstAtB.subscriptionId);
    await publishing;
    await drained(a.exchange, nodes);
    const afterFirst = next;
    expect(sorted(all(members))).toEqual(range(0, afterFirst));

    // 2. B's last member leaves while jobs flow: B's bridge leaves the group in NATS. What is
    // asserted: no job is ever taken twice, and every job published once B's unsubscription
    // has reached the server (its flush) goes to C. What NATS had already handed B's queue
    // subscription when B's last member left is lost (NATS core is at most once; B's
    // exchange has no member left to give it to): those can only be jobs published before.
    publishing = publishUntil(afterFirst + 2 * JOBS);
    await waitFor(() => all(members).length >= afterFirst + 5, 'jobs flowing again');
    b.exchange.unsubscribe(secondAtB.subscriptionId);
    await publishing;
    await b.bridge.flush();
    const firstAfterLeaving = next;
    await publishUntil(firstAfterLeaving + JOBS);
    await drained(a.exchange, nodes);
    expect(b.bridge.stats().queueSubjects).toEqual([]);
    const counts = new Map<number, number>();
    for (const n of all(members)) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    const lost = range(0, next).filter((n) => !counts.has(n));
    expect(
      lost.every((n) => n >= afterFirst && n < firstAfterLeaving),
      `lost ${lost.join()} (first after leaving: ${firstAfterLeaving})`,
    ).toBe(true);
    expect(atC.values).toEqual(expect.arrayContaining(range(firstAfterLeaving, next)));
    // What was lost is what B's bridge received for the group and no member took.
    expect(b.bridge.stats().unclaimed).toBe(lost.length);
  });
});

// docs/delivery-semantics.md, "One call per handler function": the same function subscribed
// several times is called once per message. With the NATS bridge, a message reaches an exchange
// with a member and a plain subscription twice from NATS (its plain subscription and, when NATS
// picks this process, its queue subscription), delivered with `group: null` and with
// `group: 'workers'`; the group copy does not call again a function the plain copy called.
describe('one call per handler function, with a group across exchanges', () => {
  it('calls a function that is both a group member and a plain subscription once per message', async () => {
    const nodes = await markedNodes('node-a', 'node-b', 'node-c');
    const [a, b, c] = nodes as [Node, Node, Node];
    const calls: string[] = [];
    const handler = (_id: string, _publisher: unknown, m: Message): void =>
      void calls.push(m.messageId);
    b.exchange.subscribe({ topicPattern: 'jobs/.*', handler });
    b.exchange.subscribe({ topicPattern: 'jobs/.*', group: 'workers', handler });
    const atC = member(c.exchange);
    await Promise.all(nodes.map((node) => node.bridge.flush()));

    await publishJobs(a.exchange, 0, JOBS);
    await drained(a.exchange, nodes);

    // B took some of the group's jobs (so its function was the chosen member's too)...
    expect(atC.values.length).toBeLessThan(JOBS);
    // ...and yet its function is called once per message, as in one exchange.
    expect(calls).toHaveLength(JOBS);
    expect(new Set(calls).size).toBe(JOBS);
  });
});
