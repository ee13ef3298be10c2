// The durable mode of connectNats on a real nats-server with JetStream, each test on its own
// server and temporary store: a subscriber process killed mid-stream and started again, the
// server killed and started again, duplicates dropped by message id, replay for a process that
// was down, retained messages kept one per subject, limits passed through, bad options, a
// server without JetStream, acknowledgement after the handlers, and close() with messages
// still held.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { defaultCodec, encodeRecord } from '@sigx/bridge';
import { Message, SignalExchange } from '@sigx/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  connectNats,
  NatsConnectionError,
  type DurableOptions,
  type NatsBridge,
  type NatsBridgeOptions,
} from '../src/index.js';
import { startNatsServer, type NatsServer, type NatsServerOptions } from '../src/testing.js';
import { rejectionOf, waitFor } from './support/bridges.js';
import { startFixture as startProcess, type FixtureProcess } from './support/processes.js';

// What each test started, stopped after it (last started first) whatever happened.
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A nats-server (with JetStream in a fresh temporary store unless told), killed after the test. */
async function natsServer(options: NatsServerOptions = { jetstream: true }): Promise<NatsServer> {
  const server = await startNatsServer(options);
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

/** A plain client and its JetStream manager, closed after the test. */
async function manager(server: NatsServer): Promise<{ nc: NatsConnection; jsm: JetStreamManager }> {
  const nc = await connect({ servers: server.url });
  cleanups.push(() => nc.close());
  return { nc, jsm: await jetstreamManager(nc) };
}

/** A temporary directory, removed after the test. */
function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigx-nats-durable-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `from`, `from + 1`, … up to `to - 1`. */
function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

// --- In-process bridges -------------------------------------------------------------------------

interface Bridged {
  readonly exchange: SignalExchange;
  readonly bridge: NatsBridge;
  /** What `onError` got. */
  readonly errors: Error[];
  /** `[topic, value]` of each message the `topics` subscription got, in order. */
  readonly got: [string, unknown][];
}

/**
 * A new exchange subscribed to `topics` (before it is bridged, so that nothing the consumer
 * delivers at start misses the subscription), bridged in durable mode; closed after the test.
 */
async function bridged(
  server: NatsServer,
  nodeId: string,
  durable: DurableOptions,
  options: Omit<NatsBridgeOptions, 'servers' | 'nodeId' | 'durable' | 'onError'> & {
    readonly topics?: string;
    readonly handler?: (topic: string, value: unknown) => void | Promise<void>;
  } = {},
): Promise<Bridged> {
  const { topics = '.*', handler, ...rest } = options;
  const exchange = new SignalExchange();
  const errors: Error[] = [];
  const got: [string, unknown][] = [];
  exchange.subscribe({
    topicPattern: topics,
    handler: (_id, _publisher, message) => {
      got.push([message.topic, message.value]);
      return handler?.(message.topic, message.value);
    },
  });
  const bridge = await connectNats(exchange, {
    servers: server.url,
    nodeId,
    durable,
    natsOptions: { reconnectTimeWait: 100 },
    onError: (error) => void errors.push(error),
    ...rest,
  });
  cleanups.push(() => bridge.close());
  return { exchange, bridge, errors, got };
}

// --- Child processes ----------------------------------------------------------------------------

/** Runs `test/fixtures/<name>` (see support/processes.ts); killed after the test. */
function startFixture(name: string, args: readonly string[]): FixtureProcess {
  const fixture = startProcess(name, args);
  cleanups.push(async () => {
    fixture.kill();
    await fixture.exited;
  });
  return fixture;
}

/** The `i`s a durable-subscriber fixture wrote to `file`, in order. */
function deliveries(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Number(line.split(' ')[1]));
}

/** Whether a durable consumer has nothing left to deliver and nothing unacknowledged. */
async function drained(jsm: JetStreamManager, stream: string, consumer: string): Promise<boolean> {
  const info = await jsm.consumers.info(stream, consumer);
  return info.num_pending === 0 && info.num_ack_pending === 0 && info.num_redelivered === 0;
}

// --- The tests ------------------------------------------------------------------------------------

describe('durable mode', () => {
  it(
    'a subscriber killed mid-stream and started again loses nothing, in order within each run',
    { timeout: 60_000 },
    async () => {
      const COUNT = 400;
      const server = await natsServer();
      const { jsm } = await manager(server);
      const dir = temporaryDirectory();
      const [firstFile, secondFile] = [join(dir, 'first.txt'), join(dir, 'second.txt')];
      // ackWaitMs 4 s, longer than a restart: JetStream would send what the first run was handed
      // again only behind newer messages. 8 ms per message, a little slower than the publisher,
      // so that the first run holds a backlog when it is killed.
      const subscriber = (file: string): FixtureProcess =>
        startFixture('durable-subscriber.ts', [server.url, 'LOAD', 'reader', file, '4000', '8']);
      const first = subscriber(firstFile);
      expect(await first.nextLine()).toBe('ready');
      const publisher = startFixture('durable-publisher.ts', [
        server.url,
        'LOAD',
        'pub',
        String(COUNT),
        '5',
      ]);
      expect(await publisher.nextLine()).toBe('ready');
      publisher.send('go');

      await waitFor(
        () => deliveries(firstFile).length >= COUNT * 0.35,
        () =>
          `the first run to get ${COUNT * 0.35} messages (it has ${deliveries(firstFile).length})`,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      const handed = (await jsm.consumers.info('LOAD', 'reader')).num_ack_pending;
      const second = subscriber(secondFile);
      expect(await second.nextLine()).toBe('ready');
      const published = JSON.parse(await publisher.nextLine()) as {
        stats: { sent: number; dropped: number };
        errors: string[];
      };
      expect(published.stats).toMatchObject({ sent: COUNT, dropped: 0 });
      expect(published.errors).toEqual([]);
      await waitFor(
        async () =>
          new Set([...deliveries(firstFile), ...deliveries(secondFile)]).size === COUNT &&
          (await drained(jsm, 'LOAD', 'reader')),
        () => {
          const seen = new Set([...deliveries(firstFile), ...deliveries(secondFile)]);
          const missing = range(0, COUNT).filter((i) => !seen.has(i));
          return `every message in one run or the other, acknowledged (missing: ${missing.join(' ')})`;
        },
      );
      second.send('close');
      const report = JSON.parse(await second.nextLine()) as { errors: string[] };
      expect(report.errors).toEqual([]);

      const firstRun = deliveries(firstFile);
      const secondRun = deliveries(secondFile);
      // Each run: every message once, in publish order, with no gap.
      expect(firstRun).toEqual(range(0, firstRun.length));
      expect(secondRun).toEqual(range(secondRun[0]!, COUNT));
      // The second run starts at most where the first stopped (none lost in between); what it
      // had again was handled by the first run but not acknowledged when it was killed.
      expect(secondRun[0]).toBeLessThanOrEqual(firstRun.length);
      expect(firstRun.length - secondRun[0]!).toBeLessThanOrEqual(handed);
      // The first run was killed with messages it was handed but had not handled.
      expect(handed).toBeGreaterThan(firstRun.length - secondRun[0]!);
    },
  );

  it(
    'the server killed and started again on the same store: nothing lost, nothing twice',
    { timeout: 60_000 },
    async () => {
      const COUNT = 800;
      const server = await natsServer();
      const sub = await bridged(
        server,
        'sub',
        { stream: 'LOAD', consumer: 'reader', ackWaitMs: 1_000 },
        { topics: 'load/.*' },
      );
      const pub = await bridged(server, 'pub', { stream: 'LOAD' }, { topics: 'none' });
      let maxBuffered = 0;
      const sampler = setInterval(() => {
        maxBuffered = Math.max(maxBuffered, pub.bridge.stats().buffered);
      }, 5);
      cleanups.push(() => clearInterval(sampler));
      for (let i = 0; i < COUNT; i += 1) {
        if (i === 300) await server.stop('SIGKILL');
        if (i === 450) await server.start();
        await pub.exchange.publish('load/pub', { i });
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await pub.bridge.flush(); // every publish acknowledged by JetStream
      expect(pub.bridge.stats()).toMatchObject({
        connected: true,
        sent: COUNT,
        buffered: 0,
        dropped: 0,
      });
      // The outage showed: publishes waited for JetStream meanwhile.
      expect(maxBuffered).toBeGreaterThan(0);

      const values = (): number[] => sub.got.map(([, value]) => (value as { i: number }).i);
      const { jsm } = await manager(server);
      await waitFor(
        async () => values().length >= COUNT && (await drained(jsm, 'LOAD', 'reader')),
        () => `every message at the subscriber (it has ${values().length})`,
      );
      // Every message once, in publish order: the stream keeps it so (resends in order, copies
      // dropped by message id), and redeliveries were dropped by the gate.
      expect(values()).toEqual(range(0, COUNT));
      expect(sub.bridge.stats()).toMatchObject({ connected: true, received: COUNT, dropped: 0 });
      const info = await jsm.streams.info('LOAD');
      expect(info.state.messages).toBe(COUNT);
      for (const error of [...pub.errors, ...sub.errors]) {
        expect(error).toBeInstanceOf(NatsConnectionError);
        expect(['lost', 'durable']).toContain((error as NatsConnectionError).reason);
      }
      expect(pub.errors.some((error) => (error as NatsConnectionError).reason === 'lost')).toBe(
        true,
      );
    },
  );

  it('stores a record published twice once (message id), and delivers a redelivery once', async () => {
    const server = await natsServer();
    const { nc, jsm } = await manager(server);
    const calls: string[] = [];
    // ackWaitMs 300 and a first message that takes 1 s: JetStream sends it again meanwhile.
    const sub = await bridged(
      server,
      'sub',
      { stream: 'DUP', consumer: 'sub', ackWaitMs: 300 },
      {
        topics: 'dup/.*',
        handler: async (topic) => {
          calls.push(topic);
          if (topic === 'dup/slow') await new Promise((resolve) => setTimeout(resolve, 1_000));
        },
      },
    );
    const pub = await bridged(server, 'pub', { stream: 'DUP' }, { topics: 'none' });

    await pub.exchange.publish('dup/slow', 1);
    await pub.bridge.flush();
    await waitFor(
      async () =>
        sub.bridge.stats().durable!.redelivered >= 1 && (await drained(jsm, 'DUP', 'sub')),
      () => `a redelivery, then everything acknowledged (${JSON.stringify(sub.bridge.stats())})`,
    );
    expect(calls).toEqual(['dup/slow']);
    expect(sub.bridge.stats().duplicates).toBeGreaterThanOrEqual(1);

    // The same record with the same message id, as a resend would: stored once.
    await pub.exchange.publish('dup/x', 2);
    await pub.bridge.flush();
    const stored = (await jsm.streams.getMessage('DUP', { last_by_subj: 'sigx.dup.x' }))!;
    const msgID = stored.header.get('Nats-Msg-Id');
    expect(msgID).not.toBe('');
    const ack = await jetstream(nc).publish('sigx.dup.x', stored.data, { msgID });
    expect(ack.duplicate).toBe(true);
    expect((await jsm.streams.info('DUP')).state.messages).toBe(2);
    // The same record under another id is stored twice, and the gate delivers it once.
    await jetstream(nc).publish('sigx.dup.x', stored.data, { msgID: `${msgID}-other` });
    expect((await jsm.streams.info('DUP')).state.messages).toBe(3);
    await pub.exchange.publish('dup/marker', 3);
    await waitFor(
      () => calls.includes('dup/marker'),
      () => `the marker (calls: ${calls.join(', ')})`,
    );
    expect(calls).toEqual(['dup/slow', 'dup/x', 'dup/marker']);
    expect(sub.errors).toEqual([]);
  });

  it('delivers a record JetStream stored after newer ones of its sender (a retried publish) once', async () => {
    const server = await natsServer();
    const { nc } = await manager(server);
    const sub = await bridged(
      server,
      'sub',
      { stream: 'LATE', consumer: 'sub' },
      { topics: 'late/.*' },
    );
    // A sender whose publish of 3 went unanswered and was sent again after 4 was stored.
    const js = jetstream(nc);
    const sender = { node: 'retrier', run: 'retrier-run', seq: 0 };
    for (const seq of [1, 2, 4, 3, 3, 2]) {
      const message = new Message({ topic: `late/${seq}`, value: seq });
      const payload = encodeRecord(
        defaultCodec,
        'NATS',
        message,
        { ...sender, seq },
        false,
        undefined,
      );
      // Another message id each time, so that JetStream stores every copy.
      await js.publish(`sigx.late.${seq}`, payload, { msgID: `retrier-${seq}-${Math.random()}` });
    }
    await waitFor(
      () => sub.bridge.stats().durable!.acked === 6,
      () => `all six handled (${JSON.stringify(sub.bridge.stats())})`,
    );
    expect(sub.got.map(([, value]) => value)).toEqual([1, 2, 4, 3]);
    expect(sub.bridge.stats()).toMatchObject({ received: 4, duplicates: 2 });
    expect(sub.errors).toEqual([]);
  });

  it('replays to a consumer that was away exactly what it missed; new consumers per startAt', async () => {
    const server = await natsServer();
    const { jsm } = await manager(server);
    const a = await bridged(server, 'a', { stream: 'NEWS' }, { topics: 'none' });
    const publish = async (...values: string[]): Promise<void> => {
      for (const value of values) await a.exchange.publish('news/flash', value);
      await a.bridge.flush();
    };
    const gotValues = (b: Bridged): unknown[] => b.got.map(([, value]) => value);
    await publish('before-0', 'before-1');

    const b = await bridged(server, 'b1', { stream: 'NEWS', consumer: 'b' }, { topics: 'news/.*' });
    await publish('during-0');
    await waitFor(
      () => gotValues(b).length === 1,
      () => `during-0 at b (${String(gotValues(b))})`,
    );
    await b.bridge.close();
    await publish(...range(0, 5).map((i) => `away-${i}`));

    const back = await bridged(
      server,
      'b2',
      { stream: 'NEWS', consumer: 'b' },
      { topics: 'news/.*' },
    );
    await waitFor(
      () => gotValues(back).length >= 5,
      () => `what b missed (${String(gotValues(back))})`,
    );
    await publish('marker-1');
    await waitFor(
      () => gotValues(back).includes('marker-1'),
      () => `marker-1 at b (${String(gotValues(back))})`,
    );
    expect(gotValues(b)).toEqual(['during-0']);
    expect(gotValues(back)).toEqual([...range(0, 5).map((i) => `away-${i}`), 'marker-1']);

    const fresh = await bridged(
      server,
      'c',
      { stream: 'NEWS', consumer: 'c', startAt: 'new' },
      { topics: 'news/.*' },
    );
    await publish('marker-2');
    await waitFor(
      () => gotValues(fresh).length >= 1,
      () => `marker-2 at c (${String(gotValues(fresh))})`,
    );
    expect(gotValues(fresh)).toEqual(['marker-2']);

    const all = await bridged(
      server,
      'd',
      { stream: 'NEWS', consumer: 'd', startAt: 'all' },
      { topics: 'news/.*' },
    );
    const held = (await jsm.streams.info('NEWS')).state.messages;
    expect(held).toBe(10);
    await waitFor(
      () => gotValues(all).length >= held,
      () => `the stream at d (${String(gotValues(all))})`,
    );
    expect(gotValues(all)).toEqual([
      'before-0',
      'before-1',
      'during-0',
      ...range(0, 5).map((i) => `away-${i}`),
      'marker-1',
      'marker-2',
    ]);
    for (const bridge of [a, b, back, fresh, all]) expect(bridge.errors).toEqual([]);
  });

  it('keeps the last retained message per topic and delivers those, retained, at start', async () => {
    const server = await natsServer();
    const { jsm } = await manager(server);
    const a = await bridged(server, 'a', { stream: 'STATE' }, { topics: 'none' });
    for (const [topic, value] of [
      ['state/a', 1],
      ['state/b', 10],
      ['state/a', 2],
      ['state/b', 20],
      ['state/a', 3],
    ] as const) {
      await a.exchange.publish(topic, value, { retain: true });
    }
    await a.exchange.publish('state/c', 99); // not retained
    await a.bridge.flush();
    const retainedRecords = await jsm.streams.info('STATE_RETAINED', { subjects_filter: '>' });
    expect(retainedRecords.state.messages).toBe(2);
    expect(retainedRecords.state.subjects).toEqual({
      'sigx_retained.state.a': 1,
      'sigx_retained.state.b': 1,
    });

    const later = await bridged(server, 'later', { stream: 'STATE' }, { topics: 'state/.*' });
    const asPairs = (exchange: SignalExchange): [string, unknown][] =>
      exchange.retained().map((message) => [message.topic, message.value]);
    // Exactly the last of each topic, in the order the publishing exchange retained them.
    expect(asPairs(later.exchange)).toEqual([
      ['state/b', 20],
      ['state/a', 3],
    ]);
    expect(asPairs(later.exchange)).toEqual(asPairs(a.exchange));
    expect(later.got).toEqual([
      ['state/b', 20],
      ['state/a', 3],
    ]);
    expect(later.bridge.stats().durable!.retainedReplayed).toBe(2);
    const replayed: [string, unknown][] = [];
    later.exchange.subscribe({
      topicPattern: 'state/.*',
      replay: 'retained',
      handler: (_id, _publisher, message) => void replayed.push([message.topic, message.value]),
    });
    expect(replayed).toEqual([
      ['state/b', 20],
      ['state/a', 3],
    ]);
    expect(later.errors).toEqual([]);
  });

  it('passes the limits to the stream, and not the count, size and age ones to the retained stream', async () => {
    const server = await natsServer();
    const { jsm } = await manager(server);
    const limits = {
      maxMessages: 5,
      maxAgeMs: 60_000,
      maxBytes: 1_000_000,
      maxMessageSize: 10_000,
      duplicateWindowMs: 30_000,
      storage: 'memory',
    } as const;
    const a = await bridged(server, 'a', { stream: 'LIM', limits }, { topics: 'none' });
    const { config } = await jsm.streams.info('LIM');
    expect(config).toMatchObject({
      subjects: ['sigx.>'],
      max_msgs: 5,
      max_age: nanos(60_000),
      max_bytes: 1_000_000,
      max_msg_size: 10_000,
      duplicate_window: nanos(30_000),
      storage: 'memory',
      num_replicas: 1,
    });
    const retainedConfig = (await jsm.streams.info('LIM_RETAINED')).config;
    expect(retainedConfig).toMatchObject({
      subjects: ['sigx_retained.>'],
      max_msgs_per_subject: 1,
      max_msgs: -1,
      max_bytes: -1,
      max_age: 0,
      max_msg_size: 10_000,
      duplicate_window: nanos(30_000),
      storage: 'memory',
    });

    for (let i = 0; i < 7; i += 1) await a.exchange.publish(`lim/${i}`, i, { retain: true });
    for (let i = 7; i < 10; i += 1) await a.exchange.publish(`lim/${i}`, i);
    await a.bridge.flush();
    const { state } = await jsm.streams.info('LIM');
    expect(state.messages).toBe(5);
    expect(state.first_seq).toBe(6);
    // Seven topics' retained messages, though the stream holds five messages.
    const later = await bridged(server, 'later', { stream: 'LIM', limits }, { topics: 'none' });
    expect(later.exchange.retained().map((message) => message.value)).toEqual(range(0, 7));
  });

  it('rejects bad durable options with a TypeError or RangeError naming the option', async () => {
    const server = await natsServer({ monitor: true });
    const cases: [NatsBridgeOptions, ErrorConstructor, string][] = [
      [{ durable: { stream: 'a.b' } }, TypeError, 'durable.stream'],
      [{ durable: { stream: 'S', consumer: 'a b' } }, TypeError, 'durable.consumer'],
      [
        { durable: { stream: 'S' }, nodeId: 'node.1' },
        TypeError,
        'durable.consumer (by default the nodeId)',
      ],
      [{ durable: { stream: 'S', startAt: 'x' as 'new' } }, TypeError, 'durable.startAt'],
      [{ durable: { stream: 'S', ackWaitMs: 0 } }, RangeError, 'durable.ackWaitMs'],
      [
        { durable: { stream: 'S', retained: 1 as unknown as boolean } },
        TypeError,
        'durable.retained',
      ],
      [
        { durable: { stream: 'S', limits: { maxMessages: -1 } } },
        RangeError,
        'durable.limits.maxMessages',
      ],
      [
        { durable: { stream: 'S', limits: { maxAgeMs: 1.5 } } },
        RangeError,
        'durable.limits.maxAgeMs',
      ],
      [
        { durable: { stream: 'S', limits: { storage: 'disk' as 'file' } } },
        TypeError,
        'durable.limits.storage',
      ],
      [
        { durable: { stream: 'S', limits: { maxAgeMs: 1_000, duplicateWindowMs: 2_000 } } },
        RangeError,
        'durable.limits.duplicateWindowMs',
      ],
      [{ durable: 'S' as unknown as DurableOptions }, TypeError, 'durable must be an object'],
    ];
    for (const [options, kind, name] of cases) {
      const error = await rejectionOf(
        connectNats(new SignalExchange(), { servers: server.url, ...options }),
      );
      expect(error, name).toBeInstanceOf(kind);
      expect((error as Error).message, name).toContain(name);
    }
    // Refused before connecting.
    const connz = (await (await fetch(`${server.monitorUrl!}/connz`)).json()) as {
      total: number;
    };
    expect(connz.total).toBe(0);
  });

  it('rejects with NatsConnectionError (durable) when the server has no JetStream, leaving no connection', async () => {
    const server = await natsServer({ monitor: true });
    const error = await rejectionOf(
      connectNats(new SignalExchange(), { servers: server.url, durable: { stream: 'S' } }),
    );
    expect(error).toBeInstanceOf(NatsConnectionError);
    expect((error as NatsConnectionError).reason).toBe('durable');
    expect((error as Error).message).toMatch(/JetStream/);
    expect((error as Error).message).toMatch(/not enabled/i);
    const connections = async (): Promise<number> =>
      ((await (await fetch(`${server.monitorUrl!}/connz`)).json()) as { num_connections: number })
        .num_connections;
    await waitFor(
      async () => (await connections()) === 0,
      () => 'the bridge connection to close',
    );
  });

  it('drops publishes past maxBuffered waiting for JetStream, reporting once and then the total', async () => {
    const server = await natsServer();
    const errors: Error[] = [];
    const exchange = new SignalExchange();
    const bridge = await connectNats(exchange, {
      servers: server.url,
      nodeId: 'burst',
      maxBuffered: 5,
      durable: { stream: 'BURST' },
      onError: (error) => errors.push(error),
    });
    cleanups.push(() => bridge.close());
    const { Message } = await import('@sigx/core');
    // Not awaited one by one: 50 publishes are handed over before JetStream acknowledges any.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        exchange.publish({ message: new Message({ topic: `burst/${i}`, value: i }) }),
      ),
    );
    await bridge.flush();
    const { sent, dropped } = bridge.stats();
    expect(dropped).toBe(45);
    expect(sent).toBe(5);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /5 publishes are waiting for JetStream's acknowledgement \(maxBuffered\): the message on topic "burst\/5"/,
      ),
      expect.stringMatching(/45 message\(s\) published while 5 were waiting were dropped/),
    ]);
    expect(errors.every((e) => e instanceof NatsConnectionError)).toBe(true);
  });

  it('acknowledges a message only once its handlers ran', async () => {
    const server = await natsServer();
    const { jsm } = await manager(server);
    const pendingDuringHandler: number[] = [];
    const sub = await bridged(
      server,
      'sub',
      { stream: 'ACK', consumer: 'sub' },
      {
        topics: 'ack/.*',
        handler: async () => {
          pendingDuringHandler.push((await jsm.consumers.info('ACK', 'sub')).num_ack_pending);
          await new Promise((resolve) => setTimeout(resolve, 200));
          pendingDuringHandler.push((await jsm.consumers.info('ACK', 'sub')).num_ack_pending);
        },
      },
    );
    const pub = await bridged(server, 'pub', { stream: 'ACK' }, { topics: 'none' });
    await pub.exchange.publish('ack/one', 1);
    await pub.bridge.flush();
    await waitFor(
      async () => sub.got.length === 1 && (await drained(jsm, 'ACK', 'sub')),
      () => `the message handled and acknowledged (${JSON.stringify(sub.bridge.stats())})`,
    );
    // Unacknowledged at the start of the handler and after its 200 ms; acknowledged after.
    expect(pendingDuringHandler).toEqual([1, 1]);
    const info = await jsm.consumers.info('ACK', 'sub');
    expect(info.ack_floor.stream_seq).toBe(1);
    expect(sub.bridge.stats().durable!.acked).toBe(1);
  });

  it('close() with messages still held delivers no more, and the next reader gets them at once', async () => {
    const server = await natsServer();
    const { jsm } = await manager(server);
    let entered!: () => void;
    const firstEntered = new Promise<void>((resolve) => (entered = resolve));
    // ackWaitMs 30 s: the next reader gets them well before JetStream would send them again.
    const durable = { stream: 'HELD', consumer: 'sub', ackWaitMs: 30_000 };
    const sub = await bridged(server, 'sub1', durable, {
      topics: 'held/.*',
      handler: async () => {
        entered();
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
    });
    const pub = await bridged(server, 'pub', { stream: 'HELD' }, { topics: 'none' });
    for (let i = 0; i < 20; i += 1) await pub.exchange.publish('held/n', i);
    await pub.bridge.flush();
    await firstEntered;
    await sub.bridge.close();
    // The one being handled was handled (and acknowledged); nothing more was taken.
    expect(sub.got).toEqual([['held/n', 0]]);
    expect((await jsm.consumers.info('HELD', 'sub')).ack_floor.stream_seq).toBe(1);

    const next = await bridged(server, 'sub2', durable, { topics: 'held/.*' });
    await waitFor(
      () => next.got.length >= 19,
      () => `the rest at the next reader (${next.got.length})`,
      10_000,
    );
    // Then a marker: nothing came twice before it (what was in transit when the first reader
    // stopped, JetStream sends again after ackWaitMs; the gate drops it then).
    await pub.exchange.publish('held/marker', 'end');
    await waitFor(
      () => next.got.some(([topic]) => topic === 'held/marker'),
      () => `the marker at the next reader (${next.got.length})`,
    );
    expect(next.got.map(([, value]) => value)).toEqual([...range(1, 20), 'end']);
    expect([...sub.errors, ...next.errors]).toEqual([]);
  });
});
