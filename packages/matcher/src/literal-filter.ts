/**
 * The required-literal prefilter: patterns without a literal prefix, filed by a literal that
 * every match contains (`required-literals.ts`). Each distinct literal is a group, keyed by
 * one gram of it (up to {@link GRAM} code units, chosen where the table is emptiest, so that
 * patterns sharing common words still spread out); a topic is read once into folded code
 * units, its grams are hashed where a gram length is in use and looked up in an open-addressed
 * table, and a hit is verified by comparing the whole literal in place. A pattern is met when
 * the literal occurs where its matches have it (a pattern such as `[a-z]{3}-\d+/status` has
 * `/status` at 5 or later) and the topic is as long as its shortest match; each pattern once,
 * however many of its literals the topic contains.
 */
import { containsLiteral, foldCode, foldedAt, type Required } from './required-literals.js';

/** Longest gram a literal is keyed by: long enough to be rare, short enough to hash quickly. */
const GRAM = 6;

/** What the filter files: a pattern, which records the last collection that met it. */
export interface FilteredEntry {
  /** The stamp of the last collection that met it (no allocation to deduplicate). */
  seen: number;
}

/** A pattern filed in a group, with where its matches have the literal. */
interface Filing<E> {
  readonly entry: E;
  /** Where the literal starts in a match, in code units from its start (`to` may be ∞). */
  readonly from: number;
  readonly to: number;
  /** The fewest code units of a match. */
  readonly minLength: number;
}

/** One distinct literal (exact or caseless) and the patterns filed under it. */
export interface LiteralGroup<E> {
  /** The literal, folded when `caseless`. */
  readonly literal: string;
  readonly caseless: boolean;
  /** Where its gram starts in the literal, and the gram's length. */
  readonly offset: number;
  readonly gramLength: number;
  readonly bucket: Bucket<E>;
  readonly filings: Filing<E>[];
  /** Filings that need the literal at some positions only (a group without one is met once). */
  placed: number;
  /** The stamp of the last collection that met it whole. */
  seen: number;
}

/** The groups whose gram hashes to one key. */
interface Bucket<E> {
  readonly key: number;
  readonly groups: LiteralGroup<E>[];
  /** Patterns filed in its groups: how crowded the gram is. */
  patterns: number;
}

/** Below this many patterns, a topic is searched for each literal instead of hashed. */
const FEW_PATTERNS = 8;

const FNV_PRIME = 0x01000193;
const FNV_SEED = 0x811c9dc5 | 0;

/** A filter of patterns by the literals they require. */
export class LiteralFilter<E extends FilteredEntry> {
  /** Open-addressed table of gram keys (0: free), and the bucket of each slot. */
  #keys = new Int32Array(64);
  #buckets: (Bucket<E> | undefined)[] = new Array<Bucket<E> | undefined>(64);
  #shift = 32 - 6;
  /** Slots taken, empty buckets included (they are dropped when the table is rebuilt). */
  #taken = 0;
  #emptyBuckets = 0;
  readonly #groups = new Map<string, LiteralGroup<E>>();
  /** Groups per gram length, and the lengths in use as a bit mask. */
  readonly #lengths = new Int32Array(GRAM + 1);
  #lengthMask = 0;
  #longest = 0;
  /** The topic's folded code units, reused by every collection. */
  #codes = new Uint16Array(256);
  #stamp = 0;
  #size = 0;
  /** Where the running collection writes, and how far it has written. */
  #out: E[] = [];
  #count = 0;

  /** Patterns filed. */
  get size(): number {
    return this.#size;
  }

  /**
   * Files a pattern under each string of a required set.
   * @param entry - the pattern.
   * @param required - strings of which every match contains one (folded when `caseless`), and
   * where they start in a match.
   * @param minLength - the fewest code units of a match.
   * @param caseless - whether the strings are compared under {@link foldCode}.
   * @returns the groups it is filed in, to delete it with.
   */
  add(
    entry: E,
    required: Required,
    minLength: number,
    caseless: boolean,
  ): readonly LiteralGroup<E>[] {
    const { from, to } = required;
    const placed = from > 0 || to !== Infinity;
    const groups = required.strings.map((literal) => {
      const id = `${caseless ? 'i' : 'c'}${literal}`;
      let group = this.#groups.get(id);
      if (group === undefined) {
        group = this.#newGroup(literal, caseless);
        this.#groups.set(id, group);
      }
      group.filings.push({ entry, from, to, minLength });
      if (placed) group.placed += 1;
      group.bucket.patterns += 1;
      return group;
    });
    this.#size += 1;
    return groups;
  }

  /**
   * Unfiles a pattern (nothing happens for one that is not filed).
   * @param entry - the pattern.
   * @param groups - what {@link LiteralFilter.add} returned for it.
   */
  delete(entry: E, groups: readonly LiteralGroup<E>[]): void {
    let found = false;
    for (const group of groups) {
      const filings = group.filings;
      const index = filings.findIndex((filing) => filing.entry === entry);
      if (index === -1) continue;
      found = true;
      const filing = filings[index]!;
      if (filing.from > 0 || filing.to !== Infinity) group.placed -= 1;
      // Order within a group does not matter: matches are merged by registration order.
      filings[index] = filings[filings.length - 1]!;
      filings.pop();
      group.bucket.patterns -= 1;
      if (filings.length === 0) this.#dropGroup(group);
    }
    if (found) this.#size -= 1;
  }

  /** Unfiles everything. */
  clear(): void {
    this.#groups.clear();
    this.#keys = new Int32Array(64);
    this.#buckets = new Array<Bucket<E> | undefined>(64);
    this.#shift = 32 - 6;
    this.#taken = 0;
    this.#emptyBuckets = 0;
    this.#lengths.fill(0);
    this.#lengthMask = 0;
    this.#longest = 0;
    this.#size = 0;
  }

  /**
   * Writes into `out`, from `count` on, the patterns filed under a literal that the topic
   * contains, each once (by index: `out` keeps its length, entries past the count are stale).
   * @param topic - the topic.
   * @param out - where they go.
   * @param count - how many entries `out` holds already.
   * @returns how many it holds now.
   */
  collect(topic: string, out: E[], count: number): number {
    const stamp = (this.#stamp += 1);
    this.#out = out;
    this.#count = count;
    if (this.#size < FEW_PATTERNS) {
      for (const group of this.#groups.values()) this.#search(group, topic, stamp);
      return this.#count;
    }
    const length = topic.length;
    if (this.#codes.length < length) this.#codes = new Uint16Array(length * 2);
    const codes = this.#codes;
    for (let i = 0; i < length; i += 1) codes[i] = foldCode(topic.charCodeAt(i));
    const keys = this.#keys;
    const mask = keys.length - 1;
    const shift = this.#shift;
    const lengths = this.#lengthMask;
    const longest = this.#longest;
    for (let start = 0; start < length; start += 1) {
      const end = Math.min(start + longest, length);
      let hash = FNV_SEED;
      for (let i = start; i < end;) {
        hash = Math.imul(hash ^ codes[i]!, FNV_PRIME);
        i += 1;
        if (((lengths >>> (i - start)) & 1) === 0) continue;
        const key = hash | 1;
        for (let slot = Math.imul(key, 0x9e3779b1) >>> shift; ; slot = (slot + 1) & mask) {
          const stored = keys[slot]!;
          if (stored === 0) break;
          if (stored === key) {
            this.#verify(this.#buckets[slot]!, topic, start, stamp);
            break;
          }
        }
      }
    }
    return this.#count;
  }

  /** Meets the groups of a bucket whose literal occurs with its gram at `start`. */
  #verify(bucket: Bucket<E>, topic: string, start: number, stamp: number): void {
    const codes = this.#codes;
    for (const group of bucket.groups) {
      if (group.seen === stamp) continue;
      const from = start - group.offset;
      const literal = group.literal;
      if (from < 0 || from + literal.length > topic.length) continue;
      let k = 0;
      if (group.caseless) {
        while (k < literal.length && codes[from + k] === literal.charCodeAt(k)) k += 1;
      } else {
        while (k < literal.length && topic.charCodeAt(from + k) === literal.charCodeAt(k)) k += 1;
      }
      if (k === literal.length) this.#meet(group, from, topic.length, stamp);
    }
  }

  /** Meets a group at every occurrence of its literal, without the table (few patterns). */
  #search(group: LiteralGroup<E>, topic: string, stamp: number): void {
    const { literal, caseless } = group;
    if (!caseless) {
      for (let at = topic.indexOf(literal); at !== -1; at = topic.indexOf(literal, at + 1)) {
        this.#meet(group, at, topic.length, stamp);
        if (group.seen === stamp) return;
      }
      return;
    }
    const last = topic.length - literal.length;
    for (let at = 0; at <= last; at += 1) {
      if (foldedAt(topic, at, literal)) {
        this.#meet(group, at, topic.length, stamp);
        if (group.seen === stamp) return;
      }
    }
  }

  /**
   * A group's literal occurs at `at`: its patterns whose matches can have it there, and that
   * are not longer than the topic, go out (each once).
   */
  #meet(group: LiteralGroup<E>, at: number, length: number, stamp: number): void {
    // Without placed filings, every pattern went out at the first occurrence.
    if (group.placed === 0) group.seen = stamp;
    const filings = group.filings;
    const out = this.#out;
    let count = this.#count;
    for (let i = 0; i < filings.length; i += 1) {
      const filing = filings[i]!;
      const entry = filing.entry;
      if (
        entry.seen !== stamp &&
        at >= filing.from &&
        at <= filing.to &&
        length >= filing.minLength
      ) {
        entry.seen = stamp;
        out[count++] = entry;
      }
    }
    this.#count = count;
  }

  #newGroup(literal: string, caseless: boolean): LiteralGroup<E> {
    // Keyed by the folded gram: the topic is hashed folded, and an exact group is verified
    // exactly.
    const folded = caseless ? literal : foldString(literal);
    const gramLength = Math.min(GRAM, literal.length);
    let offset = 0;
    let bestKey = 0;
    let fewest = Infinity;
    // The least crowded gram; the later one on a tie (ids and names tend to end a literal).
    for (let at = 0; at + gramLength <= folded.length; at += 1) {
      const key = gramKey(folded, at, gramLength);
      const crowd = this.#bucketAt(key)?.patterns ?? 0;
      if (crowd <= fewest) {
        fewest = crowd;
        offset = at;
        bestKey = key;
      }
    }
    let bucket = this.#bucketAt(bestKey);
    if (bucket === undefined) bucket = this.#newBucket(bestKey);
    else if (bucket.groups.length === 0) this.#emptyBuckets -= 1;
    const group: LiteralGroup<E> = {
      literal,
      caseless,
      offset,
      gramLength,
      bucket,
      filings: [],
      placed: 0,
      seen: 0,
    };
    bucket.groups.push(group);
    this.#lengths[gramLength] = this.#lengths[gramLength]! + 1;
    this.#updateLengths();
    return group;
  }

  #dropGroup(group: LiteralGroup<E>): void {
    this.#groups.delete(`${group.caseless ? 'i' : 'c'}${group.literal}`);
    const groups = group.bucket.groups;
    groups.splice(groups.indexOf(group), 1);
    this.#lengths[group.gramLength] = this.#lengths[group.gramLength]! - 1;
    this.#updateLengths();
    if (groups.length === 0) {
      // The slot stays (open addressing cannot simply free it) until the table is rebuilt.
      this.#emptyBuckets += 1;
      if (this.#emptyBuckets > 64 && this.#emptyBuckets * 2 > this.#taken) {
        this.#rebuild(this.#keys.length);
      }
    }
  }

  #updateLengths(): void {
    let mask = 0;
    let longest = 0;
    for (let length = 1; length <= GRAM; length += 1) {
      if (this.#lengths[length]! > 0) {
        mask |= 1 << length;
        longest = length;
      }
    }
    this.#lengthMask = mask;
    this.#longest = longest;
  }

  #bucketAt(key: number): Bucket<E> | undefined {
    const keys = this.#keys;
    const mask = keys.length - 1;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.#shift; ; slot = (slot + 1) & mask) {
      const stored = keys[slot]!;
      if (stored === 0) return undefined;
      if (stored === key) return this.#buckets[slot];
    }
  }

  #newBucket(key: number): Bucket<E> {
    if ((this.#taken + 1) * 2 > this.#keys.length) this.#rebuild(this.#keys.length * 2);
    const bucket: Bucket<E> = { key, groups: [], patterns: 0 };
    this.#place(bucket);
    this.#taken += 1;
    return bucket;
  }

  #place(bucket: Bucket<E>): void {
    const keys = this.#keys;
    const mask = keys.length - 1;
    let slot = Math.imul(bucket.key, 0x9e3779b1) >>> this.#shift;
    while (keys[slot] !== 0) slot = (slot + 1) & mask;
    keys[slot] = bucket.key;
    this.#buckets[slot] = bucket;
  }

  /** A new table of `capacity` slots (a power of two) holding the buckets that have groups. */
  #rebuild(capacity: number): void {
    const live = this.#buckets.filter(
      (bucket): bucket is Bucket<E> => bucket !== undefined && bucket.groups.length > 0,
    );
    while (live.length * 2 >= capacity) capacity *= 2;
    this.#keys = new Int32Array(capacity);
    this.#buckets = new Array<Bucket<E> | undefined>(capacity);
    this.#shift = 32 - Math.log2(capacity);
    for (const bucket of live) this.#place(bucket);
    this.#taken = live.length;
    this.#emptyBuckets = 0;
  }
}

/** The key of a folded gram, as a topic's collection hashes it (never 0). */
function gramKey(folded: string, at: number, length: number): number {
  let hash = FNV_SEED;
  for (let i = at; i < at + length; i += 1)
    hash = Math.imul(hash ^ folded.charCodeAt(i), FNV_PRIME);
  return hash | 1;
}

function foldString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) out += String.fromCharCode(foldCode(text.charCodeAt(i)));
  return out;
}

/**
 * Whether a topic contains one of a pattern's literals (to patch the memo without the table).
 * @param topic - the topic.
 * @param groups - the pattern's groups.
 */
export function containsAny(topic: string, groups: readonly LiteralGroup<unknown>[]): boolean {
  return groups.some((group) => containsLiteral(topic, group.literal, group.caseless));
}
