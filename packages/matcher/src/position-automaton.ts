/**
 * A pattern as a position automaton that counts the ways of matching, the model of a
 * backtracking engine that the backtracking analysis (`backtracking-risk.ts`) inspects.
 *
 * A state is a character position of the pattern (an atom: a character, a class, `.`; a
 * back-reference, as an atom that may read any text), plus a start. A transition p → q says
 * that after reading a character at p the engine can read the next one at q, through groups,
 * alternatives, quantifiers and assertions that consume nothing; its count is the number of
 * such routes (1, or 2 for two or more), because a backtracking engine tries every route: two
 * routes to the same position are two runs, and everything after them is tried twice.
 *
 * The routes follow ECMAScript's semantics (what V8 implements): an iteration of a quantifier
 * that matched nothing is rejected once the minimum is reached (so `(?:a?)*` does not loop on
 * nothing), and the mandatory iterations may match nothing. Counted quantifiers are expanded
 * into one copy of their body per iteration when that stays small, so that the iteration is
 * part of the state, as the engine's counter is; larger ones are read as `*` or `+`, which
 * has at least the runs of the counted form (every run maps to one of them). Assertions are
 * assumed to hold (more runs, never fewer). A look-around is one assertion here; its body is
 * a separate automaton, since the engine runs it on its own and never backtracks into it.
 *
 * Also computed: which states are *certain*, from which every run succeeds (the rest of the
 * pattern can match nothing without any assertion, from them and every state they lead to):
 * the engine stops there, so nothing after them is ever backtracked.
 */
import {
  quantifierBounds,
  type Assertion,
  type Expression,
  type Repetition,
} from './regexp-ast.js';
import {
  ANY,
  atomRanges,
  sureRanges,
  union,
  universe,
  type CharContext,
  type Ranges,
} from './char-ranges.js';

/** The start state, before any character is read. */
export const START = 0;

/** A number of routes: 1, or 2 for two or more. */
export type Count = 1 | 2;

/** Largest counted repetition expanded into copies, and the most positions it may make. */
const MAX_COPIES = 100;
const MAX_EXPANDED = 1_000;

/** Budgets that bound the cost of building, whatever the pattern. */
export const MAX_STATES = 20_000;
export const MAX_TRANSITIONS = 200_000;

/** What is left of the budgets, shared by a pattern's automata (its look-arounds' bodies). */
export interface Budget {
  states: number;
  transitions: number;
}

/** A look-around met while building, with what its body costs depends on. */
export interface LookaroundSite {
  readonly node: Assertion;
  /** Whether it is evaluated at one position of the topic only (a fixed offset from 0). */
  readonly fixed: boolean;
}

/** A construct found while building that is a risk by itself (see `backtracking-risk.ts`). */
export class RiskFound extends Error {
  readonly construct: Expression;
  readonly kind: 'repeated back-reference' | 'empty mandatory' | 'empty twice';
  readonly detail: Expression | null;
  constructor(kind: RiskFound['kind'], construct: Expression, detail: Expression | null = null) {
    super(kind);
    this.kind = kind;
    this.construct = construct;
    this.detail = detail;
  }
}

/** Thrown when a budget is exceeded (the message says which): the pattern is too large to check. */
export class BudgetExceeded extends Error {}

/** A way into, or out of, a fragment at a state. */
interface Entry {
  readonly state: number;
  readonly count: Count;
  /** The construct that made the count 2, for messages. */
  readonly why: Expression | null;
  /** Whether the route passes an assertion (so it may not hold). */
  readonly guarded: boolean;
}

/** What the construction knows of a node: how runs enter, leave and skip it. */
interface Fragment {
  /** The states a run can read first in the node, with the routes to each. */
  readonly first: readonly Entry[];
  /** The states a run can read last in the node, with the routes from each to its end. */
  readonly last: readonly Entry[];
  /** The routes through the node that read nothing: 0, 1 or 2 (two or more). */
  readonly empty: 0 | 1 | 2;
  readonly emptyWhy: Expression | null;
  /** Whether one of those routes has no assertion (always holds). */
  readonly free: boolean;
  /** States from which a route without assertions leaves the node. */
  readonly freeExits: readonly number[];
  /** Whether an empty route holds at the end of the topic (its assertions are all `$`). */
  readonly eol: boolean;
  /** States from which such a route leaves the node. */
  readonly eolExits: readonly number[];
}

const NOTHING: Fragment = {
  first: [],
  last: [],
  empty: 1,
  emptyWhy: null,
  free: true,
  freeExits: [],
  eol: true,
  eolExits: [],
};
const ASSERTION: Fragment = { ...NOTHING, free: false, eol: false };
/** `$`: it holds at the end of the topic. */
const END_ASSERTION: Fragment = { ...NOTHING, free: false };

/** How a node is reached. */
interface Where {
  /** Every run reaches the node at the same offset (no variable-length part before it). */
  readonly fixed: boolean;
  /** Read right to left (inside a look-behind). */
  readonly reverse: boolean;
}

function times(a: number, b: number): 0 | 1 | 2 {
  const product = a * b;
  return product >= 2 ? 2 : (product as 0 | 1);
}

function scaled(entries: readonly Entry[], factor: number, why: Expression | null): Entry[] {
  if (factor === 1) return entries as Entry[];
  return entries.map((entry) => ({ ...entry, count: 2, why: entry.why ?? why }));
}

/** Entries reached through a fragment's empty route, guarded unless the route is free. */
function through(entries: readonly Entry[], fragment: Fragment): Entry[] {
  const counted = scaled(entries, fragment.empty, fragment.emptyWhy);
  return fragment.free ? counted : counted.map((entry) => ({ ...entry, guarded: true }));
}

/** The automaton of a pattern, or of a look-around's body. */
export class PositionAutomaton {
  /** What each state reads (the start's entry is unused), and what it surely reads. */
  readonly sets: Ranges[] = [ANY];
  readonly sure: Ranges[] = [[]];
  /** The atom of each state (`null` for the start). */
  readonly owners: (Expression | null)[] = [null];
  readonly targets: number[][] = [[]];
  readonly counts: Count[][] = [[]];
  /** The construct whose routes made each transition, and a second one when counted twice. */
  readonly creators: Expression[][] = [[]];
  readonly alsoBy: (Expression | null)[][] = [[]];
  /** Whether each transition's route passes an assertion. */
  readonly guarded: boolean[][] = [[]];
  /** Routes from each state to the end of the pattern: 0, 1 or 2. */
  endCounts: number[] = [0];
  endWhy: (Expression | null)[] = [null];
  /** Whether every run from the state succeeds (see the file's comment). */
  certain: Uint8Array = new Uint8Array(0);
  /** The look-arounds met, whose bodies are checked on their own. */
  readonly lookarounds: LookaroundSite[] = [];

  readonly #context: CharContext;
  readonly #budget: Budget;
  readonly #index = new Map<number, number>();
  readonly #lengths = new Map<Expression, readonly [number, number]>();
  readonly #sizes = new Map<Expression, number>();

  /**
   * Builds the automaton of a node.
   * @param root - the pattern's body, or a look-around's.
   * @param context - the pattern's flags.
   * @param budget - transitions left, shared by the pattern's automata.
   * @param where - how the root is reached (a look-behind's body is read right to left).
   * @throws {@link RiskFound} for a construct that is a risk by itself.
   * @throws {@link BudgetExceeded} when the pattern is too large to check.
   */
  constructor(root: Expression | null, context: CharContext, budget: Budget, where: Where) {
    this.#context = context;
    this.#budget = budget;
    const body = this.#build(root, where);
    this.#connect([{ state: START, count: 1, why: null, guarded: false }], body.first, root);
    this.endCounts = new Array<number>(this.sets.length).fill(0);
    this.endWhy = new Array<Expression | null>(this.sets.length).fill(null);
    this.endCounts[START] = body.empty;
    this.endWhy[START] = body.emptyWhy;
    for (const entry of body.last) {
      this.endCounts[entry.state] = Math.min(2, this.endCounts[entry.state]! + entry.count);
      this.endWhy[entry.state] = entry.why;
    }
    this.certain = this.#certainStates(
      body.free ? [START, ...body.freeExits] : body.freeExits,
      body.eol ? [START, ...body.eolExits] : body.eolExits,
    );
  }

  /** Number of states, the start included. */
  get size(): number {
    return this.sets.length;
  }

  #newState(owner: Expression, set: Ranges, sure: Ranges): number {
    const state = this.sets.length;
    this.#budget.states -= 1;
    if (this.#budget.states < 0 || state > MAX_STATES) {
      throw new BudgetExceeded(`more than ${MAX_STATES} positions`);
    }
    this.sets.push(set);
    this.sure.push(sure);
    this.owners.push(owner);
    this.targets.push([]);
    this.counts.push([]);
    this.creators.push([]);
    this.alsoBy.push([]);
    this.guarded.push([]);
    return state;
  }

  #addTransition(
    from: number,
    to: number,
    count: Count,
    creator: Expression,
    why: Expression | null,
    guarded: boolean,
  ): void {
    const out = this.targets[from]!;
    let existing: number | undefined;
    if (out.length < 16) {
      const found = out.indexOf(to);
      if (found >= 0) existing = found;
    } else {
      existing = this.#index.get(from * (MAX_STATES + 1) + to);
    }
    if (existing !== undefined) {
      this.counts[from]![existing] = 2;
      this.alsoBy[from]![existing] ??= why ?? creator;
      this.guarded[from]![existing] ||= guarded;
      return;
    }
    this.#budget.transitions -= 1;
    if (this.#budget.transitions < 0)
      throw new BudgetExceeded(`more than ${MAX_TRANSITIONS} transitions`);
    if (out.length >= 15) {
      if (out.length === 15)
        out.forEach((target, i) => this.#index.set(from * (MAX_STATES + 1) + target, i));
      this.#index.set(from * (MAX_STATES + 1) + to, out.length);
    }
    out.push(to);
    this.counts[from]!.push(count);
    this.creators[from]!.push(creator);
    this.alsoBy[from]!.push(count === 2 ? why : null);
    this.guarded[from]!.push(guarded);
  }

  #connect(last: readonly Entry[], first: readonly Entry[], creator: Expression | null): void {
    if (creator === null) return; // an empty pattern: no first states
    for (const from of last) {
      for (const to of first) {
        const count = times(from.count, to.count) as Count;
        const guarded = from.guarded || to.guarded;
        this.#addTransition(from.state, to.state, count, creator, from.why ?? to.why, guarded);
      }
    }
  }

  #build(node: Expression | null, where: Where): Fragment {
    if (node === null) return NOTHING;
    switch (node.type) {
      case 'Char':
      case 'CharacterClass':
      case 'UnicodeProperty': {
        const context = this.#context;
        const state = this.#newState(node, atomRanges(node, context), sureRanges(node, context));
        const entry: Entry = { state, count: 1, why: null, guarded: false };
        return {
          first: [entry],
          last: [entry],
          empty: 0,
          emptyWhy: null,
          free: false,
          freeExits: [state],
          eol: false,
          eolExits: [state],
        };
      }
      case 'Backreference': {
        // It reads the text its group captured: some text, of a length the automaton cannot
        // know, as one run. Modelled as any text (`[^]*`), which has at least its runs; it may
        // fail, so nothing after it is certain.
        const state = this.#newState(node, ANY, []);
        this.#addTransition(state, state, 1, node, null, false);
        const entry: Entry = { state, count: 1, why: null, guarded: false };
        return {
          first: [entry],
          last: [entry],
          empty: 1,
          emptyWhy: null,
          free: false,
          freeExits: [],
          eol: false,
          eolExits: [],
        };
      }
      case 'Group':
        return this.#build(node.expression, where);
      case 'Assertion':
        if (node.kind === 'Lookahead' || node.kind === 'Lookbehind') {
          this.lookarounds.push({ node, fixed: where.fixed });
        }
        return node.kind === '$' ? END_ASSERTION : ASSERTION;
      case 'Alternative':
        return this.#sequence(node, where);
      case 'Disjunction':
        return this.#disjunction(node.alternatives, node, where);
      case 'Repetition':
        return this.#repetition(node, where);
    }
  }

  #sequence(node: Expression & { type: 'Alternative' }, where: Where): Fragment {
    const terms = where.reverse ? [...node.expressions].reverse() : node.expressions;
    let at = where;
    let acc: Fragment = NOTHING;
    for (const term of terms) {
      acc = this.#concat(acc, this.#build(term, at), node);
      if (at.fixed) {
        const [min, max] = this.lengths(term);
        if (min !== max) at = { ...at, fixed: false };
      }
    }
    return acc;
  }

  #concat(a: Fragment, b: Fragment, creator: Expression): Fragment {
    this.#connect(a.last, b.first, creator);
    return {
      first: a.empty === 0 ? a.first : [...a.first, ...through(b.first, a)],
      last: b.empty === 0 ? b.last : [...b.last, ...through(a.last, b)],
      empty: times(a.empty, b.empty),
      emptyWhy: a.emptyWhy ?? b.emptyWhy,
      free: a.free && b.free,
      freeExits: b.free ? [...b.freeExits, ...a.freeExits] : b.freeExits,
      eol: a.eol && b.eol,
      eolExits: b.eol ? [...b.eolExits, ...a.eolExits] : b.eolExits,
    };
  }

  #disjunction(
    alternatives: readonly (Expression | null)[],
    node: Expression,
    where: Where,
  ): Fragment {
    const first: Entry[] = [];
    const last: Entry[] = [];
    const freeExits: number[] = [];
    const eolExits: number[] = [];
    let empty = 0;
    let emptyWhy: Expression | null = null;
    let free = false;
    let eol = false;
    for (const alternative of alternatives) {
      const fragment = this.#build(alternative, where);
      first.push(...fragment.first);
      last.push(...fragment.last);
      freeExits.push(...fragment.freeExits);
      eolExits.push(...fragment.eolExits);
      eol ||= fragment.eol;
      if (fragment.empty > 0) emptyWhy = empty > 0 ? node : fragment.emptyWhy;
      empty += fragment.empty;
      free ||= fragment.free;
    }
    const count = empty >= 2 ? 2 : (empty as 0 | 1);
    return { first, last, empty: count, emptyWhy, free, freeExits, eol, eolExits };
  }

  #repetition(node: Repetition, where: Where): Fragment {
    const { min, max } = quantifierBounds(node);
    if (max === 0) return NOTHING;
    if (max === 1) {
      // The body is entered at most once, where the quantifier is.
      const body = this.#build(node.expression, where);
      if (min === 1) return body;
      return this.#optional(body, node);
    }
    if (firstBackReference(node.expression) !== null) {
      throw new RiskFound('repeated back-reference', node);
    }
    const inside: Where = { ...where, fixed: false };
    const copies = max === Infinity ? min + 1 : max;
    const size = this.#size(node.expression);
    if (min >= 2 || max !== Infinity) {
      if (copies <= MAX_COPIES && copies * size <= MAX_EXPANDED) {
        return this.#expand(node, min, max, inside);
      }
    }
    const body = this.#build(node.expression, inside);
    if (body.empty === 2) throw new RiskFound('empty twice', node);
    this.#connect(body.last, body.first, node);
    if (min === 0) return loopFragment(body);
    if (min >= 2 && body.empty > 0 && body.first.length > 0) {
      throw new RiskFound('empty mandatory', node);
    }
    return {
      // After a first iteration that matched nothing, a second one may read the same text.
      first: scaled(body.first, 1 + body.empty, node),
      last: body.last,
      empty: body.empty,
      emptyWhy: body.emptyWhy,
      free: body.free,
      // The count is read as `+`: with a larger minimum, leaving may be refused.
      freeExits: min >= 2 ? [] : body.freeExits,
      eol: body.eol,
      eolExits: min >= 2 ? [] : body.eolExits,
    };
  }

  /** `x?`: the iteration is rejected when it matches nothing, so the skip is the one empty route. */
  #optional(body: Fragment, node: Repetition): Fragment {
    if (body.empty === 2) throw new RiskFound('empty twice', node);
    return loopFragment(body);
  }

  /** `x{min,max}` as `min` copies of x, then `max - min` optional ones (or a loop for `{min,}`). */
  #expand(node: Repetition, min: number, max: number, inside: Where): Fragment {
    let acc: Fragment = NOTHING;
    for (let copy = 0; copy < min; copy += 1) {
      acc = this.#concat(acc, this.#build(node.expression, inside), node);
    }
    if (max === Infinity) {
      const body = this.#build(node.expression, inside);
      if (body.empty === 2) throw new RiskFound('empty twice', node);
      this.#connect(body.last, body.first, node);
      return this.#concat(acc, loopFragment(body), node);
    }
    // Each optional iteration must read something, and comes only after the one before it.
    let chain: Fragment = NOTHING;
    for (let copy = min; copy < max; copy += 1) {
      const body = this.#build(node.expression, inside);
      const reading: Fragment = { ...body, empty: 0, emptyWhy: null, free: false, eol: false };
      chain = this.#optional(this.#concat(reading, chain, node), node);
      if (body.empty === 2) throw new RiskFound('empty twice', node);
    }
    return this.#concat(acc, chain, node);
  }

  /** States a node makes when built (the expansions included), to decide on expanding. */
  #size(node: Expression | null): number {
    if (node === null) return 0;
    const known = this.#sizes.get(node);
    if (known !== undefined) return known;
    let size: number;
    switch (node.type) {
      case 'Group':
        size = this.#size(node.expression);
        break;
      case 'Alternative':
        size = node.expressions.reduce((sum, term) => sum + this.#size(term), 0);
        break;
      case 'Disjunction':
        size = node.alternatives.reduce((sum, alternative) => sum + this.#size(alternative), 0);
        break;
      case 'Repetition': {
        const { min, max } = quantifierBounds(node);
        const body = this.#size(node.expression);
        const copies = max === Infinity ? min + 1 : max;
        size =
          max >= 2 && copies <= MAX_COPIES && copies * body <= MAX_EXPANDED ? copies * body : body;
        break;
      }
      case 'Assertion':
        size = 0; // a look-around's body is another automaton
        break;
      default:
        size = 1;
    }
    this.#sizes.set(node, size);
    return size;
  }

  /**
   * The least and greatest number of characters a node reads.
   * @param node - a node.
   * @returns `[min, max]`, `max` possibly `Infinity`.
   */
  lengths(node: Expression | null): readonly [number, number] {
    if (node === null) return [0, 0];
    const known = this.#lengths.get(node);
    if (known !== undefined) return known;
    let result: readonly [number, number];
    switch (node.type) {
      case 'Char':
      case 'CharacterClass':
      case 'UnicodeProperty':
        result = [1, 1];
        break;
      case 'Backreference':
        result = [0, Infinity];
        break;
      case 'Assertion':
        result = [0, 0];
        break;
      case 'Group':
        result = this.lengths(node.expression);
        break;
      case 'Alternative': {
        let min = 0;
        let max = 0;
        for (const term of node.expressions) {
          const [a, b] = this.lengths(term);
          min += a;
          max += b;
        }
        result = [min, max];
        break;
      }
      case 'Disjunction': {
        let min = Infinity;
        let max = 0;
        for (const alternative of node.alternatives) {
          const [a, b] = this.lengths(alternative);
          min = Math.min(min, a);
          max = Math.max(max, b);
        }
        result = [min, max];
        break;
      }
      case 'Repetition': {
        const { min, max } = quantifierBounds(node);
        const [a, b] = this.lengths(node.expression);
        result = [a * min, max === 0 || b === 0 ? 0 : b * max];
        break;
      }
    }
    this.#lengths.set(node, result);
    return result;
  }

  /**
   * The certain states: a free route to the end leaves them, and every state they lead to is
   * certain too (the greatest such set).
   */
  #certainStates(freeExits: readonly number[], eolExits: readonly number[]): Uint8Array {
    const size = this.sets.length;
    const certain = new Uint8Array(size);
    for (const state of freeExits) certain[state] = 1;
    // At the end of the topic `$` holds; before it, the run goes on when some unguarded route
    // surely reads whatever character comes (every successor being certain, below).
    const all = universe(this.#context);
    for (const state of eolExits) {
      if (certain[state] === 1) continue;
      let covered: Ranges = [];
      this.targets[state]!.forEach((target, i) => {
        if (!this.guarded[state]![i]) covered = union(covered, this.sure[target]!);
      });
      if (covered.length === 1 && covered[0]![0] <= all[0]![0] && covered[0]![1] >= all[0]![1]) {
        certain[state] = 1;
      }
    }
    const hasUncertainTarget = (state: number): boolean =>
      this.targets[state]!.some((target) => certain[target] === 0);
    // A few passes settle the usual pattern; a long chain of removals takes the worklist.
    for (let pass = 0; pass < 4; pass += 1) {
      let changed = false;
      for (let state = 0; state < size; state += 1) {
        if (certain[state] === 1 && hasUncertainTarget(state)) {
          certain[state] = 0;
          changed = true;
        }
      }
      if (!changed) return certain;
    }
    const predecessors: number[][] = Array.from({ length: size }, () => []);
    const removed: number[] = [];
    for (let state = 0; state < size; state += 1) {
      for (const target of this.targets[state]!) predecessors[target]!.push(state);
      if (certain[state] === 0) removed.push(state);
    }
    while (removed.length > 0) {
      const state = removed.pop()!;
      for (const predecessor of predecessors[state]!) {
        if (certain[predecessor] === 1) {
          certain[predecessor] = 0;
          removed.push(predecessor);
        }
      }
    }
    return certain;
  }
}

/** `x*` (or the loop after the mandatory copies): the skip is the one empty route. */
function loopFragment(body: Fragment): Fragment {
  return {
    first: body.first,
    last: body.last,
    empty: 1,
    emptyWhy: null,
    free: true,
    freeExits: body.freeExits,
    eol: true,
    eolExits: body.eolExits,
  };
}

/**
 * The first back-reference in a node (in a look-around too).
 * @param node - a node.
 * @returns the back-reference, or `null` when there is none.
 */
export function firstBackReference(node: Expression | null): Expression | null {
  if (node === null) return null;
  switch (node.type) {
    case 'Backreference':
      return node;
    case 'Repetition':
    case 'Group':
      return firstBackReference(node.expression);
    case 'Alternative':
    case 'Disjunction': {
      const children = node.type === 'Alternative' ? node.expressions : node.alternatives;
      for (const child of children) {
        const found = firstBackReference(child);
        if (found !== null) return found;
      }
      return null;
    }
    case 'Assertion':
      return firstBackReference(node.assertion ?? null);
    default:
      return null;
  }
}
