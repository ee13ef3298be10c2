import {
  BufferOverflowError,
  checkCommonOptions,
  decodeRecord,
  encodeRecord,
  newRunId,
  PayloadReports,
  RecordGate,
  RecordMac,
  type BridgedExchange,
  type Codec,
} from '@sigx/bridge';
import type { Message, SignalExchange, SubscriptionInfo, TopicMap } from '@sigx/core';
import { Redis, type RedisOptions } from 'ioredis';
import { RedisConnectionError, SubscriptionRefusedError } from './errors.js';
import { Interest } from './interest.js';
import { SendBuffer, type Outgoing } from './send-buffer.js';
import type { RedisBridge, RedisBridgeOptions, RedisBridgeStats } from './types.js';

/** Default of the `maxBuffered` option. */
export const DEFAULT_MAX_BUFFERED = 10_000;
/** Separates the MACs of this format from any other use of the same key. */
const MAC_DOMAIN = 'sigx-redis-mac-v1';
/** Globs per PSUBSCRIBE / PUNSUBSCRIBE command. */
const GLOBS_PER_COMMAND = 1_000;
/**
 * A message unanswered at this many losses of the publishing connection, the last time sent
 * alone, is given up: Redis closes the connection on some payloads (one above
 * `proto-max-bulk-len`), and resending it would close every new connection too.
 */
const MAX_STRIKES = 3;
/** Resends after repeated losses wait 100 ms, 200 ms, ... up to this (then half jittered). */
const MAX_RESEND_DELAY_MS = 5_000;

type Which = 'publisher' | 'subscriber';

/**
 * Bridges an exchange to Redis: every message published on it is also published to Redis, on
 * channel `channelPrefix + topic`, and every message another bridge publishes there on a
 * topic the exchange's subscriptions can match is delivered into it, once. Local
 * subscribers get local messages directly, as before; a message received from Redis is not
 * sent back. The bridge subscribes in Redis only to what its subscriptions can match (by their
 * literal prefixes), and keeps that up to date as subscriptions come and go.
 *
 * A message published with `retain: true` is delivered with `retain: true` too, so every
 * exchange that receives it keeps it as its topic's retained message (or forgets the topic's
 * retained message, for a `value` of `undefined`). Queue groups (`subscribe({ group })`) are
 * per exchange: each exchange's group takes its own copy.
 *
 * Delivery across processes is at most once, as Redis pub/sub gives it: a bridge that is
 * disconnected, or not yet subscribed, misses what is published meanwhile. Messages published
 * while Redis is unreachable are buffered (up to `maxBuffered`) and sent on reconnection; the
 * bridge reconnects and resubscribes by itself. A message whose value the codec cannot encode
 * is refused: `publish` rejects with {@link UnencodableMessageError}.
 *
 * @typeParam T - the exchange's topic map: typed exchanges are bridged like untyped ones (what
 * crosses is whatever `publish` and `deliver` take).
 * @param exchange - the exchange to bridge.
 * @param options - see {@link RedisBridgeOptions}.
 * @returns a promise of the bridge, once both connections are up and Redis has confirmed the
 * subscriptions of the exchange's current subscriptions.
 * @throws (rejects) `TypeError` or `RangeError` for bad options, before connecting.
 * @throws (rejects) {@link RedisConnectionError} when the first connection attempt fails.
 * @throws (rejects) {@link SubscriptionRefusedError} when Redis refuses to subscribe to a glob
 * of the exchange's current subscriptions (an ACL without those channels).
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
export async function connectRedis<T extends TopicMap>(
  exchange: SignalExchange<T>,
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
  readonly mac: RecordMac | undefined;
  readonly report: (error: Error) => void;
}

function checkOptions(exchange: BridgedExchange, options: RedisBridgeOptions): CheckedOptions {
  const { codec, nodeId, key, report } = checkCommonOptions('connectRedis', exchange, options);
  const {
    url,
    client,
    redisOptions = {},
    channelPrefix = 'sigx:',
    maxBuffered = DEFAULT_MAX_BUFFERED,
  } = options;
  if (url !== undefined && client !== undefined) {
    throw new TypeError('give connectRedis a url or a client, not both');
  }
  if (url !== undefined && typeof url !== 'string') throw new TypeError('url must be a string');
  if (client !== undefined && typeof (client as Partial<Redis>).duplicate !== 'function') {
    throw new TypeError('client must be an ioredis client (with duplicate())');
  }
  if (typeof channelPrefix !== 'string') throw new TypeError('channelPrefix must be a string');
  if (!Number.isSafeInteger(maxBuffered) || maxBuffered < 0) {
    throw new RangeError(`maxBuffered must be an integer >= 0, got ${String(maxBuffered)}`);
  }

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
  // The bridge resubscribes itself after a reconnection: ioredis's own resubscription leaves
  // a refusal (an ACL change) as an unhandled rejection, which ends the process.
  const subscriberOptions: RedisOptions = {
    lazyConnect: true,
    autoResubscribe: false,
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
  const mac = key === undefined ? undefined : new RecordMac(key, MAC_DOMAIN);
  return { connections, channelPrefix, codec, nodeId, maxBuffered, mac, report };
}

class Bridge implements RedisBridge {
  readonly nodeId: string;
  readonly channelPrefix: string;
  readonly #exchange: BridgedExchange;
  readonly #codec: Codec;
  readonly #mac: RecordMac | undefined;
  readonly #report: (error: Error) => void;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  /** Random per bridge: told apart from any other bridge, even one with the same nodeId. */
  readonly #run = newRunId();
  readonly #buffer: SendBuffer;
  readonly #interest = new Interest();
  /** The globs requested from Redis and not refused. */
  #globs = new Set<string>();
  /** Globs Redis refused, not requested again while a subscription still wants them. */
  readonly #refused = new Set<string>();
  /** While `start()` waits for the first subscriptions: what Redis refused meanwhile. */
  #startRefusals: { globs: string[]; cause: unknown } | undefined;
  #reconcileScheduled = false;
  #pendingInterest = 0;
  #seq = 0;
  /** Handed to the publishing connection and not answered yet, oldest first. */
  readonly #inFlight = new Set<Outgoing>();
  /**
   * Whether the publishing connection is up: set on its `ready` event, cleared on `close` and
   * on a failed write (ioredis may still say 'ready' while its socket is already closing).
   */
  #publisherUp = false;
  /** Up, and allowed to send: after repeated losses, resending waits for a backoff. */
  #sending = false;
  /** Consecutive losses of the publishing connection with messages unanswered. */
  #losses = 0;
  #resendTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * A message sent alone, the rest held until Redis answers it: the oldest, when it was
   * unanswered at two losses or more (it may be what makes Redis close the connection).
   */
  #probe: Outgoing | undefined;
  readonly #gate = new RecordGate(this.#run);
  readonly #counts = {
    sent: 0,
    resent: 0,
    received: 0,
    dropped: 0,
    failed: 0,
    echoes: 0,
    duplicates: 0,
  };
  readonly #payloads: PayloadReports;
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

  constructor(exchange: BridgedExchange, options: CheckedOptions) {
    this.nodeId = options.nodeId;
    this.channelPrefix = options.channelPrefix;
    this.#exchange = exchange;
    this.#codec = options.codec;
    this.#mac = options.mac;
    this.#report = options.report;
    this.#payloads = new PayloadReports('Redis channel', options.report);
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
    this.#startRefusals = { globs: [], cause: undefined };
    this.#stopObserving = this.#exchange.observe({
      onPublish: (message, _publisher, details) =>
        this.#forward(message, details.retain, details.traceparent),
      onSubscribe: (info) => this.#subscribed(info),
      onUnsubscribe: (info) => this.#unsubscribed(info),
    });
    await this.flush();
    const { globs, cause } = this.#startRefusals;
    this.#startRefusals = undefined;
    if (globs.length > 0) {
      // Resolving would claim subscriptions that are not there: give up, and say which.
      await this.close();
      throw new SubscriptionRefusedError(globs.sort(), { cause });
    }
  }

  stats(): RedisBridgeStats {
    return {
      nodeId: this.nodeId,
      connected: this.#publisherUp && this.#subscriber.status === 'ready',
      ...this.#counts,
      malformed: this.#payloads.malformed,
      unauthenticated: this.#payloads.unauthenticated,
      buffered: this.#buffer.size,
      inFlight: this.#inFlight.size,
      peers: this.#gate.peers,
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
    if (this.#publisherUp && !this.#sending) this.#release(); // no backoff for the last send
    if (this.#publisherUp && !this.#isOutgoingIdle()) {
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
    this.#payloads.flush();
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
    // ioredis emits its events a tick late: by now the connection may be gone again.
    if (this.#connection(which).status !== 'ready') return;
    this.#up[which] = true;
    this.#lastError[which] = undefined;
    if (which === 'subscriber') {
      // A reconnection: the new connection has no subscriptions yet.
      if (this.#closing === undefined) this.#interestCommand('psubscribe', [...this.#globs]);
      return;
    }
    this.#publisherUp = true;
    // Also while closing: close() waits for the buffer to go out while the connection is up.
    const delay = resendDelay(this.#losses);
    if (delay === 0 || this.#closing !== undefined) this.#release();
    else this.#resendTimer = setTimeout(() => this.#release(), delay);
    if (this.#outageDropped > 0 && this.#closing === undefined) {
      this.#report(
        new BufferOverflowError(
          'Redis',
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
    if (which === 'publisher') this.#publisherDown();
    if (this.#closing !== undefined || !this.#up[which]) return;
    this.#up[which] = false; // reported once until it is up again
    const cause = this.#lastError[which];
    if (which === 'publisher') {
      this.#report(new RedisConnectionError(which, 'was lost; reconnecting', { cause }));
      return;
    }
    // Redis tells a client nothing when it cuts it off for falling behind: if it still
    // answers on the other connection, it stayed up, and that is the likely cause.
    void this.#outputBufferLimit().then((limit) => {
      if (this.#closing !== undefined) return;
      const what =
        limit === undefined
          ? 'was lost; reconnecting'
          : 'was closed while Redis stayed up (the publishing connection still answers): Redis ' +
            'cuts off a pub/sub client that falls behind its client-output-buffer-limit pubsub ' +
            `(${limit}), so this process most likely read what it subscribes to slower than it ` +
            'came (a blocked event loop, a burst); CLIENT KILL and ACL changes close it too. ' +
            'Reconnecting; what is published meanwhile is lost';
      this.#report(new RedisConnectionError(which, what, { cause }));
    });
  }

  /**
   * Asks Redis, through the publishing connection, for its output buffer limit of pub/sub
   * clients.
   * @returns the limit in words (the defaults when Redis may not say), or `undefined` when it
   * does not answer within a second (it is down, or so is that connection).
   */
  async #outputBufferLimit(): Promise<string | undefined> {
    const defaults = '32mb hard, 8mb for 60 s by default';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 1_000);
    });
    try {
      const reply = await Promise.race([
        this.#publisher.config('GET', 'client-output-buffer-limit'),
        timeout,
      ]);
      if (reply === 'timeout') return undefined;
      const words = String((reply as unknown[])[1] ?? '').split(' ');
      const at = words.indexOf('pubsub');
      if (at === -1) return defaults;
      const [hard, soft, seconds] = words.slice(at + 1, at + 4).map(Number) as number[];
      return `here ${hard === 0 ? 'no' : size(hard!)} hard, ${
        soft === 0 ? 'no soft limit' : `${size(soft!)} for ${seconds} s`
      }`;
    } catch (error) {
      return isReplyError(error) ? defaults : undefined; // refused (ACL): Redis is up
    } finally {
      clearTimeout(timer);
    }
  }

  // --- Outgoing ----------------------------------------------------------------------------

  /**
   * The `onPublish` observer: encodes now (a failure refuses the publish), sends or buffers.
   * `retain` crosses in the record, so that receivers retain (or forget) the message too, and
   * `traceparent`, so that their traces continue this publish's.
   */
  #forward(message: Message, retain: boolean, traceparent: string | undefined): void {
    const seq = this.#seq + 1;
    const sender = { node: this.nodeId, run: this.#run, seq };
    const payload = encodeRecord(this.#codec, 'Redis', message, sender, retain, traceparent);
    this.#seq = seq;
    const channel = this.channelPrefix + message.topic;
    const entry: Outgoing = {
      seq,
      channel,
      payload: this.#mac === undefined ? payload : this.#mac.seal(channel, payload),
      topic: message.topic,
      attempts: 0,
      strikes: 0,
    };
    // Straight out only when nothing older waits, so that Redis gets them in order.
    if (this.#sending && this.#buffer.size === 0 && this.#probe === undefined) {
      this.#transmit(entry);
    } else {
      this.#hold(entry);
    }
  }

  /** Sends what is buffered: on `ready`, or once the backoff after repeated losses is over. */
  #release(): void {
    clearTimeout(this.#resendTimer);
    this.#resendTimer = undefined;
    if (!this.#publisherUp) return;
    this.#sending = true;
    this.#flushBuffer();
  }

  /**
   * The publishing connection is gone (its `close` event), or a write failed without an
   * answer from Redis: hold everything until the next `ready`. Never resend from here: a
   * write that fails at once would otherwise be retried in a loop of microtasks that starves
   * the event loop, and the `close` that ends it would never come.
   */
  #publisherDown(): void {
    if (!this.#publisherUp) return;
    this.#publisherUp = false;
    this.#sending = false;
    clearTimeout(this.#resendTimer);
    this.#resendTimer = undefined;
    if (this.#inFlight.size > 0) {
      this.#losses += 1;
      for (const entry of this.#inFlight) entry.strikes += 1;
    }
    // A failed write while ioredis still says 'ready': make sure a reconnection follows.
    if (this.#publisher.status === 'ready' && this.#closing === undefined) {
      this.#publisher.disconnect(true);
    }
  }

  #transmit(entry: Outgoing): void {
    this.#inFlight.add(entry);
    if (entry.attempts > 0) this.#counts.resent += 1;
    entry.attempts += 1;
    const { payload } = entry;
    const data =
      typeof payload === 'string' || Buffer.isBuffer(payload)
        ? payload
        : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    this.#publisher.publish(entry.channel, data).then(
      () => {
        this.#inFlight.delete(entry);
        this.#counts.sent += 1;
        this.#losses = 0;
        this.#probed(entry, true, false);
        this.#checkIdle();
      },
      (error: Error) => {
        if (isReplyError(error)) {
          this.#inFlight.delete(entry);
          // Redis answered, and said no: resending would get the same answer.
          this.#counts.failed += 1;
          this.#report(
            new RedisConnectionError(
              'publisher',
              `refused to publish on ${JSON.stringify(entry.channel)}`,
              { cause: error },
            ),
          );
          this.#probed(entry, true, true);
        } else {
          // The connection went before Redis answered: send again after the next `ready` (a
          // copy that did get through is dropped by the receivers as a duplicate).
          this.#publisherDown();
          this.#inFlight.delete(entry);
          const culprit = entry === this.#probe && entry.strikes >= MAX_STRIKES;
          this.#probed(entry, false, culprit);
          if (!culprit) {
            this.#hold(entry);
          } else {
            this.#counts.dropped += 1;
            this.#report(
              new RedisConnectionError(
                'publisher',
                `was closed ${MAX_STRIKES} times with the message on ${JSON.stringify(entry.channel)} unanswered, the last time sent alone: dropped it (Redis closes the connection on a payload larger than its proto-max-bulk-len)`,
              ),
            );
          }
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
      this.#report(
        new BufferOverflowError('Redis', this.#buffer.capacity, 1, dropped.topic, false),
      );
    }
  }

  /**
   * Sends the buffer, in order. A message that was unanswered at two losses of the connection
   * goes alone (a probe), the rest waiting for its answer: Redis answers in order, so a payload
   * that makes it close the connection (and the answers before it can be lost with the reset)
   * is then told apart from the innocent ones around it.
   */
  #flushBuffer(): void {
    if (this.#probe !== undefined) return;
    if ((this.#buffer.peek()?.strikes ?? 0) >= 2) {
      this.#probe = this.#buffer.shift()!;
      this.#transmit(this.#probe);
      return;
    }
    for (const entry of this.#buffer.drain()) this.#transmit(entry);
  }

  /**
   * The probe has its answer, or the connection went with it. Once Redis has refused it, or
   * it was given up, it was the culprit: the others go out together again.
   */
  #probed(entry: Outgoing, answered: boolean, culprit: boolean): void {
    if (entry !== this.#probe) return;
    this.#probe = undefined;
    if (culprit) this.#buffer.forEach((other) => (other.strikes = 0));
    if (answered && this.#sending) this.#flushBuffer();
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
    for (const glob of this.#refused) if (!wanted.has(glob)) this.#refused.delete(glob);
    const added = [...wanted].filter((glob) => !this.#globs.has(glob) && !this.#refused.has(glob));
    const removed = [...this.#globs].filter((glob) => !wanted.has(glob));
    this.#globs = new Set([...wanted].filter((glob) => !this.#refused.has(glob)));
    // Subscribe before unsubscribing, so that a channel moving from one glob to another is
    // never uncovered (a message that arrives twice meanwhile is dropped as a duplicate).
    this.#interestCommand('psubscribe', added);
    this.#interestCommand('punsubscribe', removed);
  }

  #interestCommand(command: 'psubscribe' | 'punsubscribe', globs: readonly string[]): void {
    for (let start = 0; start < globs.length; start += GLOBS_PER_COMMAND) {
      const chunk = globs.slice(start, start + GLOBS_PER_COMMAND);
      this.#pendingInterest += 1;
      this.#runInterestCommand(command, chunk).then(
        () => {
          this.#pendingInterest -= 1;
          this.#checkIdle();
        },
        (error: unknown) => {
          this.#pendingInterest -= 1;
          this.#report(asError(error));
          this.#checkIdle();
        },
      );
    }
  }

  async #runInterestCommand(
    command: 'psubscribe' | 'punsubscribe',
    chunk: readonly string[],
  ): Promise<void> {
    let failure: unknown;
    try {
      await this.#subscriber[command](...chunk);
      return;
    } catch (error) {
      failure = error;
    }
    if (this.#closing !== undefined) return;
    if (command === 'punsubscribe' || !isReplyError(failure)) {
      this.#report(
        new RedisConnectionError(
          'subscriber',
          `refused ${command.toUpperCase()} ${chunk.join(' ')}`,
          { cause: failure },
        ),
      );
      return;
    }
    let refused = chunk;
    if (chunk.length > 1) {
      // Redis refuses a whole PSUBSCRIBE for one glob it may not give: find which, so that
      // the others take effect.
      const outcomes = await Promise.allSettled(
        chunk.map((glob) => this.#subscriber.psubscribe(glob)),
      );
      refused = chunk.filter((_, index) => {
        const outcome = outcomes[index]!;
        return outcome.status === 'rejected' && isReplyError(outcome.reason);
      });
    }
    if (refused.length > 0 && this.#closing === undefined) this.#refuse(refused, failure);
  }

  /** Globs Redis refused: out of `stats().patterns`, not requested again while still wanted. */
  #refuse(globs: readonly string[], cause: unknown): void {
    for (const glob of globs) {
      if (this.#globs.delete(glob)) this.#refused.add(glob);
    }
    if (this.#startRefusals !== undefined) {
      this.#startRefusals.globs.push(...globs);
      this.#startRefusals.cause ??= cause;
    } else {
      this.#report(new SubscriptionRefusedError(globs, { cause }));
    }
  }

  // --- Incoming ----------------------------------------------------------------------------

  #receive(channelBytes: Buffer, payload: Buffer): void {
    if (this.#closing !== undefined) return;
    const channel = channelBytes.toString('utf8');
    let body: Uint8Array = payload;
    if (this.#mac !== undefined) {
      // Before anything else: nothing from a sender without the key is decoded.
      const opened = this.#mac.open(channelBytes, payload);
      if (typeof opened === 'string') {
        this.#payloads.unauthenticatedPayload(channel, payload, opened);
        return;
      }
      body = opened;
    }
    const topic = channel.slice(this.channelPrefix.length);
    const record = decodeRecord(this.#codec, body, topic);
    if ('reason' in record) {
      this.#payloads.malformedPayload(channel, body, record.reason, record.cause);
      return;
    }
    const admission = this.#gate.admit(record);
    switch (admission.verdict) {
      case 'echo':
        this.#counts.echoes += 1;
        return;
      case 'duplicate':
        this.#counts.duplicates += 1;
        return;
      case 'forged':
        this.#payloads.malformedPayload(channel, body, admission.reason);
        return;
    }
    this.#counts.received += 1;
    this.#exchange
      .deliver({
        publisher: admission.publisher,
        message: record.message,
        retain: record.retain,
        ...(record.traceparent === undefined ? {} : { traceparent: record.traceparent }),
      })
      .then(undefined, (error: unknown) => this.#report(asError(error)));
  }

  // --- Idle and errors ---------------------------------------------------------------------

  #isOutgoingIdle(): boolean {
    return this.#inFlight.size === 0 && this.#buffer.size === 0;
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
}

/**
 * How long to wait after a reconnection before resending: at once after one loss, then 100 ms,
 * 200 ms, ... up to {@link MAX_RESEND_DELAY_MS}, half of it random so that bridges that lost
 * the same Redis do not resend in step.
 * @param losses - consecutive losses with messages unanswered.
 * @returns milliseconds.
 */
function resendDelay(losses: number): number {
  if (losses <= 1) return 0;
  const delay = Math.min(MAX_RESEND_DELAY_MS, 100 * 2 ** (losses - 2));
  return delay / 2 + Math.random() * (delay / 2);
}

/** Bytes as Redis writes sizes: `256kb`, `32mb` (powers of 1024), or `1000 bytes`. */
function size(bytes: number): string {
  if (bytes % 1_048_576 === 0) return `${bytes / 1_048_576}mb`;
  if (bytes % 1_024 === 0) return `${bytes / 1_024}kb`;
  return `${bytes} bytes`;
}

function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
