// docs/delivery-semantics.md, "Publish rules", rule 5 (and "Order"), dispatch 'sequential' (the
// default): handlers are called in subscription order, and what each returns is awaited, when it is
// thenable (any thenable, not only a native Promise), before the next handler is called and before
// publish resolves.
import { describe, expect, it } from 'vitest';
import { type Handler, SignalExchange } from '../src/index.js';
import { deferred, isSettled, message, ticks } from './support/helpers.js';
import { asyncHandler, syncHandler, thenableHandler } from './support/order.js';

describe("dispatch 'sequential'", () => {
  it('is the default', async () => {
    const log: string[] = [];
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: asyncHandler(log, 'A', 20) });
    exchange.subscribe({ topicPattern: 'a', handler: asyncHandler(log, 'B', 1) });
    await exchange.publish({ message: message('a') });
    expect(log).toEqual(['start A', 'end A', 'start B', 'end B']);
  });

  it('awaits each handler (async, sync, thenable) before the next, and all before resolving', async () => {
    const log: string[] = [];
    const exchange = new SignalExchange({ dispatch: 'sequential' });
    exchange.subscribe({ topicPattern: 'parent/.*', handler: asyncHandler(log, 'A', 30) });
    exchange.subscribe({ topicPattern: 'parent/child', handler: syncHandler(log, 'B') });
    exchange.subscribe({ topicPattern: 'parent', handler: asyncHandler(log, 'C', 5) });
    exchange.subscribe({ topicPattern: '', handler: thenableHandler(log, 'D', 15) });
    exchange.subscribe({ topicPattern: 'parent/c', handler: asyncHandler(log, 'E', 1) });
    const result = await exchange.publish({ message: message('parent/child') });
    log.push('resolved');
    expect(log).toEqual([
      'start A',
      'end A',
      'start B',
      'end B',
      'start C',
      'end C',
      'start D',
      'end D',
      'start E',
      'end E',
      'resolved',
    ]);
    expect(result).toEqual({ matched: 5, delivered: 5, failed: 0 });
  });

  it('does not call the next handler nor resolve while a handler is pending', async () => {
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const exchange = new SignalExchange();
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
    expect(log).toEqual(['start 0']);
    expect(await isSettled(publishing)).toBe(false);

    gates[0]!.resolve();
    await ticks(3);
    expect(log).toEqual(['start 0', 'end 0', 'start 1']);
    expect(await isSettled(publishing)).toBe(false);

    // Releasing a later gate early changes nothing: handler 2 has not even started.
    gates[2]!.resolve();
    await ticks(3);
    expect(log).toEqual(['start 0', 'end 0', 'start 1']);

    gates[1]!.resolve();
    await expect(publishing).resolves.toEqual({ matched: 3, delivered: 3, failed: 0 });
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('awaits a hand-made thenable whose then calls back later', async () => {
    const log: string[] = [];
    let release: (() => void) | undefined;
    const exchange = new SignalExchange();
    exchange.subscribe({
      topicPattern: 'a',
      handler: () => {
        log.push('start T');
        return {
          then(onFulfilled: () => void) {
            log.push('then called');
            release = () => {
              log.push('end T');
              onFulfilled();
            };
          },
        } as unknown as PromiseLike<void>;
      },
    });
    exchange.subscribe({ topicPattern: 'a', handler: syncHandler(log, 'next') });
    const publishing = exchange.publish({ message: message('a') });
    await ticks(3);
    expect(log).toEqual(['start T', 'then called']);
    expect(await isSettled(publishing)).toBe(false);
    release!();
    await publishing;
    expect(log).toEqual(['start T', 'then called', 'end T', 'start next', 'end next']);
  });

  it('treats a returned value without a callable then as done at once', async () => {
    const log: string[] = [];
    const exchange = new SignalExchange();
    const odd: Handler = () => {
      log.push('odd');
      return { then: 'not a function' } as unknown as undefined;
    };
    exchange.subscribe({ topicPattern: 'a', handler: odd });
    exchange.subscribe({ topicPattern: 'a', handler: syncHandler(log, 'next') });
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 2,
      delivered: 2,
      failed: 0,
    });
    expect(log).toEqual(['odd', 'start next', 'end next']);
  });

  it('keeps subscription order across patterns, not pattern or registration-by-pattern order', async () => {
    const log: string[] = [];
    const exchange = new SignalExchange();
    // Interleave patterns so that grouping by pattern would give a different order.
    const patterns = [
      'parent/.*',
      'parent/child',
      /PARENT/i,
      'parent/.*',
      '',
      'parent/child',
      'p',
      /PARENT/i,
    ];
    patterns.forEach((topicPattern, index) => {
      exchange.subscribe({
        topicPattern,
        handler: asyncHandler(log, String(index), (index * 7) % 5),
      });
    });
    await exchange.publish({ message: message('parent/child') });
    expect(log).toEqual(patterns.flatMap((_, index) => [`start ${index}`, `end ${index}`]));
  });
});
