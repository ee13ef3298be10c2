import { BufferOverflowError } from '@sigx/bridge';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { NatsConnectionError } from './errors.js';
import type { DurableOptions } from './types.js';

/** Publishes to JetStream in flight at once (their order on one connection is kept). */
const PUBLISH_WINDOW = 256;
/** Messages the consumer may hold unacknowledged (the server sends no more meanwhile). */
const MAX_ACK_PENDING = 1_000;
/** Resends after a failed publish wait 100 ms, 200 ms, ... up to this. */
const MAX_RETRY_DELAY_MS = 2_000;

/** {@link DurableOptions}, checked, with the names derived from them. */
export interface CheckedDurableOptions {
  readonly stream: string;
  readonly consumer: string;
  readonly startAt: 'new' | 'all';
  readonly ackWaitMs: number;
  readonly limits: NonNullable<DurableOptions['limits']>;
  /** `<prefix>.>`: what the stream holds and the consumer reads. */
  readonly subjects: string;
  /** The stream of retained messages, or `undefined` when `retained` is off. */
  readonly retainedStream: string | undefined;
  /** The prefix of the retained copies' subjects (`<prefix>_retained`). */
  readonly retainedPrefix: string;
  readonly prefix: string;
}

/** JetStream names: no whitespace, `.`, `*`, `>`, path separators. */
const NAME = /^[^\s.*>/\\]+$/;

/**
 * @returns the durable options, checked.
 * @throws `TypeError` or `RangeError` naming the option.
 */
export function checkDurableOptions(
  durable: DurableOptions,
  nodeId: string,
  prefix: string,
): CheckedDurableOptions {
  if (typeof durable !== 'object' || durable === null) {
    throw new TypeError('durable must be an object ({ stream, ... })');
  }
  const {
    stream,
    consumer = nodeId,
    startAt = 'new',
    ackWaitMs = 30_000,
    retained = true,
    limits = {},
  } = durable;
  for (const [name, value] of [
    ['durable.stream', stream],
    ['durable.consumer', consumer],
  ] as const) {
    if (typeof value !== 'string' || !NAME.test(value) || value.length > 200) {
      throw new TypeError(
        `${name} must be a JetStream name (up to 200 characters, no whitespace, '.', '*', '>', '/' or '\\'), got ${JSON.stringify(value)}`,
      );
    }
  }
  if (startAt !== 'new' && startAt !== 'all') {
    throw new TypeError(`durable.startAt must be 'new' or 'all', got ${String(startAt)}`);
  }
  if (!Number.isSafeInteger(ackWaitMs) || ackWaitMs < 1) {
    throw new RangeError(`durable.ackWaitMs must be an integer >= 1, got ${String(ackWaitMs)}`);
  }
  if (typeof retained !== 'boolean') throw new TypeError('durable.retained must be a boolean');
  if (typeof limits !== 'object' || limits === null) {
    throw new TypeError('durable.limits must be an object');
  }
  for (const key of [
    'maxMessages',
    'maxBytes',
    'maxAgeMs',
    'maxMessageSize',
    'duplicateWindowMs',
    'replicas',
  ] as const) {
    const value = limits[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new RangeError(`durable.limits.${key} must be an integer >= 1, got ${String(value)}`);
    }
  }
  if (limits.storage !== undefined && limits.storage !== 'file' && limits.storage !== 'memory') {
    throw new TypeError(`durable.limits.storage must be 'file' or 'memory'`);
  }
  return {
    stream,
    consumer,
    startAt,
    ackWaitMs,
    limits,
    subjects: `${prefix}.>`,
    retainedStream: retained ? `${stream}_RETAINED` : undefined,
    retainedPrefix: `${prefix}_retained`,
    prefix,
  };
}

/** A message on its way into the stream. */
interface Outgoing {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly msgId: string;
  readonly topic: string;
  state: 'waiting' | 'sent' | 'acked';
  attempts: number;
}

/** What the link needs of its bridge. */
interface LinkHooks {
  /** Checks and delivers a message; the returned promise settles once its handlers ran. */
  receive(subject: string, data: Uint8Array, redelivered: boolean): Promise<unknown> | undefined;
  readonly report: (error: Error) => void;
  /** Most publishes waiting for JetStream. */
  readonly maxPending: number;
}

/**
 * The durable mode of a NATS bridge: publishes go into a JetStream stream (acknowledged by it,
 * with a message id so that a publish sent twice is stored once), and the bridge reads the
 * stream through its durable consumer, acknowledging each message once the local handlers
 * ran. Retained messages are also kept in a second stream, one per subject.
 */
export class DurableLink {
  readonly #nc: NatsConnection;
  readonly #options: CheckedDurableOptions;
  readonly #hooks: LinkHooks;
  #js: JetStreamClient | undefined;
  #jsm: JetStreamManager | undefined;
  readonly #queue: Outgoing[] = [];
  #inFlight = 0;
  #paused = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #messages: ConsumerMessages | undefined;
  #reading: Promise<void> = Promise.resolve();
  #waiters: (() => void)[] = [];
  #closed = false;
  /** Counters. */
  acknowledged = 0;
  dropped = 0;
  #acked = 0;
  #redelivered = 0;
  #retainedReplayed = 0;

  constructor(nc: NatsConnection, options: CheckedDurableOptions, hooks: LinkHooks) {
    this.#nc = nc;
    this.#options = options;
    this.#hooks = hooks;
  }

  /** Publishes waiting for JetStream now. */
  get pending(): number {
    return this.#queue.length;
  }

  /** @returns the durable counters of `stats()`. */
  stats(): { acked: number; redelivered: number; retainedReplayed: number } {
    return {
      acked: this.#acked,
      redelivered: this.#redelivered,
      retainedReplayed: this.#retainedReplayed,
    };
  }

  /** Makes the streams and the consumer when missing, then starts reading. */
  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.#nc);
    this.#jsm = jsm;
    this.#js = jetstream(this.#nc);
    const { stream, subjects, retainedStream, retainedPrefix, limits } = this.#options;
    await ensureStream(jsm, { name: stream, subjects: [subjects], ...streamLimits(limits) });
    if (retainedStream !== undefined) {
      await ensureStream(jsm, {
        name: retainedStream,
        subjects: [`${retainedPrefix}.>`],
        ...streamLimits(limits),
        max_msgs_per_subject: 1,
      });
    }
    const { consumer, startAt, ackWaitMs } = this.#options;
    try {
      await jsm.consumers.info(stream, consumer);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await jsm.consumers.add(stream, {
        durable_name: consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: startAt === 'all' ? DeliverPolicy.All : DeliverPolicy.New,
        ack_wait: nanos(ackWaitMs),
        max_ack_pending: MAX_ACK_PENDING,
        filter_subject: subjects,
      });
    }
    const messages = await (
      await this.#js.consumers.get(stream, consumer)
    ).consume({
      max_messages: 256,
    });
    this.#messages = messages;
    this.#reading = this.#read(messages);
  }

  /**
   * Delivers the retained messages kept in the retained stream: the last of each subject.
   * @param deliver - delivers one (subject under the bridge's prefix, payload).
   */
  async replayRetained(
    deliver: (subject: string, data: Uint8Array) => Promise<unknown> | undefined,
  ): Promise<void> {
    const { retainedStream, retainedPrefix, prefix } = this.#options;
    if (retainedStream === undefined || this.#jsm === undefined) return;
    const info = await this.#jsm.streams.info(retainedStream, { subjects_filter: '>' });
    const subjects = Object.keys(info.state.subjects ?? {}).sort();
    for (const subject of subjects) {
      const stored = await this.#jsm.streams.getMessage(retainedStream, { last_by_subj: subject });
      if (stored === null) continue;
      this.#retainedReplayed += 1;
      await deliver(prefix + subject.slice(retainedPrefix.length), stored.data);
    }
  }

  /** Queues a message for the stream (and its retained copy), in order. */
  publish(
    subject: string,
    payload: Uint8Array,
    msgId: string,
    topic: string,
    retain: boolean,
  ): void {
    const copies = retain && this.#options.retainedStream !== undefined ? 2 : 1;
    if (this.#queue.length + copies > this.#hooks.maxPending) {
      this.dropped += 1;
      this.#hooks.report(new BufferOverflowError('NATS', this.#hooks.maxPending, 1, topic, false));
      return;
    }
    const entry = (s: string, id: string): Outgoing => ({
      subject: s,
      payload,
      msgId: id,
      topic,
      state: 'waiting',
      attempts: 0,
    });
    this.#queue.push(entry(subject, msgId));
    if (copies === 2) {
      const { prefix, retainedPrefix } = this.#options;
      this.#queue.push(entry(retainedPrefix + subject.slice(prefix.length), `${msgId}:r`));
    }
    this.#pump();
  }

  /** Resolves once every queued publish was acknowledged or given up. */
  settled(): Promise<void> {
    if (this.#queue.length === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Waits for the queued publishes while the connection is up, stops reading, acknowledges what is handled. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (!this.#nc.isClosed() && this.#queue.length > 0) {
      await Promise.race([this.settled(), delay(5_000)]);
    }
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.dropped += this.#queue.length;
    this.#queue.length = 0;
    this.#settle();
    await this.#messages?.close().catch(() => undefined);
    await this.#reading;
  }

  #pump(): void {
    if (this.#paused || this.#closed) return;
    for (const entry of this.#queue) {
      if (this.#inFlight >= PUBLISH_WINDOW) return;
      if (entry.state !== 'waiting') continue;
      this.#send(entry);
    }
  }

  #send(entry: Outgoing): void {
    entry.state = 'sent';
    entry.attempts += 1;
    this.#inFlight += 1;
    this.#js!.publish(entry.subject, entry.payload, { msgID: entry.msgId }).then(
      () => {
        this.#inFlight -= 1;
        entry.state = 'acked';
        this.#failures = 0;
        this.#shiftAcked();
        this.#pump();
      },
      (error: unknown) => {
        this.#inFlight -= 1;
        if (error instanceof JetStreamApiError && entry.attempts >= 3) {
          // JetStream answered, and said no (too large, a limit with discard new): give up.
          this.#giveUp(entry, error);
        } else {
          entry.state = 'waiting';
          this.#retryLater();
        }
        this.#shiftAcked();
      },
    );
  }

  #giveUp(entry: Outgoing, error: unknown): void {
    entry.state = 'acked';
    this.dropped += 1;
    this.#hooks.report(
      new NatsConnectionError(
        'durable',
        `JetStream refused the message on ${entry.subject} three times; dropped it (${String(error)})`,
        { cause: error },
      ),
    );
  }

  /**
   * A publish failed (no answer, the server down): stop, let what is in flight settle, then
   * send everything not acknowledged again, in order (JetStream drops, by message id, the
   * copies it already stored).
   */
  #retryLater(): void {
    if (this.#paused || this.#closed) return;
    this.#paused = true;
    this.#failures += 1;
    const wait = Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** Math.min(this.#failures - 1, 5));
    const resume = (): void => {
      if (this.#inFlight > 0) {
        this.#retryTimer = setTimeout(resume, 50);
        return;
      }
      for (const entry of this.#queue) if (entry.state === 'sent') entry.state = 'waiting';
      this.#paused = false;
      this.#pump();
    };
    this.#retryTimer = setTimeout(resume, wait);
  }

  #shiftAcked(): void {
    while (this.#queue.length > 0 && this.#queue[0]!.state === 'acked') {
      this.#queue.shift();
      this.acknowledged += 1;
    }
    if (this.#queue.length === 0) this.#settle();
  }

  #settle(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Reads the consumer: one message at a time, acknowledged once its handlers ran. */
  async #read(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) {
        if (message.redelivered) this.#redelivered += 1;
        try {
          await this.#hooks.receive(message.subject, message.data, message.redelivered);
        } finally {
          // Also for what is dropped (malformed, echoes, duplicates): never to come again.
          message.ack();
          this.#acked += 1;
        }
      }
    } catch (error) {
      if (!this.#closed) {
        this.#hooks.report(
          new NatsConnectionError('durable', `reading the consumer stopped: ${String(error)}`, {
            cause: error,
          }),
        );
      }
    }
  }
}

async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.streams.add(config);
  }
}

function streamLimits(limits: CheckedDurableOptions['limits']): Partial<StreamConfig> {
  return {
    ...(limits.maxMessages === undefined ? {} : { max_msgs: limits.maxMessages }),
    ...(limits.maxBytes === undefined ? {} : { max_bytes: limits.maxBytes }),
    ...(limits.maxAgeMs === undefined ? {} : { max_age: nanos(limits.maxAgeMs) }),
    ...(limits.maxMessageSize === undefined ? {} : { max_msg_size: limits.maxMessageSize }),
    ...(limits.duplicateWindowMs === undefined
      ? {}
      : { duplicate_window: nanos(limits.duplicateWindowMs) }),
    storage: limits.storage === 'memory' ? StorageType.Memory : StorageType.File,
    num_replicas: limits.replicas ?? 1,
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
