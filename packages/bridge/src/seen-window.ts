/**
 * Which of a sender's last `size` sequence numbers were delivered, as a bitmap: bit `k` is
 * `latest - k`. It lets a gate deliver a record that arrives after newer ones (a publish that
 * JetStream stored late, after a retry) once, and still drop every copy of it after that.
 */
export class SeenWindow {
  readonly #words: Uint32Array;

  /**
   * @param size - how many sequence numbers it covers, the latest included (rounded up to a
   *   multiple of 32).
   */
  constructor(size: number) {
    this.#words = new Uint32Array(Math.max(1, Math.ceil(size / 32)));
    this.#words[0] = 1; // the latest, which made the window
  }

  /** Its estimated size in bytes. */
  get bytes(): number {
    return this.#words.byteLength + 64;
  }

  /**
   * A newer sequence number was delivered: `distance` past the latest, which it becomes.
   * @param distance - at least 1.
   */
  advance(distance: number): void {
    const words = this.#words;
    const wordShift = Math.floor(distance / 32);
    const bitShift = distance % 32;
    for (let i = words.length - 1; i >= 0; i -= 1) {
      const from = i - wordShift;
      const high = from >= 0 ? words[from]! << bitShift : 0;
      const low = bitShift > 0 && from - 1 >= 0 ? words[from - 1]! >>> (32 - bitShift) : 0;
      words[i] = (high | low) >>> 0;
    }
    words[0]! |= 1;
  }

  /**
   * Marks a sequence number as delivered.
   * @param behind - how far below the latest it is.
   * @returns `false` when it was already, or lies outside the window (the caller cannot know).
   */
  claim(behind: number): boolean {
    if (behind < 0 || behind >= this.#words.length * 32) return false;
    const word = behind >>> 5;
    const bit = 1 << (behind & 31);
    if ((this.#words[word]! & bit) !== 0) return false;
    this.#words[word]! |= bit;
    return true;
  }
}
