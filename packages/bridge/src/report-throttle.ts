/** Reports of one kind given one by one per window; past that they are summed up. */
export const REPORT_BURST = 10;
/** The window of {@link REPORT_BURST}, in milliseconds. */
export const REPORT_WINDOW_MS = 5_000;

/**
 * Reports of one kind (malformed payloads, payloads without the shared key) at a bounded rate,
 * so that whoever can publish on the bridge's channels cannot flood `onError` (by default
 * `console.error`): the first {@link REPORT_BURST} of a window are reported one by one; the
 * rest are counted, and summed up in one report when the window ends (or at `flush()`).
 */
export class ReportThrottle<T> {
  readonly #summarise: (last: T, count: number) => void;
  #windowStart = Number.NEGATIVE_INFINITY;
  #reported = 0;
  #suppressed = 0;
  #last: T | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** @param summarise - reports the last of `count` held-back occurrences. */
  constructor(summarise: (last: T, count: number) => void) {
    this.#summarise = summarise;
  }

  /**
   * @param details - what the report would be about; kept when it is held back.
   * @returns whether to report this occurrence now; if not, it is in the next summary.
   */
  admit(details: T): boolean {
    const now = performance.now();
    if (now - this.#windowStart >= REPORT_WINDOW_MS) {
      this.flush();
      this.#windowStart = now;
      this.#reported = 0;
    }
    if (this.#reported < REPORT_BURST) {
      this.#reported += 1;
      return true;
    }
    this.#suppressed += 1;
    this.#last = details;
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#windowStart + REPORT_WINDOW_MS - now);
      this.#timer.unref();
    }
    return false;
  }

  /** Reports what is held back now, if anything. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#suppressed === 0) return;
    const [last, count] = [this.#last!, this.#suppressed];
    this.#suppressed = 0;
    this.#last = undefined;
    this.#summarise(last, count);
  }
}
