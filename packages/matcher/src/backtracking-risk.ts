/**
 * Super-linear backtracking risk. A backtracking engine such as V8's tries the ways of
 * matching one after the other; sigx runs a pattern from index 0 only, so its work on a topic
 * is the number of partial runs it explores. That number stays linear in the topic's length
 * exactly when no two runs read the same text and reach the same point of the pattern: then
 * the engine meets each (topic position, pattern position) pair at most once. Two such runs
 * are the *ambiguity* of the pattern's automaton (Weideman et al., 2016): `(a+)+` splits a
 * run of `a` between its loops in exponentially many ways, `.*.*x` in n ways at each length.
 *
 * The check builds the position automaton of the pattern (`position-automaton.ts`), which
 * counts the routes between positions as ECMAScript's semantics give them, and reads every
 * topic at once: starting from the start state, it follows each class of characters to the
 * set of states the runs can be in, and reports a pattern as soon as one such set would hold
 * a state twice (two runs at one point), or a state has two routes to the end. Runs that reach
 * a certain state (one from which every run succeeds, such as `.*` at the end) stop the
 * engine, so they are not followed. When no set holds a state twice, every prefix of every
 * topic leaves at most one run per state: a pattern of p positions makes at most
 * (n + 1) · (p + 1) partial runs on a topic of n characters.
 *
 * Also reported: a back-reference under a quantifier; a look-around that can run at many
 * positions with a body that can read more than {@link LOOKAROUND_SPAN} characters (each run
 * of it could read the topic to its end); a quantifier whose body can match nothing in two
 * ways, or whose mandatory repetitions can each match nothing; and a pattern too large to check
 * within the budgets (so the check costs at most a few milliseconds, whatever the pattern).
 */
import { nodeSource, quantifierBounds, type AstRegExp, type Expression } from './regexp-ast.js';
import { intersects, type CharContext, type Ranges } from './char-ranges.js';
import {
  BudgetExceeded,
  firstBackReference,
  MAX_STATES,
  MAX_TRANSITIONS,
  PositionAutomaton,
  RiskFound,
  START,
  type Budget,
} from './position-automaton.js';

/** A construct that risks super-linear backtracking, and why. */
export interface BacktrackingRisk {
  /** The construct's source, e.g. `(a+)+`. */
  readonly construct: string;
  /** Why it is a risk, as a sentence without a final period. */
  readonly reason: string;
}

/** Longest text a look-around that can run at many positions may read. */
export const LOOKAROUND_SPAN = 256;
/** Work units of the search over sets of states, and the most sets it visits. */
const MAX_WORK = 1_000_000;
const MAX_SETS = 20_000;

interface CheckBudget extends Budget {
  work: number;
}

/**
 * The first construct in a parsed pattern that risks super-linear backtracking.
 * @param ast - the parsed pattern.
 * @param ignoreCase - whether the pattern has the `i` flag.
 * @returns the construct and the reason, or `null` when there is none.
 */
export function findBacktrackingRisk(ast: AstRegExp, ignoreCase: boolean): BacktrackingRisk | null {
  const context: CharContext = {
    ignoreCase,
    unicode: ast.flags.includes('u') || ast.flags.includes('v'),
    dotAll: ast.flags.includes('s'),
  };
  const budget: CheckBudget = { states: MAX_STATES, transitions: MAX_TRANSITIONS, work: MAX_WORK };
  try {
    return check(ast.body, ast.body, context, budget, true, false);
  } catch (error) {
    if (error instanceof RiskFound) return explainFound(error);
    if (error instanceof BudgetExceeded) {
      return {
        construct: nodeSource(ast.body),
        reason: `the pattern is too large for the backtracking check (${error.message}), so it cannot be checked`,
      };
    }
    throw error;
  }
}

/** Checks the automaton of `root` (the pattern, or a look-around's body), then its look-arounds. */
function check(
  pattern: Expression | null,
  root: Expression | null,
  context: CharContext,
  budget: CheckBudget,
  fixed: boolean,
  reverse: boolean,
): BacktrackingRisk | null {
  const automaton = new PositionAutomaton(root, context, budget, { fixed, reverse });
  const ambiguity = findAmbiguity(automaton, budget);
  if (ambiguity !== null) return explain(ambiguity, automaton, parentsOf(pattern), root);
  for (const site of automaton.lookarounds) {
    const body = site.node.assertion ?? null;
    const behind = site.node.kind === 'Lookbehind';
    if (!site.fixed && automaton.lengths(body)[1] > LOOKAROUND_SPAN) {
      return {
        construct: nodeSource(site.node),
        reason: `the look-${behind ? 'behind' : 'ahead'} \`${nodeSource(site.node)}\` can run at many positions of the topic, and each run may read up to ${behind ? 'its start' : 'its end'}`,
      };
    }
    const risk = check(pattern, body, context, budget, site.fixed, behind);
    if (risk !== null) return risk;
  }
  return null;
}

/** Two runs that read the same text and meet: at a state, or at the end of the pattern. */
interface Ambiguity {
  /** The states of both runs since they parted, the one where they parted included. */
  readonly states: readonly number[];
  /** The first state of each run after they parted (one when two routes lead to it). */
  readonly parted: readonly number[];
  /** The constructs whose routes they took. */
  readonly via: readonly Expression[];
}

/** A step of a run: from a state to a target, by a transition. */
interface Move {
  readonly from: number;
  readonly to: number;
  readonly index: number;
}

/** A set of states the runs can be in, with the one run that leads to each. */
interface Visit {
  readonly states: readonly number[];
  /** For each state, the state before it in the parent set, and the transition's index. */
  readonly from: readonly number[];
  readonly index: readonly number[];
  readonly parent: number;
}

/**
 * Reads every topic at once: the sets of states that runs can be in after reading some text,
 * from the start, until one would hold a state twice.
 */
function findAmbiguity(automaton: PositionAutomaton, budget: CheckBudget): Ambiguity | null {
  const { targets, counts, sets, certain, endCounts } = automaton;
  const atEnd = (state: number): Ambiguity | null =>
    endCounts[state]! >= 2
      ? { states: [state], parted: [], via: nonNull([automaton.endWhy[state] ?? null]) }
      : null;
  const startEnd = atEnd(START);
  if (startEnd !== null) return startEnd;
  if (certain[START] === 1) return null; // every run succeeds at once
  const seen = new Set<string>([String(START)]);
  const visits: Visit[] = [{ states: [START], from: [-1], index: [-1], parent: -1 }];
  /** How many moves read the current piece of characters, by target. */
  const readers = new Int32Array(automaton.size);
  for (let head = 0; head < visits.length; head += 1) {
    const moves: Move[] = [];
    for (const from of visits[head]!.states) {
      const out = targets[from]!;
      for (let index = 0; index < out.length; index += 1) {
        const to = out[index]!;
        // Two routes to one state: two runs, even when the state is certain, since each
        // route tries to read its character before one of them gets there.
        if (counts[from]![index] === 2) {
          return {
            states: [from, to],
            parted: [to],
            via: transitionCreators(automaton, from, index),
          };
        }
        const end = atEnd(to);
        if (end !== null) return end;
        if (certain[to] === 0) moves.push({ from, to, index });
      }
    }
    budget.work -= moves.length + 1;
    if (budget.work < 0) throw new BudgetExceeded(`more than ${MAX_WORK} steps of the search`);
    if (moves.length === 0) continue;
    if (moves.length <= DISJOINT_CHECK && pairwiseDisjoint(moves, sets)) {
      // The usual case: no character is read by two targets, so each leads alone.
      for (const move of moves) {
        const key = String(move.to);
        if (seen.has(key)) continue;
        if (seen.size >= MAX_SETS) throw new BudgetExceeded(`more than ${MAX_SETS} sets of states`);
        seen.add(key);
        visits.push({ states: [move.to], from: [move.from], index: [move.index], parent: head });
      }
      continue;
    }
    // Split the characters where some target's set begins or ends: within each piece, the
    // same targets read the character, so the piece leads to one set of states. An event is
    // a point times 2^23 plus the move's number, doubled, plus 1 when the move starts there.
    moves.sort((x, y) => x.to - y.to);
    let size = 0;
    for (const move of moves) size += 2 * sets[move.to]!.length;
    if (moves.length >= 2 ** 21)
      throw new BudgetExceeded(`more than ${MAX_WORK} steps of the search`);
    const events = new Float64Array(size);
    let k = 0;
    moves.forEach((move, m) => {
      for (const [lo, hi] of sets[move.to]!) {
        events[k++] = lo * EVENT_SCALE + 2 * m + 1;
        events[k++] = (hi + 1) * EVENT_SCALE + 2 * m;
      }
    });
    events.sort();
    budget.work -= size;
    const on = new Uint8Array(moves.length);
    let live = 0;
    let doubled = 0;
    for (let e = 0; e < size;) {
      const point = Math.floor(events[e]! / EVENT_SCALE);
      for (; e < size && Math.floor(events[e]! / EVENT_SCALE) === point; e += 1) {
        const code = events[e]! - point * EVENT_SCALE;
        const m = code >> 1;
        const to = moves[m]!.to;
        if ((code & 1) === 1) {
          on[m] = 1;
          live += 1;
          readers[to] = readers[to]! + 1;
          if (readers[to] === 2) doubled += 1;
        } else {
          on[m] = 0;
          live -= 1;
          readers[to] = readers[to]! - 1;
          if (readers[to] === 1) doubled -= 1;
        }
      }
      if (live === 0) continue;
      budget.work -= live;
      if (doubled > 0) {
        const [a, b] = moves.filter((move, m) => on[m] === 1 && readers[move.to]! >= 2) as [
          Move,
          Move,
        ];
        readers.fill(0);
        return traceBack(automaton, visits, head, a, b);
      }
      // The moves are sorted by target, so the key lists the targets in order.
      let key = '';
      for (let m = 0; m < moves.length; m += 1) {
        if (on[m] === 1) key += key === '' ? String(moves[m]!.to) : `,${moves[m]!.to}`;
      }
      if (!seen.has(key)) {
        if (seen.size >= MAX_SETS) throw new BudgetExceeded(`more than ${MAX_SETS} sets of states`);
        seen.add(key);
        const reading = moves.filter((_, m) => on[m] === 1);
        visits.push({
          states: reading.map((move) => move.to),
          from: reading.map((move) => move.from),
          index: reading.map((move) => move.index),
          parent: head,
        });
      }
    }
  }
  return null;
}

const EVENT_SCALE = 2 ** 23;

/** Up to this many moves, a pairwise test finds the common case of no shared character. */
const DISJOINT_CHECK = 8;

function pairwiseDisjoint(moves: readonly Move[], sets: readonly Ranges[]): boolean {
  for (let i = 0; i < moves.length; i += 1) {
    for (let j = i + 1; j < moves.length; j += 1) {
      if (moves[i]!.to === moves[j]!.to || intersects(sets[moves[i]!.to]!, sets[moves[j]!.to]!)) {
        return false;
      }
    }
  }
  return true;
}

/**
 * The two runs that meet through moves `a` and `b` from the set `head`, followed back (each
 * state of a set has one run, or the search would have stopped earlier) to where they parted.
 */
function traceBack(
  automaton: PositionAutomaton,
  visits: readonly Visit[],
  head: number,
  a: Move,
  b: Move,
): Ambiguity {
  const states = [a.to];
  const via = [
    ...transitionCreators(automaton, a.from, a.index),
    ...transitionCreators(automaton, b.from, b.index),
  ];
  let x = a.from;
  let y = b.from;
  let firstX = a.to;
  let firstY = b.to;
  /** The constructs of the last two transitions followed back: the runs' first after parting. */
  let entering: Expression[] = [];
  for (let visit = head; x !== y && visit > 0; visit = visits[visit]!.parent) {
    const { states: held, from, index } = visits[visit]!;
    states.push(x, y);
    firstX = x;
    firstY = y;
    via.push(...entering);
    const i = held.indexOf(x);
    const j = held.indexOf(y);
    entering = [
      ...transitionCreators(automaton, from[i]!, index[i]!),
      ...transitionCreators(automaton, from[j]!, index[j]!),
    ];
    x = from[i]!;
    y = from[j]!;
  }
  // How the runs entered the construct where they part (the sequence around it) is not part
  // of it, so `entering` is left out.
  // `x` is where the runs parted: what matters is what each read after it.
  return { states, parted: [firstX, firstY], via };
}

function transitionCreators(
  automaton: PositionAutomaton,
  from: number,
  index: number,
): Expression[] {
  // The routes from the start are the whole pattern's: they say nothing of the construct.
  if (from === START && automaton.counts[from]![index] === 1) return [];
  return nonNull([automaton.creators[from]![index]!, automaton.alsoBy[from]![index] ?? null]);
}

function nonNull<T>(values: readonly (T | null | undefined)[]): T[] {
  return values.filter((value): value is T => value !== null && value !== undefined);
}

/** Names the construct of an ambiguity, and says why it is one. */
function explain(
  ambiguity: Ambiguity,
  automaton: PositionAutomaton,
  parents: ReadonlyMap<Expression, Expression>,
  root: Expression | null,
): BacktrackingRisk {
  const owner = (state: number): Expression | null => automaton.owners[state] ?? null;
  const all = [...nonNull(ambiguity.states.map(owner)), ...ambiguity.via];
  const top = commonAncestor(all, parents) ?? root;
  if (top === null)
    return { construct: '', reason: 'the pattern can match nothing in more than one way' };
  const loop = isLoop(top);
  // Where the two runs part: between the alternatives of a disjunction, or elsewhere.
  const parted = nonNull(ambiguity.parted.map(owner));
  const choice =
    parted.length === 2
      ? commonAncestor(parted, parents)
      : (ambiguity.via.find((node) => node.type === 'Disjunction') ?? null);
  if (choice !== null && choice.type === 'Disjunction' && parted.length === 2) {
    const [a, b] = parted.map((node) => childOn(choice, node, parents));
    return alternativesRisk(choice, a ?? null, b ?? null, loop ? top : null, parents);
  }
  if (choice !== null && choice.type === 'Disjunction') {
    const nullable = choice.alternatives.filter(
      (alternative) => automaton.lengths(alternative)[0] === 0,
    );
    return alternativesRisk(
      choice,
      nullable[0] ?? null,
      nullable[1] ?? null,
      loop ? top : null,
      parents,
    );
  }
  if (loop) {
    const inner = innerVariable(all, top, parents);
    if (inner !== null) {
      return {
        construct: nodeSource(top),
        reason: `${show(inner)} repeats a variable number of times inside ${show(top)}, which repeats it again: nested quantifiers`,
      };
    }
    return {
      construct: nodeSource(top),
      reason: `${show(top)} can split the same text into repetitions in more than one way`,
    };
  }
  if (top.type === 'Alternative') {
    const indices = all
      .filter((node) => node !== top)
      .map((node) => top.expressions.indexOf(childOn(top, node, parents)!));
    const terms = top.expressions.slice(Math.min(...indices), Math.max(...indices) + 1);
    const construct = terms.map((term) => nodeSource(term)).join('');
    const [first, last] = [terms[0]!, terms[terms.length - 1]!];
    if (terms.length >= 2 && isVariable(first) && isVariable(last)) {
      return {
        construct,
        reason: `${show(first)} and ${show(last)} can read the same characters, so a text they read together can be split between them in many ways, each tried when what follows fails: adjacent quantifiers`,
      };
    }
    return {
      construct,
      reason: `\`${construct}\` can match the same text in more than one way, so what follows is tried once for each`,
    };
  }
  return {
    construct: nodeSource(top),
    reason: `${show(top)} can match the same text in more than one way, so what follows is tried once for each`,
  };
}

function alternativesRisk(
  disjunction: Expression,
  a: Expression | null,
  b: Expression | null,
  loop: Expression | null,
  parents: ReadonlyMap<Expression, Expression>,
): BacktrackingRisk {
  const clause = `the alternatives ${show(a)} and ${show(b)} can match the same text`;
  if (loop !== null) {
    return {
      construct: nodeSource(loop),
      reason: `${clause}, and ${show(loop)} repeats the choice`,
    };
  }
  const parent = parents.get(disjunction);
  const construct = parent?.type === 'Group' ? parent : disjunction;
  return {
    construct: nodeSource(construct),
    reason: `${clause}, so what follows them is tried once for each`,
  };
}

function show(node: Expression | null): string {
  return `\`${nodeSource(node)}\``;
}

/** A quantifier that repeats at least twice, where runs can split text between repetitions. */
function isLoop(node: Expression): boolean {
  return node.type === 'Repetition' && quantifierBounds(node).max >= 2;
}

/** A node that reads a variable number of characters by itself (a quantifier, a reference). */
function isVariable(node: Expression): boolean {
  if (node.type === 'Group') return node.expression !== null && isVariable(node.expression);
  if (node.type === 'Backreference') return true;
  if (node.type !== 'Repetition') return false;
  const { min, max } = quantifierBounds(node);
  return max > min;
}

/** The quantifier nearest to `top` below it, on the way up from one of the nodes. */
function innerVariable(
  nodes: readonly Expression[],
  top: Expression,
  parents: ReadonlyMap<Expression, Expression>,
): Expression | null {
  let found: Expression | null = null;
  for (const node of nodes) {
    for (
      let current: Expression | undefined = node;
      current !== undefined && current !== top;
      current = parents.get(current)
    ) {
      if (current.type !== 'Group' && isVariable(current)) found = current;
    }
    if (found !== null) return found;
  }
  return null;
}

/** The child of `ancestor` on the way up from `node`, or `null` when it is not below it. */
function childOn(
  ancestor: Expression,
  node: Expression,
  parents: ReadonlyMap<Expression, Expression>,
): Expression | null {
  let current: Expression | undefined = node;
  while (current !== undefined) {
    const parent = parents.get(current);
    if (parent === ancestor) return current;
    current = parent;
  }
  return null;
}

/** The lowest node that has every node below it (or is one of them). */
function commonAncestor(
  nodes: readonly Expression[],
  parents: ReadonlyMap<Expression, Expression>,
): Expression | null {
  if (nodes.length === 0) return null;
  const chain: Expression[] = [];
  for (
    let current: Expression | undefined = nodes[0];
    current !== undefined;
    current = parents.get(current)
  ) {
    chain.push(current);
  }
  const position = new Map(chain.map((node, index) => [node, index]));
  let highest = 0;
  for (const node of nodes.slice(1)) {
    let current: Expression | undefined = node;
    while (current !== undefined && !position.has(current)) current = parents.get(current);
    if (current === undefined) return null;
    highest = Math.max(highest, position.get(current)!);
  }
  return chain[highest]!;
}

/** Each node's parent, for messages. */
function parentsOf(root: Expression | null): Map<Expression, Expression> {
  const parents = new Map<Expression, Expression>();
  const visit = (node: Expression | null): void => {
    if (node === null) return;
    const children: readonly (Expression | null)[] =
      node.type === 'Alternative'
        ? node.expressions
        : node.type === 'Disjunction'
          ? node.alternatives
          : node.type === 'Group' || node.type === 'Repetition'
            ? [node.expression]
            : node.type === 'Assertion'
              ? [node.assertion ?? null]
              : [];
    for (const child of children) {
      if (child !== null) {
        parents.set(child, node);
        visit(child);
      }
    }
  };
  visit(root);
  return parents;
}

function explainFound(found: RiskFound): BacktrackingRisk {
  const node = found.construct;
  const body = node.type === 'Repetition' ? node.expression : null;
  switch (found.kind) {
    case 'repeated back-reference': {
      const reference = firstBackReference(node);
      return {
        construct: nodeSource(node),
        reason: `the back-reference ${show(reference)} is repeated by ${show(node)}`,
      };
    }
    case 'empty mandatory': {
      const min = node.type === 'Repetition' ? quantifierBounds(node).min : 0;
      return {
        construct: nodeSource(node),
        reason: `${show(body)} can match nothing, so the ${min} mandatory repetitions of ${show(node)} can share out the same text in many ways`,
      };
    }
    case 'empty twice':
      return {
        construct: nodeSource(node),
        reason: `${show(body)} can match nothing in more than one way, and ${show(node)} tries each way whenever it could repeat`,
      };
  }
}
