import { StreamOverflowError } from './errors.js';
import { checkStreamBuffer, targetOf } from './exchange-options.js';
import { randomId } from './ids.js';
import { asyncDisposeSymbol } from './subscription-handle.js';
import type { Message } from './message.js';
import type { Subscriber } from './subscriptions.js';
import type { OverflowPolicy, StreamOptions } from './types.js';

/**
 * The async iterator that `SignalExchange#stream` returns. It is also async-disposable:
 * `await using stream = exchange.stream(...)` ends it at the end of the block.
 *
 * @typeParam V - the value type of its messages (the `PatternValue` of its pattern on a typed
 * exchange, `unknown` otherwise).
 */
export interface MessageStream<V = unknown> extends AsyncIterableIterator<Message<V>> {
  /** The subscription that feeds this stream. */
  readonly subscriptionId: string;
  /** Messages waiting to be read. */
  readonly buffered: number;
  /**
   * Ends the stream now, unsubscribing it and dropping buffered messages (what `break` calls).
   *
   * @returns a promise of `{ done: true, value: undefined }`; a read that was waiting ends too.
   */
  return(): Promise<IteratorResult<Message<V>>>;
  /** Ends the stream as {@link MessageStream.return} does (what `await using` calls). */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The buffer behind `SignalExchange#stream`: an async iterator fed by a subscription handler.
 *
 * Messages that arrive while no read is pending wait in a FIFO buffer (unbounded unless a
 * `bufferSize` is given, and then the overflow policy decides). `return()` (which `break`
 * calls) and an abort end it at once, dropping what is buffered; the exchange's `clear()` or an
 * `unsubscribe` of its id end it after the buffered messages, and those that publishes under
 * way planned for it, are read, without waiting for those publishes.
 */
class BufferedMessageStream implements MessageStream {
  /** The subscription that feeds this stream. */
  readonly subscriptionId: string;
  readonly #buffer: Message[] = [];
  #head = 0;
  readonly #readers: ((result: IteratorResult<Message>) => void)[] = [];
  readonly #rejecters: ((error: unknown) => void)[] = [];
  readonly #bufferSize: number;
  readonly #overflow: OverflowPolicy | undefined;
  /** Set by return(), abort and overflow: nothing more is accepted or read. */
  #ended = false;
  /**
   * The messages that publishes under way have planned for this stream and not yet pushed, in
   * publish order (from `#plannedHead` on): close() adds them to the buffer at once.
   */
  #planned: Message[] = [];
  #plannedHead = 0;
  #failure: StreamOverflowError | null = null;
  readonly #unsubscribe: () => void;

  /**
   * @param subscriptionId - the id of the subscription that feeds the stream.
   * @param unsubscribe - removes that subscription.
   * @param bufferSize - most messages buffered; `Infinity` for no bound.
   * @param overflow - the policy when the buffer is full.
   */
  constructor(
    subscriptionId: string,
    unsubscribe: () => void,
    bufferSize: number,
    overflow: OverflowPolicy | undefined,
  ) {
    this.subscriptionId = subscriptionId;
    this.#unsubscribe = unsubscribe;
    this.#bufferSize = bufferSize;
    this.#overflow = overflow;
  }

  /** Messages waiting to be read. */
  get buffered(): number {
    return this.#buffer.length - this.#head;
  }

  /**
   * Hands a message to the stream (called by the subscription's handler).
   * @param message - the message.
   */
  push(message: Message): void {
    if (this.#ended) return; // closed: what was planned is buffered already; or returned
    this.#unplan(message);
    this.#accept(message);
  }

  /**
   * Records a delivery that a publish has planned (the set of handlers is fixed at publish).
   * @param message - the message it will push.
   */
  reserve(message: Message): void {
    if (!this.#ended) this.#planned.push(message);
  }

  /** Forgets the planned delivery of `message` that has now arrived (usually the oldest). */
  #unplan(message: Message): void {
    const planned = this.#planned;
    let index = this.#plannedHead;
    if (planned[index] !== message) index = planned.indexOf(message, index);
    if (index === -1) return;
    if (index === this.#plannedHead) {
      planned[index] = undefined as unknown as Message; // release it
      this.#plannedHead += 1;
      if (this.#plannedHead === planned.length) {
        planned.length = 0;
        this.#plannedHead = 0;
      } else if (this.#plannedHead > 1024 && this.#plannedHead * 2 > planned.length) {
        planned.splice(0, this.#plannedHead);
        this.#plannedHead = 0;
      }
    } else {
      planned.splice(index, 1);
    }
  }

  /** Drops the planned deliveries, returning them in publish order. */
  #takePlanned(): Message[] {
    const planned = this.#planned.slice(this.#plannedHead);
    this.#planned = [];
    this.#plannedHead = 0;
    return planned;
  }

  #accept(message: Message): void {
    const reader = this.#readers.shift();
    if (reader !== undefined) {
      this.#rejecters.shift();
      reader({ value: message, done: false });
      return;
    }
    if (this.buffered >= this.#bufferSize) {
      if (this.#overflow === 'drop-newest') return;
      if (this.#overflow === 'drop-oldest') {
        this.#head += 1;
      } else {
        this.#failure = new StreamOverflowError(this.#bufferSize, message.topic);
        this.#end();
        return;
      }
    }
    this.#buffer.push(message);
  }

  /**
   * The next message, waiting for one if none is buffered.
   * @returns the next message, or `done` once the stream has ended and its buffer is read.
   * @throws {@link StreamOverflowError} after the buffered messages, when the buffer overflowed
   * under `overflow: 'error'`.
   */
  next(): Promise<IteratorResult<Message>> {
    if (this.buffered > 0) {
      const value = this.#buffer[this.#head]!;
      this.#head += 1;
      if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
        this.#buffer.splice(0, this.#head); // compact without shifting on every read
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#failure !== null) {
      const failure = this.#failure;
      this.#failure = null;
      return Promise.reject(failure);
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#readers.push(resolve);
      this.#rejecters.push(reject);
    });
  }

  /**
   * Ends the stream now, unsubscribing it and dropping buffered messages (what `break` calls).
   * @returns `done`.
   */
  return(): Promise<IteratorResult<Message>> {
    this.#buffer.length = 0;
    this.#head = 0;
    this.#failure = null;
    this.#end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /**
   * Ends the stream like {@link BufferedMessageStream.return}.
   * @returns `done`.
   */
  throw(): Promise<IteratorResult<Message>> {
    return this.return();
  }

  /** @returns this iterator. */
  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Ends the stream like {@link BufferedMessageStream.return} (`await using`).
   * @returns a promise settled once it has ended.
   */
  async [asyncDisposeSymbol](): Promise<void> {
    await this.return();
  }

  /**
   * Ends the stream once the buffered messages are read (the subscription went away). The
   * messages that publishes already under way planned for it are added to the buffer now,
   * after those already there, in publish order: a publish stuck on a handler before the
   * stream never makes it wait. When such a publish reaches the stream later, its push does
   * nothing. Called by the exchange; the subscription is already removed.
   */
  close(): void {
    if (this.#ended) return;
    for (const message of this.#takePlanned()) {
      this.#accept(message);
      if (this.#ended) return; // overflow 'error' ended it
    }
    this.#ended = true;
    this.#settleReaders();
  }

  #end(): void {
    if (!this.#ended) {
      this.#ended = true;
      this.#takePlanned();
      this.#unsubscribe();
    }
    this.#settleReaders();
  }

  /** Pending reads exist only while the buffer is empty: end them (or fail the first). */
  #settleReaders(): void {
    const readers = this.#readers.splice(0);
    const rejecters = this.#rejecters.splice(0);
    for (let i = 0; i < readers.length; i += 1) {
      if (i === 0 && this.#failure !== null) {
        const failure = this.#failure;
        this.#failure = null;
        rejecters[0]!(failure);
      } else {
        readers[i]!({ value: undefined, done: true });
      }
    }
  }
}

/**
 * What `SignalExchange#stream` does: subscribes a stream's buffer to a pattern.
 * @param options - the stream's options, as given.
 * @param subscribe - the exchange's subscribe, with hooks.
 * @param unsubscribe - the exchange's unsubscribe.
 * @returns the stream.
 * @throws like `subscribe`, and for bad buffer options (see `checkStreamBuffer`).
 */
export function openStream(
  options: StreamOptions,
  subscribe: Subscriber,
  unsubscribe: (subscriptionId: string) => boolean,
): MessageStream {
  const { bufferSize, overflow } = checkStreamBuffer(options);
  const subscriptionId = randomId();
  const stream = new BufferedMessageStream(
    subscriptionId,
    () => unsubscribe(subscriptionId),
    bufferSize,
    overflow,
  );
  const signal = options.signal;
  subscribe(
    {
      ...targetOf(options),
      subscriptionId,
      handler: (_id, _publisher, message) => stream.push(message),
    },
    {
      // Aborted: stop now, like return(). Removed by clear() or unsubscribe(): buffer what the
      // publishes already under way planned for it, at once, and end once all is read.
      onEnd: () => (signal?.aborted === true ? void stream.return() : stream.close()),
      onPlanned: (message) => stream.reserve(message),
    },
  );
  return stream;
}
