import { randomBytes } from 'node:crypto';
import type { Message, SignalExchange, SubscriptionInfo } from '@sigx/core';
import { Redis, type RedisOptions } from 'ioredis';
import { defaultCodec, type Codec } from './codec.js';
import {
  BufferOverflowError,
  MalformedPayloadError,
  RedisConnectionError,
  UnencodableMessageError,
  UnsupportedValueError,
} from './errors.js';
import { Interest } from './interest.js';
import { RemotePublisher } from './remote-publisher.js';
import { SendBuffer, type Outgoing } from './send-buffer.js';
import type { RedisBridge, RedisBridgeOptions, RedisBridgeStats } from './types.js';
import { fromWireRecord, toWireRecord } from './wire-record.js';

/** Default of the `maxBuffered` option. */
export const DEFAULT_MAX_BUFFERED = 10_000;
/** Senders remembered for duplicate suppression; the oldest is forgotten past this. */
const MAX_PEERS = 10_000;
/** Globs per PSUBSCRIBE / PUNSUBSCRIBE command. */
const GLOBS_PER_COMMAND = 1_000;

type Which = 'publisher' | 'subscriber';

/**
 * Bridges an exchange to Redis: every message published on it is also published to Redis, on
 * channel `channelPrefix + topic`, and every message another bridge publishes there on a
 * topic the exchange's subscriptions can match is delivered into it, once. Local
 * subscribers get local messages directly, as before; a message received from Redis is not
 * sent back. The bridge subscribes in Redis only to what its subscriptions can match (by their
 * literal prefixes), and keeps that up to date as subscriptions come and go.
 *
 * Delivery across processes is at most once, as Redis pub/sub gives it: a bridge that is
 * disconnected, or not yet subscribed, misses what is published meanwhile. Messages published
 * while Redis is unreachable are buffered (up to `maxBuffered`) and sent on reconnection; the
 * bridge reconnects and resubscribes by itself. A message whose value the codec cannot encode
 * is refused: `publish` rejects with {@link UnencodableMessageError}.
 *
 * @param exchange - the exchange to bridge.
 * @param options - see {@link RedisBridgeOptions}.
 * @returns a promise of the bridge, once both connections are up and Redis has confirmed the
 * subscriptions of the exchange's current subscriptions.
 * @throws (rejects) `TypeError` or `RangeError` for bad options, before connecting.
 * @throws (rejects) {@link RedisConnectionError} when the first connection attempt fails.
 *
 * @example
 * ```ts
 * import { Message, SignalExchange } from '@sigx/core';
 * import { connectRedis } from '@sigx/redis';
 *
 * const exchange = new SignalExchange();
 * const bridge = await connectRedis(exchange, { url: 'redis://127.0.0.1:6379' });
 * exchange.subscribe({ topicPattern: 'orders/.*', handler: (id, publisher, message) => {} });
 * await exchange.publish({ message: new Message({ publisherName: 'api', topic: 'orders/42', value: 1 }) });
 * await bridge.close();
 * ```
 */
export async function connectRedis(
  exchange: SignalExchange,
  options: RedisBridgeOptions = {},
): Promise<RedisBridge> {
  const bridge = new Bridge(exchange, checkOptions(exchange, options));
  await bridge.start();
  return bridge;
}

interface CheckedOptions {
  readonly connections: () => [Redis, Redis];
  readonly channelPrefix: string;
  readonly codec: Codec;
  readonly nodeId: string;
  readonly maxBuffered: number;
  readonly onError: (error: Error) => void;
}

function checkOptions(exchange: SignalExchange, options: RedisBridgeOptions): CheckedOptions {
  if (typeof (exchange as Partial<SignalExchange> | null)?.observe !== 'function') {
    throw new TypeError(
      'connectRedis needs a SignalExchange (from @sigx/core) as its first argument',
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('connectRedis options must be an object');
  }
  const {
    url,
    client,
    redisOptions = {},
    channelPrefix = 'sigx:',
    codec = defaultCodec,
    nodeId = randomBytes(16).toString('hex'),
    maxBuffered = DEFAULT_MAX_BUFFERED,
    onError = defaultOnError,
  } = options;
  if (url !== undefined && client !== undefined) {
    throw new TypeError('give connectRedis a url or a client, not both');
  }
  if (url !== undefined && typeof url !== 'string') throw new TypeError('url must be a string');
  if (client !== undefined && typeof (client as Partial<Redis>).duplicate !== 'function') {
    throw new TypeError('client must be an ioredis client (with duplicate())');
  }
  if (typeof channelPrefix !== 'string') throw new TypeError('channelPrefix must be a string');
  if (
    typeof codec !== 'object' ||
    codec === null ||
    typeof codec.encode !== 'function' ||
    typeof codec.decode !== 'function'
  ) {
    throw new TypeError('codec must have encode and decode functions');
  }
  if (typeof nodeId !== 'string' || nodeId === '') {
    throw new TypeError('nodeId must be a non-empty string');
  }
  if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 0) {
    throw new RangeError(`maxBuffered must be an integer >= 0, got ${String(maxBuffered)}`);
  }
  if (typeof onError !== 'function') throw new TypeError('onError must be a function');

  // The guarantees rest on these: the bridge buffers and resends itself (bounded, counted),
  // so the publishing connection must fail fast instead of queueing without bound, and the
  // subscribing connection must keep its subscriptions across reconnections.
  const name = `sigx:${nodeId}`;
  const publisherOptions: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectionName: `${name}:pub`,
  };
  const subscriberOptions: RedisOptions = {
    lazyConnect: true,
    autoResubscribe: true,
    maxRetriesPerRequest: null,
    connectionName: `${name}:sub`,
  };
  const connections = (): [Redis, Redis] => {
    if (client !== undefined) {
      return [client.duplicate(publisherOptions), client.duplicate(subscriberOptions)];
    }
    const where = url ?? 'redis://127.0.0.1:6379';
    return [
      new Redis(where, { ...redisOptions, ...publisherOptions }),
      new Redis(where, { ...redisOptions, ...subscriberOptions }),
    ];
  };
  return { connections, channelPrefix, codec, nodeId, maxBuffered, onError };
}

function defaultOnError(error: Error): void {
  console.error('sigx/redis:', error);
}

/** A sender, for echo and duplicate suppression. */
interface Peer {
  lastSeq: number;
  readonly publisher: RemotePublisher;
}

class Bridge implements RedisBridge {
  readonly nodeId: string;
  readonly channelPrefix: string;
  readonly #exchange: SignalExchange;
  readonly #codec: Codec;
  readonly #onError: (error: Error) => void;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  /** Random per bridge: told apart from any other bridge, even one with the same nodeId. */
  readonly #run = randomBytes(12).toString('hex');
  readonly #buffer: SendBuffer;
  readonly #interest = new Interest();
  /** The globs requested from Redis. */
  #globs: ReadonlySet<string> = new Set();
  #reconcileScheduled = false;
  #pendingInterest = 0;
  #seq = 0;
  #inFlight = 0;
  readonly #peers = new Map<string, Peer>();
  readonly #counts = {
    sent: 0,
    received: 0,
    dropped: 0,
    failed: 0,
    echoes: 0,
    duplicates: 0,
    malformed: 0,
  };
  /** Dropped in the current outage, and the first topic dropped. */
  #outageDropped = 0;
  #outageFirstTopic = '';
  /** Per connection: has it been up, and was its loss reported. */
  readonly #up = { publisher: false, subscriber: false };
  readonly #lastError: { publisher: Error | undefined; subscriber: Error | undefined } = {
    publisher: undefined,
    subscriber: undefined,
  };
  #stopObserving: () => void = () => {};
  #closing: Promise<void> | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(exchange: SignalExchange, options: CheckedOptions) {
    this.nodeId = options.nodeId;
    this.channelPrefix = options.channelPrefix;
    this.#exchange = exchange;
    this.#codec = options.codec;
    this.#onError = options.onError;
    this.#buffer = new SendBuffer(options.maxBuffered);
    [this.#publisher, this.#subscriber] = options.connections();
    for (const which of ['publisher', 'subscriber'] as const) {
      const connection = this.#connection(which);
      connection.on('error', (error: Error) => (this.#lastError[which] = error));
      connection.on('close', () => this.#onClose(which));
      connection.on('ready', () => this.#onReady(which));
    }
    this.#subscriber.on('pmessageBuffer', (_glob: Buffer, channel: Buffer, payload: Buffer) =>
      this.#receive(channel, payload),
    );
  }

  /** Connects both connections, then starts observing the exchange. */
  async start(): Promise<void> {
    const attempts = (['publisher', 'subscriber'] as const).map((which) =>
      this.#connection(which)
        .connect()
        .then(
          () => undefined,
          (error: unknown) => ({ which, error }),
        ),
    );
    const failure = (await Promise.all(attempts)).find((outcome) => outcome !== undefined);
    if (failure !== undefined) {
      const { which, error } = failure;
      const { host, port } = this.#connection(which).options;
      this.#closing = this.#endConnections();
      await this.#closing;
      throw new RedisConnectionError(which, `could not connect to ${host}:${port}`, {
        cause: this.#lastError[which] ?? error,
      });
    }
    this.#stopObserving = this.#exchange.observe({
      onPublish: (message) => this.#forward(message),
      onSubscribe: (info) => this.#subscribed(info),
      onUnsubscribe: (info) => this.#unsubscribed(info),
    });
    await this.flush();
  }

  stats(): RedisBridgeStats {
    return {
      nodeId: this.nodeId,
      connected: this.#publisher.status === 'ready' && this.#subscriber.status === 'ready',
      ...this.#counts,
      buffered: this.#buffer.size,
      inFlight: this.#inFlight,
      patterns: [...this.#globs],
    };
  }

  flush(): Promise<void> {
    if (this.#closing !== undefined || this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#stopObserving();
    if (this.#publisher.status === 'ready' && !this.#isOutgoingIdle()) {
      // Let what was handed over reach Redis, unless the connection goes meanwhile.
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#publisher.off('close', done);
          resolve();
        };
        this.#idleWaiters.push(done);
        this.#publisher.once('close', done);
      });
    }
    const stranded = this.#buffer.drain().length;
    if (stranded > 0) {
      this.#counts.dropped += stranded;
      this.#report(
        new RedisConnectionError(
          'publisher',
          `was not up at close(): ${stranded} buffered message(s) were dropped`,
          { cause: this.#lastError.publisher },
        ),
      );
    }
    await this.#endConnections();
    this.#settleIdleWaiters();
  }

  async #endConnections(): Promise<void> {
    await Promise.all(
      (['publisher', 'subscriber'] as const).map(async (which) => {
        const connection = this.#connection(which);
        const { status } = connection;
        if (status === 'end' || status === 'wait') {
          connection.disconnect();
          return;
        }
        // A connection waiting to reconnect has no socket: disconnect() just cancels the retry.
        const ended =
          status === 'reconnecting' || status === 'close'
            ? Promise.resolve()
            : new Promise<void>((resolve) => connection.once('end', () => resolve()));
        if (status === 'ready') {
          await connection.quit().catch(() => connection.disconnect());
        } else {
          connection.disconnect();
        }
        await ended;
      }),
    );
  }

  #connection(which: Which): Redis {
    return which === 'publisher' ? this.#publisher : this.#subscriber;
  }

  #onReady(which: Which): void {
    this.#up[which] = true;
    this.#lastError[which] = undefined;
    if (which === 'subscriber') return;
    // Also while closing: close() waits for the buffer to go out while the connection is up.
    this.#flushBuffer();
    if (this.#outageDropped > 0 && this.#closing === undefined) {
      this.#report(
        new BufferOverflowError(
          this.#buffer.capacity,
          this.#outageDropped,
          this.#outageFirstTopic,
          true,
        ),
      );
      this.#outageDropped = 0;
    }
  }

  #onClose(which: Which): void {
    if (this.#closing !== undefined || !this.#up[which]) return;
    this.#up[which] = false; // reported once until it is up again
    this.#report(
      new RedisConnectionError(which, 'was lost; reconnecting', {
        cause: this.#lastError[which],
      }),
    );
  }

  // --- Outgoing ----------------------------------------------------------------------------

  /** The `onPublish` observer: encodes now (a failure refuses the publish), sends or buffers. */
  #forward(message: Message): void {
    const seq = this.#seq + 1;
    let payload: unknown;
    try {
      payload = this.#codec.encode(toWireRecord(message, this.nodeId, this.#run, seq));
    } catch (error) {
      throw new UnencodableMessageError(
        message.topic,
        message.messageId,
        error instanceof UnsupportedValueError ? error.message : `the codec threw ${String(error)}`,
        { cause: error },
      );
    }
    if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
      throw new UnencodableMessageError(
        message.topic,
        message.messageId,
        'the codec returned neither a string nor a Uint8Array',
      );
    }
    this.#seq = seq;
    const entry: Outgoing = {
      seq,
      channel: this.channelPrefix + message.topic,
      payload,
      topic: message.topic,
    };
    // Straight out only when nothing older waits, so that Redis gets them in order.
    if (this.#publisher.status === 'ready' && this.#buffer.size === 0) this.#transmit(entry);
    else this.#hold(entry);
  }

  #transmit(entry: Outgoing): void {
    this.#inFlight += 1;
    const { payload } = entry;
    const data =
      typeof payload === 'string' || Buffer.isBuffer(payload)
        ? payload
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    this.#publisher.publish(entry.channel, data).then(
      () => {
        this.#inFlight -= 1;
        this.#counts.sent += 1;
        this.#checkIdle();
      },
      (error: Error) => {
        this.#inFlight -= 1;
        if (error.name === 'ReplyError') {
          // Redis answered, and said no: resending would get the same answer.
          this.#counts.failed += 1;
          this.#report(
            new RedisConnectionError(
              'publisher',
              `refused to publish on ${JSON.stringify(entry.channel)}`,
              { cause: error },
            ),
          );
        } else {
          // The connection went before Redis answered: send again once it is back (a copy
          // that did get through is dropped by the receivers as a duplicate).
          this.#hold(entry);
          if (this.#publisher.status === 'ready') this.#flushBuffer();
        }
        this.#checkIdle();
      },
    );
  }

  #hold(entry: Outgoing): void {
    const dropped = this.#buffer.add(entry);
    if (dropped === undefined) return;
    this.#counts.dropped += 1;
    this.#outageDropped += 1;
    if (this.#outageDropped === 1) {
      this.#outageFirstTopic = dropped.topic;
      this.#report(new BufferOverflowError(this.#buffer.capacity, 1, dropped.topic, false));
    }
  }

  #flushBuffer(): void {
    for (const entry of this.#buffer.drain()) this.#transmit(entry);
  }

  // --- Interest ----------------------------------------------------------------------------

  #subscribed(info: SubscriptionInfo): void {
    if (this.#interest.add(info.subscriptionId, info.topicPattern)) this.#scheduleReconcile();
  }

  #unsubscribed(info: SubscriptionInfo): void {
    if (this.#interest.remove(info.subscriptionId)) this.#scheduleReconcile();
  }

  /** Subscription changes of one turn go to Redis together. */
  #scheduleReconcile(): void {
    if (this.#reconcileScheduled) return;
    this.#reconcileScheduled = true;
    queueMicrotask(() => {
      this.#reconcileScheduled = false;
      if (this.#closing === undefined) this.#reconcile();
      this.#checkIdle();
    });
  }

  #reconcile(): void {
    const wanted = new Set(this.#interest.globs(this.channelPrefix));
    const added = [...wanted].filter((glob) => !this.#globs.has(glob));
    const removed = [...this.#globs].filter((glob) => !wanted.has(glob));
    this.#globs = wanted;
    // Subscribe before unsubscribing, so that a channel moving from one glob to another is
    // never uncovered (a message that arrives twice meanwhile is dropped as a duplicate).
    this.#interestCommand('psubscribe', added);
    this.#interestCommand('punsubscribe', removed);
  }

  #interestCommand(command: 'psubscribe' | 'punsubscribe', globs: readonly string[]): void {
    for (let start = 0; start < globs.length; start += GLOBS_PER_COMMAND) {
      const chunk = globs.slice(start, start + GLOBS_PER_COMMAND);
      this.#pendingInterest += 1;
      this.#subscriber[command](...chunk).then(
        () => {
          this.#pendingInterest -= 1;
          this.#checkIdle();
        },
        (error: unknown) => {
          this.#pendingInterest -= 1;
          if (this.#closing === undefined) {
            this.#report(
              new RedisConnectionError(
                'subscriber',
                `refused ${command.toUpperCase()} ${chunk.join(' ')}`,
                { cause: error },
              ),
            );
          }
          this.#checkIdle();
        },
      );
    }
  }

  // --- Incoming ----------------------------------------------------------------------------

  #receive(channelBytes: Buffer, payload: Buffer): void {
    if (this.#closing !== undefined) return;
    const channel = channelBytes.toString('utf8');
    let decoded: unknown;
    try {
      decoded = this.#codec.decode(payload);
    } catch (error) {
      this.#malformed(channel, payload, `the codec could not decode it (${String(error)})`, error);
      return;
    }
    const record = fromWireRecord(decoded, channel.slice(this.channelPrefix.length));
    if (typeof record === 'string') {
      this.#malformed(channel, payload, record, undefined);
      return;
    }
    if (record.run === this.#run) {
      this.#counts.echoes += 1;
      return;
    }
    let peer = this.#peers.get(record.run);
    if (peer !== undefined && record.seq <= peer.lastSeq) {
      this.#counts.duplicates += 1;
      return;
    }
    if (peer === undefined) {
      peer = { lastSeq: record.seq, publisher: new RemotePublisher(record.node) };
      if (this.#peers.size >= MAX_PEERS) this.#peers.delete(this.#peers.keys().next().value!);
    } else {
      peer.lastSeq = record.seq;
      this.#peers.delete(record.run); // re-inserted below: the map is ordered by last message
    }
    this.#peers.set(record.run, peer);
    this.#counts.received += 1;
    this.#exchange
      .deliver({ publisher: peer.publisher, message: record.message })
      .then(undefined, (error: unknown) => this.#report(asError(error)));
  }

  #malformed(channel: string, payload: Buffer, reason: string, cause: unknown): void {
    this.#counts.malformed += 1;
    this.#report(
      new MalformedPayloadError(channel, payload, reason, cause === undefined ? {} : { cause }),
    );
  }

  // --- Idle and errors ---------------------------------------------------------------------

  #isOutgoingIdle(): boolean {
    return this.#inFlight === 0 && this.#buffer.size === 0;
  }

  #isIdle(): boolean {
    return !this.#reconcileScheduled && this.#pendingInterest === 0 && this.#isOutgoingIdle();
  }

  #checkIdle(): void {
    if (this.#idleWaiters.length === 0) return;
    const idle = this.#closing === undefined ? this.#isIdle() : this.#isOutgoingIdle();
    if (idle) this.#settleIdleWaiters();
  }

  #settleIdleWaiters(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #report(error: Error): void {
    try {
      this.#onError(error);
    } catch (failure) {
      console.error('sigx/redis: onError threw while reporting', error, failure);
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
