/**
 * `SignalExchange#subscription`: a subscription as a disposable object, for `using`.
 */
import type { Subscriber } from './subscriptions.js';
import type { SubscribeOptions } from './types.js';

/**
 * `Symbol.dispose` where the runtime has it, else `Symbol.for('Symbol.dispose')`, the symbol
 * esbuild's `using` helper falls back on (and a polyfill would install).
 */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ??
  (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

/** `Symbol.asyncDispose`, with the same fallback: `Symbol.for('Symbol.asyncDispose')`. */
export const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

/**
 * A subscription that ends when it is disposed: what `SignalExchange#subscription` returns.
 * With `using`, the subscription lasts as long as the block:
 *
 * @example
 * ```ts
 * {
 *   using temps = exchange.subscription({ topicPattern: mqtt('sensors/+/temp'), handler });
 *   await exchange.publish('sensors/hall/temp', 21); // delivered
 * } // unsubscribed here, however the block is left
 * ```
 */
export interface SubscriptionHandle {
  /** The subscription's id, as `subscribe` returns it. */
  readonly subscriptionId: string;
  /**
   * Removes the subscription, as `exchange.unsubscribe(subscriptionId)`.
   * @returns `true` if it was live, `false` if it had ended already (by an earlier call,
   * `unsubscribe`, an abort, `clear()`, a collected weak handler).
   */
  unsubscribe(): boolean;
  /** Removes the subscription if it is still live (what `using` calls at the end of the block). */
  [Symbol.dispose](): void;
}

/**
 * What `SignalExchange#subscription` does: subscribes, and wraps the subscription in a handle
 * that removes it only while it is live (an id given again to a later subscription, once this
 * one has ended, is not touched).
 * @param options - the options of `subscribe`, as given.
 * @param subscribe - the exchange's subscribe, with hooks.
 * @param unsubscribe - the exchange's unsubscribe.
 * @returns the handle, frozen.
 * @throws like `subscribe`.
 */
export function openSubscription(
  options: SubscribeOptions,
  subscribe: Subscriber,
  unsubscribe: (subscriptionId: string) => boolean,
): SubscriptionHandle {
  let live = true;
  const subscriptionId = subscribe(options, {
    onEnd: () => {
      live = false;
    },
  });
  const end = (): boolean => live && unsubscribe(subscriptionId);
  return Object.freeze({
    subscriptionId,
    unsubscribe: end,
    [disposeSymbol]: (): void => void end(),
  });
}
