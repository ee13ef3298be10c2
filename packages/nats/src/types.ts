import type { Codec } from '@sigx/bridge';
import type { NodeConnectionOptions } from '@nats-io/transport-node';

/** Options of {@link connectNats}. */
export interface NatsBridgeOptions {
  /**
   * The NATS servers to connect to (`nats://host:port`, or `tls://`); the client learns the
   * other servers of a cluster from the one it reaches, and reconnects to any of them.
   * @default 'nats://127.0.0.1:4222'
   */
  readonly servers?: string | readonly string[];
  /**
   * More options of the `@nats-io/transport-node` client, passed through: authentication
   * (`user` and `pass`, `token`, `authenticator` such as `nkeyAuthenticator(seed)`), `tls`
   * (`{ caFile, certFile, keyFile }`), `name`, `reconnectTimeWait`, `maxReconnectAttempts`
   * (the bridge sets `-1`, reconnecting forever, unless given)... `servers` is the option
   * above; `noEcho` stays off (the bridge's own queue-group messages must come back to it).
   */
  readonly natsOptions?: Omit<NodeConnectionOptions, 'servers' | 'noEcho'>;
  /**
   * The subject tokens every topic goes under: `parent/child` is `sigx.parent.child`.
   * Bridges with different prefixes on one NATS do not see each other.
   * @default 'sigx'
   */
  readonly subjectPrefix?: string;
  /**
   * Encodes messages for NATS and decodes them; every bridge on the same subjects must use the
   * same one.
   * @default `defaultCodec` of `@sigx/bridge`: JSON plus `undefined`, `BigInt`, `Date`, `Map`,
   * `Set`
   */
  readonly codec?: Codec;
  /**
   * Names this bridge to the others: remote handlers receive `new RemotePublisher(nodeId)` as
   * `publisher`. At most 256 characters. In durable mode it also names the durable consumer,
   * unless `durable.consumer` is given.
   * @default a random 32-hex-digit id
   */
  readonly nodeId?: string;
  /**
   * Most messages published while NATS is unreachable that are held (by the client) until it
   * is back; past it the newest are dropped, counted in `stats().dropped` and reported
   * (`BufferOverflowError`). In durable mode, most publishes waiting for JetStream's
   * acknowledgement.
   * @default 10_000
   */
  readonly maxBuffered?: number;
  /**
   * Largest payload sent or taken, in bytes: a publish whose record is larger rejects with
   * `UnencodableMessageError`, and a larger payload received is dropped as malformed before it
   * is decoded. It can only lower the server's own `max_payload` (1 MiB by default).
   * @default the server's `max_payload`
   */
  readonly maxPayload?: number;
  /**
   * A secret shared by every bridge on the same subjects (at least 16 bytes): each record
   * travels with an HMAC-SHA256 over its subject and bytes, and a bridge drops, before decoding
   * it, whatever does not carry a valid one (`UnauthenticatedPayloadError`).
   * @default none: records are not authenticated
   */
  readonly sharedKey?: string | Uint8Array;
  /**
   * At-least-once delivery through JetStream, with replay for a process that was down: see
   * {@link DurableOptions}.
   * @default off: NATS core pub/sub, at most once
   */
  readonly durable?: DurableOptions;
  /**
   * Told of what goes wrong away from any call: a malformed or unauthenticated payload (the
   * first 10 of a kind in 5 s one by one, then one summary), a lost connection (the client
   * reconnects by itself), a slow-consumer cut-off, a refused subscription, a buffer overflow,
   * a JetStream failure, a received message the local exchange refused. Never told of handler
   * errors: the exchange's own `onError` gets those. An `onError` that throws is written to
   * `console.error`.
   * @default writes the error to `console.error`
   */
  readonly onError?: (error: Error) => void;
}

/**
 * The durable mode of {@link connectNats}: every message goes into a JetStream stream over
 * the bridge's subjects, and each bridge reads it through its own durable consumer, which
 * remembers, on the server, what the bridge acknowledged.
 */
export interface DurableOptions {
  /** The JetStream stream (made if missing, over `<subjectPrefix>.>`). */
  readonly stream: string;
  /**
   * The durable consumer of this bridge: a process that comes back with the same name
   * resumes where it left off, so give it (or `nodeId`) a stable name: the default random
   * `nodeId` makes a new consumer at every start. Give each live bridge its own: two bridges
   * reading one consumer each get some of the other's messages too (at least once, not shared).
   * @default the `nodeId`
   */
  readonly consumer?: string;
  /**
   * Where a new consumer starts: `'new'` (messages published from now on) or `'all'` (what
   * the stream holds).
   * @default 'new'
   */
  readonly startAt?: 'new' | 'all';
  /**
   * How long JetStream waits for the acknowledgement of a message (sent once the local
   * handlers ran) before it sends the message again.
   * @default 30_000
   */
  readonly ackWaitMs?: number;
  /**
   * Keep the last retained message of each topic in a second stream (`<stream>_RETAINED`,
   * one message per subject), and deliver them, retained, when the bridge starts.
   * @default true
   */
  readonly retained?: boolean;
  /** Limits of the stream, passed to JetStream when the bridge makes it. */
  readonly limits?: DurableLimits;
}

/** Bounds of a durable stream: whichever is reached first discards the oldest messages. */
export interface DurableLimits {
  /** Most messages kept. @default unlimited */
  readonly maxMessages?: number;
  /** Most bytes kept. @default unlimited */
  readonly maxBytes?: number;
  /** Oldest message kept, in milliseconds. @default unlimited */
  readonly maxAgeMs?: number;
  /** Largest message taken, in bytes. @default the server's `max_payload` */
  readonly maxMessageSize?: number;
  /** How long JetStream remembers message ids to drop a message sent twice. @default 120_000 */
  readonly duplicateWindowMs?: number;
  /** `'file'` or `'memory'`. @default 'file' */
  readonly storage?: 'file' | 'memory';
  /** Copies kept in a cluster. @default 1 */
  readonly replicas?: number;
}

/** What a bridge has done so far: {@link NatsBridge.stats}. */
export interface NatsBridgeStats {
  /** This bridge's node id. */
  readonly nodeId: string;
  /** Whether the connection is up. */
  readonly connected: boolean;
  /** Messages handed to NATS (in durable mode: acknowledged by JetStream). */
  readonly sent: number;
  /** Messages from other bridges delivered into the local exchange. */
  readonly received: number;
  /** Messages waiting for the connection (or, in durable mode, for JetStream) now. */
  readonly buffered: number;
  /** Messages dropped because the buffer was full, or given up by JetStream. */
  readonly dropped: number;
  /** This bridge's own messages that came back, ignored. */
  readonly echoes: number;
  /** Messages received twice (overlapping subscriptions, a redelivery), ignored. */
  readonly duplicates: number;
  /** Payloads that were not sigx records, reported and dropped. */
  readonly malformed: number;
  /** Payloads without this bridge's `sharedKey`, reported and dropped. */
  readonly unauthenticated: number;
  /** Senders remembered for duplicate suppression. */
  readonly peers: number;
  /** Times the server cut this client off for falling behind (most likely), or the client's own slow-consumer reports. */
  readonly slowConsumer: number;
  /**
   * Queue-group messages NATS gave this process that no member here took (a member left with
   * messages in flight, or the members' patterns or filters refused the message): lost for the
   * group, since NATS core does not give them to another process.
   */
  readonly unclaimed: number;
  /** The subjects this bridge subscribes to, sorted (none in durable mode: its consumer reads the stream). */
  readonly subjects: readonly string[];
  /** The queue subscriptions, as `group subject`, sorted. */
  readonly queueSubjects: readonly string[];
  /** Durable mode: messages acknowledged to JetStream, and those it sent again. */
  readonly durable?: {
    /** Messages acknowledged. */
    readonly acked: number;
    /** Messages JetStream delivered more than once. */
    readonly redelivered: number;
    /** Retained messages delivered at start. */
    readonly retainedReplayed: number;
  };
}

/** A connected bridge between a `SignalExchange` and NATS: what {@link connectNats} returns. */
export interface NatsBridge {
  /** This bridge's node id. */
  readonly nodeId: string;
  /** The subject prefix. */
  readonly subjectPrefix: string;
  /** @returns counters and state, a fresh object each call. */
  stats(): NatsBridgeStats;
  /**
   * Waits until NATS has processed the subscriptions for every local subscription made so far
   * and every message published so far (a round trip to the server; in durable mode, until
   * JetStream has acknowledged them). While NATS is unreachable it waits for the reconnection;
   * after `close()` it resolves at once.
   * @returns a promise that resolves then.
   */
  flush(): Promise<void>;
  /**
   * Stops the bridge: local publishes are no longer sent and nothing more is received. What
   * was handed over is flushed to the server first (in durable mode, the messages being
   * handled are acknowledged). Calling it again returns the same promise.
   * @returns a promise that resolves once the connection is closed.
   */
  close(): Promise<void>;
}
