// Test support (not a test file): the three wildcard syntaxes written the obvious way, level
// by level on split strings, with no regular expression: what `mqtt()`, `amqp()` and `glob()`
// are compared with. The conformance tables check these references too.

/** Whether an MQTT filter is valid (MQTT 3.1.1 / 5.0 section 4.7). */
export function mqttValid(filter: string): boolean {
  if (filter === '' || filter.includes('\0')) return false;
  const levels = filter.split('/');
  return levels.every((level, index) =>
    level === '#'
      ? index === levels.length - 1
      : level === '+' || (!level.includes('#') && !level.includes('+')),
  );
}

/** Does a valid MQTT filter match a topic? */
export function mqttReference(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if ((f[0] === '+' || f[0] === '#') && topic.startsWith('$')) return false;
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** RabbitMQ's split: the empty key has no words; otherwise words may be empty. */
function words(key: string, separator: string): string[] {
  return key === '' ? [] : key.split(separator);
}

/** Whether an AMQP binding key is valid here: `*` and `#` only as whole words. */
export function amqpValid(key: string, separator = '.'): boolean {
  return words(key, separator).every(
    (word) => word === '*' || word === '#' || (!word.includes('*') && !word.includes('#')),
  );
}

/** Matches a sequence against patterns where `many` stands for zero or more items. */
function matchSequence<P, T>(
  patterns: readonly P[],
  items: readonly T[],
  isMany: (pattern: P) => boolean,
  matchOne: (pattern: P, item: T) => boolean,
): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (items.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === patterns.length) result = j === items.length;
    else if (isMany(patterns[i]!)) result = go(i + 1, j) || (j < items.length && go(i, j + 1));
    else result = j < items.length && matchOne(patterns[i]!, items[j]!) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Does a valid AMQP binding key match a routing key (RabbitMQ's topic exchange)? */
export function amqpReference(key: string, topic: string, separator = '.'): boolean {
  return matchSequence(
    words(key, separator),
    words(topic, separator),
    (word) => word === '#',
    (word, item) => word === '*' || word === item,
  );
}

/** One element of a glob level: a literal code point, `*` or `?`. */
type GlobToken = { readonly literal: string } | '*' | '?';
/** A glob level: its tokens, or `**` (zero or more levels). */
type GlobLevel = readonly GlobToken[] | '**';

/** Parses a glob pattern, or returns `null` when it is malformed. */
function parseGlob(pattern: string, separator: string): GlobLevel[] | null {
  const levels: GlobLevel[] = [];
  let tokens: GlobToken[] = [];
  let raw = '';
  const chars = Array.from(pattern);
  for (let i = 0; i <= chars.length; i += 1) {
    const char = chars[i];
    if (char === undefined || char === separator) {
      levels.push(raw === '**' ? '**' : tokens);
      tokens = [];
      raw = '';
    } else if (char === '\\') {
      const next = chars[i + 1];
      if (next === undefined || next === separator) return null;
      tokens.push({ literal: next });
      raw += char + next;
      i += 1;
    } else if ('[]{}'.includes(char)) {
      return null;
    } else {
      tokens.push(char === '*' || char === '?' ? char : { literal: char });
      raw += char;
    }
  }
  return levels;
}

/** Whether a glob pattern is valid. */
export function globValid(pattern: string, separator = '/'): boolean {
  return parseGlob(pattern, separator) !== null;
}

/** Does a valid glob pattern match a topic? Characters are code points. */
export function globReference(pattern: string, topic: string, separator = '/'): boolean {
  const levels = parseGlob(pattern, separator)!;
  const levelMatches = (tokens: readonly GlobToken[], level: string): boolean =>
    matchSequence(
      tokens,
      Array.from(level),
      (token) => token === '*',
      (token, char) => token === '?' || (typeof token === 'object' && token.literal === char),
    );
  return matchSequence(
    levels,
    topic.split(separator),
    (level) => level === '**',
    (level, item) => level !== '**' && levelMatches(level, item),
  );
}
