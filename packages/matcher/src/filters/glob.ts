/**
 * Glob patterns over topic levels (`*` within a level, `**` across levels) compiled to
 * regular expressions.
 */
import { FilterSyntaxError } from '../errors.js';
import { requireFilterString, separatorOption } from './arguments.js';
import { allBut, escapeLiteral } from './escape.js';
import { ANY_LEVELS, joinLevels, type LevelSource } from './levels.js';

/** Options of {@link glob}. */
export interface GlobOptions {
  /**
   * The character between levels: one UTF-16 code unit (not a surrogate), none of
   * `* ? \ [ ] { }`.
   * @default '/'
   */
  readonly separator?: string;
}

/** Characters a pattern must escape to match literally: they may mean something later. */
const RESERVED = '[]{}';

/**
 * Compiles a glob pattern over topic levels to a regular expression that matches exactly the
 * topics the pattern matches, to use as a sigx topic pattern.
 *
 * Levels are separated by `/`. `*` matches any run of characters within a level (none
 * included), `?` exactly one character (a code point) within a level, and `**` as a whole
 * level zero or more levels (`a/**` matches `a` and `a/x/y`; `**` alone matches everything).
 * Stars inside a level (`a**`, `***`) are `*`. `\` makes the next character literal. There is
 * no special case for a leading `.` (topics are not file names).
 *
 * @param pattern - a glob pattern, e.g. `sensors/kitchen-*` or `logs/**`.
 * @param options - the level separator; see {@link GlobOptions}.
 * @returns a `RegExp` with the `u` flag, anchored at both ends, e.g.
 * `/^logs(?:\/[^/]*)*$/u`. Its literal start is its literal prefix in the index.
 * @throws {@link FilterSyntaxError} for `[`, `]`, `{` or `}` unescaped (classes and brace
 * expansion are not supported, and are refused rather than read literally), a `\` at the end,
 * or an escaped separator (a level never contains it).
 * @throws `TypeError` when `pattern` is not a string, `options` not an object, or `separator`
 * not a string.
 * @throws `RangeError` when `separator` is not a single character, or is one of
 * `* ? \ [ ] { }`.
 *
 * @example
 * ```ts
 * const routes = new TopicMatcher<string>()
 *   .add(glob('sensors/kitchen-*'), 'kitchen')
 *   .add(glob('logs/**'), 'logs');
 * routes.match('sensors/kitchen-2'); // → ['kitchen']
 * routes.match('logs/app/error'); // → ['logs']
 * glob('room-?', { separator: '.' }).test('room-1'); // → true
 * ```
 */
export function glob(pattern: string, options?: GlobOptions): RegExp {
  requireFilterString(pattern, 'glob');
  const separator = separatorOption(options, 'glob', '/', `*?\\${RESERVED}`);
  const fail = (index: number, rule: string): never => {
    throw new FilterSyntaxError('glob', pattern, index, rule);
  };
  const anyRun = `${allBut(separator)}*`;
  const levels: LevelSource[] = [];
  /** The current level's source, and its text as written (`**` makes it a globstar). */
  let source = '';
  let text = '';
  let afterStar = false;
  const endLevel = (): void => {
    levels.push(text === '**' ? ANY_LEVELS : source);
    source = '';
    text = '';
    afterStar = false;
  };
  let index = 0;
  while (index < pattern.length) {
    const char = String.fromCodePoint(pattern.codePointAt(index)!);
    const star = char === '*';
    if (char === separator) {
      endLevel();
    } else if (char === '\\') {
      const next = pattern.codePointAt(index + 1);
      if (next === undefined) fail(index, 'a `\\` must be followed by the character it escapes');
      const escaped = String.fromCodePoint(next!);
      if (escaped === separator) fail(index, 'the separator cannot be escaped');
      source += escapeLiteral(escaped);
      text += `\\${escaped}`;
      index += escaped.length;
    } else if (star) {
      if (!afterStar) source += anyRun; // `a**b` is `a*b`
      text += char;
    } else if (char === '?') {
      source += allBut(separator);
      text += char;
    } else if (RESERVED.includes(char)) {
      fail(index, `\`${char}\` is reserved (no classes or braces); write \`\\${char}\` for itself`);
    } else {
      source += escapeLiteral(char);
      text += char;
    }
    afterStar = star;
    index += char.length;
  }
  endLevel();
  return new RegExp(`^${joinLevels(levels, separator)}$`, 'u');
}
