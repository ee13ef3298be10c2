/**
 * Errors of `@sigx/nats` about NATS itself. Each has a stable `code` and carries what it is
 * about. `connectNats` rejects with `NatsConnectionError` or `SubscriptionRefusedError`;
 * everything that happens later, away from any call, goes to the bridge's `onError` option.
 * The errors about records (`UnencodableMessageError`, `MalformedPayloadError`, ...) are
 * `@sigx/bridge`'s, re-exported.
 */

/**
 * The connection to NATS failed, was lost (the client reconnects by itself, to any server of
 * the cluster it knows), or was cut off by the server (a slow consumer, an authorization
 * change). `connectNats` rejects with it when the first connection cannot be made.
 */
export class NatsConnectionError extends Error {
  /** Always `'NatsConnectionError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'NatsConnectionError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_NATS_CONNECTION';
  /**
   * `'connect'` (the first connection failed), `'lost'` (disconnected; reconnecting),
   * `'slow-consumer'` (the server cut this client off for falling behind), `'server-error'`
   * (the server reported an error), `'durable'` (a JetStream operation failed).
   */
  readonly reason: 'connect' | 'lost' | 'slow-consumer' | 'server-error' | 'durable';

  /**
   * @param reason - see {@link NatsConnectionError.reason}.
   * @param message - what happened, in words.
   * @param options - `cause`: the client's error.
   */
  constructor(reason: NatsConnectionError['reason'], message: string, options?: ErrorOptions) {
    super(`NATS: ${message}`, options);
    this.reason = reason;
  }
}

/**
 * NATS refused to subscribe to subjects (a permissions violation): `connectNats` rejects with
 * it for the subscriptions the exchange had; later refusals are reported to `onError`. The
 * subscriptions stay in the exchange, but receive nothing from other processes.
 */
export class SubscriptionRefusedError extends Error {
  /** Always `'SubscriptionRefusedError'` (for `error.name`, messages and stack traces). */
  override readonly name = 'SubscriptionRefusedError';
  /** Stable machine-readable code. */
  readonly code = 'ERR_SIGX_NATS_SUBSCRIPTION_REFUSED';
  /** The subjects refused, sorted. */
  readonly subjects: readonly string[];

  /**
   * @param subjects - the subjects refused.
   * @param options - `cause`: the server's error.
   */
  constructor(subjects: readonly string[], options?: ErrorOptions) {
    super(
      `NATS refused to subscribe to ${subjects.map((s) => JSON.stringify(s)).join(', ')}: this user may not subscribe there, so messages published on them by other processes do not arrive`,
      options,
    );
    this.subjects = [...subjects].sort();
  }
}
