/**
 * The level trie: level-shaped patterns (see `level-shape.ts`) filed by whole levels. A node
 * is reached by one step, a literal level or a one-level wildcard; children are found by the
 * level's hash ({@link scanLevels}) and the label is checked on a hit; a node keeps the
 * patterns whose levels end there, each with its end condition. Walking a topic visits, level
 * by level, the nodes whose steps match the levels read so far.
 */
import { ANY_LEVEL, NON_EMPTY_LEVEL, type LevelEnd, type LevelStep } from './level-shape.js';
import type { Registered } from './merge-by-order.js';
import {
  hashLevel,
  lastLineTerminator,
  levelEnds,
  levelHashes,
  levelIs,
  levelStart,
  scanLevels,
} from './topic-levels.js';

/** End conditions, as numbers (see `LevelEnd`). */
export const EXACT = 0;
export const SELF_OR_DESCENDANTS = 1;
export const SELF_OR_DESCENDANTS_NO_LT = 2;
export const DESCENDANTS = 3;
export const DESCENDANTS_NO_LT = 4;
export const ALL = 5;
export const ALL_NO_LT = 6;

const END_CODES: Readonly<Record<LevelEnd, number>> = {
  exact: EXACT,
  'self-or-descendants': SELF_OR_DESCENDANTS,
  'self-or-descendants-no-lt': SELF_OR_DESCENDANTS_NO_LT,
  descendants: DESCENDANTS,
  'descendants-no-lt': DESCENDANTS_NO_LT,
  all: ALL,
  'all-no-lt': ALL_NO_LT,
};

/** The kind of a literal node (the wildcards are `ANY_LEVEL`, `NON_EMPTY_LEVEL`, `NO_DOLLAR_LEVEL`). */
export const LITERAL = 3;

/** Classes of a topic level, as far as the wildcards can tell them apart. */
export const EMPTY_LEVEL = 0;
export const DOLLAR_LEVEL = 1;
export const OTHER_LEVEL = 2;

/** A pattern filed in the level trie. */
export interface LevelEntry<T> extends Registered<T> {
  /** The pattern's identity (flags and source, as `normalizePattern` gives it): two patterns
   * with the same steps and end may still be two patterns, written differently. */
  readonly key: string;
  /** The node its levels lead to (`null` only while it is being filed). */
  node: LevelNode<T> | null;
  /** Its end condition (`EXACT`…`ALL_NO_LT`). */
  levelEnd: number;
}

/** Most children kept in an array searched by hash; more go into a `Map` (more memory). */
const MAX_FEW_CHILDREN = 8;

/** A node of the level trie. */
export interface LevelNode<T> {
  readonly parent: LevelNode<T> | null;
  /** The literal level (`LITERAL` nodes); `''` for the wildcards and the root. */
  readonly label: string;
  readonly hash: number;
  readonly kind: number;
  /** Literal children: an array while few, then a `Map` by hash (colliding ones chained by `sibling`). */
  children: LevelNode<T>[] | Map<number, LevelNode<T>> | null;
  /** The next literal child of `parent` with the same hash, in a `Map` of children. */
  sibling: LevelNode<T> | null;
  /** The wildcard children, when there is one. */
  wild: WildChildren<T> | null;
  /** The patterns that end here: one inline, or an array. */
  ends: LevelEntry<T> | LevelEntry<T>[] | null;
}

interface WildChildren<T> {
  any: LevelNode<T> | null;
  nonEmpty: LevelNode<T> | null;
  noDollar: LevelNode<T> | null;
}

function newNode<T>(parent: LevelNode<T> | null, label: string, kind: number): LevelNode<T> {
  return {
    parent,
    label,
    hash: kind === LITERAL ? hashLevel(label) : 0,
    kind,
    children: null,
    sibling: null,
    wild: null,
    ends: null,
  };
}

/**
 * A level trie for one separator.
 * @typeParam T - the values registered under the patterns.
 */
export class LevelTrie<T> {
  /** The separator's code unit. */
  readonly separator: number;
  readonly root: LevelNode<T> = newNode<T>(null, '', LITERAL);
  /** Patterns filed. */
  size = 0;
  /** Nodes, the root included. */
  nodeCount = 1;
  /** Reused by every walk: the nodes active at the current level, and at the next. */
  #current: LevelNode<T>[] = [];
  #next: LevelNode<T>[] = [];

  /** @param separator - the character between levels. */
  constructor(separator: string) {
    this.separator = separator.charCodeAt(0);
  }

  /**
   * The node a sequence of steps leads to.
   * @param levels - the steps.
   * @param create - whether to make the missing nodes; otherwise `null` when one is missing.
   */
  nodeFor(levels: readonly LevelStep[], create: boolean): LevelNode<T> | null {
    let node = this.root;
    for (const step of levels) {
      const child = create ? this.#childFor(node, step) : existingChild(node, step);
      if (child === null) return null;
      node = child;
    }
    return node;
  }

  /**
   * Files a pattern at its node (from {@link LevelTrie.nodeFor}).
   * @param node - the node its steps lead to.
   * @param end - its end condition.
   * @param entry - the pattern; its `node` and `levelEnd` are set.
   */
  file(node: LevelNode<T>, end: LevelEnd, entry: LevelEntry<T>): void {
    entry.node = node;
    entry.levelEnd = END_CODES[end];
    const ends = node.ends;
    node.ends = ends === null ? entry : Array.isArray(ends) ? ends.concat([entry]) : [ends, entry];
    this.size += 1;
  }

  /**
   * Removes a pattern, and the nodes left with nothing.
   * @param entry - a pattern filed here.
   */
  delete(entry: LevelEntry<T>): void {
    // The entry keeps its node, and a pruned node its parent: a removed pattern's steps can still
    // be read back, to patch what was remembered for it.
    let node = entry.node!;
    const ends = node.ends;
    if (Array.isArray(ends)) {
      const rest = ends.filter((other) => other !== entry);
      node.ends = rest.length === 1 ? rest[0]! : rest;
    } else {
      node.ends = null;
    }
    this.size -= 1;
    while (node.parent !== null && isBare(node)) {
      const parent = node.parent;
      detach(parent, node);
      this.nodeCount -= 1;
      node = parent;
    }
  }

  /** Removes every pattern. */
  clear(): void {
    const root = this.root;
    root.children = null;
    root.wild = null;
    root.ends = null;
    this.size = 0;
    this.nodeCount = 1;
  }

  /**
   * Writes the patterns that match a topic into `out` from index `filled` on, exactly (line
   * terminators included). A count rather than a length: setting an array's length to 0 drops
   * its storage, which the next writes would allocate again.
   * @param topic - the topic.
   * @param out - the list to write to.
   * @param filled - how many entries of `out` are in use.
   * @returns how many are in use after.
   */
  collect<O>(topic: string, out: (LevelEntry<T> | O)[], filled: number): number {
    const count = scanLevels(topic, this.separator);
    filled = pushEnds(this.root, rootEnds(lastLineTerminator < 0), out, filled);
    // Counts rather than lengths: setting an array's length is a call into the runtime.
    let current = this.#current;
    let next = this.#next;
    current[0] = this.root;
    let active = 1;
    for (let level = 0; level < count && active > 0; level += 1) {
      const start = levelStart(level);
      const end = levelEnds[level]!;
      const hash = levelHashes[level]!;
      const type = levelClass(topic, start, end);
      // The nodes read so far end before this level: the rest of the topic follows them.
      const deeper = deeperEnds(lastLineTerminator < start);
      let reached = 0;
      for (let i = 0; i < active; i += 1) {
        const node = current[i]!;
        if (level > 0) filled = pushEnds(node, deeper, out, filled);
        const child = literalChild(node, hash, topic, start, end);
        if (child !== null) next[reached++] = child;
        const wild = node.wild;
        if (wild !== null) {
          if (wild.any !== null) next[reached++] = wild.any;
          if (wild.nonEmpty !== null && type !== EMPTY_LEVEL) next[reached++] = wild.nonEmpty;
          if (wild.noDollar !== null && type !== DOLLAR_LEVEL) next[reached++] = wild.noDollar;
        }
      }
      const swap = current;
      current = next;
      next = swap;
      active = reached;
    }
    for (let i = 0; i < active; i += 1) filled = pushEnds(current[i]!, ENDS_HERE, out, filled);
    this.#current = current;
    this.#next = next;
    return filled;
  }

  /**
   * Whether one pattern matches a topic (for patching remembered results): its steps are read
   * back from its node.
   * @param entry - a pattern filed here.
   * @param topic - the topic.
   * @param steps - its {@link LevelTrie.stepsOf}, when it is tested on many topics.
   */
  matches(
    entry: LevelEntry<T>,
    topic: string,
    steps: readonly LevelNode<T>[] = this.stepsOf(entry),
  ): boolean {
    const depth = steps.length;
    const count = scanLevels(topic, this.separator);
    const kind = entry.levelEnd;
    if (kind === ALL) return true;
    if (kind === ALL_NO_LT) return lastLineTerminator < 0;
    if (count < depth) return false;
    for (let level = 0; level < depth; level += 1) {
      const node = steps[depth - 1 - level]!;
      const start = levelStart(level);
      const end = levelEnds[level]!;
      if (node.kind === LITERAL) {
        if (!levelIs(node.label, topic, start, end)) return false;
      } else if (!wildMatches(node.kind, levelClass(topic, start, end))) {
        return false;
      }
    }
    if (count === depth)
      return kind === EXACT || kind === SELF_OR_DESCENDANTS || kind === SELF_OR_DESCENDANTS_NO_LT;
    if (kind === EXACT) return false;
    if (kind === SELF_OR_DESCENDANTS || kind === DESCENDANTS) return true;
    return lastLineTerminator < levelEnds[depth - 1]!;
  }

  /**
   * A pattern's steps, last first: its node and its ancestors below the root.
   * @param entry - a pattern filed here (or just removed: a pruned node keeps its parent).
   */
  stepsOf(entry: LevelEntry<T>): readonly LevelNode<T>[] {
    const steps: LevelNode<T>[] = [];
    for (let node = entry.node!; node.parent !== null; node = node.parent) steps.push(node);
    return steps;
  }

  /**
   * The literal text every topic a pattern matches starts with (its leading literal levels, and
   * the separator after them when more must follow), for patching remembered results; `''` when
   * it starts with a wildcard.
   * @param entry - a pattern filed here.
   */
  prefixOf(entry: LevelEntry<T>): string {
    const steps: LevelNode<T>[] = [];
    for (let node = entry.node!; node.parent !== null; node = node.parent) steps.push(node);
    const separator = String.fromCharCode(this.separator);
    let prefix = '';
    for (let i = steps.length - 1; i >= 0; i -= 1) {
      const node = steps[i]!;
      const first = i === steps.length - 1;
      if (node.kind !== LITERAL) return first ? '' : prefix + separator;
      prefix = first ? node.label : prefix + separator + node.label;
    }
    const deeper = entry.levelEnd === DESCENDANTS || entry.levelEnd === DESCENDANTS_NO_LT;
    return deeper ? prefix + separator : prefix;
  }

  /** The child of `node` for a step, made if need be. */
  #childFor(node: LevelNode<T>, step: LevelStep): LevelNode<T> {
    if (typeof step !== 'string') {
      const wild = (node.wild ??= { any: null, nonEmpty: null, noDollar: null });
      const key = step === ANY_LEVEL ? 'any' : step === NON_EMPTY_LEVEL ? 'nonEmpty' : 'noDollar';
      let child = wild[key];
      if (child === null) {
        child = newNode(node, '', step);
        wild[key] = child;
        this.nodeCount += 1;
      }
      return child;
    }
    const hash = hashLevel(step);
    const existing = literalChild(node, hash, step, 0, step.length);
    if (existing !== null) return existing;
    const child = newNode(node, step, LITERAL);
    attach(node, child);
    this.nodeCount += 1;
    return child;
  }
}

/** A node's child for a step, or `null` when there is none. */
function existingChild<T>(node: LevelNode<T>, step: LevelStep): LevelNode<T> | null {
  if (typeof step === 'string') return literalChild(node, hashLevel(step), step, 0, step.length);
  const wild = node.wild;
  if (wild === null) return null;
  return step === ANY_LEVEL ? wild.any : step === NON_EMPTY_LEVEL ? wild.nonEmpty : wild.noDollar;
}

/** Which wildcards accept a level: empty, starting with `$`, or any other. */
export function levelClass(topic: string, start: number, end: number): number {
  if (start === end) return EMPTY_LEVEL;
  return topic.charCodeAt(start) === 36 /* $ */ ? DOLLAR_LEVEL : OTHER_LEVEL;
}

/** Whether a wildcard of `kind` accepts a level of class `type`. */
function wildMatches(kind: number, type: number): boolean {
  if (kind === ANY_LEVEL) return true;
  if (kind === NON_EMPTY_LEVEL) return type !== EMPTY_LEVEL;
  return type !== DOLLAR_LEVEL; // NO_DOLLAR_LEVEL
}

/**
 * Appends the wildcard children that accept a level of class `type` to `out`.
 * @param wild - a node's wildcard children.
 * @param type - the level's class.
 * @param out - the list of nodes.
 */
export function pushWildChildren<T>(
  wild: WildChildren<T>,
  type: number,
  out: LevelNode<T>[],
): void {
  if (wild.any !== null) out.push(wild.any);
  if (wild.nonEmpty !== null && type !== EMPTY_LEVEL) out.push(wild.nonEmpty);
  if (wild.noDollar !== null && type !== DOLLAR_LEVEL) out.push(wild.noDollar);
}

/**
 * The literal child of a node for a level of a topic, or `null`.
 * @param node - the node.
 * @param hash - the level's hash.
 * @param topic - the topic (or any string holding the level).
 * @param start - where the level starts in it.
 * @param end - where it ends.
 */
export function literalChild<T>(
  node: LevelNode<T>,
  hash: number,
  topic: string,
  start: number,
  end: number,
): LevelNode<T> | null {
  const children = node.children;
  if (children === null) return null;
  if (Array.isArray(children)) {
    for (let i = 0; i < children.length; i += 1) {
      const child = children[i]!;
      if (child.hash === hash && levelIs(child.label, topic, start, end)) return child;
    }
    return null;
  }
  for (
    let child: LevelNode<T> | null | undefined = children.get(hash);
    child !== undefined && child !== null;
    child = child.sibling
  ) {
    if (levelIs(child.label, topic, start, end)) return child;
  }
  return null;
}

/** Which end conditions match, as masks over the end codes: when the topic ends at the node… */
export const ENDS_HERE: number =
  (1 << EXACT) | (1 << SELF_OR_DESCENDANTS) | (1 << SELF_OR_DESCENDANTS_NO_LT);
/** …when more levels follow, with no line terminator after the node's levels… */
export const ENDS_DEEPER: number =
  (1 << SELF_OR_DESCENDANTS) |
  (1 << SELF_OR_DESCENDANTS_NO_LT) |
  (1 << DESCENDANTS) |
  (1 << DESCENDANTS_NO_LT);
/** …and with one. */
const ENDS_DEEPER_TERMINATED = (1 << SELF_OR_DESCENDANTS) | (1 << DESCENDANTS);
/** At the root (patterns with no levels), for a topic with no line terminator, and with one. */
export const ENDS_AT_ROOT: number = (1 << ALL) | (1 << ALL_NO_LT);
const ENDS_AT_ROOT_TERMINATED = 1 << ALL;

/** The mask of ends that match below a node, given whether a line terminator follows it. */
export function deeperEnds(restClean: boolean): number {
  return restClean ? ENDS_DEEPER : ENDS_DEEPER_TERMINATED;
}

/** The mask of root ends that match, given whether the topic has a line terminator. */
export function rootEnds(noTerminator: boolean): number {
  return noTerminator ? ENDS_AT_ROOT : ENDS_AT_ROOT_TERMINATED;
}

/**
 * Writes the patterns ending at a node whose end condition is in `mask` into `out`.
 * @param node - the node.
 * @param mask - the accepted end codes, as bits.
 * @param out - the list.
 * @param filled - how many entries of `out` are in use.
 * @returns how many are in use after.
 */
export function pushEnds<T, O = never>(
  node: LevelNode<T>,
  mask: number,
  out: (LevelEntry<T> | O)[],
  filled: number,
): number {
  const ends = node.ends;
  if (ends === null) return filled;
  if (!Array.isArray(ends)) {
    if (((mask >> ends.levelEnd) & 1) !== 0) out[filled++] = ends;
    return filled;
  }
  for (let i = 0; i < ends.length; i += 1) {
    const entry = ends[i]!;
    if (((mask >> entry.levelEnd) & 1) !== 0) out[filled++] = entry;
  }
  return filled;
}

function isBare<T>(node: LevelNode<T>): boolean {
  return node.ends === null && node.children === null && node.wild === null;
}

function attach<T>(node: LevelNode<T>, child: LevelNode<T>): void {
  const children = node.children;
  if (children === null) {
    node.children = [child];
  } else if (Array.isArray(children)) {
    if (children.length < MAX_FEW_CHILDREN) {
      node.children = children.concat([child]); // exact length: `push` would leave spare room
      return;
    }
    const map = new Map<number, LevelNode<T>>();
    for (const other of children) mapInsert(map, other);
    mapInsert(map, child);
    node.children = map;
  } else {
    mapInsert(children, child);
  }
}

function mapInsert<T>(map: Map<number, LevelNode<T>>, child: LevelNode<T>): void {
  child.sibling = map.get(child.hash) ?? null;
  map.set(child.hash, child);
}

function detach<T>(parent: LevelNode<T>, node: LevelNode<T>): void {
  if (node.kind !== LITERAL) {
    const wild = parent.wild!;
    if (wild.any === node) wild.any = null;
    else if (wild.nonEmpty === node) wild.nonEmpty = null;
    else wild.noDollar = null;
    if (wild.any === null && wild.nonEmpty === null && wild.noDollar === null) parent.wild = null;
    return;
  }
  const children = parent.children!;
  if (Array.isArray(children)) {
    const rest = children.filter((child) => child !== node);
    parent.children = rest.length === 0 ? null : rest;
    return;
  }
  let head = children.get(node.hash)!;
  if (head === node) {
    if (node.sibling === null) children.delete(node.hash);
    else children.set(node.hash, node.sibling);
  } else {
    while (head.sibling !== node) head = head.sibling!;
    head.sibling = node.sibling;
  }
  node.sibling = null;
  if (children.size <= MAX_FEW_CHILDREN / 2) {
    const rest: LevelNode<T>[] = [];
    for (const head of children.values()) {
      for (let child: LevelNode<T> | null = head; child !== null; child = child.sibling) {
        rest.push(child);
      }
    }
    if (rest.length <= MAX_FEW_CHILDREN / 2) {
      for (const child of rest) child.sibling = null;
      parent.children = rest;
    }
  }
}
