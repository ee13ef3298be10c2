/**
 * One pass over a topic: where each level ends and the hash of its text, with no `split` and no
 * substring per level. The results go into module-level buffers that every matcher reuses, so a
 * topic costs no allocation; they hold the last topic scanned until the next scan.
 */

/** Ends of the levels of the last topic scanned (exclusive; the next level starts one after). */
export let levelEnds: Int32Array = new Int32Array(64);
/** Hashes of the levels of the last topic scanned ({@link hashLevel} of each). */
export let levelHashes: Int32Array = new Int32Array(64);
/** Index of the last line terminator (`\n`, `\r`, U+2028, U+2029) in the last topic scanned, or -1. */
export let lastLineTerminator: number = -1;

/** Random per process, so that nobody can choose level texts that collide. */
const SEED = (Math.random() * 0x40000000) | 0;
const FNV_PRIME = 0x01000193;
/** Keeps hashes in the small-integer range, where `Map` keys need no heap number. */
const HASH_MASK = 0x3fffffff;

/**
 * Scans a topic's levels.
 * @param topic - the topic.
 * @param separator - the code unit between levels.
 * @returns the number of levels (at least 1: the empty topic has one empty level).
 */
export function scanLevels(topic: string, separator: number): number {
  const length = topic.length;
  let count = 0;
  let hash = SEED;
  let lastTerminator = -1;
  for (let index = 0; index < length; index += 1) {
    const code = topic.charCodeAt(index);
    if (code === separator) {
      if (count === levelEnds.length) grow();
      levelEnds[count] = index;
      levelHashes[count] = hash & HASH_MASK;
      count += 1;
      hash = SEED;
    } else {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      // One comparison for most characters: the line terminators are 10, 13, 0x2028, 0x2029.
      if ((code <= 13 || code >= 0x2028) && isLineTerminator(code)) lastTerminator = index;
    }
  }
  if (count === levelEnds.length) grow();
  levelEnds[count] = length;
  levelHashes[count] = hash & HASH_MASK;
  lastLineTerminator = lastTerminator;
  return count + 1;
}

/**
 * The hash {@link scanLevels} gives a level with this text.
 * @param text - a level's text.
 */
export function hashLevel(text: string): number {
  let hash = SEED;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  }
  return hash & HASH_MASK;
}

/**
 * Where level `index` of the last topic scanned starts.
 * @param index - the level, from 0.
 */
export function levelStart(index: number): number {
  return index === 0 ? 0 : levelEnds[index - 1]! + 1;
}

/**
 * Whether a level of a topic has this text.
 * @param text - the expected text.
 * @param topic - the topic.
 * @param start - where the level starts.
 * @param end - where it ends.
 */
export function levelIs(text: string, topic: string, start: number, end: number): boolean {
  const length = text.length;
  if (end - start !== length) return false;
  // A plain loop: levels are short, and `startsWith` is a call into the runtime.
  for (let i = 0; i < length; i += 1) {
    if (text.charCodeAt(i) !== topic.charCodeAt(start + i)) return false;
  }
  return true;
}

function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

function grow(): void {
  const ends = new Int32Array(levelEnds.length * 2);
  ends.set(levelEnds);
  levelEnds = ends;
  const hashes = new Int32Array(levelHashes.length * 2);
  hashes.set(levelHashes);
  levelHashes = hashes;
}
