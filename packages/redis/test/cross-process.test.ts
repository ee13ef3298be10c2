// Several Node processes, each with its own exchange and bridge, on one real redis-server:
// every message reaches every process exactly once (its own publisher's process locally, the
// others through Redis), in publish order per publisher, and nothing is echoed back.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RedisBridgeStats } from '../src/index.js';
import { useRedisServer } from './support/helpers.js';

const server = useRedisServer();
const childScript = fileURLToPath(new URL('./fixtures/chat-node.ts', import.meta.url));
// From the repository root, where tsx (a root devDependency) resolves.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

const NODES = ['node-1', 'node-2', 'node-3'];
const COUNT = 150;

interface NodeReport {
  readonly nodeId: string;
  readonly received: [string, string, number, boolean][];
  readonly stats: RedisBridgeStats;
}

/** A child process and the lines it prints, one promise per line. */
function startNode(nodeId: string): { child: ChildProcess; nextLine: () => Promise<string> } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@sigx/source',
      childScript,
      server().url,
      nodeId,
      String(COUNT),
      String(NODES.length - 1),
    ],
    { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done === true)
      throw new Error(`${nodeId} exited (${child.exitCode}) before printing a line`);
    return value;
  };
  return { child, nextLine };
}

describe('bridged exchanges in separate processes', () => {
  it(
    'deliver every message once to every process, in order per publisher, without echo',
    { timeout: 60_000 },
    async () => {
      const nodes = NODES.map(startNode);
      try {
        for (const node of nodes) expect(await node.nextLine()).toBe('ready');
        for (const node of nodes) node.child.stdin!.write('go\n');
        const reports = await Promise.all(
          nodes.map(async (node) => JSON.parse(await node.nextLine()) as NodeReport),
        );

        for (const report of reports) {
          const byOrigin = new Map<string, [string, number][]>();
          for (const [origin, topic, i, typed] of report.received) {
            expect(typed, `${report.nodeId}: Date and BigInt survive the trip`).toBe(true);
            byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), [topic, i]]);
          }
          // Its own messages locally (not through Redis), every peer's through Redis.
          expect([...byOrigin.keys()].sort()).toEqual(
            ['local', ...NODES.filter((id) => id !== report.nodeId)].sort(),
          );
          for (const [origin, messages] of byOrigin) {
            const publisher = origin === 'local' ? report.nodeId : origin;
            // Exactly once each, in publish order.
            expect(messages, `${report.nodeId} from ${origin}`).toEqual([
              ...Array.from({ length: COUNT }, (_, i) => [`chat/${publisher}`, i]),
              [`chat/${publisher}/done`, COUNT],
            ]);
          }
          // Its own messages came back from Redis (it subscribes to them) and were dropped.
          expect(report.stats).toMatchObject({
            sent: COUNT + 1,
            received: (NODES.length - 1) * (COUNT + 1),
            echoes: COUNT + 1,
            duplicates: 0,
            malformed: 0,
            dropped: 0,
          });
        }
      } finally {
        for (const node of nodes) if (node.child.exitCode === null) node.child.kill();
      }
    },
  );
});
