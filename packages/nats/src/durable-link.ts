import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  StorageType,
  type ConsumerInfo,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { NatsConnectionError } from './errors.js';
import type { DurableOptions } from './types.js';

/** Publishes to JetStream in flight at once (their order on one connection is kept). */
export const PUBLISH_WINDOW = 256;
/** Messages the consumer may hold unacknowledged (the server sends no more meanwhile). */
const MAX_ACK_PENDING = 1_000;
/** Resends after a failed publish (and retried stream reads) wait 100 ms, 200 ms, ... up to this. */
const MAX_RETRY_DELAY_MS = 2_000;
/** What {@link DurableLink} retrying gets when the link closed meanwhile. */
const STOPPED: unique symbol = Symbol('stopped');

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
    // Named as what the user gave: the nodeId when no consumer name is.
    [
      durable.consumer === undefined
        ? 'durable.consumer (by default the nodeId)'
        : 'durable.consumer',
      consumer,
    ],
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
  // JetStream refuses such a stream, with a message that names neither option.
  if (
    limits.duplicateWindowMs !== undefined &&
    limits.maxAgeMs !== undefined &&
    limits.duplicateWindowMs > limits.maxAgeMs
  ) {
    throw new RangeError(
      `durable.limits.duplicateWindowMs (${limits.duplicateWindowMs}) must not exceed durable.limits.maxAgeMs (${limits.maxAgeMs})`,
    );
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
  /** The retained copy of a message (not counted as a message sent). */
  readonly copy: boolean;
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
  /** Dropped since the queue was last empty (one report per episode). */
  #overflowDropped = 0;
  /** Publishes of the current generation in flight. */
  #inFlight = 0;
  /**
   * Bumped when the connection is lost: the answers to attempts of an older generation still
   * count when they are acknowledgements, not when they are failures (the entry is sent again).
   */
  #generation = 0;
  #paused = false;
  #disconnected = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #messages: ConsumerMessages | undefined;
  #reading: Promise<void> = Promise.resolve();
  #waiters: (() => void)[] = [];
  /** `close()` was called: no message is taken from the consumer any more. */
  #stopping = false;
  #closed = false;
  /**
   * A stream sequence: every message up to it that the stream still holds was delivered here,
   * or acknowledged before this bridge started reading.
   */
  #handledUpTo = 0;
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
        // Not the count, size and age limits: they would discard the retained message of a
        // quiet topic (the last one, kept until replaced), not an old one.
        ...streamLimits(retainedLimits(limits)),
        max_msgs_per_subject: 1,
      });
    }
    const info = await this.#ensureConsumer(jsm);
    this.#handledUpTo = Math.max(info.ack_floor.stream_seq, startSequence(info) - 1);
    // What a previous process was handed and did not acknowledge: up to the last delivered.
    const unacknowledgedUpTo = info.num_ack_pending > 0 ? info.delivered.stream_seq : 0;
    const messages = await (
      await this.#js.consumers.get(stream, this.#options.consumer)
    ).consume({
      max_messages: 256,
    });
    this.#messages = messages;
    void this.#watchConnection();
    this.#reading = this.#read(messages, unacknowledgedUpTo);
  }

  async #ensureConsumer(jsm: JetStreamManager): Promise<ConsumerInfo> {
    const { stream, subjects, consumer, startAt, ackWaitMs } = this.#options;
    try {
      return await jsm.consumers.info(stream, consumer);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    // A start sequence rather than DeliverPolicy.New: JetStream reports an ack floor of 0 until
    // the first acknowledgement, so a later process could not tell which messages before it
    // were never meant for this consumer (see #recover).
    const start =
      startAt === 'all'
        ? { deliver_policy: DeliverPolicy.All }
        : {
            deliver_policy: DeliverPolicy.StartSequence,
            opt_start_seq: (await jsm.streams.info(stream)).state.last_seq + 1,
          };
    try {
      return await jsm.consumers.add(stream, {
        durable_name: consumer,
        ack_policy: AckPolicy.Explicit,
        ...start,
        ack_wait: nanos(ackWaitMs),
        max_ack_pending: MAX_ACK_PENDING,
        filter_subject: subjects,
      });
    } catch (error) {
      // Another bridge with this consumer name made it meanwhile (with its own start).
      if (!(error instanceof JetStreamApiError)) throw error;
      return jsm.consumers.info(stream, consumer);
    }
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
    const stored = [];
    for (const subject of Object.keys(info.state.subjects ?? {})) {
      const last = await this.#jsm.streams.getMessage(retainedStream, { last_by_subj: subject });
      if (last !== null) stored.push(last);
    }
    // In the order they were retained, as the publishing exchange lists them (oldest first).
    stored.sort((a, b) => a.seq - b.seq);
    for (const last of stored) {
      this.#retainedReplayed += 1;
      await deliver(prefix + last.subject.slice(retainedPrefix.length), last.data);
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
      // Reported once per episode (and summed up when the queue has drained), not per message.
      this.dropped += 1;
      this.#overflowDropped += 1;
      if (this.#overflowDropped === 1) {
        this.#hooks.report(
          new NatsConnectionError(
            'durable',
            `${this.#hooks.maxPending} publishes are waiting for JetStream's acknowledgement (maxBuffered): the message on topic ${JSON.stringify(topic)} and later ones are dropped until they are acknowledged`,
          ),
        );
      }
      return;
    }
    const entry = (s: string, id: string, copy: boolean): Outgoing => ({
      subject: s,
      payload,
      msgId: id,
      topic,
      copy,
      state: 'waiting',
      attempts: 0,
    });
    this.#queue.push(entry(subject, msgId, false));
    if (copies === 2) {
      const { prefix, retainedPrefix } = this.#options;
      this.#queue.push(entry(retainedPrefix + subject.slice(prefix.length), `${msgId}:r`, true));
    }
    this.#pump();
  }

  /** Resolves once every queued publish was acknowledged or given up. */
  settled(): Promise<void> {
    if (this.#queue.length === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Stops reading at once (the message being handled is acknowledged once its handlers ran;
   * those the consumer still holds go back to JetStream), then waits for the queued publishes
   * while the connection is up.
   */
  async close(): Promise<void> {
    if (this.#stopping) return;
    // From now on the bridge delivers nothing: a message taken now would be acknowledged
    // without its handlers having seen it, lost. Left to JetStream, it goes to the next reader.
    this.#stopping = true;
    const stopped = this.#messages?.close().catch(() => undefined);
    if (!this.#nc.isClosed() && this.#queue.length > 0) {
      await Promise.race([this.settled(), delay(5_000)]);
    }
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    for (const entry of this.#queue) if (!entry.copy && entry.state !== 'acked') this.dropped += 1;
    this.#queue.length = 0;
    this.#settle();
    await stopped;
    await this.#reading;
  }

  /** Follows the connection: publishing stops while it is down (see {@link #connectionLost}). */
  async #watchConnection(): Promise<void> {
    for await (const status of this.#nc.status()) {
      if (this.#closed) return;
      if (status.type === 'disconnect') this.#connectionLost();
      else if (status.type === 'reconnect') this.#connectionBack();
    }
  }

  /**
   * The connection is gone, and with it, most likely, the publishes in flight: their answers
   * would come only as timeouts, seconds later. Were the newer publishes sent on meanwhile,
   * JetStream would store them first, and a receiver's sender/sequence gate would then drop the
   * older ones as duplicates. So nothing more is sent until the connection is back, and then
   * everything not acknowledged goes again, in order (JetStream drops, by message id, any copy
   * it had already stored).
   */
  #connectionLost(): void {
    this.#disconnected = true;
    this.#generation += 1;
    this.#inFlight = 0;
    this.#paused = false;
    clearTimeout(this.#retryTimer);
    for (const entry of this.#queue) if (entry.state === 'sent') entry.state = 'waiting';
  }

  #connectionBack(): void {
    this.#disconnected = false;
    this.#failures = 0;
    this.#pump();
  }

  #pump(): void {
    if (this.#paused || this.#disconnected || this.#closed) return;
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
    const generation = this.#generation;
    this.#js!.publish(entry.subject, entry.payload, { msgID: entry.msgId }).then(
      () => {
        // Stored, whichever attempt this was.
        if (generation === this.#generation) this.#inFlight -= 1;
        entry.state = 'acked';
        this.#failures = 0;
        this.#shiftAcked();
        this.#pump();
      },
      (error: unknown) => {
        // Superseded by the connection's loss: the entry was (or will be) sent again.
        if (generation !== this.#generation) return;
        this.#inFlight -= 1;
        if (entry.state === 'acked') return; // an older attempt got through meanwhile
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
    if (this.#paused || this.#disconnected || this.#closed) return;
    this.#paused = true;
    this.#failures += 1;
    const wait = Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** Math.min(this.#failures - 1, 5));
    const resume = (): void => {
      if (this.#disconnected) return; // #connectionBack resumes
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
      if (!this.#queue.shift()!.copy) this.acknowledged += 1;
    }
    if (this.#queue.length === 0) {
      if (this.#overflowDropped > 0) {
        this.#hooks.report(
          new NatsConnectionError(
            'durable',
            `JetStream has acknowledged what was waiting; ${this.#overflowDropped} message(s) published while ${this.#hooks.maxPending} were waiting were dropped`,
          ),
        );
        this.#overflowDropped = 0;
      }
      this.#settle();
    }
  }

  #settle(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * Reads the consumer: one message at a time, acknowledged once its handlers ran, in stream
   * order (see {@link #recover}).
   * @param unacknowledgedUpTo - the last stream sequence handed to a previous reader, when some
   * of what it was handed is not acknowledged; else 0.
   */
  async #read(messages: ConsumerMessages, unacknowledgedUpTo: number): Promise<void> {
    try {
      // At once, rather than when JetStream sends them again (after ackWaitMs, behind the newer).
      if (unacknowledgedUpTo > this.#handledUpTo) await this.#recover(unacknowledgedUpTo);
      for await (const message of messages) {
        if (this.#stopping) {
          giveBack(message);
          continue;
        }
        const { streamSequence } = message.info;
        if (streamSequence > this.#handledUpTo + 1) await this.#recover(streamSequence - 1);
        if (this.#stopping) {
          giveBack(message);
          continue;
        }
        if (message.redelivered) this.#redelivered += 1;
        try {
          await this.#hooks.receive(message.subject, message.data, message.redelivered);
        } finally {
          // Also for what is dropped (malformed, echoes, duplicates): never to come again.
          acknowledge(message);
          this.#acked += 1;
        }
        this.#handledUpTo = Math.max(this.#handledUpTo, streamSequence);
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

  /**
   * Delivers, in stream order, the messages past {@link #handledUpTo} up to `upTo` that the
   * stream still holds and nobody has acknowledged, read from the stream itself: deliveries that
   * never reached this bridge (lost with a connection) or that a previous process was handed
   * and did not handle (killed). JetStream sends those again only after `ackWaitMs`, behind
   * newer messages, and the sender/sequence gate would then drop them as duplicates of the
   * newer ones: lost. Those it does send again later are older than what was delivered since,
   * and the gate drops them then. A message in a gap that was only ever stored before the
   * consumer's start, or was removed by the stream's limits, is skipped. Two live bridges that
   * share a consumer see each other's messages as gaps: those the other has not acknowledged
   * yet are delivered here too (at least once, as promised; shared, only in the best case).
   */
  async #recover(upTo: number): Promise<void> {
    const jsm = this.#jsm!;
    const { stream, consumer } = this.#options;
    const floors = await this.#retrying(() =>
      Promise.all([jsm.streams.info(stream), jsm.consumers.info(stream, consumer)]),
    );
    if (floors === STOPPED) return;
    const [streamInfo, consumerInfo] = floors;
    let seq =
      Math.max(
        this.#handledUpTo,
        consumerInfo.ack_floor.stream_seq,
        streamInfo.state.first_seq - 1,
        startSequence(consumerInfo) - 1,
      ) + 1;
    for (; seq <= upTo; seq += 1) {
      const stored = await this.#retrying(() => jsm.streams.getMessage(stream, { seq }));
      if (stored === STOPPED || this.#stopping) return;
      if (stored !== null) await this.#hooks.receive(stored.subject, stored.data, true);
      this.#handledUpTo = seq;
    }
    this.#handledUpTo = Math.max(this.#handledUpTo, upTo);
  }

  /**
   * Calls `read` until it resolves (the connection may be down: reading waits for it), telling
   * `onError` of the first failure.
   * @returns what it resolved with, or {@link STOPPED} once the link is closing.
   */
  async #retrying<T>(read: () => Promise<T>): Promise<T | typeof STOPPED> {
    for (let attempt = 0; ; attempt += 1) {
      if (this.#stopping) return STOPPED;
      try {
        return await read();
      } catch (error) {
        if (attempt === 0) {
          this.#hooks.report(
            new NatsConnectionError(
              'durable',
              `reading missed messages from the stream failed (${String(error)}); retrying`,
              { cause: error },
            ),
          );
        }
        await delay(Math.min(MAX_RETRY_DELAY_MS, 100 * 2 ** Math.min(attempt, 5)));
      }
    }
  }
}

/** The first stream sequence the consumer reads (best known, for one made elsewhere). */
function startSequence(info: ConsumerInfo): number {
  const { deliver_policy: policy, opt_start_seq: start } = info.config;
  if (policy === DeliverPolicy.All) return 1;
  if (policy === DeliverPolicy.StartSequence) return start ?? 1;
  // 'new', by time, last...: JetStream does not tell; before the first acknowledgement, the
  // unacknowledged are the last delivered.
  return info.ack_floor.stream_seq > 0
    ? 1
    : Math.max(1, info.delivered.stream_seq - info.num_ack_pending + 1);
}

/** Acknowledges a handled message (a closed connection takes nothing: it comes again). */
function acknowledge(message: JsMsg): void {
  try {
    message.ack();
  } catch {
    // Closed: JetStream sends it again, and the next reader's gate drops it if need be.
  }
}

/** Hands a message not handled back to JetStream, to be sent again at once. */
function giveBack(message: JsMsg): void {
  try {
    message.nak();
  } catch {
    // Closed: JetStream sends it again after ackWaitMs.
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

/** The limits that apply to the retained stream too. */
function retainedLimits(limits: CheckedDurableOptions['limits']): CheckedDurableOptions['limits'] {
  const { maxMessageSize, duplicateWindowMs, storage, replicas } = limits;
  return {
    ...(maxMessageSize === undefined ? {} : { maxMessageSize }),
    ...(duplicateWindowMs === undefined ? {} : { duplicateWindowMs }),
    ...(storage === undefined ? {} : { storage }),
    ...(replicas === undefined ? {} : { replicas }),
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
