/**
 * AMQP 0-9-1 topic-exchange binding keys (RabbitMQ's semantics) compiled to regular
 * expressions.
 */
import { FilterSyntaxError } from '../errors.js';
import { requireFilterString, separatorOption } from './arguments.js';
import { allBut, escapeLiteral } from './escape.js';
import { ANY_LEVELS, joinLevels, type LevelSource } from './levels.js';

/** Options of {@link amqp}. */
export interface AmqpOptions {
  /**
   * The character between words: one UTF-16 code unit (not a surrogate), neither `*` nor `#`.
   * @default '.'
   */
  readonly separator?: string;
}

/**
 * Compiles an AMQP topic-exchange binding key to a regular expression that matches exactly
 * the routing keys (topics) RabbitMQ would route to it, to use as a sigx topic pattern.
 *
 * Words are separated by `.`; `*` matches exactly one word, `#` zero or more words (so `a.#`
 * matches `a`, and `#` matches everything). As in RabbitMQ, words may be empty (`a..b` has
 * three words) and the empty key has no words at all: only `#` (or the empty binding key)
 * matches it, and `*` does not. Everything else is literal.
 *
 * @param bindingKey - a binding key, e.g. `*.orange.*` or `lazy.#`.
 * @param options - the word separator; see {@link AmqpOptions}.
 * @returns a `RegExp` anchored at both ends, e.g. `/^lazy(?:\.[^.]*)*$/`. Its literal first
 * words are its literal prefix in the index.
 * @throws {@link FilterSyntaxError} when `*` or `#` is part of a longer word (`a*.b`):
 * RabbitMQ would read it literally, which is rarely what was meant.
 * @throws `TypeError` when `bindingKey` is not a string, `options` not an object, or
 * `separator` not a string.
 * @throws `RangeError` when `separator` is not a single character, or is `*` or `#`.
 *
 * @example
 * ```ts
 * const queues = new TopicMatcher<string>()
 *   .add(amqp('*.orange.*'), 'Q1')
 *   .add(amqp('lazy.#'), 'Q2');
 * queues.match('quick.orange.rabbit'); // → ['Q1']
 * queues.match('lazy.orange.elephant'); // → ['Q1', 'Q2']
 * amqp('a:*', { separator: ':' }).test('a:b'); // → true
 * ```
 */
export function amqp(bindingKey: string, options?: AmqpOptions): RegExp {
  requireFilterString(bindingKey, 'amqp');
  const separator = separatorOption(options, 'amqp', '.', '*#');
  if (bindingKey === '') return new RegExp('^$');
  const oneWord = `${allBut(separator)}*`;
  const words: LevelSource[] = [];
  let start = 0;
  for (const word of bindingKey.split(separator)) {
    if (word === '#') {
      if (words.at(-1) !== ANY_LEVELS) words.push(ANY_LEVELS); // `#.#` is `#`
    } else if (word === '*') {
      words.push(oneWord);
    } else {
      const wildcard = word.search(/[*#]/);
      if (wildcard !== -1) {
        throw new FilterSyntaxError(
          'amqp',
          bindingKey,
          start + wildcard,
          `\`${word[wildcard]!}\` must be a word of its own`,
        );
      }
      words.push(escapeLiteral(word));
    }
    start += word.length + 1;
  }
  return new RegExp(`^${joinWords(words, separator, oneWord)}$`);
}

/**
 * Joins the words, keeping the compiled key from matching the empty routing key (no words)
 * when the binding key needs at least one word. Joined words cannot tell "no words" from "one
 * empty word"; that only matters when one word is all the key needs and it may be empty (`*`,
 * `#.*`, `.#`, `#..#`).
 */
function joinWords(words: readonly LevelSource[], separator: string, oneWord: string): string {
  const fixed = words.filter((word) => word !== ANY_LEVELS);
  const risky = fixed.length === 1 && (fixed[0] === oneWord || fixed[0] === '');
  if (!risky) return joinLevels(words, separator);
  // `.#`: the `#` must match a word; written `.*.#`, it keeps `.` as the literal prefix.
  if (words[0] === '') return joinLevels(['', oneWord, ANY_LEVELS], separator);
  return `(?!$)${joinLevels(words, separator)}`;
}
