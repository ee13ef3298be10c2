// The reference backtracking matcher of support/backtracking-interpreter.ts, on which the
// linear bound of `unsafePatterns: 'reject'` is checked, is a faithful model of V8: on
// generated patterns (nested, adjacent and optional quantifiers, lazy ones, counted ones,
// alternatives, look-aheads, anchors) and topics, with the flags i, m and s, it finds the match
// V8 finds, ending at the same index, or no match when V8 finds none.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compile, run } from './support/backtracking-interpreter.js';
import { attacksOn, backtrackingPattern, topicOf } from './support/backtracking-attacks.js';

/** Where V8 ends a match from index 0 (a sticky copy), or `null`. */
function v8End(source: string, flags: string, topic: string): number | null {
  const regex = new RegExp(source, `${flags}y`);
  const found = regex.exec(topic);
  return found === null ? null : found.index + found[0].length;
}

const topic = fc
  .array(fc.constantFrom('a', 'b', 'x', 'A', '/', ' ', '-', '0', '!', '\n', '_'), { maxLength: 10 })
  .map((chars) => chars.join(''));

describe('the reference matcher agrees with V8', () => {
  test.prop(
    [
      backtrackingPattern(true),
      fc.constantFrom('', 'i', 'm', 's'),
      fc.array(topic, { minLength: 1, maxLength: 6 }),
    ],
    { numRuns: 1500 },
  )('on generated patterns and topics', (source, flags, topics) => {
    const program = compile(source, flags);
    for (const text of topics) {
      const model = run(program, text, 1e6);
      if (model.aborted) continue; // an exponential pattern on a long enough topic
      expect(model.end, `/${source}/${flags} on ${JSON.stringify(text)}`).toBe(
        v8End(source, flags, text),
      );
    }
  });

  test.prop([backtrackingPattern(false)], { numRuns: 200 })(
    'on the adversarial topics of the linear-bound property',
    (source) => {
      const program = compile(source);
      for (const attack of attacksOn(source).slice(0, 20)) {
        const text = topicOf(attack, 40);
        const model = run(program, text, 2e5);
        if (model.aborted) continue;
        expect(model.end, `/${source}/ on ${JSON.stringify(text)}`).toBe(v8End(source, '', text));
      }
    },
  );
});
