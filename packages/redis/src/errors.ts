/**
 * Errors of `@sigx/redis` about Redis itself. Each has a stable `code` and carries what it is
 * about. `connectRedis` rejects with `RedisConnectionError`; everything that happens later,
 * away from any call, goes to the bridge's `onError` option. The errors about records
 * (`UnencodableMessageError`, `MalformedPayloadError`, ...) are `@sigx/bridge`'s, re-exported.
 */

/**
 * The connection to Redis failed: `connectRedis` rejects with it when the first connection
 * cannot be made; later, the loss of an established connection is reported to `onError` once
 * per outage (the bridge reconnects by itself), as is a subscription Redis refused.
 */
export class RedisConnectionError extends Error {
  /** Always `'RedisConnectionError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'RedisConnectionError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_CONNECTION';
  /** Which of the bridge's two connections: the one that publishes or the one that subscribes. */
  readonly connection: 'publisher' | 'subscriber';

  /**
   * @param connection - which connection.
   * @param what - what happened, in words.
   * @param options - `cause`: the client's error.
   */
  constructor(connection: 'publisher' | 'subscriber', what: string, options?: ErrorOptions) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Redis ${connection} connection ${what}${detail}`, options);
    this.connection = connection;
  }
}

/**
 * Redis refused to subscribe the bridge to some of its globs (an ACL without those channels:
 * Redis 7 compares a `PSUBSCRIBE` glob literally with the user's channel patterns). The local
 * subscriptions filed under them receive nothing from other processes. `connectRedis` rejects
 * with it when it happens to the subscriptions the exchange has at start-up; later (a new
 * subscription, a resubscription after an ACL change) it is reported to `onError`. The
 * refused globs are left out of `stats().patterns` and not requested again until no
 * subscription wants them and one wants them anew.
 */
export class SubscriptionRefusedError extends Error {
  /** Always `'SubscriptionRefusedError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'SubscriptionRefusedError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_REDIS_SUBSCRIPTION_REFUSED';
  /** The refused Redis globs, channel prefix included. */
  readonly globs: readonly string[];

  /**
   * @param globs - the refused globs.
   * @param options - `cause`: Redis's error reply.
   */
  constructor(globs: readonly string[], options?: ErrorOptions) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      `Redis refused PSUBSCRIBE ${globs.join(' ')}${detail}. The subscriptions filed under ` +
        `${globs.length === 1 ? 'it' : 'them'} get nothing from other processes; the Redis user ` +
        `needs each glob allowed as written (allchannels, or ${globs.map((glob) => `&${glob}`).join(' ')})`,
      options,
    );
    this.globs = Object.freeze([...globs]);
  }
}
