/**
 * A compressed (radix) trie of literal prefixes. Each edge is labelled with a non-empty slice
 * of UTF-16 code units, and each entry is filed at the node that one of its prefixes spells
 * (the empty prefix is the root); walking a topic from its first code unit meets exactly the
 * entries whose prefix the topic starts with, shortest prefix first.
 *
 * Every node but the root holds entries or has at least two children: inserting splits an
 * edge where a new prefix leaves it, and deleting merges a node left with one child and no
 * entries into that child. So the trie has at most two nodes per distinct prefix, however
 * long the prefixes are.
 */
export class PrefixTrie<E> {
  #root: TrieNode<E> = newNode('');
  /** Nodes of the radix trie, the root included. */
  #radixNodes = 1;
  /** The root plus one per code unit on the edges: the node count of the uncompressed trie. */
  #positions = 1;

  /**
   * Number of distinct prefixes the trie spells, the empty one (the root) included: the node
   * count of the equivalent one-node-per-code-unit trie. Kept with that meaning so that
   * `stats().trieNodes` is independent of the compression; back to 1 once every entry is
   * deleted.
   */
  get nodeCount(): number {
    return this.#positions;
  }

  /** Nodes actually allocated, the root included: back to 1 once every entry is deleted. */
  get radixNodeCount(): number {
    return this.#radixNodes;
  }

  /**
   * Files an entry under a prefix.
   * @param prefix - the literal prefix; `''` files it at the root (met by every topic).
   * @param entry - the entry.
   */
  add(prefix: string, entry: E): void {
    let node = this.#root;
    let index = 0;
    while (index < prefix.length) {
      const code = prefix.charCodeAt(index);
      const next = childOf(node, code);
      if (next === undefined) {
        const leaf = newNode<E>(prefix.slice(index));
        attach(node, code, leaf);
        this.#radixNodes += 1;
        this.#positions += leaf.label.length;
        node = leaf;
        break;
      }
      const label = next.label;
      const max = Math.min(label.length, prefix.length - index);
      let common = 1; // the first code unit is the one `next` was found by
      while (common < max && label.charCodeAt(common) === prefix.charCodeAt(index + common)) {
        common += 1;
      }
      if (common < label.length) {
        // The prefix leaves (or ends inside) this edge: split it, so that a node spells the
        // common part. The positions are unchanged: the same code units, on two edges.
        const middle = newNode<E>(label.slice(0, common));
        replaceChild(node, code, middle);
        next.label = label.slice(common);
        attach(middle, next.label.charCodeAt(0), next);
        this.#radixNodes += 1;
        node = middle;
      } else {
        node = next;
      }
      index += common;
    }
    if (node.entries === null) node.entries = [entry];
    else node.entries = appended(node.entries, entry);
  }

  /**
   * Removes an entry filed under a prefix, and the nodes left useless by its removal (a node
   * with no entries and one child is merged into that child).
   * @param prefix - the prefix it was filed under.
   * @param entry - the entry.
   * @returns whether it was there.
   */
  delete(prefix: string, entry: E): boolean {
    let grandparent: TrieNode<E> | null = null;
    let parent: TrieNode<E> | null = null;
    let node = this.#root;
    let index = 0;
    while (index < prefix.length) {
      const next = childOf(node, prefix.charCodeAt(index));
      if (next === undefined || !prefix.startsWith(next.label, index)) return false;
      grandparent = parent;
      parent = node;
      node = next;
      index += next.label.length;
    }
    const entries = node.entries;
    const position = entries === null ? -1 : entries.indexOf(entry);
    if (position === -1) return false;
    entries!.splice(position, 1);
    if (entries!.length > 0 || parent === null) return true;
    node.entries = null;

    const children = childCount(node);
    if (children >= 2) return true;
    if (children === 1) {
      this.#mergeIntoChild(parent, node);
      return true;
    }
    // A leaf: detach it; its parent may be left with one child and no entries.
    detach(parent, node.label.charCodeAt(0));
    this.#radixNodes -= 1;
    this.#positions -= node.label.length;
    if (grandparent !== null && parent.entries === null && childCount(parent) === 1) {
      this.#mergeIntoChild(grandparent, parent);
    }
    return true;
  }

  /**
   * Writes into `out`, from `count` on, every entry whose prefix `topic` starts with,
   * shortest prefix first. Allocates nothing once `out` has grown to the largest count (it is
   * written by index and never shrunk; entries past the returned count are stale).
   * @param topic - the topic to walk.
   * @param out - where the entries go.
   * @param count - how many entries `out` holds already.
   * @returns how many it holds now.
   */
  collect<O>(topic: string, out: (E | O)[], count = 0): number {
    let node: TrieNode<E> = this.#root;
    let index = 0;
    const length = topic.length;
    for (;;) {
      const entries = node.entries;
      if (entries !== null) for (let i = 0; i < entries.length; i += 1) out[count++] = entries[i]!;
      if (index === length) return count;
      const code = topic.charCodeAt(index);
      const next = childOf(node, code);
      if (next === undefined) return count;
      const label = next.label;
      const end = index + label.length;
      if (end > length) return count;
      // The first code unit matched through the lookup; compare the rest of the edge.
      for (let i = 1; i < label.length; i += 1) {
        if (label.charCodeAt(i) !== topic.charCodeAt(index + i)) return count;
      }
      index = end;
      node = next;
    }
  }

  /**
   * Appends to `out` every entry filed under `prefix` or under a longer prefix that starts
   * with it (the entries of the subtree that `prefix` leads to), in no particular order.
   * @param prefix - the prefix.
   * @param out - where the entries go (not cleared).
   */
  collectUnder(prefix: string, out: E[]): void {
    let node = this.#root;
    let index = 0;
    while (index < prefix.length) {
      const next = childOf(node, prefix.charCodeAt(index));
      if (next === undefined) return;
      const label = next.label;
      const overlap = Math.min(label.length, prefix.length - index);
      for (let i = 1; i < overlap; i += 1) {
        if (label.charCodeAt(i) !== prefix.charCodeAt(index + i)) return;
      }
      // When the prefix ends inside this edge, everything below it starts with the prefix.
      node = next;
      index += overlap;
    }
    collectSubtree(node, out);
  }

  /** Removes every entry and node. */
  clear(): void {
    this.#root = newNode('');
    this.#radixNodes = 1;
    this.#positions = 1;
  }

  /** Replaces `node` (a child of `parent` with no entries and one child) by that child,
   * whose label grows by `node`'s. */
  #mergeIntoChild(parent: TrieNode<E>, node: TrieNode<E>): void {
    const child = node.child!;
    child.label = node.label + child.label;
    replaceChild(parent, node.first, child);
    this.#radixNodes -= 1;
  }
}

/**
 * A node, reached by an edge labelled `label`. Children are keyed by the first code unit of
 * their label, kept as compactly as their number allows: one child inline (`child`), up to
 * {@link MAX_FEW_CHILDREN} in an array searched in order (`few`), more in a `Map` (`many`).
 * At most one of the three is set.
 */
interface TrieNode<E> {
  label: string;
  /**
   * `label.charCodeAt(0)`, kept so that a lookup reads no string; -1 for the root. (Always an
   * integer: one `NaN` would make V8 box this field as a heap number in every node.)
   */
  first: number;
  entries: E[] | null;
  child: TrieNode<E> | null;
  few: TrieNode<E>[] | null;
  /** The first code units of `few`, in the same order: searched without reading the children. */
  fewCodes: number[] | null;
  many: Map<number, TrieNode<E>> | null;
}

/** Most children kept in an array; a `Map` costs several times an array's memory, and a
 * short array is searched as fast as a `Map` is hashed. */
const MAX_FEW_CHILDREN = 12;

function newNode<E>(label: string): TrieNode<E> {
  return {
    label,
    first: label.length === 0 ? -1 : label.charCodeAt(0),
    entries: null,
    child: null,
    few: null,
    fewCodes: null,
    many: null,
  };
}

/** Below this length an array grows by exact copies: `push` would leave room for about 16 more
 * elements, most of the memory of a short array kept per node. */
const EXACT_GROWTH_LIMIT = 16;

/** `array` with `item` at the end: a new array of exactly the right length while short, the
 * same array pushed to once long. */
function appended<T>(array: T[], item: T): T[] {
  if (array.length >= EXACT_GROWTH_LIMIT) {
    array.push(item);
    return array;
  }
  return array.concat([item]); // `concat` allocates exactly; `slice` then a store would not
}

function childOf<E>(node: TrieNode<E>, code: number): TrieNode<E> | undefined {
  const child = node.child;
  if (child !== null) return child.first === code ? child : undefined;
  const codes = node.fewCodes;
  if (codes !== null) {
    // A plain loop, which the compiler inlines; `indexOf` is a call into the runtime.
    for (let i = 0; i < codes.length; i += 1) if (codes[i] === code) return node.few![i];
    return undefined;
  }
  return node.many?.get(code);
}

function childCount<E>(node: TrieNode<E>): number {
  if (node.child !== null) return 1;
  return node.few?.length ?? node.many?.size ?? 0;
}

/** The children of a node, in no particular order. */
function childrenOf<E>(node: TrieNode<E>): Iterable<TrieNode<E>> {
  if (node.child !== null) return [node.child];
  return node.few ?? node.many?.values() ?? [];
}

/** Adds a child whose first code unit no other child of `node` has. */
function attach<E>(node: TrieNode<E>, code: number, child: TrieNode<E>): void {
  child.first = code;
  if (node.child === null && node.few === null && node.many === null) {
    node.child = child;
  } else if (node.child !== null) {
    node.few = [node.child, child];
    node.fewCodes = [node.child.first, code];
    node.child = null;
  } else if (node.few !== null && node.few.length < MAX_FEW_CHILDREN) {
    node.few = appended(node.few, child);
    node.fewCodes = appended(node.fewCodes!, code);
  } else if (node.few !== null) {
    node.many = new Map(node.few.map((other) => [other.first, other]));
    node.many.set(code, child);
    node.few = null;
    node.fewCodes = null;
  } else {
    node.many!.set(code, child);
  }
}

/** Puts `child` where the child starting with `code` was. */
function replaceChild<E>(node: TrieNode<E>, code: number, child: TrieNode<E>): void {
  child.first = code;
  if (node.child !== null) node.child = child;
  else if (node.few !== null) node.few[node.fewCodes!.indexOf(code)] = child;
  else node.many!.set(code, child);
}

/** Removes the child starting with `code`; the children go back to the compacter form when
 * their number allows (a `Map` is kept until one child is left). */
function detach<E>(node: TrieNode<E>, code: number): void {
  if (node.child !== null) {
    node.child = null;
    return;
  }
  const few = node.few;
  if (few !== null) {
    const codes = node.fewCodes!;
    const at = codes.indexOf(code);
    few.splice(at, 1);
    codes.splice(at, 1);
    if (few.length === 1) {
      node.child = few[0]!;
      node.few = null;
      node.fewCodes = null;
    }
    return;
  }
  const many = node.many!;
  many.delete(code);
  if (many.size === 1) {
    node.child = many.values().next().value!;
    node.many = null;
  }
}

/** Iterative: a trie of remembered topics is as deep as clients make their topics. */
function collectSubtree<E>(root: TrieNode<E>, out: E[]): void {
  const pending = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const entries = node.entries;
    if (entries !== null) for (let i = 0; i < entries.length; i += 1) out.push(entries[i]!);
    for (const child of childrenOf(node)) pending.push(child);
  }
}
