/**
 * Regex-escaping for the wildcard filters: what a filter says literally must match only
 * itself (`a.b` in an AMQP key, `foo{2}` in an MQTT level). The escapes are valid with and
 * without the `u` flag.
 */

/** Characters with a meaning of their own outside a class (and `/`, escaped by `source`). */
const SYNTAX_CHARACTERS = /[\\^$.*+?()[\]{}|/]/g;
/** Characters with a meaning of their own inside a class. */
const CLASS_CHARACTERS = /[\\\]^[-]/;

/**
 * Escapes a literal string for a regular-expression source.
 *
 * @param text - the literal text.
 * @returns a source that matches exactly `text`.
 */
export function escapeLiteral(text: string): string {
  return text.replace(SYNTAX_CHARACTERS, '\\$&');
}

/**
 * The class of every character but one.
 *
 * @param char - one UTF-16 code unit that is not a surrogate.
 * @returns `[^char]`, escaped where the class needs it.
 */
export function allBut(char: string): string {
  return `[^${CLASS_CHARACTERS.test(char) ? '\\' : ''}${char}]`;
}
