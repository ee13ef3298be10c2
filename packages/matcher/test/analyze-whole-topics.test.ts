// analyzePattern's `wholeTopics`: a literal set anchored at both ends (`...$` in every
// alternative, no `m` flag) lists exactly the topics it matches; anything else gives null.
import { describe, expect, it } from 'vitest';
import { analyzePattern } from '../src/index.js';
import { expectTopics } from './support/naive.js';

describe('wholeTopics', () => {
  it.each([
    ['parent/child$', ['parent/child']],
    ['(?:a|b)/temp$', ['a/temp', 'b/temp']],
    ['a$|b$', ['a', 'b']],
    ['^x$', ['x']],
    ['$', ['']],
    ['(?:a$)', ['a']],
    ['colou?r$', ['color', 'colour']],
    ['a\\d$', [...'0123456789'].map((d) => `a${d}`)],
  ])('%s matches exactly %j', (pattern, topics) => {
    expect([...analyzePattern(pattern).wholeTopics!].sort()).toEqual([...topics].sort());
  });

  it('lists the case variants under i', () => {
    expect([...analyzePattern(/ab$/i).wholeTopics!].sort()).toEqual(['AB', 'Ab', 'aB', 'ab']);
  });

  it.each([
    ['a$|b', 'one alternative is not anchored at the end'],
    ['a.*$', 'not a literal set'],
    ['a$b', '`$` is not last'],
    ['a', 'no `$`'],
    ['\\1(a)$', 'a forward back-reference'],
  ])('%s has none (%s)', (pattern) => {
    expect(analyzePattern(pattern).wholeTopics).toBeNull();
  });

  it('has none under the m flag, where `$` also holds before a line break', () => {
    expect(analyzePattern(/ab$/m).wholeTopics).toBeNull();
    expectTopics(/ab$/m, { match: ['ab', 'ab\nc'], noMatch: ['abc'] });
  });

  it('agrees with the runtime on topics equal to, longer and shorter than a whole topic', () => {
    expectTopics('parent/child$', {
      match: ['parent/child'],
      noMatch: ['parent/child/x', 'parent/chil', 'parent/child\n', 'xparent/child'],
    });
    expectTopics('(?:a|b)/temp$', { match: ['a/temp', 'b/temp'], noMatch: ['c/temp', 'a/temps'] });
  });
});
