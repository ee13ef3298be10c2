// The radix trie on its own: edges split on insert and merge on delete, `collect` meets exactly
// the entries whose prefix starts the topic (shortest first), `collectUnder` exactly those
// whose prefix starts with the given one, and the trie shrinks back to its root.
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { PrefixTrie } from '../src/prefix-trie.js';

/** Distinct prefixes spelled by a set of prefixes: the uncompressed trie's node count. */
function positions(prefixes: Iterable<string>): number {
  const spelled = new Set<string>(['']);
  for (const prefix of prefixes) {
    for (let end = 1; end <= prefix.length; end += 1) spelled.add(prefix.slice(0, end));
  }
  return spelled.size;
}

type Filed = readonly [prefix: string, entry: number];

function expectedCollect(filed: readonly Filed[], topic: string): number[] {
  return filed
    .filter(([prefix]) => topic.startsWith(prefix))
    .sort((a, b) => a[0].length - b[0].length)
    .map(([, entry]) => entry);
}

describe('PrefixTrie', () => {
  it('splits an edge where a new prefix leaves it, and merges it back on delete', () => {
    const trie = new PrefixTrie<string>();
    trie.add('parent/child', 'pc');
    expect(trie.radixNodeCount).toBe(2);
    expect(trie.nodeCount).toBe(13);
    trie.add('parent/chipmunk', 'pm'); // splits at 'parent/chi'
    expect(trie.radixNodeCount).toBe(4);
    trie.add('parent/', 'p'); // splits at 'parent/'
    expect(trie.radixNodeCount).toBe(5);
    trie.add('parent', 'p0'); // ends inside the edge 'parent/'
    expect(trie.radixNodeCount).toBe(6);
    expect(trie.nodeCount).toBe(positions(['parent/child', 'parent/chipmunk']));

    const out: string[] = [];
    expect(trie.collect('parent/child/toy', out)).toBe(3);
    expect(out).toEqual(['p0', 'p', 'pc']);
    out.length = 0;
    trie.collect('parent/chi', out);
    expect(out).toEqual(['p0', 'p']);
    out.length = 0;
    trie.collectUnder('parent/ch', out);
    expect(out.sort()).toEqual(['pc', 'pm']);

    expect(trie.delete('parent/', 'p')).toBe(true);
    expect(trie.radixNodeCount).toBe(5); // 'parent' -> '/chi' merged
    expect(trie.delete('parent/chi', 'nothing')).toBe(false);
    expect(trie.delete('parent/child', 'pc')).toBe(true);
    expect(trie.radixNodeCount).toBe(3); // 'parent' -> '/chipmunk'
    expect(trie.delete('parent', 'p0')).toBe(true);
    expect(trie.radixNodeCount).toBe(2);
    expect(trie.nodeCount).toBe(16);
    expect(trie.delete('parent/chipmunk', 'pm')).toBe(true);
    expect(trie.radixNodeCount).toBe(1);
    expect(trie.nodeCount).toBe(1);
  });

  it('files entries at the root under the empty prefix', () => {
    const trie = new PrefixTrie<number>();
    trie.add('', 1);
    trie.add('a', 2);
    const out: number[] = [];
    trie.collect('', out);
    expect(out).toEqual([1]);
    out.length = 0;
    trie.collect('ab', out);
    expect(out).toEqual([1, 2]);
    expect(trie.delete('', 1)).toBe(true);
    expect(trie.delete('', 1)).toBe(false);
    expect(trie.delete('a', 2)).toBe(true);
    expect(trie.radixNodeCount).toBe(1);
    expect(trie.nodeCount).toBe(1);
  });

  it('clear leaves the root alone', () => {
    const trie = new PrefixTrie<number>();
    trie.add('abc', 1);
    trie.add('abd', 2);
    trie.clear();
    expect(trie.radixNodeCount).toBe(1);
    expect(trie.nodeCount).toBe(1);
    const out: number[] = [];
    trie.collect('abc', out);
    expect(out).toEqual([]);
  });

  it('keeps a node with many children, and goes back to one child as they leave', () => {
    const trie = new PrefixTrie<number>();
    const letters = 'abcdefghijklmnopqrstuvwxyz'; // more children than an array holds
    for (let i = 0; i < letters.length; i += 1) trie.add(`x${letters[i]!}`, i);
    trie.add('x', -1);
    for (let i = 0; i < letters.length; i += 1) {
      const out: number[] = [];
      trie.collect(`x${letters[i]!}/`, out);
      expect(out).toEqual([-1, i]);
    }
    for (let i = letters.length - 1; i >= 1; i -= 1) {
      expect(trie.delete(`x${letters[i]!}`, i)).toBe(true);
      const out: number[] = [];
      trie.collect('xa', out);
      expect(out).toEqual([-1, 0]);
    }
    expect(trie.delete('x', -1)).toBe(true);
    expect(trie.radixNodeCount).toBe(2); // the root and 'xa'
    expect(trie.delete('xa', 0)).toBe(true);
    expect(trie.radixNodeCount).toBe(1);
  });

  // Small alphabets, so that prefixes share edges, split them and end inside them; a lone
  // surrogate and an astral character, as the trie works on UTF-16 code units. The wide
  // alphabet gives nodes more children than the trie keeps in an array.
  const narrowUnit = fc.constantFrom('a', 'b', '/', '\uD83D', '\uDE00');
  const wideUnit = fc.constantFrom(...'abcdefghijklmnopqrst/');
  const unit = fc.oneof(narrowUnit, wideUnit);
  const prefix = fc.array(unit, { maxLength: 6 }).map((units) => units.join(''));
  const op = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), prefix, entry: fc.nat(5) }),
    fc.record({ kind: fc.constant('delete' as const), prefix, entry: fc.nat(5) }),
    fc.record({ kind: fc.constant('deleteFiled' as const), index: fc.nat() }),
  );

  test.prop([fc.array(op, { maxLength: 60 }), fc.array(prefix, { maxLength: 8 })])(
    'agrees with a list of (prefix, entry) pairs, and empties back to the root',
    (ops, topics) => {
      const trie = new PrefixTrie<number>();
      const filed: Filed[] = [];
      for (const step of ops) {
        if (step.kind === 'add') {
          trie.add(step.prefix, step.entry);
          filed.push([step.prefix, step.entry]);
        } else {
          const [p, e] =
            step.kind === 'delete'
              ? [step.prefix, step.entry]
              : (filed[step.index % Math.max(1, filed.length)] ?? ['', 0]);
          const at = filed.findIndex(([fp, fe]) => fp === p && fe === e);
          expect(trie.delete(p, e)).toBe(at !== -1);
          if (at !== -1) filed.splice(at, 1);
        }
        expect(trie.nodeCount).toBe(positions(filed.map(([p]) => p)));
        // A radix trie has at most two nodes per distinct prefix (plus the root).
        expect(trie.radixNodeCount).toBeLessThanOrEqual(
          1 + 2 * new Set(filed.map(([p]) => p)).size,
        );
      }
      for (const topic of [...topics, ...filed.map(([p]) => p)]) {
        const out: number[] = [];
        trie.collect(topic, out);
        // The same entries (the order is checked below, with entries that name their prefix).
        expect([...out].sort()).toEqual(expectedCollect(filed, topic).sort());
        const under: number[] = [];
        trie.collectUnder(topic, under);
        expect(under.sort()).toEqual(
          filed
            .filter(([p]) => p.startsWith(topic))
            .map(([, e]) => e)
            .sort(),
        );
      }
      // Ordering: entries filed under distinct prefixes come shortest first.
      for (const topic of topics) {
        const tagged = new PrefixTrie<string>();
        for (const [p] of filed) tagged.add(p, p);
        const out: string[] = [];
        tagged.collect(topic, out);
        for (let i = 1; i < out.length; i += 1) {
          expect(out[i]!.length).toBeGreaterThanOrEqual(out[i - 1]!.length);
        }
      }
      for (const [p, e] of [...filed]) expect(trie.delete(p, e)).toBe(true);
      expect(trie.nodeCount).toBe(1);
      expect(trie.radixNodeCount).toBe(1);
    },
  );
});
