/**
 * A bounded lazy automaton over a level trie. A state is the set of trie nodes active after
 * some levels, with the patterns already matched on the way; its transitions are keyed by the
 * next level's hash, and it keeps, frozen, the result for a topic that ends there. A topic
 * costs one hash lookup per level and no merge. A level that no active node names as a literal
 * takes one of three default transitions (empty, starting with `$`, any other), so levels no
 * pattern names (device ids, request ids) create no states.
 *
 * Only topics without line terminators are run here: the ends that care about them
 * (`(?:\/.*)?$`, `\/.*$`) then match like their relaxed forms, and the walk in `LevelTrie`
 * answers the rest. States are bounded: when the bound is reached they are all dropped (an
 * eviction) and built again as topics need them; when the states built outnumber the topics
 * they answered (the topics are too many and too varied), the next `maxStates` topics take the
 * walk before the automaton is tried again. A change of the patterns drops only the
 * states it can change: those under its first level, or all of them when that is a wildcard.
 */
import {
  DOLLAR_LEVEL,
  EMPTY_LEVEL,
  levelClass,
  literalChild,
  ENDS_AT_ROOT,
  ENDS_DEEPER,
  ENDS_HERE,
  pushEnds,
  pushWildChildren,
  type LevelEntry,
  type LevelNode,
  type LevelTrie,
} from './level-trie.js';
import { mergeByOrder } from './merge-by-order.js';
import {
  hashLevel,
  lastLineTerminator,
  levelEnds,
  levelHashes,
  levelIs,
  levelStart,
  scanLevels,
} from './topic-levels.js';

/** A state: a class, so that every state has one shape from the start (fields that change
 * from `null` to an object would otherwise give states several shapes, and slow every read). */
class State<T> {
  /** The trie nodes active here. */
  readonly nodes: readonly LevelNode<T>[];
  /** The patterns matched by the levels read so far, whatever follows. */
  readonly matched: readonly LevelEntry<T>[];
  /** The level that leads here from the previous state (`''` for the root and defaults). */
  readonly label: string;
  /** `label`'s hash. */
  readonly hash: number;
  /** No active node: nothing more can match, whatever follows (kept here so that the walk does
   * not read `nodes`, another object, at every level). */
  readonly dead: boolean;
  /** The next state with the same hash in the previous state's transitions. */
  sibling: State<T> | null = null;
  /** The first transition on a named level, inline: most states have at most one. */
  first: State<T> | null = null;
  /** The other transitions on named levels, by hash (colliding ones chained by `sibling`). */
  transitions: Map<number, State<T>> | null = null;
  /** The transitions on levels no active node names, by class. */
  defaults: Defaults<T> | null = null;
  /** `matched` plus what the active nodes match once more levels follow; built on demand. */
  passOn: readonly LevelEntry<T>[] | null = null;
  /** The result when the topic ends here; built on demand. */
  final: readonly T[] | null = null;
  /** The result when a level no active node accepts follows (a {@link DEAD_END}
   * transition): what was matched on the way; built on demand. */
  deadEnd: readonly T[] | null = null;

  constructor(
    nodes: readonly LevelNode<T>[],
    matched: readonly LevelEntry<T>[],
    label: string,
    hash: number,
  ) {
    this.nodes = nodes;
    this.matched = matched;
    this.label = label;
    this.hash = hash;
    this.dead = nodes.length === 0;
  }
}

/**
 * Where a default transition leads when no active node accepts the level: nothing more can
 * match, so no state is built for it (the previous state keeps the result, `deadEnd`).
 */
const DEAD_END = new State<never>([], [], '', 0);

/** A state's default transitions: for an empty level, one starting with `$`, any other. */
interface Defaults<T> {
  empty: State<T> | null;
  dollar: State<T> | null;
  other: State<T> | null;
}

/** The automaton's counters, for `stats()`. */
export interface AutomatonCounts {
  readonly states: number;
  readonly maxStates: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

const NO_ENTRIES: readonly never[] = Object.freeze([]);
const NO_NODES: readonly never[] = Object.freeze([]);

/**
 * The automaton of one level trie.
 * @typeParam T - the values registered under the patterns.
 */
export class LevelAutomaton<T> {
  readonly #trie: LevelTrie<T>;
  readonly #maxStates: number;
  #root: State<T> | null = null;
  #states = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  /** Topics answered from states since the last eviction. */
  #hitsSinceEviction = 0;
  /** Topics to answer by the walk before building states again (after thrashing). */
  #resting = 0;
  /** States built so far: tells a topic that took only existing states from one that built some. */
  #created = 0;
  /** Reused while building states and results (written by count: it may hold stale entries
   * past the count, which only the next writes replace). */
  readonly #entries: LevelEntry<T>[] = [];
  /** Reused while building a state's nodes. */
  readonly #nodes: LevelNode<T>[] = [];

  /**
   * @param trie - the trie it runs over.
   * @param maxStates - most states kept; 0 turns it off (every topic walks the trie).
   */
  constructor(trie: LevelTrie<T>, maxStates: number) {
    this.#trie = trie;
    this.#maxStates = maxStates;
  }

  /** The counters. */
  counts(): AutomatonCounts {
    return {
      states: this.#states,
      maxStates: this.#maxStates,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
    };
  }

  /**
   * The values of the patterns of the trie that match a topic, frozen.
   * @param topic - the topic.
   */
  match(topic: string): readonly T[] {
    const count = scanLevels(topic, this.#trie.separator);
    if (lastLineTerminator >= 0 || this.#maxStates === 0) return this.#walk(topic);
    if (this.#resting > 0) {
      this.#resting -= 1;
      return this.#walk(topic);
    }
    let state = (this.#root ??= this.#newRoot());
    const created = this.#created;
    for (let level = 0; level < count; level += 1) {
      if (state.dead) break; // nothing more can match: the state loops on itself
      const start = levelStart(level);
      const end = levelEnds[level]!;
      const hash = levelHashes[level]!;
      let next: State<T> | null = null;
      const first = state.first;
      if (first !== null && first.hash === hash && levelIs(first.label, topic, start, end)) {
        next = first;
      } else if (state.transitions !== null) {
        let candidate: State<T> | null | undefined = state.transitions.get(hash);
        for (; candidate !== undefined && candidate !== null; candidate = candidate.sibling) {
          if (levelIs(candidate.label, topic, start, end)) {
            next = candidate;
            break;
          }
        }
      }
      if (next === null) {
        next = this.#transition(state, topic, start, end, hash);
        if (next === null) return this.#walk(topic); // the bound was reached: all dropped
      }
      if (next === DEAD_END) return this.#deadEndOf(state, created);
      state = next;
    }
    if (this.#created !== created || state.final === null) {
      this.#misses += 1;
    } else {
      this.#hits += 1;
      this.#hitsSinceEviction += 1;
    }
    return (state.final ??= this.#finalOf(state));
  }

  /** The result of a topic that goes on past `state` with a level no active node accepts. */
  #deadEndOf(state: State<T>, created: number): readonly T[] {
    if (state.deadEnd !== null && this.#created === created) {
      this.#hits += 1;
      this.#hitsSinceEviction += 1;
      return state.deadEnd;
    }
    this.#misses += 1;
    const matched = passOnOf(state, this.#entries);
    return (state.deadEnd ??= mergeByOrder(matched, matched.length));
  }

  /**
   * Forgets the states a change of a pattern can affect.
   * @param first - its first step: a literal level, or `null` for a wildcard or no step.
   */
  invalidate(first: string | null): void {
    const root = this.#root;
    if (root === null) return;
    if (first === null) {
      this.clear();
      return;
    }
    if (root.first !== null && root.first.label === first) {
      this.#states -= countStates(root.first);
      root.first = null;
      return;
    }
    const transitions = root.transitions;
    if (transitions === null) return;
    const hash = hashLevel(first);
    let previous: State<T> | null = null;
    for (let state = transitions.get(hash) ?? null; state !== null; state = state.sibling) {
      if (state.label === first) {
        if (previous !== null) previous.sibling = state.sibling;
        else if (state.sibling !== null) transitions.set(hash, state.sibling);
        else transitions.delete(hash);
        this.#states -= countStates(state);
        return;
      }
      previous = state;
    }
  }

  /** Drops every state (the counters stay). */
  clear(): void {
    this.#root = null;
    this.#states = 0;
  }

  /** The next state for a level not in the transitions yet, or `null` at the bound. */
  #transition(
    state: State<T>,
    topic: string,
    start: number,
    end: number,
    hash: number,
  ): State<T> | null {
    let label: string | null = null;
    const nodes = state.nodes;
    for (let i = 0; i < nodes.length; i += 1) {
      const child = literalChild(nodes[i]!, hash, topic, start, end);
      if (child !== null) {
        label = child.label;
        break;
      }
    }
    const type = levelClass(topic, start, end);
    const defaults = state.defaults;
    if (label === null && defaults !== null) {
      const existing =
        type === EMPTY_LEVEL
          ? defaults.empty
          : type === DOLLAR_LEVEL
            ? defaults.dollar
            : defaults.other;
      if (existing !== null) return existing;
    }
    const next = this.#nodes;
    next.length = 0;
    for (let i = 0; i < nodes.length; i += 1) {
      const node = nodes[i]!;
      if (label !== null) {
        const child = literalChild(node, hash, topic, start, end);
        if (child !== null) next.push(child);
      }
      if (node.wild !== null) pushWildChildren(node.wild, type, next);
    }
    if (label === null && next.length === 0) {
      const slots = (state.defaults ??= { empty: null, dollar: null, other: null });
      if (type === EMPTY_LEVEL) slots.empty = DEAD_END;
      else if (type === DOLLAR_LEVEL) slots.dollar = DEAD_END;
      else slots.other = DEAD_END;
      return DEAD_END;
    }
    if (this.#states >= this.#maxStates) {
      this.#evictions += 1;
      // Thrashing (fewer topics answered from states than states built since the last
      // eviction): building states that will be dropped costs more than walking, so the next
      // `maxStates` topics walk, then the automaton is tried again.
      if (this.#hitsSinceEviction < this.#states) this.#resting = this.#maxStates;
      this.#hitsSinceEviction = 0;
      this.clear();
      return null;
    }
    const matched = passOnOf(state, this.#entries);
    // A copy of exactly the right length (a pushed-to array keeps spare room).
    const active = next.length === 0 ? NO_NODES : next.slice();
    const created = new State(active, matched, label ?? '', label === null ? 0 : hash);
    this.#states += 1;
    this.#created += 1;
    if (label === null) {
      const slots = (state.defaults ??= { empty: null, dollar: null, other: null });
      if (type === EMPTY_LEVEL) slots.empty = created;
      else if (type === DOLLAR_LEVEL) slots.dollar = created;
      else slots.other = created;
    } else if (state.first === null) {
      state.first = created;
    } else if (state.transitions === null) {
      state.transitions = new Map([[hash, created]]);
    } else {
      created.sibling = state.transitions.get(hash) ?? null;
      state.transitions.set(hash, created);
    }
    return created;
  }

  #newRoot(): State<T> {
    const entries = this.#entries;
    const count = pushEnds(this.#trie.root, ENDS_AT_ROOT, entries, 0);
    this.#states = 1;
    return new State([this.#trie.root], count === 0 ? NO_ENTRIES : entries.slice(0, count), '', 0);
  }

  /** The result at a state: what was matched on the way, and what ends at its nodes. */
  #finalOf(state: State<T>): readonly T[] {
    const entries = this.#entries;
    let count = 0;
    for (let i = 0; i < state.matched.length; i += 1) entries[count++] = state.matched[i]!;
    for (let i = 0; i < state.nodes.length; i += 1) {
      count = pushEnds(state.nodes[i]!, ENDS_HERE, entries, count);
    }
    return mergeByOrder(entries, count);
  }

  /** The exact walk, for topics the automaton does not take (counted as misses). */
  #walk(topic: string): readonly T[] {
    this.#misses += 1;
    const entries = this.#entries;
    return mergeByOrder(entries, this.#trie.collect(topic, entries, 0));
  }
}

/** What a state's successors have matched: its own matches and its nodes' deeper ends. */
function passOnOf<T>(state: State<T>, scratch: LevelEntry<T>[]): readonly LevelEntry<T>[] {
  if (state.passOn !== null) return state.passOn;
  let count = 0;
  const nodes = state.nodes;
  // (The root's own patterns have no levels: they end `all`, not in this mask, and are in
  // `matched` already.)
  for (let i = 0; i < nodes.length; i += 1)
    count = pushEnds(nodes[i]!, ENDS_DEEPER, scratch, count);
  const passOn = count === 0 ? state.matched : state.matched.concat(scratch.slice(0, count));
  return (state.passOn = passOn);
}

/** A state and every state after it. */
function countStates<T>(root: State<T>): number {
  let count = 0;
  const pending: State<T>[] = [root];
  for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
    count += 1;
    if (state.first !== null) pending.push(state.first);
    if (state.transitions !== null) {
      for (const head of state.transitions.values()) {
        for (let next: State<T> | null = head; next !== null; next = next.sibling)
          pending.push(next);
      }
    }
    const defaults = state.defaults;
    if (defaults !== null) {
      for (const next of [defaults.empty, defaults.dollar, defaults.other]) {
        if (next !== null && next !== DEAD_END) pending.push(next);
      }
    }
  }
  return count;
}
