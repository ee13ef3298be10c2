import type { ReceivedRecord } from './wire-record.js';
import { PeerTable } from './peer-table.js';
import type { RemotePublisher } from './remote-publisher.js';

/**
 * A sender's sequence number may jump (what it sent on topics this bridge does not follow, or
 * while this bridge was away) by at most this much plus {@link MAX_SEQ_PER_MS} per millisecond
 * since its last record arrived; beyond that no bridge could have sent so many (one sends from
 * one connection, well under a million a second).
 */
export const MAX_SEQ_JUMP = 1_000_000;
/** See {@link MAX_SEQ_JUMP}. */
export const MAX_SEQ_PER_MS = 10_000;

/**
 * What {@link RecordGate.admit} decides about a received record: deliver it (with the
 * sender's `publisher`), or drop it as this bridge's own (`echo`), as one already delivered
 * (`duplicate`), or as `forged` (an impossible sequence number, with the reason).
 */
export type Admission = Deliver | Dropped | Forged;

/** Deliver the record. */
export interface Deliver {
  /** Always `'deliver'`. */
  readonly verdict: 'deliver';
  /** The sender, as handlers see it. */
  readonly publisher: RemotePublisher;
}

/** Drop the record: this bridge's own, or one already delivered. */
export interface Dropped {
  /** `'echo'` or `'duplicate'`. */
  readonly verdict: 'echo' | 'duplicate';
}

/** Drop the record as forged. */
export interface Forged {
  /** Always `'forged'`. */
  readonly verdict: 'forged';
  /** Why, in words. */
  readonly reason: string;
}

const ECHO: Admission = Object.freeze({ verdict: 'echo' });
const DUPLICATE: Admission = Object.freeze({ verdict: 'duplicate' });

/**
 * Echo and duplicate suppression, for every bridge: each bridge numbers what it sends (its run
 * id, a sequence number that grows by one per message), so a receiver drops its own records
 * when the server sends them back, and a record it has had before (sent again after a
 * connection loss, or arriving through two overlapping subscriptions). Senders are remembered
 * within the bounds of a {@link PeerTable}.
 */
export class RecordGate {
  readonly #run: string;
  readonly #peers = new PeerTable();
  readonly #lateWindow: number | undefined;

  /**
   * @param run - this bridge's run id.
   * @param options - `lateWindow`: let in, once, a record up to this many sequence numbers
   *   older than its sender's newest, if not delivered before (for a store that may keep a
   *   retried publish after newer ones, as JetStream does); by default an older record is a
   *   duplicate.
   */
  constructor(run: string, options: { readonly lateWindow?: number } = {}) {
    this.#run = run;
    this.#lateWindow = options.lateWindow;
  }

  /** Senders remembered now. */
  get peers(): number {
    return this.#peers.size;
  }

  /**
   * @param record - a record that passed validation.
   * @param now - `performance.now()`.
   * @returns whether to deliver it, and why not.
   */
  admit(record: ReceivedRecord, now: number = performance.now()): Admission {
    if (record.run === this.#run) return ECHO;
    const peer = this.#peers.get(record.run);
    if (peer === undefined) {
      const added = this.#peers.add(record.run, record.node, record.seq, now, this.#lateWindow);
      return { verdict: 'deliver', publisher: added.publisher };
    }
    if (record.seq <= peer.lastSeq) {
      if (peer.window?.claim(peer.lastSeq - record.seq) !== true) return DUPLICATE;
      this.#peers.touch(record.run, peer);
      return { verdict: 'deliver', publisher: peer.publisher }; // late, and not had before
    }
    const jump = record.seq - peer.lastSeq;
    if (jump > MAX_SEQ_JUMP + MAX_SEQ_PER_MS * (now - peer.lastAt)) {
      // Taken as the new normal, it would make the sender's real messages duplicates.
      return {
        verdict: 'forged',
        reason:
          `its sequence number ${record.seq} is ${jump} past the last one of its sender ` +
          `(node ${JSON.stringify(peer.publisher.nodeId)}, run ${JSON.stringify(record.run)}), ` +
          'more than a bridge can send in the time since: forged or corrupted',
      };
    }
    peer.window?.advance(jump);
    peer.lastSeq = record.seq;
    peer.lastAt = now;
    this.#peers.touch(record.run, peer);
    return { verdict: 'deliver', publisher: peer.publisher };
  }
}
