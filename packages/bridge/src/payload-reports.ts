import { MalformedPayloadError, UnauthenticatedPayloadError } from './errors.js';
import { ReportThrottle } from './report-throttle.js';

/** What a dropped payload report is about, kept while reports are held back. */
interface DroppedPayload {
  readonly channel: string;
  readonly payload: Uint8Array;
  readonly reason: string;
}

/**
 * Counts and reports the payloads a bridge drops (malformed, or without its `sharedKey`), at
 * the bounded rate of {@link ReportThrottle}, so that whoever may publish on the bridge's
 * channels cannot flood `onError`.
 */
export class PayloadReports {
  /** Payloads that were not sigx records, so far. */
  malformed = 0;
  /** Payloads without the `sharedKey`, so far. */
  unauthenticated = 0;
  readonly #where: string;
  readonly #report: (error: Error) => void;
  readonly #malformed: ReportThrottle<DroppedPayload>;
  readonly #unauthenticated: ReportThrottle<DroppedPayload>;

  /**
   * @param where - what a channel is called in messages (`'Redis channel'`, `'NATS subject'`).
   * @param report - the bridge's `onError`, guarded.
   */
  constructor(where: string, report: (error: Error) => void) {
    this.#where = where;
    this.#report = report;
    this.#malformed = new ReportThrottle((last, count) =>
      report(new MalformedPayloadError(where, last.channel, last.payload, last.reason, { count })),
    );
    this.#unauthenticated = new ReportThrottle((last, count) =>
      report(
        new UnauthenticatedPayloadError(where, last.channel, last.payload, last.reason, {
          count,
        }),
      ),
    );
  }

  /**
   * Counts and reports a payload that is not a record.
   * @param channel - the channel (subject) it arrived on.
   * @param payload - the payload (its first 200 bytes are kept).
   * @param reason - what is wrong with it.
   * @param cause - the codec's error, if it threw.
   */
  malformedPayload(channel: string, payload: Uint8Array, reason: string, cause?: unknown): void {
    this.malformed += 1;
    const dropped = droppedPayload(channel, payload, reason);
    if (!this.#malformed.admit(dropped)) return;
    this.#report(
      new MalformedPayloadError(
        this.#where,
        channel,
        payload,
        reason,
        cause === undefined ? {} : { cause },
      ),
    );
  }

  /**
   * Counts and reports a payload whose MAC is missing or wrong.
   * @param channel - the channel (subject) it arrived on.
   * @param payload - the payload.
   * @param reason - why it does not authenticate.
   */
  unauthenticatedPayload(channel: string, payload: Uint8Array, reason: string): void {
    this.unauthenticated += 1;
    const dropped = droppedPayload(channel, payload, reason);
    if (!this.#unauthenticated.admit(dropped)) return;
    this.#report(new UnauthenticatedPayloadError(this.#where, channel, payload, reason));
  }

  /** Reports what is held back now (at `close()`). */
  flush(): void {
    this.#malformed.flush();
    this.#unauthenticated.flush();
  }
}

/** What a report of a dropped payload needs, copied out of the socket's buffers. */
function droppedPayload(channel: string, payload: Uint8Array, reason: string): DroppedPayload {
  return { channel, payload: new Uint8Array(payload.subarray(0, 200)), reason };
}
