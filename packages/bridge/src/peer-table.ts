import { RemotePublisher } from './remote-publisher.js';
import { SeenWindow } from './seen-window.js';

/** Most senders remembered. */
export const MAX_PEERS = 10_000;
/** Most bytes of sender ids remembered (estimated: two per UTF-16 unit, plus a fixed cost). */
export const MAX_PEER_BYTES: number = 4 * 1024 * 1024;
/** What a remembered sender costs besides its ids: the entry, its object, its publisher. */
const PEER_OVERHEAD = 200;

/** A sender, for duplicate suppression. */
export interface Peer {
  /** The last sequence number accepted from it. */
  lastSeq: number;
  /** When (`performance.now()`) it was accepted. */
  lastAt: number;
  /** The sender, as handlers see it. */
  readonly publisher: RemotePublisher;
  /** Which of its last sequence numbers were delivered, when late ones are let in. */
  readonly window: SeenWindow | undefined;
  /** Its estimated size in bytes. */
  readonly cost: number;
}

/**
 * The senders a bridge remembers, by run id, least recently heard from first: at most
 * {@link MAX_PEERS} of them and {@link MAX_PEER_BYTES} of their ids, so that forged senders
 * cannot grow it without bound. A forgotten sender is a new one when it is heard from again.
 */
export class PeerTable {
  readonly #peers = new Map<string, Peer>();
  #bytes = 0;

  /** How many are remembered. */
  get size(): number {
    return this.#peers.size;
  }

  /**
   * @param run - the sender's run id.
   * @returns the sender, if remembered (without making it the most recent).
   */
  get(run: string): Peer | undefined {
    return this.#peers.get(run);
  }

  /**
   * Makes a remembered sender the most recent.
   * @param run - its run id.
   * @param peer - its entry.
   */
  touch(run: string, peer: Peer): void {
    this.#peers.delete(run);
    this.#peers.set(run, peer);
  }

  /**
   * Remembers a new sender, as the most recent, forgetting the least recent ones past the
   * bounds.
   * @param run - its run id.
   * @param node - its node id.
   * @param seq - the sequence number of its first record.
   * @param at - when it arrived (`performance.now()`).
   * @param windowSize - how many of its last sequence numbers to remember (a {@link SeenWindow}),
   *   when late records are let in; none by default.
   * @returns the new entry.
   */
  add(run: string, node: string, seq: number, at: number, windowSize?: number): Peer {
    const window = windowSize === undefined ? undefined : new SeenWindow(windowSize);
    const peer: Peer = {
      lastSeq: seq,
      lastAt: at,
      publisher: new RemotePublisher(node),
      window,
      cost: 2 * (run.length + node.length) + PEER_OVERHEAD + (window?.bytes ?? 0),
    };
    this.#peers.set(run, peer);
    this.#bytes += peer.cost;
    for (const [oldRun, old] of this.#peers) {
      if (this.#peers.size <= MAX_PEERS && this.#bytes <= MAX_PEER_BYTES) break;
      if (old === peer) break;
      this.#peers.delete(oldRun);
      this.#bytes -= old.cost;
    }
    return peer;
  }
}
