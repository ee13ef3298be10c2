// Issue 14, item 3: `unsafePatterns: 'reject'` let exponential patterns through, and accepted
// polynomial ones that take seconds at the default maxTopicLength. Each of the issue's patterns
// is now refused, naming the construct; the patterns users write (hand-written topic patterns,
// compiled wildcard filters) are still accepted; and on the model of V8's engine, the issue's
// patterns break the linear bound on an adversarial topic while the accepted ones keep to it up
// to 16 000 characters.
import { describe, expect, it } from 'vitest';
import {
  amqp,
  analyzePattern,
  glob,
  mqtt,
  TopicMatcher,
  UnsafePatternError,
} from '../src/index.js';
import { compile, positionBound, run } from './support/backtracking-interpreter.js';
import { attacksOn, topicOf, type Attack } from './support/backtracking-attacks.js';

const ISSUE: readonly (readonly [string, string, RegExp])[] = [
  ['(?:\\/[a-z]*[a-z]*)*$', '(?:\\/[a-z]*[a-z]*)*', /`\[a-z\]\*` repeats .*: nested quantifiers/],
  ['(?:a?a)+$', '(?:a?a)+', /`a\?` repeats .*: nested quantifiers/],
  ['(?:(a|a)z?)*$', '(?:(a|a)z?)*', /the alternatives `a` and `a` can match the same text/],
  ['(a+){9}$', '(a+){9}', /`a\+` repeats .* inside `\(a\+\)\{9\}`.*: nested quantifiers/],
  [
    '[^/]*[^/]*\\/x',
    '[^/]*[^/]*',
    /`\[\^\/\]\*` and `\[\^\/\]\*` can read the same .*adjacent quantifiers/,
  ],
  ['\\s*\\s*$', '\\s*\\s*', /adjacent quantifiers/],
  ['.*.*x', '.*.*', /adjacent quantifiers/],
];

/** Topic patterns as users write them, and what the wildcard syntaxes compile to. */
const USER: readonly (string | RegExp)[] = [
  'parent/.*',
  'sensors/[^/]+/temp$',
  'orders/(?:eu|us)/\\d+$',
  '.*/status$',
  '[a-z]+/device-7/temp',
  '\\w+/alerts/.*',
  'logs/.*\\.log$',
  '.*alarm$',
  '[a-z]+/status$',
  '(?:a|b)+c$',
  't1/d2(?:/.*)?$',
  '(?:/[^/]*)*$',
  'a/[^/]+/b$',
  '.*\\d{4}-\\d{2}-\\d{2}$',
  '[0-9a-f]{8}-[0-9a-f]{4}/events$',
  '(?:\\d{1,3}\\.){3}\\d{1,3}$',
  '^(?!\\$SYS).*',
  /^sensors\/[a-z]+\/(?:temp|hum)$/i,
  '(a|ab)*c',
  mqtt('sensors/+/temp'),
  mqtt('a/#'),
  mqtt('#'),
  mqtt('+/+/#'),
  amqp('a.*.c'),
  amqp('#.error.#'),
  amqp('orders.#'),
  glob('logs/**/*.log'),
  glob('sensors/kitchen-*'),
  glob('**/x?'),
];

const source = (pattern: string | RegExp): string =>
  typeof pattern === 'string' ? pattern : pattern.source;

describe("issue 14: what unsafePatterns: 'reject' refuses", () => {
  it.each(ISSUE)('%s is refused', (pattern, construct, reason) => {
    const risk = analyzePattern(pattern).backtracking;
    expect(risk?.construct).toBe(construct);
    expect(risk?.reason).toMatch(reason);
    const matcher = new TopicMatcher<number>({ unsafePatterns: 'reject' });
    expect(() => matcher.add(pattern, 1)).toThrow(UnsafePatternError);
    expect(matcher.size).toBe(0);
  });

  it.each(USER.map((pattern) => [pattern]))('%s is accepted', (pattern) => {
    expect(analyzePattern(pattern).backtracking).toBeNull();
    const matcher = new TopicMatcher<number>({ unsafePatterns: 'reject' });
    expect(() => matcher.add(pattern, 1)).not.toThrow();
  });
});

/** The attack on which the model works hardest at a length, and that work. */
function worstAttack(pattern: string, length: number, maxSteps: number) {
  const program = compile(pattern);
  let worst: { attack: Attack; reads: number; aborted: boolean } | null = null;
  for (const attack of attacksOn(pattern)) {
    const work = run(program, topicOf(attack, length), maxSteps);
    if (worst === null || work.aborted || work.reads > worst.reads) {
      worst = { attack, reads: work.reads, aborted: work.aborted };
      if (work.aborted) break;
    }
  }
  return worst!;
}

describe('on the model of the engine', () => {
  it.each(ISSUE)('%s breaks the linear bound on an adversarial topic of 1 000', (pattern) => {
    const bound = 1001 * (positionBound(pattern) + 1);
    const worst = worstAttack(pattern, 1000, 4 * bound * (compile(pattern).code.length + 1));
    expect(worst.aborted || worst.reads > bound, JSON.stringify(worst)).toBe(true);
  });

  it.each(USER.filter((pattern) => !source(pattern).includes('(?!')).map((p) => [p]))(
    '%s keeps to it on adversarial topics up to 16 000',
    (pattern) => {
      const text = source(pattern);
      const program = compile(text);
      const positions = positionBound(text);
      const worst = worstAttack(text, 1000, Infinity);
      for (const length of [1000, 4000, 16000]) {
        const work = run(program, topicOf(worst.attack, length));
        expect(work.reads).toBeLessThanOrEqual((length + 1) * (positions + 1));
        expect(work.steps).toBeLessThanOrEqual(
          (length + 1) * (positions + 1) * (program.code.length + 1),
        );
      }
    },
  );
});
