/**
 * `SignalExchange#next`: a one-shot subscription whose first message settles a promise.
 */
import { SubscriptionClosedError } from './errors.js';
import { targetOf } from './exchange-options.js';
import { randomId } from './ids.js';
import type { Message } from './message.js';
import type { Subscriber } from './subscriptions.js';
import type { NextOptions } from './types.js';

/**
 * Subscribes now and unsubscribes once the first message arrives (or the subscription ends).
 * @param options - the options of `next`, as given.
 * @param subscribe - the exchange's subscribe, with hooks.
 * @param unsubscribe - the exchange's unsubscribe.
 * @returns a promise of the message; it rejects with the signal's reason on abort, and with
 * {@link SubscriptionClosedError} when the subscription is removed otherwise.
 * @throws like `subscribe`, synchronously, for bad options.
 */
export function nextMessage(
  options: NextOptions,
  subscribe: Subscriber,
  unsubscribe: (subscriptionId: string) => boolean,
): Promise<Message> {
  let resolve!: (message: Message) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<Message>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  const signal = (options as NextOptions | undefined)?.signal;
  const subscriptionId = randomId();
  // Outside the promise executor, so bad options throw synchronously, like subscribe.
  subscribe(
    {
      ...targetOf(options),
      subscriptionId,
      handler: (_id, _publisher, message) => {
        resolve(message); // settles first, so the rejection in onEnd below is a no-op
        unsubscribe(subscriptionId);
      },
    },
    {
      onEnd: () => {
        if (signal?.aborted === true) reject(signal.reason);
        else reject(new SubscriptionClosedError(subscriptionId));
      },
      // Last-value semantics: the latest retained message that passes settles it.
      newestFirst: true,
    },
  );
  return promise;
}
