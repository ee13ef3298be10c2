// The index's regex parser reads each construct as the runtime does, Annex B included (where
// regexp-tree 0.1.27, which it replaced, did not), and refuses what it does not read.
import { describe, expect, it } from 'vitest';
import type { Expression } from '../src/regexp-ast.js';
import { parseRegExp } from '../src/regexp-parser.js';

/** The body of a parsed pattern, without the `raw` texts (checked on their own below). */
function tree(source: string, flags = ''): unknown {
  new RegExp(source, flags); // the parser only ever sees what the runtime accepted
  return JSON.parse(
    JSON.stringify(parseRegExp(source, flags).body, (key, value: unknown) =>
      key === 'raw' ? undefined : Number.isNaN(value) ? 'NaN' : value,
    ),
  );
}
const char = (codePoint: number, extra: object = {}): object => ({
  type: 'Char',
  codePoint,
  ...extra,
});

describe('parseRegExp', () => {
  it('reads literals, escapes and class escapes', () => {
    expect(tree('a\\/\\x41\\u0042\\cA\\0\\n.\\d')).toMatchObject({
      type: 'Alternative',
      expressions: [
        char(97, { kind: 'simple', value: 'a' }),
        char(47, { kind: 'simple', value: '/', escaped: true }),
        char(65, { kind: 'hex', value: '\\x41' }),
        char(66, { kind: 'unicode', value: '\\u0042' }),
        char(1, { kind: 'control', value: '\\cA' }),
        char(0, { kind: 'decimal', value: '\\0' }),
        char(10, { kind: 'meta', value: '\\n' }),
        { type: 'Char', kind: 'meta', value: '.', codePoint: 'NaN' },
        { type: 'Char', kind: 'meta', value: '\\d', codePoint: 'NaN' },
      ],
    });
  });

  it('reads a surrogate pair as one character under u, as two code units without', () => {
    expect(tree('😀', 'u')).toMatchObject(char(0x1f600, { value: '😀' }));
    expect(tree('\\uD83D\\uDE00', 'u')).toMatchObject(char(0x1f600, { kind: 'unicode' }));
    expect(tree('\\u{1F600}', 'u')).toMatchObject(char(0x1f600, { kind: 'unicode' }));
    expect(tree('😀')).toMatchObject({ expressions: [char(0xd83d), char(0xde00)] });
    expect(tree('[😀-😂]', 'u')).toMatchObject({
      expressions: [{ type: 'ClassRange', from: char(0x1f600), to: char(0x1f602) }],
    });
  });

  it('numbers groups by their opening parenthesis, and knows forward references', () => {
    expect(tree('\\2(a(?<x>b))(?:c)\\k<x>')).toMatchObject({
      expressions: [
        { type: 'Backreference', kind: 'number', number: 2 },
        {
          type: 'Group',
          capturing: true,
          number: 1,
          expression: { expressions: [char(97), { type: 'Group', number: 2, name: 'x' }] },
        },
        { type: 'Group', capturing: false },
        { type: 'Backreference', kind: 'name', number: 2 },
      ],
    });
  });

  it('reads Annex B escapes without u: octal, \\8, \\k and \\c', () => {
    // One group: \1 is a reference, \2 the octal escape U+0002, \18 (no 18th group) the
    // octal escape \1, then 8.
    expect(tree('(a)\\1\\2\\18')).toMatchObject({
      expressions: [
        { type: 'Group' },
        { type: 'Backreference', number: 1 },
        char(2, { kind: 'oct', value: '\\2' }),
        char(1, { kind: 'oct', value: '\\1' }),
        char(0x38, { kind: 'simple' }),
      ],
    });
    expect(tree('\\10\\377\\400\\8\\01')).toMatchObject({
      expressions: [
        char(8, { kind: 'oct', value: '\\10' }),
        char(0xff, { kind: 'oct', value: '\\377' }),
        char(0x20, { kind: 'oct', value: '\\40' }),
        char(0x30),
        char(0x38, { escaped: true }),
        char(1, { kind: 'oct', value: '\\01' }),
      ],
    });
    // Without named groups, \k is the letter k; \c not before a letter is a backslash.
    expect(tree('\\k<a>\\c1')).toMatchObject({
      expressions: [
        char(0x6b, { escaped: true }),
        char(0x3c),
        char(0x61),
        char(0x3e),
        char(0x5c),
        char(0x63),
        char(0x31),
      ],
    });
    // In a class, \c takes a digit or _ too, and \b is a backspace.
    expect(tree('[\\c1\\c_\\b\\B]')).toMatchObject({
      expressions: [
        char(0x11, { kind: 'control' }),
        char(0x1f, { kind: 'control' }),
        char(8, { kind: 'meta' }),
        char(0x42, { escaped: true }),
      ],
    });
  });

  it('reads {, } and ] as characters where no quantifier or class is (without u)', () => {
    expect(tree('a{b}]{,2}')).toMatchObject({
      expressions: [
        char(97),
        char(0x7b),
        char(98),
        char(0x7d),
        char(0x5d),
        char(0x7b),
        char(0x2c),
        char(0x32),
        char(0x7d),
      ],
    });
    expect(tree('\\u{2}')).toMatchObject({
      type: 'Repetition',
      expression: char(0x75, { escaped: true }),
      quantifier: { kind: 'Range', from: 2, to: 2 },
    });
  });

  it('reads quantifiers: kinds, bounds, laziness, and what they bind', () => {
    expect(tree('ab*c+?d{2}e{2,}f{1,3}?(?=g)*')).toMatchObject({
      expressions: [
        char(97),
        { type: 'Repetition', expression: char(98), quantifier: { kind: '*', greedy: true } },
        { type: 'Repetition', expression: char(99), quantifier: { kind: '+', greedy: false } },
        { type: 'Repetition', quantifier: { kind: 'Range', from: 2, to: 2 } },
        { type: 'Repetition', quantifier: { kind: 'Range', from: 2 } },
        { type: 'Repetition', quantifier: { kind: 'Range', from: 1, to: 3, greedy: false } },
        { type: 'Repetition', expression: { type: 'Assertion', kind: 'Lookahead' } },
      ],
    });
    expect((tree('e{2,}') as { quantifier: object }).quantifier).not.toHaveProperty('to');
  });

  it('reads classes: negation, ranges, and a class escape at a range end (Annex B)', () => {
    expect(tree('[^a-c\\d-z-]')).toMatchObject({
      type: 'CharacterClass',
      negative: true,
      expressions: [
        { type: 'ClassRange', from: char(97), to: char(99) },
        { type: 'Char', value: '\\d' },
        char(0x2d),
        char(0x7a),
        char(0x2d),
      ],
    });
    expect(tree('[]')).toEqual({ type: 'CharacterClass', expressions: [] });
    expect(tree('[^]')).toEqual({ type: 'CharacterClass', negative: true, expressions: [] });
    expect(tree('[\\p{L}a]', 'u')).toMatchObject({
      expressions: [{ type: 'UnicodeProperty', negative: false }, char(97)],
    });
  });

  it('reads assertions, and an alternation as one list with its empty alternatives', () => {
    expect(tree('^a|(?<!b)$|')).toMatchObject({
      type: 'Disjunction',
      alternatives: [
        { expressions: [{ type: 'Assertion', kind: '^' }, char(97)] },
        { expressions: [{ type: 'Assertion', kind: 'Lookbehind', negative: true }, { kind: '$' }] },
        null,
      ],
    });
    // However long the alternation, the tree is one level deep.
    const many = parseRegExp('|'.repeat(4000), '').body;
    expect(many?.type === 'Disjunction' && many.alternatives.length).toBe(4001);
    expect(tree('\\b\\B')).toMatchObject({ expressions: [{ kind: '\\b' }, { kind: '\\B' }] });
  });

  it('keeps each node’s source text', () => {
    const body = parseRegExp('a(?:b|c+)[d-f]\\x41', '').body;
    const raws: string[] = [];
    const visit = (node: Expression | null): void => {
      if (node === null) return;
      raws.push(node.raw);
      if ('expressions' in node && node.type === 'Alternative') node.expressions.forEach(visit);
      if ('expression' in node) visit(node.expression);
      if (node.type === 'Disjunction') node.alternatives.forEach(visit);
    };
    visit(body);
    expect(raws).toEqual([
      'a(?:b|c+)[d-f]\\x41',
      'a',
      '(?:b|c+)',
      'b|c+',
      'b',
      'c+',
      'c',
      '[d-f]',
      '\\x41',
    ]);
  });

  it('refuses what it does not read: the v flag and modifier groups, naming them', () => {
    expect(() => parseRegExp('[a--b]', 'v')).toThrow(
      new SyntaxError('the v flag is not read by the index'),
    );
    expect(() => parseRegExp('a(?i:b)', '')).toThrow(/does not read a group modifier at index 2/);
    expect(() => parseRegExp('a(?-i:b)', '')).toThrow(SyntaxError);
  });
});
