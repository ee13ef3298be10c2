import {
  BufferOverflowError,
  checkCommonOptions,
  decodeRecord,
  encodeRecord,
  Interest,
  newRunId,
  PayloadReports,
  RecordGate,
  RecordMac,
  RemotePublisher,
  UnencodableMessageError,
  type BridgedExchange,
  type Codec,
} from '@sigx/bridge';
import type { Message, SignalExchange, SubscriptionInfo, TopicMap } from '@sigx/core';
import {
  connect,
  errors,
  type NatsConnection,
  type Status,
  type Subscription,
} from '@nats-io/transport-node';
import {
  checkDurableOptions,
  DurableLink,
  PUBLISH_WINDOW,
  type CheckedDurableOptions,
} from './durable-link.js';
import { NatsConnectionError, SubscriptionRefusedError } from './errors.js';
import { minimalCover, subjectsOf } from './subject-interest.js';
import { checkSubjectPrefix, escapeLevel, subjectToTopic, topicToSubject } from './subjects.js';
import type { NatsBridge, NatsBridgeOptions, NatsBridgeStats } from './types.js';

/** Default of the `maxBuffered` option. */
export const DEFAULT_MAX_BUFFERED = 10_000;
/** Separates the MACs of this format from any other use of the same key. */
const MAC_DOMAIN = 'sigx-nats-mac-v1';
/** A gate for queue-group copies: no record has an empty run id, so nothing is an echo. */
const NO_ECHO_RUN = '';

/**
 * Bridges an exchange to NATS: every message published on it is also published on NATS, on
 * subject `<subjectPrefix>.<topic levels>`, and every message another bridge publishes there
 * on a topic the exchange's subscriptions can match is delivered into it, once. NATS routes by
 * subject, so the bridge subscribes only to the narrowest subjects that cover its
 * subscriptions' patterns (`orders/eu/.*` → `sigx.orders.eu.>`, `mqtt('a/+/c')` →
 * `sigx.a.*.c`), and keeps them up to date as subscriptions come and go.
 *
 * Queue groups span the cluster: a subscription with `group` becomes a NATS queue
 * subscription, so each message reaches one member of the group among every bridged process,
 * not one per process. With `durable`, delivery is at least once through JetStream, with
 * replay for a process that was down ({@link DurableOptions}); without it, at most once, as
 * NATS core gives it. Retained messages cross as with `@sigx/redis` (and, durable, are kept).
 *
 * @typeParam T - the exchange's topic map: typed exchanges are bridged like untyped ones.
 * @param exchange - the exchange to bridge.
 * @param options - see {@link NatsBridgeOptions}.
 * @returns a promise of the bridge, once connected and once NATS has processed the
 * subscriptions of the exchange's current subscriptions (durable: once its stream and consumer
 * are there and the retained messages delivered).
 * @throws (rejects) `TypeError` or `RangeError` for bad options, before connecting.
 * @throws (rejects) {@link NatsConnectionError} when the first connection fails (or, durable,
 * JetStream is not there).
 * @throws (rejects) {@link SubscriptionRefusedError} when NATS refuses a subject of the
 * exchange's current subscriptions.
 *
 * @example
 * ```ts
 * import { Message, SignalExchange } from '@sigx/core';
 * import { connectNats } from '@sigx/nats';
 *
 * const exchange = new SignalExchange();
 * const bridge = await connectNats(exchange, { servers: 'nats://127.0.0.1:4222' });
 * exchange.subscribe({ topicPattern: 'orders/.*', handler: (id, publisher, message) => {} });
 * await exchange.publish({ message: new Message({ publisherName: 'api', topic: 'orders/42', value: 1 }) });
 * await bridge.close();
 * ```
 */
export async function connectNats<T extends TopicMap>(
  exchange: SignalExchange<T>,
  options: NatsBridgeOptions = {},
): Promise<NatsBridge> {
  const checked = checkOptions(exchange, options);
  let nc: NatsConnection;
  try {
    nc = await connect({
      maxReconnectAttempts: -1,
      name: `sigx:${checked.nodeId}`,
      ...checked.natsOptions,
      servers: checked.servers,
      noEcho: false,
    });
  } catch (error) {
    throw new NatsConnectionError(
      'connect',
      `could not connect to ${checked.servers.join(', ')} (${String(error)})`,
      { cause: error },
    );
  }
  const bridge = new Bridge(exchange, checked, nc);
  await bridge.start();
  return bridge;
}

interface CheckedOptions {
  readonly servers: string[];
  readonly natsOptions: NonNullable<NatsBridgeOptions['natsOptions']>;
  readonly subjectPrefix: string;
  readonly codec: Codec;
  readonly nodeId: string;
  readonly maxBuffered: number;
  readonly maxPayload: number;
  readonly mac: RecordMac | undefined;
  readonly durable: CheckedDurableOptions | undefined;
  readonly report: (error: Error) => void;
}

function checkOptions(exchange: BridgedExchange, options: NatsBridgeOptions): CheckedOptions {
  const { codec, nodeId, key, report } = checkCommonOptions('connectNats', exchange, options);
  const {
    servers = 'nats://127.0.0.1:4222',
    natsOptions = {},
    subjectPrefix = 'sigx',
    maxBuffered = DEFAULT_MAX_BUFFERED,
    maxPayload = Number.POSITIVE_INFINITY,
    durable,
  } = options;
  const list = typeof servers === 'string' ? [servers] : servers;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((s) => typeof s !== 'string' || s === '')
  ) {
    throw new TypeError('servers must be a server URL or a non-empty array of them');
  }
  if (typeof natsOptions !== 'object' || natsOptions === null) {
    throw new TypeError('natsOptions must be an object');
  }
  checkSubjectPrefix(subjectPrefix);
  if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 0) {
    throw new RangeError(`maxBuffered must be an integer >= 0, got ${String(maxBuffered)}`);
  }
  if (
    maxPayload !== Number.POSITIVE_INFINITY &&
    (!Number.isSafeInteger(maxPayload) || maxPayload < 1)
  ) {
    throw new RangeError(`maxPayload must be an integer >= 1, got ${String(maxPayload)}`);
  }
  return {
    servers: [...list],
    natsOptions,
    subjectPrefix,
    codec,
    nodeId,
    maxBuffered,
    maxPayload,
    mac: key === undefined ? undefined : new RecordMac(key, MAC_DOMAIN),
    durable:
      durable === undefined ? undefined : checkDurableOptions(durable, nodeId, subjectPrefix),
    report,
  };
}

/** Where a message came in: a plain subscription, a group's queue subscription, the stream. */
type Via = { readonly group: string | null };

class Bridge implements NatsBridge {
  readonly nodeId: string;
  readonly subjectPrefix: string;
  readonly #exchange: BridgedExchange;
  readonly #nc: NatsConnection;
  readonly #codec: Codec;
  readonly #mac: RecordMac | undefined;
  readonly #report: (error: Error) => void;
  readonly #maxBuffered: number;
  readonly #maxPayload: number;
  readonly #run = newRunId();
  #seq = 0;
  readonly #gate: RecordGate;
  /** Per group: its own gate, since NATS hands this process only some of a sender's messages. */
  readonly #groupGates = new Map<string, RecordGate>();
  readonly #payloads: PayloadReports;
  readonly #interest: Interest;
  /** Per group name: the subjects its members here can match. */
  readonly #groupInterest = new Map<string, Interest>();
  readonly #subjectsOf: (pattern: SubscriptionInfo['topicPattern']) => readonly string[];
  /** `subject` or `group\0subject` → the NATS subscription. */
  readonly #subscriptions = new Map<string, Subscription>();
  /** Refused by the server: not asked for again while wanted. */
  readonly #refused = new Set<string>();
  #startRefusals: { subjects: string[]; cause: unknown } | undefined;
  #reconcileScheduled = false;
  readonly #durable: DurableLink | undefined;
  readonly #counts = {
    sent: 0,
    received: 0,
    dropped: 0,
    echoes: 0,
    duplicates: 0,
    slowConsumer: 0,
    unclaimed: 0,
  };
  #connected = true;
  // flush() calls waiting for the connection to come back.
  readonly #whenConnected: (() => void)[] = [];
  /**
   * Published while disconnected, in order, sent on reconnection: the client itself drops what
   * is published while it has no connection.
   */
  readonly #held: { readonly subject: string; readonly payload: Uint8Array }[] = [];
  #outageDropped = 0;
  #outageFirstTopic = '';
  /**
   * The id of the server process connected to (a restarted server has a new one), noted when
   * connected: the client forgets it as soon as the connection is lost.
   */
  #serverId: string | undefined;
  #stopObserving: () => void = () => {};
  #closing: Promise<void> | undefined;

  constructor(exchange: BridgedExchange, options: CheckedOptions, nc: NatsConnection) {
    this.nodeId = options.nodeId;
    this.subjectPrefix = options.subjectPrefix;
    this.#exchange = exchange;
    this.#nc = nc;
    this.#codec = options.codec;
    this.#mac = options.mac;
    this.#report = options.report;
    this.#maxBuffered = options.maxBuffered;
    this.#maxPayload = Math.min(options.maxPayload, nc.info?.max_payload ?? Infinity);
    this.#serverId = nc.info?.server_id;
    this.#payloads = new PayloadReports('NATS subject', options.report);
    this.#subjectsOf = subjectsOf(options.subjectPrefix);
    this.#interest = new Interest(this.#subjectsOf);
    // JetStream may store a retried publish after newer ones of its sender: let it in, once.
    this.#gate = new RecordGate(
      this.#run,
      options.durable === undefined ? {} : { lateWindow: PUBLISH_WINDOW },
    );
    this.#durable =
      options.durable === undefined
        ? undefined
        : new DurableLink(nc, options.durable, {
            // A redelivery is told apart by the gate: its sender and sequence were seen.
            receive: (subject, data) => this.#receive(subject, data, { group: null }),
            report: options.report,
            maxPending: options.maxBuffered,
          });
    void this.#watchStatus();
  }

  async start(): Promise<void> {
    try {
      await this.#durable?.start();
    } catch (error) {
      await this.#nc.close().catch(() => {});
      throw new NatsConnectionError('durable', `JetStream is not usable: ${String(error)}`, {
        cause: error,
      });
    }
    this.#startRefusals = { subjects: [], cause: undefined };
    this.#stopObserving = this.#exchange.observe({
      routesGroups: true,
      onPublish: (message, _publisher, details) =>
        this.#forward(message, details.retain, details.traceparent),
      onSubscribe: (info) => this.#subscribed(info),
      onUnsubscribe: (info) => this.#unsubscribed(info),
    });
    await this.flush();
    await this.#durable?.replayRetained((subject, data) =>
      this.#receive(subject, data, { group: null }, true),
    );
    const { subjects, cause } = this.#startRefusals;
    this.#startRefusals = undefined;
    if (subjects.length > 0) {
      await this.close();
      throw new SubscriptionRefusedError(subjects, { cause });
    }
  }

  stats(): NatsBridgeStats {
    const plain: string[] = [];
    const queued: string[] = [];
    for (const key of this.#subscriptions.keys()) {
      const at = key.indexOf('\0');
      if (at === -1) plain.push(key);
      else queued.push(`${key.slice(0, at)} ${key.slice(at + 1)}`);
    }
    return {
      nodeId: this.nodeId,
      connected: this.#connected && !this.#nc.isClosed(),
      ...this.#counts,
      buffered: this.#durable?.pending ?? this.#held.length,
      dropped: this.#counts.dropped + (this.#durable?.dropped ?? 0),
      sent: this.#durable?.acknowledged ?? this.#counts.sent,
      malformed: this.#payloads.malformed,
      unauthenticated: this.#payloads.unauthenticated,
      peers: this.#gate.peers,
      subjects: plain.sort(),
      queueSubjects: queued.sort(),
      ...(this.#durable === undefined ? {} : { durable: this.#durable.stats() }),
    };
  }

  async flush(): Promise<void> {
    if (this.#closing !== undefined) return;
    if (!this.#connected && !this.#nc.isClosed()) {
      // What is held goes out once the connection is back.
      await new Promise<void>((resolve) => this.#whenConnected.push(resolve));
    }
    // Let this turn's subscription changes go out first.
    await Promise.resolve();
    if (this.#reconcileScheduled) await new Promise<void>((resolve) => queueMicrotask(resolve));
    await this.#durable?.settled();
    if (this.#closing !== undefined || this.#nc.isClosed()) return;
    await this.#nc.flush().catch(() => undefined);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#wakeWhenConnected();
    this.#stopObserving();
    await this.#durable?.close();
    this.#payloads.flush();
    const stranded = this.#held.splice(0).length;
    if (stranded > 0) {
      this.#counts.dropped += stranded;
      this.#report(
        new NatsConnectionError(
          'lost',
          `was not connected at close(): ${stranded} held message(s) were dropped`,
        ),
      );
    }
    if (!this.#nc.isClosed()) {
      // Hands what was published to the server (when it is there), then closes.
      if (this.#connected) await this.#nc.flush().catch(() => undefined);
      await this.#nc.close().catch(() => undefined);
    }
  }

  // --- Connection ------------------------------------------------------------------------------

  async #watchStatus(): Promise<void> {
    for await (const status of this.#nc.status()) this.#onStatus(status);
    this.#wakeWhenConnected(); // the connection is closed: it will not come back
  }

  /** Resolves what waits for the connection (flush() while disconnected). */
  #wakeWhenConnected(): void {
    for (const resolve of this.#whenConnected.splice(0)) resolve();
  }

  #onStatus(status: Status): void {
    if (this.#closing !== undefined) return;
    switch (status.type) {
      case 'disconnect':
        if (!this.#connected) return;
        this.#connected = false;
        this.#report(
          new NatsConnectionError(
            'lost',
            `the connection to ${status.server} was lost; reconnecting (to any server of the cluster)`,
          ),
        );
        return;
      case 'reconnect': {
        this.#connected = true;
        const lostFrom = this.#serverId;
        this.#serverId = this.#nc.info?.server_id;
        if (lostFrom !== undefined && this.#serverId === lostFrom) {
          // Back on the very server process it was lost from: that server stayed up and cut
          // this client off, most likely for falling behind (its max_pending, write_deadline).
          this.#counts.slowConsumer += 1;
          this.#report(
            new NatsConnectionError(
              'slow-consumer',
              `${status.server} closed the connection while it stayed up (the client is back on the same server process): it most likely cut this client off as a slow consumer (it read what it subscribes to slower than it came, past the server's max_pending; a blocked event loop, a burst). What was sent to it meanwhile is lost${this.#durable === undefined ? '' : ', and JetStream sends it again'}`,
            ),
          );
        }
        if (this.#outageDropped > 0) {
          this.#report(
            new BufferOverflowError(
              'NATS',
              this.#maxBuffered,
              this.#outageDropped,
              this.#outageFirstTopic,
              true,
            ),
          );
          this.#outageDropped = 0;
        }
        for (const { subject, payload } of this.#held.splice(0)) this.#publish(subject, payload);
        this.#wakeWhenConnected();
        return;
      }
      case 'slowConsumer':
        this.#counts.slowConsumer += 1;
        this.#report(
          new NatsConnectionError(
            'slow-consumer',
            `the subscription to ${status.sub.getSubject()} has ${status.pending} messages pending: this process reads slower than they come`,
          ),
        );
        return;
      case 'error':
        this.#onServerError(status.error);
        return;
      default:
        return;
    }
  }

  #onServerError(error: Error): void {
    if (error instanceof errors.PermissionViolationError && error.operation === 'subscription') {
      const key =
        error.queue === undefined
          ? error.subject
          : `${unescapeQueue(error.queue)}\0${error.subject}`;
      this.#refuse([key], error);
      return;
    }
    this.#report(new NatsConnectionError('server-error', error.message, { cause: error }));
  }

  // --- Outgoing ------------------------------------------------------------------------------

  /** The `onPublish` observer: encodes now (a failure refuses the publish), then sends. */
  #forward(message: Message, retain: boolean, traceparent: string | undefined): void {
    const seq = this.#seq + 1;
    const sender = { node: this.nodeId, run: this.#run, seq };
    const encoded = encodeRecord(this.#codec, 'NATS', message, sender, retain, traceparent);
    const subject = topicToSubject(this.subjectPrefix, message.topic);
    const payload =
      this.#mac === undefined
        ? typeof encoded === 'string'
          ? Buffer.from(encoded, 'utf8')
          : encoded
        : this.#mac.seal(subject, encoded);
    if (payload.byteLength > this.#maxPayload) {
      throw new UnencodableMessageError(
        'NATS',
        message.topic,
        message.messageId,
        `its record is ${payload.byteLength} bytes, above the largest payload of ${this.#maxPayload} bytes (maxPayload, or the server's max_payload)`,
      );
    }
    this.#seq = seq;
    if (this.#durable !== undefined) {
      this.#durable.publish(subject, payload, `${this.#run}:${seq}`, message.topic, retain);
      return;
    }
    if (!this.#connected) {
      if (this.#held.length >= this.#maxBuffered) {
        this.#counts.dropped += 1;
        this.#outageDropped += 1;
        if (this.#outageDropped === 1) {
          this.#outageFirstTopic = message.topic;
          this.#report(new BufferOverflowError('NATS', this.#maxBuffered, 1, message.topic, false));
        }
        return;
      }
      this.#held.push({ subject, payload });
      return;
    }
    this.#publish(subject, payload);
  }

  #publish(subject: string, payload: Uint8Array): void {
    try {
      this.#nc.publish(subject, payload);
      this.#counts.sent += 1;
    } catch (error) {
      this.#counts.dropped += 1;
      this.#report(
        new NatsConnectionError(
          'server-error',
          `could not publish on ${subject}: ${String(error)}`,
          {
            cause: error,
          },
        ),
      );
    }
  }

  // --- Interest --------------------------------------------------------------------------------

  #subscribed(info: SubscriptionInfo): void {
    if (this.#durable !== undefined && info.group === undefined) return; // the consumer reads all
    const interest = this.#interestOf(info.group, true)!;
    if (interest.add(info.subscriptionId, info.topicPattern)) this.#scheduleReconcile();
  }

  #unsubscribed(info: SubscriptionInfo): void {
    if (this.#durable !== undefined && info.group === undefined) return;
    const interest = this.#interestOf(info.group, false);
    if (interest?.remove(info.subscriptionId) === true) this.#scheduleReconcile();
  }

  #interestOf(group: string | undefined, make: boolean): Interest | undefined {
    if (group === undefined) return this.#interest;
    let interest = this.#groupInterest.get(group);
    if (interest === undefined && make) {
      interest = new Interest(this.#subjectsOf);
      this.#groupInterest.set(group, interest);
    }
    return interest;
  }

  /** Subscription changes of one turn go to NATS together. */
  #scheduleReconcile(): void {
    if (this.#reconcileScheduled) return;
    this.#reconcileScheduled = true;
    queueMicrotask(() => {
      this.#reconcileScheduled = false;
      if (this.#closing === undefined) this.#reconcile();
    });
  }

  #reconcile(): void {
    const wanted = new Map<string, { subject: string; group: string | null }>();
    for (const subject of minimalCover(this.#interest.keys())) {
      wanted.set(subject, { subject, group: null });
    }
    for (const [group, interest] of this.#groupInterest) {
      const subjects = minimalCover(interest.keys());
      if (subjects.length === 0) this.#groupInterest.delete(group);
      for (const subject of subjects) wanted.set(`${group}\0${subject}`, { subject, group });
    }
    for (const key of this.#refused) if (!wanted.has(key)) this.#refused.delete(key);
    // Subscribe before unsubscribing, so that a topic moving from one subject to another is
    // never uncovered (a message that arrives twice meanwhile is dropped as a duplicate).
    for (const [key, { subject, group }] of wanted) {
      if (this.#subscriptions.has(key) || this.#refused.has(key)) continue;
      this.#subscriptions.set(key, this.#subscribe(key, subject, group));
    }
    for (const [key, subscription] of this.#subscriptions) {
      if (wanted.has(key)) continue;
      this.#subscriptions.delete(key);
      if (!key.includes('\0'))
        subscription.unsubscribe(); // a plain subject's key has no group
      // A queue subscription drains: what NATS already handed this process for the group still
      // reaches the exchange (and `stats().unclaimed` when no member is left), none vanishes
      // uncounted. It rejects only on a closed connection, where nothing more arrives.
      else subscription.drain().catch(() => undefined);
    }
  }

  #subscribe(key: string, subject: string, group: string | null): Subscription {
    const via: Via = { group };
    const subscription = this.#nc.subscribe(subject, {
      ...(group === null ? {} : { queue: escapeLevel(group) }),
      callback: (error, msg) => {
        if (error !== null) {
          this.#refuse([key], error);
          return;
        }
        void this.#receive(msg.subject, msg.data, via);
      },
    });
    void subscription.closed.then((outcome) => {
      if (outcome instanceof Error && this.#subscriptions.get(key) === subscription) {
        this.#refuse([key], outcome);
      }
    });
    return subscription;
  }

  /** Subjects NATS refused: out of `stats()`, not asked for again while still wanted. */
  #refuse(keys: readonly string[], cause: unknown): void {
    const subjects: string[] = [];
    for (const key of keys) {
      if (this.#refused.has(key)) continue;
      this.#refused.add(key);
      this.#subscriptions.delete(key);
      subjects.push(key.replace('\0', ' '));
    }
    if (subjects.length === 0) return;
    if (this.#startRefusals !== undefined) {
      this.#startRefusals.subjects.push(...subjects);
      this.#startRefusals.cause ??= cause;
    } else {
      this.#report(new SubscriptionRefusedError(subjects, { cause }));
    }
  }

  // --- Incoming --------------------------------------------------------------------------------

  /**
   * Checks and delivers one message from NATS.
   * @returns the delivery's promise (the durable consumer acknowledges once it settles), or
   * `undefined` when the message was dropped.
   */
  #receive(
    subject: string,
    data: Uint8Array,
    via: Via,
    retainedReplay = false,
  ): Promise<unknown> | undefined {
    if (this.#closing !== undefined) return undefined;
    const topic = subjectToTopic(this.subjectPrefix, subject);
    if (topic === null) {
      this.#payloads.malformedPayload(subject, data, 'its subject is not a sigx topic');
      return undefined;
    }
    if (data.byteLength > this.#maxPayload) {
      this.#payloads.malformedPayload(
        subject,
        data,
        `it is ${data.byteLength} bytes, above the largest payload of ${this.#maxPayload}`,
      );
      return undefined;
    }
    let body = data;
    if (this.#mac !== undefined) {
      const opened = this.#mac.open(Buffer.from(subject, 'utf8'), data);
      if (typeof opened === 'string') {
        this.#payloads.unauthenticatedPayload(subject, data, opened);
        return undefined;
      }
      body = opened;
    }
    const record = decodeRecord(this.#codec, body, topic);
    if ('reason' in record) {
      this.#payloads.malformedPayload(subject, body, record.reason, record.cause);
      return undefined;
    }
    let publisher: RemotePublisher;
    if (retainedReplay) {
      publisher = new RemotePublisher(record.node); // kept in a stream: no gate to pass
    } else {
      const admission = this.#gateOf(via.group).admit(record);
      if (admission.verdict === 'forged') {
        this.#payloads.malformedPayload(subject, body, admission.reason);
        return undefined;
      }
      if (admission.verdict !== 'deliver') {
        if (admission.verdict === 'echo') this.#counts.echoes += 1;
        else this.#counts.duplicates += 1;
        return undefined;
      }
      publisher = admission.publisher;
    }
    this.#counts.received += 1;
    return this.#exchange
      .deliver({
        publisher,
        message: record.message,
        retain: record.retain,
        group: via.group,
        ...(record.traceparent === undefined ? {} : { traceparent: record.traceparent }),
      })
      .then(
        (result) => {
          // NATS gave this process the group's copy, and no member here took it: a member left
          // with messages in flight, or the members' patterns or filters refused it.
          if (via.group !== null && result.matched === 0) this.#counts.unclaimed += 1;
        },
        (error: unknown) => this.#report(error instanceof Error ? error : new Error(String(error))),
      );
  }

  #gateOf(group: string | null): RecordGate {
    if (group === null) return this.#gate;
    let gate = this.#groupGates.get(group);
    if (gate === undefined) {
      gate = new RecordGate(NO_ECHO_RUN);
      this.#groupGates.set(group, gate);
    }
    return gate;
  }
}

/** The group name of a queue name ({@link escapeLevel} of it). */
function unescapeQueue(queue: string): string {
  return queue.replace(/%([0-9A-F]{4})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
