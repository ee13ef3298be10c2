import type { Redis, RedisOptions } from 'ioredis';
import type { Codec } from '@sigx/bridge';

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
   * one `autoResubscribe: false` (the bridge resubscribes itself, and reports a refusal),
   * `maxRetriesPerRequest: null`.
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
   * random run id), but a readable, unique name helps when reading logs. At most 256
   * characters (receivers refuse longer ones).
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
   * A secret shared by every bridge on the same channels (at least 16 bytes; a string counts
   * its UTF-8 bytes). Each record then travels with an HMAC-SHA256 over its channel and bytes,
   * and a bridge drops, before decoding it, whatever does not carry a valid one: counted in
   * `stats().unauthenticated` and reported ({@link UnauthenticatedPayloadError}). Without it,
   * anyone who may PUBLISH on the channels can send records any bridge takes as another's
   * (its `nodeId`, any `publisherName`). Bridges with and without a key, or with different
   * keys, do not understand each other.
   * @default none: records are not authenticated
   */
  readonly sharedKey?: string | Uint8Array;
  /**
   * Told of what goes wrong away from any call: a malformed payload from Redis, or one without
   * the `sharedKey` (the first 10 of a kind in 5 s one by one, then one summary), a buffer
   * overflow, a lost connection (once per outage; the bridge reconnects by itself), a message
   * given up, a subscription Redis refused ({@link SubscriptionRefusedError}), a received
   * message the local exchange refused (its topic rule). Never told of handler errors: the exchange's own `onError` gets those. An
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
  /**
   * Sends repeated after the publishing connection was lost before Redis answered (each is
   * one more `PUBLISH`; receivers drop a copy that had got through). At most one per
   * unanswered message and connection loss.
   */
  readonly resent: number;
  /** Messages from other bridges delivered into the local exchange. */
  readonly received: number;
  /** Messages waiting for the connection now. */
  readonly buffered: number;
  /** Messages handed to Redis and not yet acknowledged. */
  readonly inFlight: number;
  /**
   * Messages dropped because the buffer was full, because they were still buffered at
   * `close()`, or because the connection was lost three times with one unanswered, the last
   * time sent alone (a payload that makes Redis close the connection).
   */
  readonly dropped: number;
  /** Messages Redis refused with an error reply (reported to `onError`). */
  readonly failed: number;
  /** This bridge's own messages that came back from Redis, ignored. */
  readonly echoes: number;
  /** Messages received twice (resent after a connection loss), ignored. */
  readonly duplicates: number;
  /**
   * Payloads that were not sigx messages (or had ids out of bounds, or an impossible sequence
   * number), reported and dropped.
   */
  readonly malformed: number;
  /** Payloads without this bridge's `sharedKey` (a missing or wrong MAC), reported and dropped. */
  readonly unauthenticated: number;
  /**
   * Senders remembered for duplicate suppression: the most recent 10 000, fewer when their
   * ids are long (at most 4 MiB of them).
   */
  readonly peers: number;
  /**
   * The Redis glob patterns this bridge subscribes to (`PSUBSCRIBE`), sorted; not those Redis
   * refused ({@link SubscriptionRefusedError}).
   */
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
