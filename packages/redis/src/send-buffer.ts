/** One message on its way to Redis. */
export interface Outgoing {
  /** The bridge's sequence number of the message: buffers keep this order. */
  readonly seq: number;
  readonly channel: string;
  readonly payload: string | Uint8Array;
  readonly topic: string;
  /** How many times it was handed to the connection. */
  attempts: number;
  /** Losses of the connection at which Redis had not answered it. */
  strikes: number;
}

/**
 * The messages waiting for the connection to Redis, in sequence order, at most `capacity` of
 * them. What does not fit is refused: the newest message, so that what is sent on reconnect is
 * an unbroken run from the oldest.
 */
export class SendBuffer {
  readonly capacity: number;
  #entries: Outgoing[] = [];

  /** @param capacity - most messages held. */
  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#entries.length;
  }

  /**
   * Adds a message in sequence order (a message whose send failed comes back older than
   * those buffered since).
   * @returns the message that did not fit (the newest), or `undefined`.
   */
  add(entry: Outgoing): Outgoing | undefined {
    const entries = this.#entries;
    if (entries.length === 0 || entries[entries.length - 1]!.seq < entry.seq) {
      entries.push(entry);
    } else {
      let low = 0;
      let high = entries.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (entries[middle]!.seq < entry.seq) low = middle + 1;
        else high = middle;
      }
      entries.splice(low, 0, entry);
    }
    return entries.length > this.capacity ? entries.pop() : undefined;
  }

  /** @returns the oldest buffered message, taken out of the buffer, or `undefined`. */
  shift(): Outgoing | undefined {
    return this.#entries.shift();
  }

  /** Calls `visit` with each buffered message, oldest first. */
  forEach(visit: (entry: Outgoing) => void): void {
    this.#entries.forEach((entry) => visit(entry));
  }

  /** @returns the oldest buffered message, left in the buffer, or `undefined`. */
  peek(): Outgoing | undefined {
    return this.#entries[0];
  }

  /** @returns every buffered message, oldest first, and empties the buffer. */
  drain(): Outgoing[] {
    const entries = this.#entries;
    this.#entries = [];
    return entries;
  }
}
