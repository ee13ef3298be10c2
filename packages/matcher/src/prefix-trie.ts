/**
 * A trie of literal prefixes, one node per UTF-16 code unit. Each entry is filed at the node
 * of one of its prefixes (the empty prefix is the root); walking a topic from its first code
 * unit meets exactly the entries whose prefix the topic starts with.
 */
export class PrefixTrie<E> {
  #root: TrieNode<E> = newNode();
  #nodeCount = 1;

  /** Number of nodes, the root included: back to 1 once every entry is deleted. */
  get nodeCount(): number {
    return this.#nodeCount;
  }

  /**
   * Files an entry under a prefix.
   * @param prefix - the literal prefix; `''` files it at the root (met by every topic).
   * @param entry - the entry.
   */
  add(prefix: string, entry: E): void {
    let node = this.#root;
    for (let index = 0; index < prefix.length; index += 1) {
      const code = prefix.charCodeAt(index);
      node.children ??= new Map();
      let child = node.children.get(code);
      if (child === undefined) {
        child = newNode();
        node.children.set(code, child);
        this.#nodeCount += 1;
      }
      node = child;
    }
    node.entries.push(entry);
  }

  /**
   * Removes an entry filed under a prefix, and the nodes left empty by its removal.
   * @param prefix - the prefix it was filed under.
   * @param entry - the entry.
   * @returns whether it was there.
   */
  delete(prefix: string, entry: E): boolean {
    const path: TrieNode<E>[] = [this.#root];
    let node = this.#root;
    for (let index = 0; index < prefix.length; index += 1) {
      const child = node.children?.get(prefix.charCodeAt(index));
      if (child === undefined) return false;
      path.push(child);
      node = child;
    }
    const position = node.entries.indexOf(entry);
    if (position === -1) return false;
    node.entries.splice(position, 1);
    for (let depth = prefix.length; depth > 0; depth -= 1) {
      const current = path[depth]!;
      if (current.entries.length > 0 || (current.children?.size ?? 0) > 0) break;
      path[depth - 1]!.children!.delete(prefix.charCodeAt(depth - 1));
      this.#nodeCount -= 1;
    }
    return true;
  }

  /**
   * Appends to `out` every entry whose prefix `topic` starts with, shortest prefix first.
   * @param topic - the topic to walk.
   * @param out - where the entries go (not cleared).
   */
  collect(topic: string, out: E[]): void {
    let node: TrieNode<E> | undefined = this.#root;
    let index = 0;
    for (;;) {
      const entries = node.entries;
      for (let i = 0; i < entries.length; i += 1) out.push(entries[i]!);
      if (index === topic.length || node.children === null) return;
      node = node.children.get(topic.charCodeAt(index));
      if (node === undefined) return;
      index += 1;
    }
  }

  /** Removes every entry and node. */
  clear(): void {
    this.#root = newNode();
    this.#nodeCount = 1;
  }
}

interface TrieNode<E> {
  readonly entries: E[];
  children: Map<number, TrieNode<E>> | null;
}

function newNode<E>(): TrieNode<E> {
  return { entries: [], children: null };
}
