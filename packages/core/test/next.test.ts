// docs/delivery-semantics.md, "Streams and `next`", next(): a promise of the next matching message.
// It subscribes at the call and unsubscribes once settled; aborting the signal rejects it with the
// signal's reason (an already-aborted signal too, subscribing nothing); clear() rejects it with
// SubscriptionClosedError.
import { describe, expect, it, vi } from 'vitest';
import { SignalExchange, SubscriptionClosedError } from '../src/index.js';
import { isSettled, message } from './support/helpers.js';

describe('next', () => {
  it('resolves with the next matching message, then unsubscribes', async () => {
    const exchange = new SignalExchange();
    const pending = exchange.next({ topicPattern: 'replies/.*' });
    expect(exchange.size).toBe(1);
    await exchange.publish({ message: message('other', 0) });
    expect(await isSettled(pending)).toBe(false);
    const reply = message('replies/42', 1);
    const result = await exchange.publish({ message: reply });
    expect(result).toEqual({ matched: 1, delivered: 1, failed: 0 });
    await expect(pending).resolves.toBe(reply);
    expect(exchange.size).toBe(0);
    await expect(exchange.publish({ message: message('replies/43', 2) })).resolves.toEqual({
      matched: 0,
      delivered: 0,
      failed: 0,
    });
  });

  it('takes only the first of two messages published back to back', async () => {
    const exchange = new SignalExchange();
    const pending = exchange.next({ topicPattern: 'a' });
    const first = message('a', 1);
    await Promise.all([
      exchange.publish({ message: first }),
      exchange.publish({ message: message('a', 2) }),
    ]);
    await expect(pending).resolves.toBe(first);
    expect(exchange.size).toBe(0);
  });

  it('honours publisherName and filter', async () => {
    const exchange = new SignalExchange();
    const pending = exchange.next({
      topicPattern: 'a',
      publisherName: 'p',
      filter: (_id, _publisher, m) => m.value === 'yes',
    });
    await exchange.publish({ message: message('a', 'yes', 'q') });
    await exchange.publish({ message: message('a', 'no', 'p') });
    expect(await isSettled(pending)).toBe(false);
    const wanted = message('a', 'yes', 'p');
    await exchange.publish({ message: wanted });
    await expect(pending).resolves.toBe(wanted);
  });

  it('abort rejects with the signal reason and unsubscribes', async () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const reason = new Error('gave up');
    const pending = exchange.next({ topicPattern: 'a', signal: controller.signal });
    expect(exchange.size).toBe(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(exchange.size).toBe(0);
  });

  it('abort without a reason rejects with the default AbortError', async () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const pending = exchange.next({ topicPattern: 'a', signal: controller.signal });
    controller.abort();
    const error: unknown = await pending.catch((reason: unknown) => reason);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
  });

  it('an already-aborted signal rejects with its reason and subscribes nothing', async () => {
    const exchange = new SignalExchange();
    const reason = { why: 'already' };
    const pending = exchange.next({ topicPattern: 'a', signal: AbortSignal.abort(reason) });
    expect(exchange.size).toBe(0);
    await expect(pending).rejects.toBe(reason);
  });

  it('an abort after the message arrived changes nothing', async () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const pending = exchange.next({ topicPattern: 'a', signal: controller.signal });
    const m = message('a');
    await exchange.publish({ message: m });
    controller.abort();
    await expect(pending).resolves.toBe(m);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it('clear() rejects it with SubscriptionClosedError', async () => {
    const exchange = new SignalExchange();
    const pending = exchange.next({ topicPattern: 'a' });
    exchange.clear();
    const error: unknown = await pending.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SubscriptionClosedError);
    expect(typeof (error as SubscriptionClosedError).subscriptionId).toBe('string');
    expect(exchange.size).toBe(0);
  });

  it('refuses bad options synchronously, like subscribe (as its documentation says)', async () => {
    const exchange = new SignalExchange();
    /** Calls next(options); tells whether it threw synchronously, and what it threw or rejected with. */
    const attempt = async (options: unknown) => {
      try {
        const promise = exchange.next(options as { topicPattern: string });
        const reason: unknown = await promise.then(
          () => 'resolved',
          (error: unknown) => error,
        );
        return { how: 'rejected', name: (reason as Error).name };
      } catch (error) {
        return { how: 'thrown', name: (error as Error).name };
      }
    };
    const outcomes = {
      invalidPattern: await attempt({ topicPattern: '(' }),
      numericPattern: await attempt({ topicPattern: 42 }),
      asyncFilter: await attempt({ topicPattern: 'a', filter: async () => true }),
      noOptions: await attempt(undefined),
    };
    expect(outcomes).toEqual({
      invalidPattern: { how: 'thrown', name: 'PatternSyntaxError' },
      numericPattern: { how: 'thrown', name: 'TypeError' },
      asyncFilter: { how: 'thrown', name: 'TypeError' },
      noOptions: { how: 'thrown', name: 'TypeError' },
    });
    expect(exchange.size).toBe(0);
  });

  it('reports bad options the same way whether or not the signal is already aborted', async () => {
    const exchange = new SignalExchange();
    const how = async (signal: AbortSignal | undefined) => {
      try {
        await exchange
          .next({ topicPattern: 42 as unknown as string, ...(signal ? { signal } : {}) })
          .catch(() => {});
        return 'rejected or resolved';
      } catch {
        return 'thrown';
      }
    };
    expect(await how(AbortSignal.abort())).toBe(await how(undefined));
    expect(exchange.size).toBe(0);
  });

  it('several pending next() calls each get the message', async () => {
    const exchange = new SignalExchange();
    const a = exchange.next({ topicPattern: 'a' });
    const b = exchange.next({ topicPattern: 'a' });
    const m = message('a');
    await expect(exchange.publish({ message: m })).resolves.toEqual({
      matched: 2,
      delivered: 2,
      failed: 0,
    });
    await expect(a).resolves.toBe(m);
    await expect(b).resolves.toBe(m);
    expect(exchange.size).toBe(0);
  });
});
