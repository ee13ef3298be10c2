// What `unsafePatterns: 'reject'` guarantees, checked on the model of V8's engine
// (support/backtracking-interpreter.ts, itself checked against V8): a pattern the analysis
// accepts, run from index 0 on a topic of n characters, explores at most (n + 1) · (p + 1)
// partial matches (characters read successfully along the search), where p is the number of
// positions of the pattern (its atoms, one per copy a counted quantifier makes), and executes
// at most that many times the length of its program in steps. Both bounds grow linearly in n.
// The patterns come from a grammar rich in nested, adjacent and optional quantifiers, in
// overlapping classes and in delimiters, plus compiled wildcard filters; the topics are
// adversarial: a prefix that reaches a quantifier, a pump repeated to the length, and a suffix
// that makes the match fail late (support/backtracking-attacks.ts).
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { amqp, analyzePattern, glob, mqtt } from '../src/index.js';
import { compile, positionBound, run } from './support/backtracking-interpreter.js';
import { attacksOn, backtrackingPattern, topicOf } from './support/backtracking-attacks.js';

const LENGTHS = [250, 1000];

/** A compiled wildcard filter's source (ASCII topics read the same with or without `u`). */
const filter: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.constantFrom('a', 'b', '+'), { minLength: 1, maxLength: 4 })
    .chain((levels) => fc.constantFrom(levels.join('/'), `${levels.join('/')}/#`, '#'))
    .map((text) => mqtt(text).source),
  fc
    .array(fc.constantFrom('a', 'b', '*', '#'), { minLength: 1, maxLength: 4 })
    .map((words) => amqp(words.join('.')).source),
  fc
    .array(fc.constantFrom('a', '*', '**', '?', 'a*', '*.log', 'x?'), {
      minLength: 1,
      maxLength: 3,
    })
    .map((levels) => glob(levels.join('/')).source),
);

const tally = { accepted: 0, refused: 0 };

describe("a pattern that unsafePatterns: 'reject' accepts does linear work", () => {
  test.prop([fc.oneof({ arbitrary: backtrackingPattern(false), weight: 4 }, filter)], {
    numRuns: 250,
  })('on adversarial topics of every length', (source) => {
    if (analyzePattern(source).backtracking !== null) {
      tally.refused += 1;
      return;
    }
    tally.accepted += 1;
    const program = compile(source);
    const positions = positionBound(source);
    for (const length of LENGTHS) {
      const reads = (length + 1) * (positions + 1);
      const steps = reads * (program.code.length + 1);
      for (const attack of attacksOn(source)) {
        const topic = topicOf(attack, length);
        const work = run(program, topic, steps);
        const where = `/${source}/ on ${JSON.stringify(attack)} × ${length}`;
        expect(work.aborted, `${where}: more than ${steps} steps`).toBe(false);
        expect(work.reads, where).toBeLessThanOrEqual(reads);
      }
    }
  });

  test('the property saw accepted and refused patterns (it is not vacuous)', () => {
    expect(tally.accepted).toBeGreaterThan(60);
    expect(tally.refused).toBeGreaterThan(30);
  });
});
