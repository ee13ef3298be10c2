// Test support (not a test file): what a level shape (src/level-shape.ts) means, written the
// obvious way on split strings, with no regular expression: the scanner's shapes are held to
// the sticky regex by this.
import {
  ANY_LEVEL,
  NO_DOLLAR_LEVEL,
  NON_EMPTY_LEVEL,
  type LevelShape,
  type LevelStep,
} from '../../src/level-shape.js';

/** Whether a string has a line terminator (`\n`, `\r`, U+2028, U+2029). */
export function hasLineTerminator(text: string): boolean {
  return /[\n\r\u2028\u2029]/.test(text);
}

/** Whether one level of a topic satisfies one step of a shape. */
export function stepMatches(step: LevelStep, level: string): boolean {
  if (step === ANY_LEVEL) return true;
  if (step === NON_EMPTY_LEVEL) return level !== '';
  if (step === NO_DOLLAR_LEVEL) return !level.startsWith('$');
  return step === level;
}

/** Does a topic match a level shape? */
export function shapeMatches(shape: LevelShape, topic: string): boolean {
  const { separator, levels, end } = shape;
  if (levels.length === 0) {
    if (end === 'all') return true;
    if (end === 'all-no-lt') return !hasLineTerminator(topic);
    throw new Error(`no levels with the end ${end}`);
  }
  const parts = topic.split(separator);
  const k = levels.length;
  if (parts.length < k) return false;
  if (!levels.every((step, index) => stepMatches(step, parts[index]!))) return false;
  const more = parts.length > k;
  /** The topic after level k: empty, or the separator and the levels after it. */
  const rest = more ? separator + parts.slice(k).join(separator) : '';
  switch (end) {
    case 'exact':
      return !more;
    case 'self-or-descendants':
      return true;
    case 'self-or-descendants-no-lt':
      return !hasLineTerminator(rest);
    case 'descendants':
      return more;
    case 'descendants-no-lt':
      return more && !hasLineTerminator(rest);
    default:
      throw new Error(`levels with the end ${end}`);
  }
}

/** Does the pattern match the topic from index 0, as the matcher runs it? */
export function stickyMatches(source: string, flags: string, topic: string): boolean {
  const regex = new RegExp(source, `${flags.replace('d', '')}y`);
  regex.lastIndex = 0;
  return regex.test(topic);
}
