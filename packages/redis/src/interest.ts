import { Interest as SharedInterest } from '@sigx/bridge';
import { analyzePattern, type TopicPattern } from '@sigx/matcher';

/**
 * What the local subscriptions can match, as Redis glob patterns: each subscription is filed
 * under the literal prefixes of its pattern (`parent/.*` → `parent/`), or under its whole
 * topics when it is anchored at both ends (`parent/child$`), or under the empty prefix (every
 * topic) when it has no literal prefix (the reference counting is `@sigx/bridge`'s). The
 * globs are the keys' minimal cover: a prefix that another prefix covers adds nothing, so no
 * channel matches two globs of one bridge and Redis sends each message once.
 */
export class Interest extends SharedInterest {
  constructor() {
    super(keysOf);
  }

  /**
   * The Redis glob patterns that receive every channel a subscription can match, and no
   * channel twice.
   * @param channelPrefix - the bridge's channel prefix.
   * @returns the globs, sorted.
   */
  globs(channelPrefix: string): string[] {
    const prefixes: string[] = [];
    const topics: string[] = [];
    for (const key of this.keys()) {
      if (key.startsWith('p')) prefixes.push(key.slice(1));
      else topics.push(key.slice(1));
    }
    // Sorted, the strings a prefix covers directly follow it.
    prefixes.sort();
    const kept: string[] = [];
    for (const prefix of prefixes) {
      const last = kept.at(-1);
      if (last === undefined || !prefix.startsWith(last)) kept.push(prefix);
    }
    const keptSet = new Set(kept);
    const escapedPrefix = escapeGlob(channelPrefix);
    const globs = kept.map((prefix) => `${escapedPrefix}${escapeGlob(prefix)}*`);
    for (const topic of topics) {
      let covered = false;
      for (let length = 0; length <= topic.length && !covered; length += 1) {
        covered = keptSet.has(topic.slice(0, length));
      }
      if (!covered) globs.push(`${escapedPrefix}${escapeGlob(topic)}`);
    }
    return globs.sort();
  }
}

/** The interest keys of a pattern. */
function keysOf(pattern: TopicPattern): readonly string[] {
  const { prefixes, wholeTopics } = analyzePattern(pattern);
  if (wholeTopics !== null) return wholeTopics.map((topic) => `t${topic}`);
  if (prefixes.length === 0) return ['p'];
  return prefixes.map((prefix) => `p${safePrefix(prefix)}`);
}

/**
 * A prefix that ends inside a surrogate pair is cut before it: Redis compares UTF-8 bytes, and
 * a lone surrogate does not encode to the first bytes of the pair's character.
 */
function safePrefix(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? prefix.slice(0, -1) : prefix;
}

/**
 * Escapes the characters Redis glob patterns give a meaning to (`*`, `?`, `[`, `]`, `\`).
 * @param text - literal text.
 * @returns a glob that matches exactly that text.
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
