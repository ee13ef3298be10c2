// docs/delivery-semantics.md, "Publish rules", rule 5 (and "Order"), dispatch 'concurrent': every
// handler is started, in subscription order, before any is awaited; publish resolves once all of
// them (any thenable included) have settled.
import { describe, expect, it } from 'vitest';
import { SignalExchange } from '../src/index.js';
import { deferred, isSettled, message, ticks } from './support/helpers.js';
import { asyncHandler, syncHandler, thenableHandler } from './support/order.js';

describe("dispatch 'concurrent'", () => {
  it('starts every handler in subscription order, then awaits them all', async () => {
    const log: string[] = [];
    const exchange = new SignalExchange({ dispatch: 'concurrent' });
    exchange.subscribe({ topicPattern: 'parent/.*', handler: asyncHandler(log, 'A', 40) });
    exchange.subscribe({ topicPattern: 'parent/child', handler: syncHandler(log, 'B') });
    exchange.subscribe({ topicPattern: 'parent', handler: asyncHandler(log, 'C', 5) });
    exchange.subscribe({ topicPattern: '', handler: thenableHandler(log, 'D', 20) });
    exchange.subscribe({ topicPattern: 'parent/c', handler: asyncHandler(log, 'E', 1) });
    const result = await exchange.publish({ message: message('parent/child') });
    log.push('resolved');
    expect(log).toEqual([
      'start A',
      'start B',
      'end B',
      'start C',
      'start D',
      'start E',
      'end E',
      'end C',
      'end D',
      'end A',
      'resolved',
    ]);
    expect(result).toEqual({ matched: 5, delivered: 5, failed: 0 });
  });

  it('resolves only after the last handler settles, whatever order they settle in', async () => {
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const exchange = new SignalExchange({ dispatch: 'concurrent' });
    gates.forEach((gate, index) => {
      exchange.subscribe({
        topicPattern: 'a',
        handler: async () => {
          log.push(`start ${index}`);
          await gate.promise;
          log.push(`end ${index}`);
        },
      });
    });
    const publishing = exchange.publish({ message: message('a') });
    await ticks(3);
    expect(log).toEqual(['start 0', 'start 1', 'start 2']);

    gates[2]!.resolve();
    await ticks(3);
    expect(log.at(-1)).toBe('end 2');
    expect(await isSettled(publishing)).toBe(false);

    gates[0]!.resolve();
    await ticks(3);
    expect(await isSettled(publishing)).toBe(false);

    gates[1]!.resolve();
    await expect(publishing).resolves.toEqual({ matched: 3, delivered: 3, failed: 0 });
    expect(log).toEqual(['start 0', 'start 1', 'start 2', 'end 2', 'end 0', 'end 1']);
  });

  it('awaits a hand-made thenable', async () => {
    const log: string[] = [];
    let release: (() => void) | undefined;
    const exchange = new SignalExchange({ dispatch: 'concurrent' });
    exchange.subscribe({
      topicPattern: 'a',
      handler: () =>
        ({
          then(onFulfilled: () => void) {
            release = () => {
              log.push('thenable done');
              onFulfilled();
            };
          },
        }) as unknown as PromiseLike<void>,
    });
    exchange.subscribe({ topicPattern: 'a', handler: syncHandler(log, 'sync') });
    const publishing = exchange.publish({ message: message('a') });
    await ticks(3);
    expect(log).toEqual(['start sync', 'end sync']);
    expect(await isSettled(publishing)).toBe(false);
    release!();
    await publishing;
    log.push('resolved');
    expect(log).toEqual(['start sync', 'end sync', 'thenable done', 'resolved']);
  });
});
