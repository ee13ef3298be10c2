// The memo evicts exactly the topic that its documented recency rule says, over any sequence of
// lookups, inserts, overwrites and clears: compared step by step with a plain model (an array
// from the least to the most recently used, a hit moving its topic to the recent end once
// max / 8 topics have entered since it last moved there, the oldest evicted while the topics'
// lengths add up to more than the budget, a topic longer than the budget never kept).
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { TopicMemo } from '../src/topic-memo.js';

type Step = { op: 'get' | 'set'; topic: string } | { op: 'clear' };

/** Topics of several lengths, so that the length budget is exercised. */
const TOPICS = [
  'a',
  'b',
  'c',
  'd',
  'e',
  'ff',
  'gg',
  'hhh',
  'iiii',
  'jjjjj',
  'kkkkkkk',
  'l'.repeat(12),
];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      op: fc.constant('get' as const),
      topic: fc.constantFrom(...TOPICS),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      topic: fc.constantFrom(...TOPICS),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

const budget = fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 20 }));

test.prop([fc.integer({ min: 0, max: 9 }), budget, fc.array(step, { maxLength: 200 })], {
  numRuns: 500,
})(
  'evicts what the recency rule and the length budget say, and answers what was remembered',
  (max, maxUnits, steps) => {
    const memo = new TopicMemo<number>(max, maxUnits);
    const refreshAfter = Math.max(1, Math.floor(max / 8));
    // Oldest first, with each topic's result and the insertion count from which a hit refreshes it.
    let model: { topic: string; result: number; refreshAt: number }[] = [];
    let inserts = 0;
    steps.forEach((s, index) => {
      if (s.op === 'clear') {
        memo.clear();
        model = [];
      } else if (s.op === 'get') {
        const at = model.findIndex((entry) => entry.topic === s.topic);
        const entry = model[at];
        expect(memo.get(s.topic)).toBe(entry?.result);
        if (entry !== undefined && inserts >= entry.refreshAt) {
          model.splice(at, 1);
          model.push(entry);
          entry.refreshAt = inserts + refreshAfter;
        }
      } else {
        memo.set(s.topic, index);
        if (max === 0 || s.topic.length > maxUnits) return;
        inserts += 1;
        const at = model.findIndex((entry) => entry.topic === s.topic);
        if (at >= 0) model.splice(at, 1);
        else if (model.length >= max) model.shift();
        const units = (): number => model.reduce((sum, entry) => sum + entry.topic.length, 0);
        while (units() + s.topic.length > maxUnits) model.shift();
        model.push({ topic: s.topic, result: index, refreshAt: inserts + refreshAfter });
      }
      expect(memo.size).toBe(model.length);
      expect(memo.units).toBe(model.reduce((sum, entry) => sum + entry.topic.length, 0));
    });
    const remembered: string[] = [];
    memo.patch([], (topic, result) => (remembered.push(topic), result));
    expect(remembered.sort()).toEqual(model.map((entry) => entry.topic).sort());
  },
);
