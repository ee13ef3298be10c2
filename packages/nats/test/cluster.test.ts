// A 3-server NATS cluster on loopback (startNatsCluster, a full mesh): bridges connected to
// different servers see each other's messages, a queue group spans the whole cluster (each
// message to one member among every exchange, whichever server it is connected to), and a
// server that crashes (SIGKILL) mid-stream takes nothing down but what NATS core loses by
// design: messages in flight to its own clients. Its clients reconnect to the other servers
// (the client learns them from the cluster) and rejoin the group.
// Exchanges here are in one process, each with its own bridge and connection, as separate
// processes would be.
import { Message, SignalExchange } from '@sigx/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectNats,
  NatsConnectionError,
  type NatsBridge,
  type NatsBridgeOptions,
} from '../src/index.js';
import { startNatsCluster, type NatsCluster, type NatsServer } from '../src/testing.js';

let cluster: NatsCluster | undefined;
const bridges: NatsBridge[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
  await cluster?.stop('SIGKILL');
  cluster = undefined;
});

/** A bridged exchange with a plain subscription and, unless `member` is false, a group member. */
interface Node {
  readonly name: string;
  readonly exchange: SignalExchange;
  readonly bridge: NatsBridge;
  /** What its subscription without a group took, in arrival order. */
  readonly plain: number[];
  /** What its member of `workers` took, in arrival order. */
  readonly member: number[];
  /** What its bridge reported. */
  readonly errors: Error[];
  /** The probes it received (see {@link interestEverywhere}). */
  readonly probes: Set<string>;
}

async function node(
  name: string,
  server: NatsServer,
  { member = true, options = {} }: { member?: boolean; options?: NatsBridgeOptions } = {},
): Promise<Node> {
  const exchange = new SignalExchange();
  const errors: Error[] = [];
  const bridge = await connectNats(exchange, {
    // Only this server: the client learns the others from it (its INFO's connect_urls).
    servers: server.url,
    nodeId: name,
    natsOptions: { reconnectTimeWait: 100 },
    onError: (error) => void errors.push(error),
    ...options,
  });
  bridges.push(bridge);
  const plain: number[] = [];
  const taken: number[] = [];
  const probes = new Set<string>();
  exchange.subscribe({
    topicPattern: 'jobs/.*',
    handler: (_id, _publisher, m) => void plain.push(m.value as number),
  });
  if (member) {
    exchange.subscribe({
      topicPattern: 'jobs/.*',
      group: 'workers',
      handler: (_id, _publisher, m) => void taken.push(m.value as number),
    });
  }
  // After the others, in a later turn, so that NATS has it after them (see probed).
  await bridge.flush();
  exchange.subscribe({
    topicPattern: 'probe/.*',
    handler: (_id, _publisher, m) => void probes.add(m.topic),
  });
  await bridge.flush();
  return { name, exchange, bridge, plain, member: taken, errors, probes };
}

let probeCount = 0;
/**
 * Publishes a probe from `from` every few milliseconds until every node has received one.
 * A bridge's `flush()` only tells that its own server has its subscriptions; the other
 * servers learn of them a moment later, over the routes. Each server forwards its clients'
 * subscriptions over a route in order (and a client that reconnects subscribes again in
 * order), so once `from`'s server delivers a probe to a node, it knows every subscription that
 * node made before its probe subscription. Then, since NATS keeps the order of one
 * publisher's messages to each subscriber, once every node has the probe it has been handed
 * every job published before it too.
 */
async function probed(from: Node, nodes: readonly Node[]): Promise<void> {
  probeCount += 1;
  const topic = `probe/${probeCount}`;
  const deadline = Date.now() + 10_000;
  while (!nodes.every((n) => n.probes.has(topic))) {
    if (Date.now() > deadline) {
      const missing = nodes.filter((n) => !n.probes.has(topic)).map((n) => n.name);
      throw new Error(`${topic} did not reach ${missing.join(', ')} within 10 s`);
    }
    await from.exchange.publish({ message: new Message({ topic, value: null }) });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setImmediate(resolve)); // the handlers of the last deliveries
}

async function publishJob(from: Node, n: number): Promise<void> {
  await from.exchange.publish({ message: new Message({ topic: `jobs/${n}`, value: n }) });
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);

/** How many members took each job. */
function takers(members: readonly Node[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const m of members) for (const n of m.member) counts.set(n, (counts.get(n) ?? 0) + 1);
  return counts;
}

async function monitor(server: NatsServer, path: string): Promise<unknown> {
  const response = await fetch(`${server.monitorUrl!}${path}`);
  expect(response.ok).toBe(true);
  return response.json();
}

/** The names of the client connections on `server`. */
async function clientNames(server: NatsServer): Promise<string[]> {
  const connz = (await monitor(server, '/connz')) as { connections?: { name?: string }[] };
  return (connz.connections ?? []).map((c) => c.name ?? '');
}

/** How many routes `server` has now. */
async function routeCount(server: NatsServer): Promise<number> {
  const routez = (await monitor(server, '/routez')) as { routes?: unknown[] | null };
  return (routez.routes ?? []).length;
}

const JOBS = 60;

describe('bridges on a 3-server NATS cluster', () => {
  it('deliver across servers, and share a queue group among every exchange of the cluster', async () => {
    cluster = await startNatsCluster({ size: 3 });
    const [serverA, serverB, serverC] = cluster.servers as [NatsServer, NatsServer, NatsServer];
    // The publisher on A holds a member too; a worker on each server; a subscriber on C.
    const publisher = await node('publisher', serverA);
    const workers = [
      await node('worker-a', serverA),
      await node('worker-b', serverB),
      await node('worker-c', serverC),
    ];
    const subscriber = await node('subscriber', serverC, { member: false });
    const everyone = [publisher, ...workers, subscriber];
    const members = [publisher, ...workers];
    await probed(publisher, everyone);
    expect(workers[1]!.bridge.stats()).toMatchObject({
      subjects: ['sigx.jobs.>', 'sigx.probe.>'],
      queueSubjects: ['workers sigx.jobs.>'],
    });

    for (const n of range(0, JOBS)) await publishJob(publisher, n);
    await probed(publisher, everyone);

    // Every subscription without a group, on every server: every job once, in order.
    for (const n of everyone) expect(n.plain, n.name).toEqual(range(0, JOBS));
    // The group: one member per job in the whole cluster, several members taking some.
    const counts = takers(members);
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual(range(0, JOBS));
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(members.filter((m) => m.member.length > 0).length).toBeGreaterThan(1);
    // With the bridge attached, the publisher's local publish skips its member: it takes only
    // its share, through NATS.
    expect(publisher.member.length).toBeLessThan(JOBS);
    for (const n of everyone) {
      expect(n.errors, n.name).toEqual([]);
      expect(n.bridge.stats().duplicates, n.name).toBe(0);
    }
  });

  it(
    'a server killed mid-stream: the others keep delivering, its clients move over and rejoin the group',
    { timeout: 30_000 },
    async () => {
      cluster = await startNatsCluster({ size: 3 });
      const [serverA, serverB, serverC] = cluster.servers as [NatsServer, NatsServer, NatsServer];
      const publisher = await node('publisher', serverA);
      const [workerA, workerB, workerC] = [
        await node('worker-a', serverA),
        await node('worker-b', serverB),
        await node('worker-c', serverC),
      ];
      const subscriber = await node('subscriber', serverC, { member: false });
      const everyone = [publisher, workerA, workerB, workerC, subscriber];
      const members = [publisher, workerA, workerB, workerC];
      await probed(publisher, everyone);

      // 1. Everything up.
      let next = 0;
      while (next < JOBS) await publishJob(publisher, next++);
      await probed(publisher, everyone);
      const beforeKill = next;

      // 2. B crashes while A keeps publishing, a job every 5 ms. "Gone" is once A has no
      // route to B any more: from then on A cannot hand anything to B's clients.
      let firstAfterGone: number | undefined;
      const gone = (async () => {
        await serverB.stop('SIGKILL');
        while ((await routeCount(serverA)) !== 1) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        firstAfterGone = next;
      })();
      // Until B is gone, worker-b is back, and at least 30 jobs went out without B.
      const deadline = Date.now() + 15_000;
      while (
        firstAfterGone === undefined ||
        next < firstAfterGone + 30 ||
        !workerB.bridge.stats().connected
      ) {
        if (Date.now() > deadline) throw new Error('worker-b did not reconnect within 15 s');
        await publishJob(publisher, next++);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await gone;
      // worker-b's bridge is back, on A or C, and its subscriptions are known cluster-wide.
      await probed(publisher, everyone);
      const afterRejoin = next;

      // 3. Two servers now: publish more, then wait until everyone has it all.
      while (next < afterRejoin + JOBS) await publishJob(publisher, next++);
      await probed(publisher, everyone);
      const total = next;

      // Subscriptions without a group on A and C: never disconnected, and A's route to C is
      // untouched, so every job arrives, once, in order, also while B was going away.
      for (const n of [publisher, workerA, workerC, subscriber]) {
        expect(n.plain, n.name).toEqual(range(0, total));
      }
      // worker-b's own: NATS core is at most once, so what was published between the crash
      // and its resubscription on another server is lost; the rest arrives, once, in order.
      const atB = workerB.plain;
      expect(atB.slice(0, beforeKill)).toEqual(range(0, beforeKill));
      expect(atB.slice(-(total - afterRejoin))).toEqual(range(afterRejoin, total));
      expect(atB.every((n, i) => i === 0 || n > atB[i - 1]!)).toBe(true);

      // The group. What is asserted:
      // - no job is ever taken twice, by any member anywhere;
      // - every job published before the crash, and every one published after A lost its
      //   route to B, is taken exactly once: the group delivers throughout, by the members on
      //   A and C while worker-b is away;
      // - the only jobs nobody took were published between the crash and A's noticing it: A
      //   had chosen worker-b's queue subscription on B for them, and they died with B
      //   (NATS core is at most once);
      // - worker-b rejoined the group: it takes some of the jobs published after it is back.
      const counts = takers(members);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      const lost = range(0, total).filter((n) => !counts.has(n));
      expect(
        lost.every((n) => n >= beforeKill && n < firstAfterGone!),
        `lost: ${lost}`,
      ).toBe(true);
      expect(range(afterRejoin, total).some((n) => workerB.member.includes(n))).toBe(true);

      // worker-b's client moved to A or C, with the cluster's URLs it had learnt; its bridge
      // reported the loss once, and did not take the move for a slow-consumer cut-off.
      const onA = await clientNames(serverA);
      const onC = await clientNames(serverC);
      expect([...onA, ...onC].filter((name) => name === 'sigx:worker-b')).toHaveLength(1);
      expect(workerB.errors.map((e) => e instanceof NatsConnectionError && e.reason)).toEqual([
        'lost',
      ]);
      expect(workerB.bridge.stats()).toMatchObject({
        connected: true,
        slowConsumer: 0,
        duplicates: 0,
      });
      for (const n of [publisher, workerA, workerC, subscriber]) {
        expect(n.errors, n.name).toEqual([]);
        expect(n.bridge.stats()).toMatchObject({ slowConsumer: 0, duplicates: 0 });
      }
    },
  );
});
