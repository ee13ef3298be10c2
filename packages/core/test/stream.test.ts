// docs/delivery-semantics.md, "Streams and `next`", stream(): an AsyncIterableIterator of matching
// messages. It subscribes when called; nothing is lost, and order is kept, while the consumer is
// slow (unbounded buffer); a bounded buffer needs an explicit overflow policy (drop-oldest,
// drop-newest, error); return(), break and abort unsubscribe and end a pending read; clear() ends
// the stream after its buffered messages.
import { describe, expect, it, vi } from 'vitest';
import {
  type Message,
  SignalExchange,
  StreamOverflowError,
  type StreamOptions,
} from '../src/index.js';
import { isSettled, message, ticks } from './support/helpers.js';

async function publishValues(
  exchange: SignalExchange,
  topic: string,
  values: readonly unknown[],
): Promise<void> {
  for (const value of values) await exchange.publish({ message: message(topic, value) });
}

async function drain(stream: AsyncIterator<Message>): Promise<unknown[]> {
  const values: unknown[] = [];
  for (;;) {
    const result = await stream.next();
    if (result.done === true) return values;
    values.push(result.value.value);
  }
}

describe('stream', () => {
  it('subscribes when called: messages published before the first read are kept', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a/.*' });
    expect(exchange.size).toBe(1);
    expect(exchange.hasSubscribers('a/b')).toBe(true);
    const result = await exchange.publish({ message: message('a/b', 1) });
    expect(result).toEqual({ matched: 1, delivered: 1, failed: 0 });
    await exchange.publish({ message: message('x', 'not matching') });
    await exchange.publish({ message: message('a/c', 2) });
    const first = await stream.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ topic: 'a/b', value: 1 });
    expect((await stream.next()).value).toMatchObject({ topic: 'a/c', value: 2 });
    await stream.return();
  });

  it('is its own async iterator', () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    void stream.return();
  });

  it('delivers the same Message objects that were published', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    const m = message('a');
    await exchange.publish({ message: m });
    expect((await stream.next()).value).toBe(m);
    await stream.return();
  });

  it('honours publisherName and filter', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({
      topicPattern: 'a',
      publisherName: 'p',
      filter: (_id, _publisher, m) => (m.value as number) % 2 === 0,
    });
    for (const [value, publisherName] of [
      [1, 'p'],
      [2, 'p'],
      [4, 'q'],
      [6, null],
      [8, 'p'],
    ] as const) {
      await exchange.publish({ message: message('a', value, publisherName) });
    }
    exchange.clear();
    expect(await drain(stream)).toEqual([2, 8]);
  });

  it('loses nothing, in order, when the consumer is slower than the publisher (1 000 messages)', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'data' });
    const total = 1000;
    let maxBuffered = 0;
    const consumer = (async () => {
      const received: number[] = [];
      for await (const m of stream) {
        received.push(m.value as number);
        maxBuffered = Math.max(maxBuffered, stream.buffered);
        // Slow: a macrotask per message, while the publisher needs only microtasks.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (received.length === total) break;
      }
      return received;
    })();
    for (let i = 0; i < total; i += 1) {
      await exchange.publish({ message: message('data', i) });
    }
    const received = await consumer;
    expect(received).toEqual(Array.from({ length: total }, (_, i) => i));
    // The consumer really lagged behind.
    expect(maxBuffered).toBeGreaterThan(100);
    // break unsubscribed.
    expect(exchange.size).toBe(0);
  });

  it('serves several pending reads in order', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    const reads = [stream.next(), stream.next(), stream.next()];
    await publishValues(exchange, 'a', [1, 2, 3]);
    expect((await Promise.all(reads)).map((result) => result.value?.value)).toEqual([1, 2, 3]);
    await stream.return();
  });

  it('break unsubscribes', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a' });
    await publishValues(exchange, 'a', [1, 2, 3]);
    const seen: unknown[] = [];
    for await (const m of stream) {
      seen.push(m.value);
      if (m.value === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(exchange.size).toBe(0);
    await expect(exchange.publish({ message: message('a', 4) })).resolves.toMatchObject({
      delivered: 0,
    });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('return() unsubscribes, ends a pending read, and is done afterwards', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn() });
    const stream = exchange.stream({ topicPattern: 'a' });
    expect(exchange.size).toBe(2);
    const pending = stream.next();
    await ticks(2);
    expect(await isSettled(pending)).toBe(false);
    await expect(stream.return()).resolves.toEqual({ value: undefined, done: true });
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(exchange.size).toBe(1);
    await exchange.publish({ message: message('a') });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    // A second return() is harmless.
    await expect(stream.return()).resolves.toEqual({ value: undefined, done: true });
    expect(exchange.size).toBe(1);
  });

  it('abort unsubscribes and ends a pending read with done', async () => {
    const exchange = new SignalExchange();
    const controller = new AbortController();
    const stream = exchange.stream({ topicPattern: 'a', signal: controller.signal });
    expect(exchange.size).toBe(1);
    const pending = stream.next();
    await ticks(2);
    expect(await isSettled(pending)).toBe(false);
    controller.abort();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(exchange.size).toBe(0);
    await exchange.publish({ message: message('a') });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('an already-aborted signal gives an ended stream and subscribes nothing', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: 'a', signal: AbortSignal.abort() });
    expect(exchange.size).toBe(0);
    await exchange.publish({ message: message('a') });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('clear() ends the stream after its buffered messages, and a pending read with done', async () => {
    const exchange = new SignalExchange();
    const buffered = exchange.stream({ topicPattern: 'a' });
    const waiting = exchange.stream({ topicPattern: 'b' });
    const pending = waiting.next();
    await publishValues(exchange, 'a', [1, 2, 3]);
    exchange.clear();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(await drain(buffered)).toEqual([1, 2, 3]);
    expect(exchange.size).toBe(0);
  });

  it('clear() right after a publish call still lets the stream yield that message (rule 7)', async () => {
    // The stream's subscription is in the publish's fixed set of handlers, and the publish
    // reports it as delivered, so the message must come out of the stream before it ends.
    const exchange = new SignalExchange();
    exchange.subscribe({
      topicPattern: 'a',
      handler: async () => {
        await ticks(2);
      },
    });
    const stream = exchange.stream({ topicPattern: 'a' });
    await exchange.publish({ message: message('a', 1) });
    const publishing = exchange.publish({ message: message('a', 2) });
    exchange.clear();
    await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
    expect(await drain(stream)).toEqual([1, 2]);
  });

  it('refuses bad options synchronously and subscribes nothing', () => {
    const exchange = new SignalExchange();
    const refuse = (options: unknown, error: new (...args: never[]) => Error) => {
      expect(() => exchange.stream(options as StreamOptions), JSON.stringify(options)).toThrow(
        error,
      );
      expect(exchange.size).toBe(0);
    };
    // bufferSize needs an explicit overflow policy.
    refuse({ topicPattern: 'a', bufferSize: 4 }, TypeError);
    refuse({ topicPattern: 'a', bufferSize: 4, overflow: 'drop-everything' }, TypeError);
    // overflow without bufferSize is meaningless.
    refuse({ topicPattern: 'a', overflow: 'drop-oldest' }, TypeError);
    // bufferSize must be a positive integer.
    for (const bufferSize of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      refuse({ topicPattern: 'a', bufferSize, overflow: 'drop-oldest' }, RangeError);
    }
    // Like subscribe.
    refuse({ topicPattern: '(' }, SyntaxError);
    refuse({ topicPattern: 42 }, TypeError);
    refuse({ topicPattern: 'a', filter: async () => true }, TypeError);
    refuse(undefined, TypeError);
  });

  describe('with a bounded buffer', () => {
    it("'drop-oldest' keeps the newest bufferSize messages", async () => {
      const exchange = new SignalExchange();
      const stream = exchange.stream({ topicPattern: 'a', bufferSize: 2, overflow: 'drop-oldest' });
      await publishValues(exchange, 'a', [1, 2, 3, 4, 5]);
      expect(stream.buffered).toBe(2);
      expect((await stream.next()).value?.value).toBe(4);
      expect((await stream.next()).value?.value).toBe(5);
      // Still open.
      await publishValues(exchange, 'a', [6]);
      expect((await stream.next()).value?.value).toBe(6);
      expect(exchange.size).toBe(1);
      await stream.return();
    });

    it("'drop-newest' keeps the oldest bufferSize messages", async () => {
      const exchange = new SignalExchange();
      const stream = exchange.stream({ topicPattern: 'a', bufferSize: 2, overflow: 'drop-newest' });
      await publishValues(exchange, 'a', [1, 2, 3, 4, 5]);
      expect((await stream.next()).value?.value).toBe(1);
      expect((await stream.next()).value?.value).toBe(2);
      await publishValues(exchange, 'a', [6]);
      expect((await stream.next()).value?.value).toBe(6);
      await stream.return();
    });

    it('does not count a message handed straight to a pending read', async () => {
      const exchange = new SignalExchange();
      const stream = exchange.stream({ topicPattern: 'a', bufferSize: 1, overflow: 'error' });
      const pending = stream.next();
      await publishValues(exchange, 'a', [1, 2]);
      expect((await pending).value?.value).toBe(1);
      expect((await stream.next()).value?.value).toBe(2);
      await stream.return();
    });

    it("'error' ends the stream with StreamOverflowError after the buffered messages", async () => {
      const exchange = new SignalExchange();
      const stream = exchange.stream({ topicPattern: 'a/.*', bufferSize: 2, overflow: 'error' });
      await publishValues(exchange, 'a/x', [1, 2]);
      expect(exchange.size).toBe(1);
      await exchange.publish({ message: message('a/overflow', 3) });
      // The overflow unsubscribed the stream: later messages are not taken.
      expect(exchange.size).toBe(0);
      await exchange.publish({ message: message('a/x', 4) });
      expect((await stream.next()).value?.value).toBe(1);
      expect((await stream.next()).value?.value).toBe(2);
      const error: unknown = await stream.next().catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(StreamOverflowError);
      expect((error as StreamOverflowError).bufferSize).toBe(2);
      expect((error as StreamOverflowError).topic).toBe('a/overflow');
      expect(await stream.next()).toEqual({ value: undefined, done: true });
    });

    it("'error' surfaces through for await", async () => {
      const exchange = new SignalExchange();
      const stream = exchange.stream({ topicPattern: 'a', bufferSize: 1, overflow: 'error' });
      await publishValues(exchange, 'a', [1, 2]);
      const seen: unknown[] = [];
      await expect(
        (async () => {
          for await (const m of stream) seen.push(m.value);
        })(),
      ).rejects.toBeInstanceOf(StreamOverflowError);
      expect(seen).toEqual([1]);
    });
  });
});
