import { analyzePattern, levelShapeOf, type TopicPattern } from '@sigx/matcher';
import { escapeLevel, topicToSubject } from './subjects.js';

/**
 * The NATS subjects that receive every topic a pattern can match, as narrow as the pattern
 * allows (the exchange still matches each message against the real pattern):
 * - a level-shaped pattern subscribes by levels: `mqtt('a/+/c')` → `sigx.a.*.c`, `a/#` →
 *   `sigx.a` and `sigx.a.>`, `orders/eu/.*` → `sigx.orders.eu.>`;
 * - one anchored at both ends subscribes to its whole topics: `a/b$` → `sigx.a.b`;
 * - any other to the whole levels of each literal prefix: `orders/e[uk]` → `sigx.orders.>`,
 *   and one without a literal prefix to everything, `sigx.>`.
 * @param prefix - the bridge's subject prefix.
 * @returns the subjects of a pattern.
 */
export function subjectsOf(prefix: string): (pattern: TopicPattern) => readonly string[] {
  return (pattern) => {
    const shape = levelShapeOf(pattern);
    if (shape !== null && shape.separator === '/') {
      let stem = prefix;
      for (const level of shape.levels) {
        stem += `.${typeof level === 'string' ? escapeLevel(level) : '*'}`;
      }
      switch (shape.end) {
        case 'exact':
          return [stem];
        case 'self-or-descendants':
        case 'self-or-descendants-no-lt':
          return [stem, `${stem}.>`];
        default: // descendants, all: at least one more level (a topic always has one)
          return [`${stem}.>`];
      }
    }
    const { prefixes, wholeTopics } = analyzePattern(pattern);
    if (wholeTopics !== null) return wholeTopics.map((topic) => topicToSubject(prefix, topic));
    if (prefixes.length === 0) return [`${prefix}.>`];
    // The last level of a prefix may be partial: NATS matches whole tokens, so it is dropped.
    const subjects = prefixes.map((literal) => {
      const levels = literal.split('/').slice(0, -1);
      return levels.length === 0 ? `${prefix}.>` : `${topicToSubject(prefix, levels.join('/'))}.>`;
    });
    return [...new Set(subjects)];
  };
}

/**
 * The minimal cover of a set of subjects: a subject that another one of the set covers (every
 * subject it matches, the other matches too) adds nothing, so it is left out and the server
 * sends the bridge each message once, as far as the cover can tell.
 * @param subjects - distinct subjects, wildcards included.
 * @returns those that no other one covers, sorted.
 */
export function minimalCover(subjects: readonly string[]): string[] {
  const tails = new Set<string>(); // the stems of `stem.>` subjects
  const starred: string[][] = []; // the subjects with a `*`, as tokens
  for (const subject of subjects) {
    if (subject.endsWith('.>')) tails.add(subject.slice(0, -2));
    if (subject.includes('*')) starred.push(subject.split('.'));
  }
  const kept = subjects.filter((subject) => {
    const tokens = subject.split('.');
    // Covered by a `stem.>` whose stem is a run of its first tokens, shorter than the subject
    // (and not the subject's own stem, when it is that `stem.>`).
    let stem = tokens[0]!;
    for (let i = 1; i < tokens.length; i += 1) {
      const own = i === tokens.length - 1 && tokens[i] === '>';
      if (!own && tails.has(stem)) return false;
      stem += `.${tokens[i]!}`;
    }
    return !starred.some((other) => other.join('.') !== subject && covers(other, tokens));
  });
  return kept.sort();
}

/** Whether subject `a` (tokens) matches every subject `b` (tokens) matches. */
function covers(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const token = a[i]!;
    if (token === '>') return i < b.length;
    if (i >= b.length) return false;
    if (token === '*') {
      if (b[i] === '>') return false;
    } else if (token !== b[i]) {
      return false;
    }
  }
  return a.length === b.length;
}
