import type { Redis, RedisOptions } from 'ioredis';
import type { Codec } from './codec.js';

/** Options of {@link connectRedis}. */
export interface RedisBridgeOptions {
  /**
   * Where Redis is: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS.
   * Give `url` or `client`, not both.
   * @default 'redis://127.0.0.1:6379'
   */
  readonly url?: string;
  /**
   * An ioredis client whose connection options the bridge reuses: it opens its own two
   * connections with `client.duplicate()` and never uses, nor closes, the client itself.
   */
  readonly client?: Redis;
  /**
   * More ioredis options for the connections made from `url` (TLS, `retryStrategy`,
   * `connectTimeout`...). The bridge sets the options its guarantees rest on: `lazyConnect`,
   * and on the publishing connection `enableOfflineQueue: false`, `maxRetriesPerRequest: 0`,
   * `autoResendUnfulfilledCommands: false` (it buffers and resends itself), on the subscribing
   * one `autoResubscribe: true`, `maxRetriesPerRequest: null`.
   */
  readonly redisOptions?: RedisOptions;
  /**
   * Prepended to a topic to make its Redis channel (`sigx:parent/child`). Bridges with
   * different prefixes on one Redis do not see each other.
   * @default 'sigx:'
   */
  readonly channelPrefix?: string;
  /**
   * Encodes messages for Redis and decodes them; every bridge on the same channels must use
   * the same one.
   * @default {@link defaultCodec}: JSON plus `undefined`, `BigInt`, `Date`, `Map`, `Set`
   */
  readonly codec?: Codec;
  /**
   * Names this bridge to the others: remote handlers receive `new RemotePublisher(nodeId)` as
   * `publisher`. Echo and duplicate suppression do not rely on it (each bridge also has a
   * random run id), but a readable, unique name helps when reading logs.
   * @default a random 32-hex-digit id
   */
  readonly nodeId?: string;
  /**
   * Most messages held while Redis is unreachable; they are sent, in order, when it is back.
   * Past the bound the newest messages are dropped, counted in `stats().dropped` and reported
   * to `onError` ({@link BufferOverflowError}). `0` buffers nothing.
   * @default 10_000
   */
  readonly maxBuffered?: number;
  /**
   * Told of what goes wrong away from any call: a malformed payload from Redis, a buffer
   * overflow, a lost connection (once per outage; the bridge reconnects by itself), a
   * subscription Redis refused, a received message the local exchange refused (its topic
   * rule). Never told of handler errors: the exchange's own `onError` gets those. An
   * `onError` that throws is written to `console.error`.
   * @default writes the error to `console.error`
   */
  readonly onError?: (error: Error) => void;
}

/** What a bridge has done so far: {@link RedisBridge.stats}. */
export interface RedisBridgeStats {
  /** This bridge's node id. */
  readonly nodeId: string;
  /** Whether both connections (publishing and subscribing) are up. */
  readonly connected: boolean;
  /** Messages Redis accepted (PUBLISH replied). */
  readonly sent: number;
  /** Messages from other bridges delivered into the local exchange. */
  readonly received: number;
  /** Messages waiting for the connection now. */
  readonly buffered: number;
  /** Messages handed to Redis and not yet acknowledged. */
  readonly inFlight: number;
  /** Messages dropped because the buffer was full, or still buffered at `close()`. */
  readonly dropped: number;
  /** Messages Redis refused with an error reply (reported to `onError`). */
  readonly failed: number;
  /** This bridge's own messages that came back from Redis, ignored. */
  readonly echoes: number;
  /** Messages received twice (resent after a connection loss), ignored. */
  readonly duplicates: number;
  /** Payloads that were not sigx messages, reported and dropped. */
  readonly malformed: number;
  /** The Redis glob patterns this bridge is subscribed to (`PSUBSCRIBE`), sorted. */
  readonly patterns: readonly string[];
}

/** A connected bridge between a `SignalExchange` and Redis: what {@link connectRedis} returns. */
export interface RedisBridge {
  /** This bridge's node id (the `nodeId` option, or a random one). */
  readonly nodeId: string;
  /** The channel prefix. */
  readonly channelPrefix: string;
  /** @returns counters and state, a fresh object each call. */
  stats(): RedisBridgeStats;
  /**
   * Waits until Redis has confirmed the subscriptions for every local subscription made so
   * far, and accepted every message published so far (or it was dropped). While Redis is
   * unreachable it waits for the reconnection; after `close()` it resolves at once.
   * @returns a promise that resolves then.
   */
  flush(): Promise<void>;
  /**
   * Stops the bridge: local publishes are no longer sent and nothing more is received. It waits
   * for the messages already handed over while the connection is up; messages still buffered
   * because Redis is unreachable are dropped (counted and reported). Then both connections are
   * closed. Calling it again returns the same promise.
   * @returns a promise that resolves once both connections are closed.
   */
  close(): Promise<void>;
}
