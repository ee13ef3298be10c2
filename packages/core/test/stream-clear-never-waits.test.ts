// Issue 14, item 6: clear() and unsubscribe(stream.subscriptionId) end a stream gracefully
// without ever waiting for a handler. The messages that publishes already under way planned
// for the stream are added to its buffer at once, after those already there, even when a
// handler before the stream in a sequential publish never settles (no handlerTimeout): the
// consumer reads them all, then the iteration ends. When the stuck publish reaches the stream
// later, nothing is added twice.
import { describe, expect, it } from 'vitest';
import { type Message, SignalExchange } from '../src/index.js';
import { deferred, isSettled, message } from './support/helpers.js';

async function drain(stream: AsyncIterator<Message>): Promise<unknown[]> {
  const values: unknown[] = [];
  for (;;) {
    const result = await stream.next();
    if (result.done === true) return values;
    values.push(result.value.value);
  }
}

describe('ending a stream while a sequential publish is stuck before it', () => {
  for (const how of ['clear()', 'unsubscribe'] as const) {
    it(`${how} ends a pending read with the stuck message, then done`, async () => {
      const exchange = new SignalExchange();
      exchange.subscribe({ topicPattern: 'a', handler: () => new Promise<void>(() => {}) });
      const stream = exchange.stream({ topicPattern: 'a' });
      const stuck = message('a', 'stuck');
      const publishing = exchange.publish({ message: stuck });
      const read = stream.next();
      expect(await isSettled(read)).toBe(false);

      if (how === 'clear()') exchange.clear();
      else exchange.unsubscribe(stream.subscriptionId);

      expect(await isSettled(read)).toBe(true);
      await expect(read).resolves.toEqual({ value: stuck, done: false });
      await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
      expect(await isSettled(publishing)).toBe(false); // the publish itself is still stuck
      expect(exchange.size).toBe(how === 'clear()' ? 0 : 1);
    });
  }

  it('keeps every message: those buffered first, then those in flight, in publish order', async () => {
    const exchange = new SignalExchange();
    const gates = new Map<unknown, Promise<void>>();
    exchange.subscribe({
      topicPattern: 'a',
      handler: (_id, _publisher, m) => gates.get(m.value),
    });
    const stream = exchange.stream({ topicPattern: 'a' });
    const first = deferred();
    const second = deferred();
    gates.set('stuck 1', first.promise);
    gates.set('stuck 2', second.promise);
    await exchange.publish({ message: message('a', 'one') });
    const stuck1 = exchange.publish({ message: message('a', 'stuck 1') });
    const stuck2 = exchange.publish({ message: message('a', 'stuck 2') });
    await exchange.publish({ message: message('a', 'four') }); // passes the stuck ones
    expect(stream.buffered).toBe(2);

    exchange.clear();
    expect(stream.buffered).toBe(4);
    expect(await drain(stream)).toEqual(['one', 'four', 'stuck 1', 'stuck 2']);

    // When the stuck publishes reach the stream after all, nothing is added twice, and they
    // report the delivery they made.
    second.resolve();
    first.resolve();
    await expect(stuck1).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
    await expect(stuck2).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
    expect(stream.buffered).toBe(0);
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('the same Message published twice and stuck comes out twice', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: () => new Promise<void>(() => {}) });
    const stream = exchange.stream({ topicPattern: 'a' });
    const twice = message('a', 'twice');
    void exchange.publish({ message: twice });
    void exchange.publish({ message: twice });
    exchange.clear();
    expect(await drain(stream)).toEqual(['twice', 'twice']);
  });

  it('applies the overflow policy to the messages in flight', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: () => new Promise<void>(() => {}) });
    const stream = exchange.stream({ topicPattern: 'a', bufferSize: 1, overflow: 'drop-oldest' });
    for (const value of [1, 2, 3]) void exchange.publish({ message: message('a', value) });
    exchange.clear();
    expect(await drain(stream)).toEqual([3]);
  });

  it('return() after the stuck publish drops what it planned: the stream ends at once', async () => {
    const exchange = new SignalExchange();
    const gate = deferred();
    exchange.subscribe({ topicPattern: 'a', handler: () => gate.promise });
    const stream = exchange.stream({ topicPattern: 'a' });
    const publishing = exchange.publish({ message: message('a', 'dropped') });
    await expect(stream.return()).resolves.toEqual({ value: undefined, done: true });
    exchange.clear();
    gate.resolve();
    await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
    await expect(stream.next()).resolves.toEqual({ value: undefined, done: true });
  });
});
