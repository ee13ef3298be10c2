// Test support (not a test file): patterns from a grammar rich in the shapes that backtrack
// (nested and adjacent quantifiers, optional atoms, overlapping classes, alternatives, with
// and without delimiters between them), and adversarial topics for a pattern: a prefix that
// leads to a quantifier, a pump repeated up to the length asked (the quantifier's body, or one
// character the pattern reads), and a suffix that makes the match fail late.
import { fc } from '@fast-check/vitest';
import { parseRegExp } from '../../src/regexp-parser.js';
import { quantifierBounds, type Expression, type Repetition } from '../../src/regexp-ast.js';

const CHARS = ['a', 'b', 'x', '/', '\\/', '-', ' '];
const CLASSES = ['[ab]', '[^/]', '[a-z]', '.', '\\s', '\\w', '\\d', '[^a]', '[a/]', '\\S', '[^/x]'];
const QUANTIFIERS = ['*', '+', '?', '{0,2}', '{1,3}', '{2}', '{2,}', '*?', '+?', '??', '{1,2}?'];

/** A pattern source from the grammar; `lookaheads` adds `(?=…)` and `(?!…)` atoms. */
export function backtrackingPattern(lookaheads: boolean): fc.Arbitrary<string> {
  const { sequence } = fc.letrec<{ atom: string; term: string; sequence: string }>((tie) => ({
    atom: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: fc.constantFrom(...CHARS), weight: 4 },
      { arbitrary: fc.constantFrom(...CLASSES), weight: 4 },
      { arbitrary: tie('sequence').map((s) => `(?:${s})`), weight: 2 },
      { arbitrary: tie('sequence').map((s) => `(${s})`), weight: 1 },
      {
        arbitrary: fc
          .array(tie('sequence'), { minLength: 2, maxLength: 3 })
          .map((alternatives) => `(?:${alternatives.join('|')})`),
        weight: 2,
      },
      {
        arbitrary: fc
          .tuple(fc.constantFrom('(?=', '(?!'), tie('sequence'))
          .map(([open, s]) => `${open}${s})`),
        weight: lookaheads ? 1 : 0,
      },
    ),
    term: fc
      .tuple(tie('atom'), fc.option(fc.constantFrom(...QUANTIFIERS), { freq: 2 }))
      .map(([atom, quantifier]) =>
        quantifier === null || atom.startsWith('(?=') || atom.startsWith('(?!')
          ? atom
          : `${atom}${quantifier}`,
      ),
    sequence: fc.array(tie('term'), { minLength: 1, maxLength: 4 }).map((terms) => terms.join('')),
  }));
  return fc
    .tuple(sequence, fc.constantFrom('', '', '$', '\\/x', 'x', '\\/'))
    .map(([body, end]) => `${body}${end}`)
    .filter((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false; // e.g. `{2,}` after nothing quantifiable
      }
    });
}

/** Characters topics are built from: what the grammar's atoms read, and some they do not. */
const ALPHABET = ['a', 'b', 'x', '/', '-', ' ', '0', 'z', '!', '\n', '.', '$', '_'];
/** Suffixes that make a match fail late: the end, or a character few atoms read. */
const SUFFIXES = ['', '!', '\n', '/'];

/** One adversarial topic: a prefix, a pump repeated to the length, and a suffix. */
export interface Attack {
  readonly prefix: string;
  readonly pump: string;
  readonly suffix: string;
}

/**
 * Adversarial topics for a pattern: for each quantifier, a prefix that reaches it, pumped with
 * its body or with one character the pattern reads, then each failing suffix.
 * @returns the attacks (deduplicated).
 */
export function attacksOn(source: string, flags = ''): Attack[] {
  const root = parseRegExp(source, flags).body;
  const charFlags = flags.replace(/[gmy]/g, '');
  const matches = (node: Expression, char: string): boolean => {
    try {
      return new RegExp(`^(?:${node.raw})$`, charFlags).test(char);
    } catch {
      return false;
    }
  };
  const atoms: Expression[] = [];
  const loops: Repetition[] = [];
  collect(root, atoms, loops);
  const read = ALPHABET.filter((char) => atoms.some((atom) => matches(atom, char)));
  const sample = (node: Expression | null, extra: number): string =>
    sampleOf(node, extra, (atom) => read.find((char) => matches(atom, char)) ?? '');
  const attacks = new Map<string, Attack>();
  const add = (prefix: string, pump: string, suffix: string): void => {
    if (pump === '') return;
    attacks.set(JSON.stringify([prefix, pump, suffix]), { prefix, pump, suffix });
  };
  for (const char of read) for (const suffix of SUFFIXES) add('', char, suffix);
  for (const loop of loops) {
    const prefix = sampleBefore(root, loop, sample) ?? '';
    const pumps = new Set([sample(loop.expression, 0), sample(loop.expression, 1), ...read]);
    for (const alternative of topAlternatives(loop.expression)) pumps.add(sample(alternative, 0));
    for (const pump of pumps) for (const suffix of SUFFIXES) add(prefix, pump, suffix);
  }
  return [...attacks.values()];
}

/**
 * The topic of an attack, `length` code units long (the prefix and suffix included).
 * @returns the topic.
 */
export function topicOf({ prefix, pump, suffix }: Attack, length: number): string {
  const room = Math.max(0, length - prefix.length - suffix.length);
  return prefix + pump.repeat(Math.ceil(room / pump.length)).slice(0, room) + suffix;
}

function collect(node: Expression | null, atoms: Expression[], loops: Repetition[]): void {
  if (node === null) return;
  switch (node.type) {
    case 'Char':
    case 'CharacterClass':
    case 'UnicodeProperty':
      atoms.push(node);
      return;
    case 'Group':
      collect(node.expression, atoms, loops);
      return;
    case 'Alternative':
      for (const term of node.expressions) collect(term, atoms, loops);
      return;
    case 'Disjunction':
      for (const alternative of node.alternatives) collect(alternative, atoms, loops);
      return;
    case 'Repetition':
      if (quantifierBounds(node).max >= 2) loops.push(node);
      collect(node.expression, atoms, loops);
      return;
    case 'Assertion':
      collect(node.assertion ?? null, atoms, loops);
      return;
    default:
  }
}

function topAlternatives(node: Expression): (Expression | null)[] {
  let current: Expression | null = node;
  while (current !== null && current.type === 'Group') current = current.expression;
  return current !== null && current.type === 'Disjunction' ? [...current.alternatives] : [];
}

/**
 * A string a node matches (assertions assumed to hold): each quantifier repeated its minimum
 * (plus `extra`, within its maximum), the first alternative, the first character of an atom.
 */
function sampleOf(
  node: Expression | null,
  extra: number,
  charOf: (atom: Expression) => string,
): string {
  if (node === null) return '';
  switch (node.type) {
    case 'Char':
    case 'CharacterClass':
    case 'UnicodeProperty':
      return charOf(node);
    case 'Group':
      return sampleOf(node.expression, extra, charOf);
    case 'Alternative':
      return node.expressions.map((term) => sampleOf(term, extra, charOf)).join('');
    case 'Disjunction':
      return sampleOf(node.alternatives[0] ?? null, extra, charOf);
    case 'Repetition': {
      const { min, max } = quantifierBounds(node);
      const count = Math.min(max, Math.max(min, min + extra));
      return sampleOf(node.expression, 0, charOf).repeat(Math.min(count, 8));
    }
    default:
      return '';
  }
}

/** A string that leads from the start of the pattern to `target`, or `null` when not below. */
function sampleBefore(
  node: Expression | null,
  target: Expression,
  sample: (node: Expression | null, extra: number) => string,
): string | null {
  if (node === null) return null;
  if (node === target) return '';
  switch (node.type) {
    case 'Group':
      return sampleBefore(node.expression, target, sample);
    case 'Alternative': {
      let text = '';
      for (const term of node.expressions) {
        const inner = sampleBefore(term, target, sample);
        if (inner !== null) return text + inner;
        text += sample(term, 0);
      }
      return null;
    }
    case 'Disjunction':
      for (const alternative of node.alternatives) {
        const inner = sampleBefore(alternative, target, sample);
        if (inner !== null) return inner;
      }
      return null;
    case 'Repetition':
      return sampleBefore(node.expression, target, sample);
    case 'Assertion':
      return sampleBefore(node.assertion ?? null, target, sample);
    default:
      return null;
  }
}
