// Bounded memory (issue 7): 1 000 000 distinct topics leave the memo at cacheSize and the
// heap where it was once the memo filled; 1 000 000 add + remove pairs leave no residue in
// the trie (node count back to its baseline) and no growing heap. Run in a child
// `node --expose-gc` process so that heap figures follow real collections.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./fixtures/bounded-memory-child.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Growth allowed between the warm-up and the end: far below what 900 000 kept topics or
 * patterns would take (at least 50 MB), above the collector's noise. */
const HEAP_SLACK = 2 * 1024 * 1024;

async function measure(mode: 'topics' | 'churn'): Promise<Record<string, number>> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--conditions=@sigx/source', child, mode],
    { cwd: repositoryRoot, timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

describe('bounded memory', () => {
  it(
    '1 000 000 distinct topics: the memo stays at cacheSize, the heap stops growing',
    { timeout: 150_000 },
    async () => {
      const result = await measure('topics');
      expect(result['misses']).toBe(1_000_000);
      expect(result['memoMax']).toBe(10_000);
      expect(result['largestMemo']).toBe(10_000);
      expect(result['memoSize']).toBe(10_000);
      expect(result['heapAtEnd']! - result['heapAfterWarmUp']!).toBeLessThan(HEAP_SLACK);
    },
  );

  it(
    '1 000 000 add + remove pairs: the trie is back to its baseline, the heap stops growing',
    { timeout: 150_000 },
    async () => {
      const result = await measure('churn');
      expect(result['largestTrie']).toBeGreaterThan(result['baseline']!); // the trie did grow
      expect(result['trieNodesAtEnd']).toBe(result['baseline']);
      expect(result['patternsAtEnd']).toBe(1);
      expect(result['registrationsAtEnd']).toBe(1);
      expect(result['heapAtEnd']! - result['heapAfterWarmUp']!).toBeLessThan(HEAP_SLACK);
    },
  );
});
