/**
 * Level gaps: a second index for patterns whose rest, after their literal head, skips one
 * level of the topic and goes on with literal text, such as `t7\/[^/]+\/temp$` (what the MQTT
 * filter `t7/+/temp` compiles to). Filed under their head alone, every such pattern would be a
 * candidate for every topic under `t7/`, `t7/+/hum` for `t7/d3/temp` included. Filed in a
 * {@link GapGroup} under the head instead, they are met only when the text after the skipped
 * level starts with their literal: the walk finds the first separator after the head and goes
 * on in the group's own trie from there.
 *
 * This only narrows the candidates; each candidate still runs its regex, so the filing need
 * only be necessary for a match, never sufficient: a pattern `H[^s]+s L…` or `H[^s]*s L…`
 * (`s` one character, `L` the literal head of what follows) matches a topic only if the topic
 * starts with `H`, has an `s` at or after `H`'s end, and the text after the first such `s`
 * starts with `L` (`[^s]` cannot consume an `s`, so the first `s` is the one the pattern
 * matches).
 */
import { splitLiteralHead } from './literal-head.js';
import { PrefixTrie } from './prefix-trie.js';

/** Where a pattern goes after its head: the separator that ends the skipped level, and the
 * literal that must follow it. */
export interface LevelGap {
  readonly separator: string;
  readonly literal: string;
}

/** Characters with a meaning of their own outside a class: as a separator, they must be
 * escaped to be literal. */
const SPECIAL = new Set([...'\\^$.|?*+()[]{}']);
/** Characters that can be the excluded one in `[^s]`, written as themselves or escaped. */
const SEPARATOR = /^[!-/:-@[`{-~]$/;
/** A quantifier right after the separator would make it optional or repeat it. */
const QUANTIFIER_START = new Set([...'*+?{']);

/**
 * The level gap a pattern's rest starts with, or `null`.
 * @param rest - the pattern source after its literal head (no top-level `|`, no `i` flag).
 * @returns the separator and the literal after it.
 */
export function levelGapOf(rest: string): LevelGap | null {
  if (!rest.startsWith('[^')) return null;
  let index = 2;
  const escaped = rest[index] === '\\';
  const separator = rest[escaped ? index + 1 : index];
  if (separator === undefined || !SEPARATOR.test(separator) || separator === ']') return null;
  if (!escaped && (separator === '\\' || separator === '^' || separator === '-')) return null;
  index += escaped ? 2 : 1;
  if (rest[index] !== ']') return null;
  index += 1;
  const quantifier = rest[index];
  if (quantifier !== '+' && quantifier !== '*') return null;
  index += 1;
  // Then the separator itself, exactly once: escaped, or as itself when that is a literal.
  if (rest[index] === '\\' && rest[index + 1] === separator) index += 2;
  else if (rest[index] === separator && !SPECIAL.has(separator)) index += 1;
  else return null;
  const after = rest.slice(index);
  if (after.length > 0 && QUANTIFIER_START.has(after[0]!)) return null; // `[^/]+\/?`, lazy `+?`
  return { separator, literal: splitLiteralHead(after)?.head ?? '' };
}

/**
 * The patterns with a level gap that share a head and a separator, filed under their literals;
 * itself filed in the main trie under the head.
 */
export class GapGroup<E> {
  /** The separator that ends the skipped level. */
  readonly separator: string;
  /** Length of the head: the skipped level starts there. */
  readonly headLength: number;
  /** The patterns, under the literal that follows the separator. */
  readonly entries: PrefixTrie<E> = new PrefixTrie<E>();
  /** Patterns filed. */
  size = 0;

  /**
   * @param separator - the separator.
   * @param headLength - the length of the head the group is filed under.
   */
  constructor(separator: string, headLength: number) {
    this.separator = separator;
    this.headLength = headLength;
  }

  /**
   * Appends the group's candidates for a topic (that starts with the head) to `out`.
   * @param topic - the topic.
   * @param out - the candidate list.
   */
  collect<O>(topic: string, out: (E | O)[]): void {
    const end = topic.indexOf(this.separator, this.headLength);
    if (end !== -1) this.entries.collect(topic, out, end + 1);
  }
}
