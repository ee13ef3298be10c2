// Several Node processes, each with its own exchange and bridge, on one real nats-server:
// every message reaches every process exactly once (its own publisher's process locally, the
// others through NATS), in publish order per publisher, with every Message field and rich
// values intact, from a RemotePublisher naming the sender, and nothing is echoed back.
import { describe, expect, it } from 'vitest';
import type { NatsBridgeStats } from '../src/index.js';
import type { Arrival, Fields } from './fixtures/chat-node.js';
import { useNatsServer } from './support/bridges.js';
import { startFixture } from './support/processes.js';

const server = useNatsServer();

const NODES = ['node-1', 'node-2', 'node-3'];
const COUNT = 150;

interface NodeReport {
  readonly nodeId: string;
  readonly sent: Fields[];
  readonly received: Arrival[];
  readonly stats: NatsBridgeStats;
  readonly errors: string[];
}

describe('bridged exchanges in separate processes', () => {
  it(
    'deliver every message once to every process, in order per publisher, intact, without echo',
    { timeout: 60_000 },
    async () => {
      const nodes = NODES.map((nodeId) =>
        startFixture('chat-node.ts', [
          server().url,
          nodeId,
          String(COUNT),
          String(NODES.length - 1),
        ]),
      );
      try {
        for (const node of nodes) expect(await node.nextLine()).toBe('ready');
        for (const node of nodes) node.send('go');
        const reports = await Promise.all(
          nodes.map(async (node) => JSON.parse(await node.nextLine(30_000)) as NodeReport),
        );
        const sentBy = new Map(reports.map((report) => [report.nodeId, report.sent]));

        for (const report of reports) {
          expect(report.errors, `${report.nodeId}: nothing reported`).toEqual([]);
          expect(report.sent).toHaveLength(COUNT + 1);
          const byOrigin = new Map<string, Arrival[]>();
          for (const arrival of report.received) {
            byOrigin.set(arrival.origin, [...(byOrigin.get(arrival.origin) ?? []), arrival]);
          }
          // Its own messages locally (not through NATS), every peer's through NATS, from a
          // RemotePublisher whose nodeId is the sender's.
          expect([...byOrigin.keys()].sort()).toEqual(
            ['local', ...NODES.filter((id) => id !== report.nodeId)].sort(),
          );
          for (const [origin, arrivals] of byOrigin) {
            const sender = origin === 'local' ? report.nodeId : origin;
            const where = `${report.nodeId} from ${origin}`;
            // Exactly once each, in publish order, every field as sent.
            expect(
              arrivals.map(({ topic, publisherName, created, messageId }) => ({
                topic,
                publisherName,
                created,
                messageId,
              })),
              where,
            ).toEqual(sentBy.get(sender));
            expect(
              arrivals.map((a) => a.i),
              where,
            ).toEqual(Array.from({ length: COUNT + 1 }, (_, i) => i));
            for (const arrival of arrivals) {
              // Map, Set, Date, BigInt, undefined, -0, NaN, nested: strictly deep-equal to the
              // value the sender built (the receiver rebuilds it from the sender and i).
              expect(
                { ...arrival, shown: undefined },
                `${where}, message ${arrival.i}: ${arrival.shown ?? ''}`,
              ).toMatchObject({
                oddPublisher: false,
                createdIsDate: true,
                valueIntact: true,
                previousIntact: true,
              });
            }
          }
          // Its own messages came back from NATS (it subscribes to them) and were dropped.
          expect(report.stats).toMatchObject({
            nodeId: report.nodeId,
            sent: COUNT + 1,
            received: (NODES.length - 1) * (COUNT + 1),
            echoes: COUNT + 1,
            duplicates: 0,
            malformed: 0,
            dropped: 0,
            peers: NODES.length - 1,
            subjects: ['sigx.chat.>'],
            queueSubjects: [],
          });
        }
      } finally {
        for (const node of nodes) node.kill();
      }
    },
  );
});
