// Test support (not a test file): a backtracking matcher of our own that counts its work, the
// model of V8's engine against which the backtracking analysis is held. It runs a pattern from
// index 0 (as sigx's sticky regexes do) the way ECMAScript specifies it, which is what V8
// implements: alternatives left to right, greedy quantifiers trying one more iteration first
// and lazy ones one fewer, an iteration that matched nothing rejected once the minimum is
// reached, look-aheads run on their own and never backtracked into. What a character or a
// class matches is asked of the real RegExp, one character at a time, so the model differs from
// V8 only in how it searches: `backtracking-interpreter.test.ts` checks that it finds the same
// match as V8 (same end) on generated patterns and topics.
//
// It reads every pattern the analysis reads but back-references and look-behinds, with the
// flags i, m and s (not u, so a character is a UTF-16 code unit).
import { parseRegExp } from '../../src/regexp-parser.js';
import type { Expression } from '../../src/regexp-ast.js';
import { quantifierBounds } from '../../src/regexp-ast.js';

type Instruction =
  | { readonly op: 'char'; readonly test: (code: number) => boolean }
  | { op: 'split'; prefer: number; other: number }
  | { op: 'jump'; to: number }
  | { readonly op: 'assert'; readonly kind: '^' | '$' | '\\b' | '\\B' }
  | { readonly op: 'look'; readonly negative: boolean; readonly body: Program }
  | { readonly op: 'repeatInit'; readonly register: number }
  | {
      op: 'repeatLoop';
      readonly register: number;
      readonly min: number;
      readonly max: number;
      readonly greedy: boolean;
      body: number;
      exit: number;
    }
  | { readonly op: 'repeatStart'; readonly register: number }
  | { op: 'repeatEnd'; readonly register: number; readonly min: number; loop: number }
  | { readonly op: 'match' };

/** A compiled pattern: its instructions, and how many quantifiers (registers) it has. */
export interface Program {
  readonly code: readonly Instruction[];
  readonly registers: number;
  readonly multiline: boolean;
}

/** What one run did. */
export interface Run {
  /** Where the match ends, or `null` for no match (or when the run was cut short). */
  readonly end: number | null;
  /** Instructions executed: every character test, choice, jump and assertion. */
  readonly steps: number;
  /** Characters read successfully: the partial runs the search explored, one per character. */
  readonly reads: number;
  /** Whether the run stopped at the step limit. */
  readonly aborted: boolean;
}

/**
 * Compiles a pattern for {@link run}.
 * @throws `SyntaxError` for what the model does not read (back-references, look-behinds, `u`).
 */
export function compile(source: string, flags = ''): Program {
  if (/[uvy]/.test(flags)) throw new SyntaxError(`flags ${flags} are not modelled`);
  const ast = parseRegExp(source, flags);
  const counter = { registers: 0 };
  const code = compileBody(ast.body, flags.replace(/[gmy]/g, ''), counter);
  return { code, registers: counter.registers, multiline: flags.includes('m') };
}

function compileBody(
  body: Expression | null,
  charFlags: string,
  counter: { registers: number },
): Instruction[] {
  const code: Instruction[] = [];
  emit(body, code, charFlags, counter);
  code.push({ op: 'match' });
  return code;
}

function emit(
  node: Expression | null,
  code: Instruction[],
  charFlags: string,
  counter: { registers: number },
): void {
  if (node === null) return;
  switch (node.type) {
    case 'Char':
    case 'CharacterClass':
    case 'UnicodeProperty':
      code.push({ op: 'char', test: tester(node.raw, charFlags) });
      return;
    case 'Group':
      emit(node.expression, code, charFlags, counter);
      return;
    case 'Alternative':
      for (const term of node.expressions) emit(term, code, charFlags, counter);
      return;
    case 'Disjunction': {
      const jumps: { op: 'jump'; to: number }[] = [];
      node.alternatives.forEach((alternative, i) => {
        const last = i === node.alternatives.length - 1;
        const split = { op: 'split' as const, prefer: 0, other: 0 };
        if (!last) code.push(split);
        split.prefer = code.length;
        emit(alternative, code, charFlags, counter);
        if (!last) {
          const jump = { op: 'jump' as const, to: 0 };
          code.push(jump);
          jumps.push(jump);
          split.other = code.length;
        }
      });
      for (const jump of jumps) jump.to = code.length;
      return;
    }
    case 'Repetition': {
      const { min, max } = quantifierBounds(node);
      const register = counter.registers++;
      code.push({ op: 'repeatInit', register });
      const loopAt = code.length;
      const loop = {
        op: 'repeatLoop' as const,
        register,
        min,
        max,
        greedy: node.quantifier.greedy,
        body: 0,
        exit: 0,
      };
      code.push(loop);
      loop.body = code.length;
      code.push({ op: 'repeatStart', register });
      emit(node.expression, code, charFlags, counter);
      code.push({ op: 'repeatEnd', register, min, loop: loopAt });
      loop.exit = code.length;
      return;
    }
    case 'Assertion':
      if (node.kind === 'Lookbehind') throw new SyntaxError('look-behinds are not modelled');
      if (node.kind === 'Lookahead') {
        const body: Program = {
          code: compileBody(node.assertion ?? null, charFlags, counter),
          registers: 0,
          multiline: false,
        };
        code.push({ op: 'look', negative: node.negative === true, body });
        return;
      }
      code.push({ op: 'assert', kind: node.kind });
      return;
    case 'Backreference':
      throw new SyntaxError('back-references are not modelled');
  }
}

/** Whether one character matches an atom, asked of the real RegExp (and remembered). */
function tester(raw: string, flags: string): (code: number) => boolean {
  const regex = new RegExp(`^(?:${raw})$`, flags);
  const known = new Int8Array(0x10000).fill(-1);
  return (code) => {
    let answer = known[code]!;
    if (answer === -1) {
      answer = regex.test(String.fromCharCode(code)) ? 1 : 0;
      known[code] = answer;
    }
    return answer === 1;
  };
}

const WORD = /\w/;

class Aborted extends Error {}

/**
 * Runs a program on a topic from index 0.
 * @param program - from {@link compile}.
 * @param topic - the topic.
 * @param maxSteps - steps after which the run stops (`aborted`).
 * @returns where the match ends, and the work done.
 */
export function run(program: Program, topic: string, maxSteps = Infinity): Run {
  const registers = new Float64Array(2 * Math.max(program.registers, countRegisters(program)));
  const counters = { steps: 0, reads: 0, maxSteps };
  try {
    const end = execute(program.code, topic, 0, registers, counters, program.multiline);
    return {
      end: end < 0 ? null : end,
      steps: counters.steps,
      reads: counters.reads,
      aborted: false,
    };
  } catch (error) {
    if (!(error instanceof Aborted)) throw error;
    return { end: null, steps: counters.steps, reads: counters.reads, aborted: true };
  }
}

function countRegisters(program: Program): number {
  let most = 0;
  for (const instruction of program.code) {
    if ('register' in instruction) most = Math.max(most, instruction.register + 1);
    if (instruction.op === 'look') most = Math.max(most, countRegisters(instruction.body));
  }
  return most;
}

function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

function execute(
  code: readonly Instruction[],
  topic: string,
  from: number,
  registers: Float64Array,
  counters: { steps: number; reads: number; maxSteps: number },
  multiline: boolean,
): number {
  // Choice points (pc, position, trail length) and the trail of register writes to undo.
  const choices: number[] = [];
  const trail: number[] = [];
  const write = (index: number, value: number): void => {
    trail.push(index, registers[index]!);
    registers[index] = value;
  };
  let pc = 0;
  let position = from;
  for (;;) {
    counters.steps += 1;
    if (counters.steps > counters.maxSteps) throw new Aborted();
    const instruction = code[pc]!;
    let ok = true;
    switch (instruction.op) {
      case 'char':
        if (position < topic.length && instruction.test(topic.charCodeAt(position))) {
          position += 1;
          counters.reads += 1;
          pc += 1;
        } else {
          ok = false;
        }
        break;
      case 'split':
        choices.push(instruction.other, position, trail.length);
        pc = instruction.prefer;
        break;
      case 'jump':
        pc = instruction.to;
        break;
      case 'assert': {
        const before = position > 0 ? topic.charCodeAt(position - 1) : -1;
        const after = position < topic.length ? topic.charCodeAt(position) : -1;
        switch (instruction.kind) {
          case '^':
            ok = position === 0 || (multiline && isLineTerminator(before));
            break;
          case '$':
            ok = position === topic.length || (multiline && isLineTerminator(after));
            break;
          default: {
            const word = (c: number): boolean => c >= 0 && WORD.test(String.fromCharCode(c));
            const boundary = word(before) !== word(after);
            ok = instruction.kind === '\\b' ? boundary : !boundary;
          }
        }
        if (ok) pc += 1;
        break;
      }
      case 'look': {
        const end = execute(instruction.body.code, topic, position, registers, counters, multiline);
        ok = end >= 0 !== instruction.negative;
        if (ok) pc += 1;
        break;
      }
      case 'repeatInit':
        write(2 * instruction.register, 0);
        pc += 1;
        break;
      case 'repeatLoop': {
        const done = registers[2 * instruction.register]!;
        if (done >= instruction.max) pc = instruction.exit;
        else if (done < instruction.min) pc = instruction.body;
        else if (instruction.greedy) {
          choices.push(instruction.exit, position, trail.length);
          pc = instruction.body;
        } else {
          choices.push(instruction.body, position, trail.length);
          pc = instruction.exit;
        }
        break;
      }
      case 'repeatStart':
        write(2 * instruction.register + 1, position);
        pc += 1;
        break;
      case 'repeatEnd': {
        const done = registers[2 * instruction.register]!;
        // ECMAScript: an iteration past the minimum that matched nothing fails.
        if (done >= instruction.min && position === registers[2 * instruction.register + 1]) {
          ok = false;
        } else {
          write(2 * instruction.register, done + 1);
          pc = instruction.loop;
        }
        break;
      }
      case 'match':
        return position;
    }
    if (!ok) {
      if (choices.length === 0) return -1;
      const trailLength = choices.pop()!;
      position = choices.pop()!;
      pc = choices.pop()!;
      while (trail.length > trailLength) {
        const value = trail.pop()!;
        registers[trail.pop()!] = value;
      }
    }
  }
}

/**
 * How many positions the analysis' automaton of a pattern has at most: its atoms, each counted
 * once per copy a counted quantifier makes (`{m,n}`: n copies; `{m,}`: m + 1).
 * @returns the count.
 */
export function positionBound(source: string, flags = ''): number {
  return weight(parseRegExp(source, flags).body);
}

function weight(node: Expression | null): number {
  if (node === null) return 0;
  switch (node.type) {
    case 'Group':
      return weight(node.expression);
    case 'Alternative':
      return node.expressions.reduce((sum, term) => sum + weight(term), 0);
    case 'Disjunction':
      return node.alternatives.reduce((sum, alternative) => sum + weight(alternative), 0);
    case 'Repetition': {
      const { min, max } = quantifierBounds(node);
      return weight(node.expression) * (max === Infinity ? Math.max(1, min + 1) : max);
    }
    case 'Assertion':
      return weight(node.assertion ?? null);
    default:
      return 1;
  }
}
