/**
 * Dispatching one publish: planning it (publisher routing, filters, one call per handler) and
 * calling the handlers sequentially or concurrently, within their timeouts. Every failure goes
 * to `onError`; none rejects the publish.
 */
import { HandlerTimeoutError, LateSettlementError, PublishDepthError } from './errors.js';
import type { ExchangeCounters } from './exchange-counters.js';
import { adopt, settleWithin } from './handler-timeout.js';
import type { Message } from './message.js';
import { chooseMember, type QueueGroup } from './queue-groups.js';
import type { Retained } from './retained-messages.js';
import { liveHandler, type Subscription } from './subscriptions.js';
import {
  handlerTracing,
  traceSettlement,
  type HandlerTrace,
  type TracingChannel,
} from './tracing.js';
import type { ErrorContext, Handler, PublishResult } from './types.js';

/**
 * Handler and filter calls, of every exchange, on the call stack now: a publish made inside
 * them is nested that deep (see `maxPublishDepth`). One count for all exchanges, since they
 * share the stack. Incremented just before a call and decremented as soon as it returns or
 * throws, so an `async` handler counts only until its first `await`.
 */
let nesting = 0;

/**
 * Refuses a publish nested too deep in handler and filter calls.
 * @param topic - the topic of the publish.
 * @param maxPublishDepth - the exchange's limit.
 * @throws {@link PublishDepthError} when it is nested in more than `maxPublishDepth` calls.
 */
export function checkPublishDepth(topic: string, maxPublishDepth: number): void {
  if (nesting > maxPublishDepth) throw new PublishDepthError(topic, nesting, maxPublishDepth);
}

/** One handler call planned by a publish. */
interface Delivery {
  readonly subscriptionId: string;
  readonly handler: Handler;
  readonly timeout: number;
}

/** A publish, planned: the handler calls to make, and how many subscriptions matched. */
interface Plan {
  readonly deliveries: readonly Delivery[];
  readonly publisher: unknown;
  readonly message: Message;
  readonly matched: number;
}

/** How a publish's handler calls are traced: the `sigx:handler` channel and its parent. */
interface Tracing {
  readonly channel: TracingChannel;
  readonly traceparent: string | undefined;
}

/** What a handler call returned when it threw (the error is already reported). */
const THREW: unique symbol = Symbol('threw');

/** Dispatches the publishes of one exchange. */
export class Dispatcher {
  readonly #exchange: object;
  readonly #concurrent: boolean;
  readonly #report: (error: unknown, context: ErrorContext) => void;
  readonly #collected: (subscription: Subscription) => void;
  readonly #counters: ExchangeCounters;

  /**
   * @param exchange - the exchange it dispatches for, named in traces.
   * @param concurrent - `true` for the `'concurrent'` dispatch mode.
   * @param report - tells `onError` of a failure; must not throw.
   * @param collected - told of a subscription whose weak handler was found collected.
   * @param counters - the exchange's counters, which dispatching adds to.
   */
  constructor(
    exchange: object,
    concurrent: boolean,
    report: (error: unknown, context: ErrorContext) => void,
    collected: (subscription: Subscription) => void,
    counters: ExchangeCounters,
  ) {
    this.#exchange = exchange;
    this.#concurrent = concurrent;
    this.#report = report;
    this.#collected = collected;
    this.#counters = counters;
  }

  /**
   * Delivers a message to the subscriptions its topic matched.
   * @param candidates - those subscriptions, in subscription order.
   * @param publisher - passed on to filters and handlers.
   * @param message - the message.
   * @param grouped - whether any live subscription is in a queue group (when none is, the
   * plan skips the rotation altogether).
   * @param traceparent - the publish's trace context, for the handler traces.
   * @param group - `undefined`: every subscription; `null`: those without a group; a name:
   * that group's members only (`PublishArgs.group`). Only read when `grouped`.
   * @returns a promise of the counts; it never rejects.
   */
  dispatch(
    candidates: readonly Subscription[],
    publisher: unknown,
    message: Message,
    grouped: boolean,
    traceparent: string | undefined,
    group?: string | null,
  ): Promise<PublishResult> {
    // Everything up to the first handler call happens now, so the set of handlers is fixed
    // by this call whatever later subscribes or unsubscribes.
    const plan = grouped
      ? this.#planWithGroups(candidates, publisher, message, group)
      : this.#plan(candidates, publisher, message);
    this.#counters.dispatched(plan.matched, plan.deliveries.length);
    const channel = handlerTracing();
    const tracing = channel === undefined ? undefined : { channel, traceparent };
    return this.#concurrent
      ? this.#runConcurrently(plan, tracing)
      : this.#runSequentially(plan, tracing);
  }

  /**
   * Replays retained messages to a new subscription, inside `subscribe`: for each, publisher
   * routing, the weak handler and the filter decide as they do for a publish, then the handler
   * is called at once; a thenable it returns is watched (timeout, failure) but not awaited, so
   * that every replayed call is made before `subscribe` returns. Stops as soon as the
   * subscription has ended (a `next()` settled, a handler unsubscribed it).
   * @param subscription - the new subscription.
   * @param retained - the retained messages to replay, in replay order.
   * @param isLive - whether the subscription is still live.
   */
  replay(subscription: Subscription, retained: readonly Retained[], isLive: () => boolean): void {
    for (const { message, publisher } of retained) {
      if (!isLive()) return;
      if (!routes(subscription, message)) continue;
      const handler = liveHandler(subscription);
      if (handler === undefined) {
        this.#collected(subscription);
        return;
      }
      if (subscription.filter !== undefined && !this.#passes(subscription, publisher, message)) {
        continue;
      }
      const delivery: Delivery = {
        subscriptionId: subscription.id,
        handler,
        timeout: subscription.timeout,
      };
      this.#counters.delivered += 1;
      const channel = handlerTracing();
      const tracing = channel === undefined ? undefined : { channel, traceparent: undefined };
      const result = this.#start(delivery, publisher, message, tracing);
      if (result !== THREW && result !== undefined) void this.#completes(result, delivery, message);
    }
  }

  /** The plan when no subscription is in a group: publisher routing, filters, one call per handler. */
  #plan(candidates: readonly Subscription[], publisher: unknown, message: Message): Plan {
    const deliveries: Delivery[] = [];
    const seen = new Set<Handler>();
    let matched = 0;
    for (const subscription of candidates) {
      if (!routes(subscription, message)) continue;
      const handler = liveHandler(subscription);
      if (handler === undefined) {
        this.#collected(subscription);
        continue;
      }
      if (subscription.filter !== undefined && !this.#passes(subscription, publisher, message)) {
        continue;
      }
      matched += 1;
      if (seen.has(handler)) continue;
      seen.add(handler);
      subscription.onPlanned?.(message);
      deliveries.push({ subscriptionId: subscription.id, handler, timeout: subscription.timeout });
    }
    return { deliveries, publisher, message, matched };
  }

  /**
   * The plan with queue groups: the subscriptions without a group are decided in subscription
   * order, as in {@link Dispatcher.#plan}; then each group that the message reached picks one
   * member ({@link chooseMember}); then the chosen members join the others in subscription
   * order, and each handler function is called once, for the first of its subscriptions.
   * `only` narrows the candidates first (`PublishArgs.group`). With a group's name, the
   * subscriptions without a group that would have passed are the other copy of the message
   * (a bridge delivers it with `null` too): their handler functions are not called again for
   * the chosen member (rule 4 across the two copies).
   */
  #planWithGroups(
    candidates: readonly Subscription[],
    publisher: unknown,
    message: Message,
    only: string | null | undefined,
  ): Plan {
    const accepted: Subscription[] = [];
    const reached = new Map<QueueGroup, Subscription[]>();
    const plainCopy = typeof only === 'string' ? new Set<Handler>() : undefined;
    for (const subscription of candidates) {
      if (plainCopy !== undefined && subscription.group === undefined) {
        const handler = liveHandler(subscription);
        if (
          handler !== undefined &&
          routes(subscription, message) &&
          (subscription.filter === undefined || this.#passes(subscription, publisher, message))
        ) {
          plainCopy.add(handler);
        }
        continue;
      }
      if (only !== undefined && (subscription.group?.name ?? null) !== only) continue;
      if (!routes(subscription, message)) continue;
      if (liveHandler(subscription) === undefined) {
        this.#collected(subscription);
        continue;
      }
      if (subscription.group !== undefined) {
        const members = reached.get(subscription.group);
        if (members === undefined) reached.set(subscription.group, [subscription]);
        else members.push(subscription);
      } else if (
        subscription.filter === undefined ||
        this.#passes(subscription, publisher, message)
      ) {
        accepted.push(subscription);
      }
    }
    if (reached.size > 0) {
      const plain = accepted.length;
      const accepts = (member: Subscription): boolean =>
        member.filter === undefined || this.#passes(member, publisher, message);
      for (const [group, members] of reached) {
        const member = chooseMember(group, members, accepts);
        if (member !== undefined) accepted.push(member);
      }
      // In subscription order again; a lone chosen member is in order already.
      if (accepted.length > 1 && accepted.length > plain) accepted.sort(bySubscriptionOrder);
    }
    const deliveries: Delivery[] = [];
    // Rule 4 needs a set only when there is more than one call to make.
    const seen =
      plainCopy !== undefined && plainCopy.size > 0
        ? plainCopy
        : accepted.length > 1
          ? new Set<Handler>()
          : undefined;
    for (const subscription of accepted) {
      const handler = liveHandler(subscription)!; // alive: checked above, in this same job
      if (seen !== undefined) {
        if (seen.has(handler)) continue;
        seen.add(handler);
      }
      subscription.onPlanned?.(message);
      deliveries.push({ subscriptionId: subscription.id, handler, timeout: subscription.timeout });
    }
    return { deliveries, publisher, message, matched: accepted.length };
  }

  #passes(subscription: Subscription, publisher: unknown, message: Message): boolean {
    try {
      let verdict: unknown;
      nesting += 1;
      try {
        verdict = subscription.filter!(subscription.id, publisher, message);
      } finally {
        nesting -= 1;
      }
      if (isThenable(verdict)) {
        throw new TypeError('filter returned a promise; filters must be synchronous');
      }
      return Boolean(verdict);
    } catch (error) {
      this.#counters.filterErrors += 1;
      this.#report(error, { subscriptionId: subscription.id, message, phase: 'filter' });
      return false;
    }
  }

  /**
   * Calls a handler. What it threw, or what reading the `then` of its result threw (a Proxy, a
   * getter), is reported, outside the nesting count.
   * @param tracing - when the `sigx:handler` channel has subscribers: the call is traced.
   * @returns the thenable it returned, `undefined` if it returned none, or {@link THREW}.
   */
  #start(
    delivery: Delivery,
    publisher: unknown,
    message: Message,
    tracing: Tracing | undefined,
  ): PromiseLike<unknown> | undefined | typeof THREW {
    let result: unknown;
    let trace: HandlerTrace | undefined;
    nesting += 1;
    try {
      if (tracing === undefined) {
        result = delivery.handler(delivery.subscriptionId, publisher, message);
      } else {
        trace = {
          exchange: this.#exchange,
          subscriptionId: delivery.subscriptionId,
          message,
          publisher,
          traceparent: tracing.traceparent,
        };
        const { handler, subscriptionId } = delivery;
        result = tracing.channel.traceSync(
          handler,
          trace,
          undefined,
          subscriptionId,
          publisher,
          message,
        );
      }
    } catch (error) {
      nesting -= 1;
      this.#failed(error, delivery, message);
      return THREW;
    }
    nesting -= 1;
    if (result === undefined) return undefined;
    try {
      if (!isThenable(result)) return undefined;
    } catch (error) {
      this.#failed(error, delivery, message);
      return THREW;
    }
    // Traced: go on with the adopted promise, so the thenable's `then` is still called once.
    return trace === undefined ? result : traceSettlement(tracing!.channel, trace, adopt(result));
  }

  async #runSequentially(plan: Plan, tracing: Tracing | undefined): Promise<PublishResult> {
    const { deliveries, publisher, message } = plan;
    let failed = 0;
    for (const delivery of deliveries) {
      const result = this.#start(delivery, publisher, message, tracing);
      if (result === THREW) {
        failed += 1;
      } else if (result !== undefined) {
        try {
          if (delivery.timeout === Infinity) await result;
          else if (!(await this.#settleWithin(result, delivery, message))) failed += 1;
        } catch (error) {
          failed += 1;
          this.#failed(error, delivery, message);
        }
      }
    }
    return { matched: plan.matched, delivered: deliveries.length, failed };
  }

  async #runConcurrently(plan: Plan, tracing: Tracing | undefined): Promise<PublishResult> {
    const { deliveries, publisher, message } = plan;
    let failed = 0;
    /** One per handler that returned a thenable: `true` once it fulfilled in time. */
    const pending: Promise<boolean>[] = [];
    for (const delivery of deliveries) {
      const result = this.#start(delivery, publisher, message, tracing);
      if (result === THREW) failed += 1;
      else if (result !== undefined) pending.push(this.#completes(result, delivery, message));
    }
    if (pending.length > 0) {
      for (const completed of await Promise.all(pending)) if (!completed) failed += 1;
    }
    return { matched: plan.matched, delivered: deliveries.length, failed };
  }

  /**
   * Whether a handler's thenable fulfils (in time, with a timeout); a rejection is reported.
   * The promise never rejects, and settles once whatever the thenable does.
   */
  #completes(result: PromiseLike<unknown>, delivery: Delivery, message: Message): Promise<boolean> {
    const rejected = (error: unknown): boolean => {
      this.#failed(error, delivery, message);
      return false;
    };
    return delivery.timeout === Infinity
      ? adopt(result).then(() => true, rejected)
      : this.#settleWithin(result, delivery, message).then(undefined, rejected);
  }

  /**
   * Waits for a handler's promise for at most `timeout` ms, reporting a timeout and any late
   * settlement to `onError`.
   * @returns `true` if it fulfilled in time, `false` if it timed out; rejects with its reason
   * if it rejected in time.
   */
  #settleWithin(
    result: PromiseLike<unknown>,
    { subscriptionId, timeout }: Delivery,
    message: Message,
  ): Promise<boolean> {
    const context: ErrorContext = { subscriptionId, message, phase: 'handler' };
    const deadline = {
      subscriptionId,
      topic: message.topic,
      messageId: message.messageId,
      timeout,
    };
    return settleWithin(
      result,
      timeout,
      () => {
        this.#counters.failed += 1;
        this.#counters.timedOut += 1;
        this.#report(new HandlerTimeoutError(deadline), context);
      },
      (late) =>
        this.#report(
          late.outcome === 'fulfilled'
            ? new LateSettlementError(deadline, 'fulfilled')
            : new LateSettlementError(deadline, 'rejected', { cause: late.reason }),
          context,
        ),
    );
  }

  /** Counts and reports a handler's failure. */
  #failed(error: unknown, delivery: Delivery, message: Message): void {
    this.#counters.failed += 1;
    this.#report(error, { subscriptionId: delivery.subscriptionId, message, phase: 'handler' });
  }
}

function bySubscriptionOrder(a: Subscription, b: Subscription): number {
  return a.order - b.order;
}

/** Whether a subscription's publisher routing lets a message through. */
function routes(subscription: Subscription, message: Message): boolean {
  return (
    subscription.publisherName === undefined || subscription.publisherName === message.publisherName
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
