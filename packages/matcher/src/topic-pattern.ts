import { describeValue, LimitExceededError, PatternSyntaxError } from './errors.js';
import { scanLevelShape, type LevelShape } from './level-shape.js';

/**
 * A topic pattern: a regular-expression source string, or a `RegExp`.
 *
 * A pattern matches a topic when it matches starting at index 0 of the topic (like Python's
 * `re.match`); it need not consume the whole topic. End it with `$` to require that.
 */
export type TopicPattern = string | RegExp;

/** A pattern reduced to what decides its behaviour: its source and its relevant flags. */
export interface NormalizedPattern {
  /** `RegExp#source` of the pattern: `'a/b'` and `/a\/b/` both give `a\/b`. */
  readonly source: string;
  /** The flags, sorted, without `g` and `y` (matching never depends on `lastIndex`). */
  readonly flags: string;
  /** Identity of the pattern: two patterns with the same key are the same pattern. */
  readonly key: string;
  /** Its levels, when the shape scanner recognised it as level shaped; `null` otherwise. */
  readonly shape: LevelShape | null;
}

const IGNORED_FLAGS = /[gy]/g;

/**
 * Validates and normalises a topic pattern.
 *
 * @param pattern - a regular-expression source string or a `RegExp`.
 * @param maxLength - the longest string or `RegExp` source accepted, checked before any work.
 * @returns the pattern's normalised source, flags and identity key.
 * @throws {@link PatternSyntaxError} when a string is not a valid regular expression.
 * @throws {@link LimitExceededError} when it is longer than `maxLength`.
 * @throws `TypeError` when the value is neither a string nor a `RegExp`.
 */
export function normalizePattern(
  pattern: TopicPattern,
  maxLength: number = Infinity,
): NormalizedPattern {
  let source: string;
  let flags: string;
  let shape: LevelShape | null = null;
  if (typeof pattern === 'string') {
    if (pattern.length > maxLength) {
      throw new LimitExceededError('maxPatternLength', pattern.length, maxLength, pattern);
    }
    flags = '';
    // A level-shaped string is valid, and its source known, without compiling it.
    const scanned = scanLevelShape(pattern, flags);
    if (scanned !== null) {
      source = scanned.source;
      shape = scanned.shape;
    } else {
      try {
        source = new RegExp(pattern).source;
      } catch (error) {
        throw new PatternSyntaxError(pattern, error);
      }
    }
  } else if (isRegExp(pattern)) {
    source = sourceOf(pattern);
    if (source.length > maxLength) {
      throw new LimitExceededError('maxPatternLength', source.length, maxLength, source);
    }
    flags = flagsOf(pattern).replace(IGNORED_FLAGS, '');
    shape = scanLevelShape(source, flags)?.shape ?? null;
  } else {
    throw new TypeError(
      `A topic pattern must be a string or a RegExp, got ${describeValue(pattern)}`,
    );
  }
  // Without flags the key is the source itself (no second string per pattern). With flags it
  // is `flags/source`, which no source can equal: a source has no `/` outside a character
  // class that is not escaped, and before this one there are only flag letters, so no `[`
  // and no `\`.
  return { source, flags, key: flags === '' ? source : `${flags}/${source}`, shape };
}

/**
 * Compiles the regular expression that tests a topic from index 0: a sticky copy whose
 * `lastIndex` is reset before each test. (Wrapping in `^(?:…)` would be wrong under `m`.)
 * `d` is dropped: it only adds match indices, which a test never reads.
 */
export function compileAnchored(pattern: NormalizedPattern): RegExp {
  return new RegExp(pattern.source, `${pattern.flags.replace('d', '')}y`);
}

/** A `RegExp.prototype` getter, callable on any RegExp: it reads the internal slot, never an
 * own property or getter that the value (or a subclass) defines. */
function intrinsic<V>(name: string): ((regex: RegExp) => V) | null {
  const getter = Object.getOwnPropertyDescriptor(RegExp.prototype, name)?.get;
  return getter === undefined ? null : (getter.call.bind(getter) as (regex: RegExp) => V);
}

const sourceOf = intrinsic<string>('source')!;

/** Each flag's letter and intrinsic getter, in sorted order (`v` and `d` where the runtime has them). */
const FLAG_GETTERS = (
  [
    ['d', 'hasIndices'],
    ['g', 'global'],
    ['i', 'ignoreCase'],
    ['m', 'multiline'],
    ['s', 'dotAll'],
    ['u', 'unicode'],
    ['v', 'unicodeSets'],
    ['y', 'sticky'],
  ] as const
).flatMap(([letter, name]) => {
  const getter = intrinsic<boolean>(name);
  return getter === null ? [] : [{ letter, getter }];
});

/**
 * A RegExp's flags, sorted, from its internal slot: `flags` itself is a getter that reads
 * `global`, `ignoreCase` and the rest through the value, which may override any of them.
 */
function flagsOf(regex: RegExp): string {
  let flags = '';
  for (const { letter, getter } of FLAG_GETTERS) if (getter(regex)) flags += letter;
  return flags;
}

/**
 * Whether a value is a real RegExp, from any realm. `instanceof` fails across realms (iframes,
 * `vm`) and throws on a revoked proxy, and `Symbol.toStringTag` can be faked; the `source`
 * getter of `RegExp.prototype` throws for anything but a RegExp (its only non-RegExp receiver
 * is `RegExp.prototype` itself), a proxy of one included.
 * @param value - anything.
 * @returns whether it is a RegExp.
 */
export function isRegExp(value: unknown): value is RegExp {
  if (typeof value !== 'object' || value === null || value === RegExp.prototype) return false;
  try {
    sourceOf(value as RegExp);
    return true;
  } catch {
    return false;
  }
}
