// The index's parser builds the same tree as regexp-tree 0.1.27 (a dev dependency, kept as the
// reference) for every pattern of a grammar without the constructs regexp-tree misreads
// (back-references, Annex B escapes, astral characters in classes: regexp-parser.test.ts
// checks those against the runtime), and reads every pattern of the wider trap grammar of
// the other property tests without refusing it.
import { fc, test } from '@fast-check/vitest';
import regexpTree from 'regexp-tree';
import { expect } from 'vitest';
import type { Expression } from '../src/regexp-ast.js';
import { parseRegExp } from '../src/regexp-parser.js';
import { compiles, patternCase } from './support/pattern-arbitrary.js';

const ATOMS = [
  ...'ab/-Ak ',
  '😀',
  '\\/',
  '\\.',
  '\\x41',
  '\\u0041',
  '\\cA',
  '\\0',
  '\\d',
  '\\D',
  '\\w',
  '\\s',
  '\\n',
  '\\t',
  '.',
  '[ab]',
  '[a-c]',
  '[^a]',
  '[\\w.]',
  '[-a]',
  '[a-]',
  '[\\x41-\\x43]',
  '[\\^]',
  '[]',
  '[^]',
];
const U_ATOMS = ['\\u{1F600}', '\\p{L}', '\\P{Lu}', '[\\p{L}a]', '\\uD83D\\uDE00'];
const QUANTIFIERS = ['*', '+', '?', '{2}', '{1,3}', '{2,}', '*?', '+?', '{2,}?'];

const source = fc.letrec((tie) => ({
  atom: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ATOMS) },
    { weight: 1, arbitrary: fc.constantFrom(...U_ATOMS) },
    { weight: 2, arbitrary: tie('group') as fc.Arbitrary<string> },
  ),
  group: fc
    .tuple(
      fc.constantFrom('(', '(?:', '(?<n>', '(?=', '(?!', '(?<=', '(?<!'),
      tie('disjunction') as fc.Arbitrary<string>,
    )
    .map(([open, inner]) => `${open}${inner})`),
  term: fc.oneof(
    { weight: 4, arbitrary: tie('atom') as fc.Arbitrary<string> },
    {
      weight: 2,
      arbitrary: fc
        .tuple(tie('atom') as fc.Arbitrary<string>, fc.constantFrom(...QUANTIFIERS))
        .map(([atom, quantifier]) => atom + quantifier),
    },
    { weight: 1, arbitrary: fc.constantFrom('^', '$', '\\b', '\\B') },
  ),
  alternative: fc
    .array(tie('term') as fc.Arbitrary<string>, { maxLength: 4 })
    .map((terms) => terms.join('')),
  disjunction: fc
    .array(tie('alternative') as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 })
    .map((alternatives) => alternatives.join('|')),
})).disjunction;

/** Numbers the named groups apart (n1, n2, …), as duplicate names are refused. */
const withNames = (text: string): string => {
  let next = 0;
  return text.replace(/\(\?<n>/g, () => `(?<n${(next += 1)}>`);
};

/** A comparable form of a node of either tree. */
type Node = Record<string, unknown> | null;
function shape(node: Node, unicode: boolean): unknown {
  if (node === null) return null;
  switch (node['type']) {
    case 'Alternative': {
      const terms = joinPairs(node['expressions'] as Node[], unicode).map((t) => shape(t, unicode));
      return terms.length === 1 ? terms[0] : ['seq', ...terms];
    }
    case 'Disjunction':
      return ['or', ...alternativesOf(node).map((alternative) => shape(alternative, unicode))];
    case 'Char': {
      const value = node['value'] as string;
      const point =
        node['kind'] === 'control'
          ? value.charCodeAt(2) % 32
          : (node['codePoint'] as number | null);
      return point === null || Number.isNaN(point)
        ? ['class-escape', value]
        : ['char', point, node['escaped'] === true];
    }
    case 'CharacterClass':
      return [
        'class',
        node['negative'] === true,
        ...(node['expressions'] as Node[]).map((m) => shape(m, unicode)),
      ];
    case 'ClassRange':
      return ['range', shape(node['from'] as Node, unicode), shape(node['to'] as Node, unicode)];
    case 'Group':
      return [
        'group',
        node['capturing'],
        node['number'] ?? null,
        node['name'] ?? null,
        shape(node['expression'] as Node, unicode),
      ];
    case 'Assertion':
      return [
        'assert',
        node['kind'],
        node['negative'] === true,
        shape((node['assertion'] ?? null) as Node, unicode),
      ];
    case 'Repetition': {
      const q = node['quantifier'] as Record<string, unknown>;
      return [
        'repeat',
        q['kind'],
        q['from'] ?? null,
        q['to'] ?? null,
        q['greedy'],
        shape(node['expression'] as Node, unicode),
      ];
    }
    case 'UnicodeProperty':
      return ['property', node['negative']];
    default:
      return ['unexpected', node['type']];
  }
}

/** An alternation's alternatives: ours are a list, regexp-tree's a left-nested binary tree. */
function alternativesOf(node: Record<string, unknown>): Node[] {
  if (Array.isArray(node['alternatives'])) return node['alternatives'] as Node[];
  const left = node['left'] as Node;
  const head = left !== null && left['type'] === 'Disjunction' ? alternativesOf(left) : [left];
  return [...head, node['right'] as Node];
}

/** regexp-tree yields a literal surrogate pair as two chars even under `u`; the runtime reads one. */
function joinPairs(terms: Node[], unicode: boolean): Node[] {
  if (!unicode) return terms;
  const out: Node[] = [];
  for (let i = 0; i < terms.length; i += 1) {
    const [high, low] = [terms[i]!, terms[i + 1]];
    const point = (n: Node | undefined): number =>
      n?.['type'] === 'Char' && n['kind'] === 'simple' ? (n['codePoint'] as number) : -1;
    if (
      point(high) >= 0xd800 &&
      point(high) <= 0xdbff &&
      point(low) >= 0xdc00 &&
      point(low) <= 0xdfff
    ) {
      out.push({
        type: 'Char',
        kind: 'simple',
        codePoint: (point(high) - 0xd800) * 0x400 + point(low) - 0xdc00 + 0x10000,
        value: '',
      });
      i += 1;
    } else {
      out.push(high);
    }
  }
  return out;
}

let compared = 0;

test.prop([source, fc.constantFrom('', 'u', 'i', 'iu', 'm', 's')], { numRuns: 3000 })(
  'builds the tree regexp-tree builds',
  (generated, flags) => {
    const named = withNames(generated);
    fc.pre(compiles(named, flags));
    // As the matcher sees patterns: normalised by the runtime (`/` escaped).
    const text = new RegExp(named, flags).source;
    // Under `u`, regexp-tree makes a quantifier after an astral character repeat only its
    // second code unit (the runtime repeats the character).
    if (flags.includes('u') && /[\uDC00-\uDFFF][*+?{]/.test(text)) return;
    let reference;
    try {
      reference = regexpTree.parse(`/${text}/${flags}`, { allowGroupNameDuplicates: true });
    } catch {
      return; // regexp-tree refuses some valid patterns, such as a quantified look-ahead
    }
    compared += 1;
    const ours = parseRegExp(text, flags);
    const unicode = flags.includes('u');
    expect(shape(ours.body as unknown as Node, unicode)).toEqual(
      shape(reference.body as unknown as Node, unicode),
    );
  },
);

test('most generated patterns were compared (the property is not vacuous)', () => {
  expect(compared).toBeGreaterThan(2000);
});

test.prop([patternCase], { numRuns: 2000 })(
  'reads every pattern of the trap grammar',
  (generated) => {
    const { source: text, flags } = generated;
    const body = parseRegExp(text, flags).body;
    // Every node's text is a piece of the source.
    const visit = (node: Expression | null): void => {
      if (node === null) return;
      expect(text).toContain(node.raw);
      if (node.type === 'Alternative') node.expressions.forEach(visit);
      else if (node.type === 'Disjunction') node.alternatives.forEach(visit);
      else if ('expression' in node) visit(node.expression);
    };
    visit(body);
  },
);
