/**
 * Topics as NATS subjects: `parent/child` under the prefix `sigx` is `sigx.parent.child`. Each
 * topic level becomes one subject token; what a token cannot hold is escaped, reversibly, as
 * `%` and four hex digits of the UTF-16 code unit: `.` (the token separator), `*` and `>` (the
 * wildcards), `%` itself, whitespace and control characters, and lone surrogates (which UTF-8
 * cannot carry). An empty level, which NATS does not allow, is the token `%` alone.
 */

/** What a subject token cannot hold as it is (`u`: lone surrogates are matched one by one). */
const UNSAFE =
  /[.*>%\s\p{Cc}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;
const ESCAPE = /%([0-9A-F]{4})/g;
/** The token of an empty level. */
export const EMPTY_LEVEL_TOKEN = '%';

/**
 * @param level - one topic level (no `/`).
 * @returns its subject token: never empty, no `.`, `*`, `>` or whitespace.
 */
export function escapeLevel(level: string): string {
  if (level === '') return EMPTY_LEVEL_TOKEN;
  return level.replace(
    UNSAFE,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/**
 * @param token - a subject token made by {@link escapeLevel}.
 * @returns the level, or `null` when the token is not one {@link escapeLevel} makes.
 */
export function unescapeLevel(token: string): string | null {
  if (token === EMPTY_LEVEL_TOKEN) return '';
  const level = token.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  // Only what escapeLevel makes: the same token again (no stray `%`, no unescaped character).
  return escapeLevel(level) === token ? level : null;
}

/**
 * @param prefix - the bridge's subject prefix (tokens, without the trailing `.`).
 * @param topic - a topic.
 * @returns its subject.
 */
export function topicToSubject(prefix: string, topic: string): string {
  let subject = prefix;
  for (const level of topic.split('/')) subject += `.${escapeLevel(level)}`;
  return subject;
}

/**
 * @param prefix - the bridge's subject prefix.
 * @param subject - a subject a message arrived on.
 * @returns its topic, or `null` when the subject is not one {@link topicToSubject} makes under
 * this prefix.
 */
export function subjectToTopic(prefix: string, subject: string): string | null {
  if (!subject.startsWith(`${prefix}.`)) return null;
  const levels: string[] = [];
  for (const token of subject.slice(prefix.length + 1).split('.')) {
    const level = unescapeLevel(token);
    if (level === null) return null;
    levels.push(level);
  }
  return levels.join('/');
}

/**
 * Checks a subject prefix: one or more tokens, none empty, no wildcard, no whitespace.
 * @param prefix - as given.
 * @returns the prefix.
 * @throws `TypeError` naming what is wrong.
 */
export function checkSubjectPrefix(prefix: unknown, name = 'subjectPrefix'): string {
  if (typeof prefix !== 'string') throw new TypeError(`${name} must be a string`);
  for (const token of prefix.split('.')) {
    if (token === '' || token === '*' || token === '>' || /[\s*>]/.test(token)) {
      throw new TypeError(
        `${name} must be NATS subject tokens separated by dots, without wildcards or whitespace, got ${JSON.stringify(prefix)}`,
      );
    }
  }
  return prefix;
}
