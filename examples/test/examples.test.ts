// Runs every example as a user would (a separate Node process, through tsx), against the
// packages' sources, and checks what it prints, so the examples cannot rot.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const examplesDir = fileURLToPath(new URL('..', import.meta.url));

async function runExample(file: string): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', '--conditions=@sigx/source', file],
    { cwd: examplesDir, timeout: 30_000 },
  );
  return stdout.trimEnd().split('\n');
}

describe('seed-example.ts (the Python README example, translated)', () => {
  it('prints two callback lines for parent/child and one for parent/chipmunk', async () => {
    const lines = await runExample('seed-example.ts');
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => {
      const match =
        /^(\d+(?:\.\d+)?) callback ([0-9a-f]{32}) null (Message\(publisherName=null, topic="([^"]*)", value="my message", previousValue=(null|"banana"), created=(\S+), messageId="([0-9a-f]{32})"\))$/.exec(
          line,
        );
      expect(match, line).not.toBeNull();
      const [, time, subscriptionId, , topic, previousValue, created, messageId] = match!;
      return { time: Number(time), subscriptionId, topic, previousValue, created, messageId };
    });
    const [first, second, third] = parsed as [
      (typeof parsed)[0],
      (typeof parsed)[0],
      (typeof parsed)[0],
    ];
    expect([first.topic, second.topic, third.topic]).toEqual([
      'parent/child',
      'parent/child',
      'parent/chipmunk',
    ]);
    // One message, two subscriptions: same message id, different subscription ids.
    expect(second.messageId).toBe(first.messageId);
    expect(second.subscriptionId).not.toBe(first.subscriptionId);
    // The second message reaches only the first subscription (`parent/.*`).
    expect(third.subscriptionId).toBe(first.subscriptionId);
    expect(third.previousValue).toBe('"banana"');
    expect(third.messageId! > first.messageId!).toBe(true);
    // The async handler sleeps 100 ms and is awaited before the second publish.
    expect(second.time - first.time).toBeGreaterThanOrEqual(0.09);
    expect(third.time).toBeGreaterThanOrEqual(second.time);
    expect(Number.isNaN(Date.parse(first.created!))).toBe(false);
  });
});

describe('routing.ts (the matcher on its own)', () => {
  it('routes topics to the expected values', async () => {
    const lines = await runExample('routing.ts');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  parent/child             -> ["any child of parent","parent/child and below"]',
        '  parent/chipmunk          -> ["any child of parent"]',
        '  sensors/light/cellar     -> []',
        '  ALERTS/fire              -> ["alerts, in any case"]',
        '  device-42/status/old     -> []',
        "test('other') -> false",
        'after remove: parent/child -> ["parent/child and below"]',
        '  prefixes: ["color/","colour/"]',
        'PatternSyntaxError: pattern "parent/(" refused',
      ]),
    );
  });
});

describe('two-processes.ts (two processes bridged through a real redis-server)', () => {
  it('delivers the order to the worker process and the receipt back, with their types', async () => {
    const lines = await runExample('two-processes.ts');
    // The two processes print to one stdout: each process's lines are in order, the
    // interleaving of the two is not fixed.
    expect([...lines].sort()).toEqual(
      [
        'main: the worker is ready',
        'worker: orders/42 2× tea from node "main"',
        'main: orders/42 from this process',
        'main: receipts/42 from node "worker", at is a Date: true',
        'main: done',
      ].sort(),
    );
    expect(lines.at(-1)).toBe('main: done');
    expect(lines.filter((line) => line.startsWith('main:'))).toEqual([
      'main: the worker is ready',
      'main: orders/42 from this process',
      'main: receipts/42 from node "worker", at is a Date: true',
      'main: done',
    ]);
  });
});

describe('trace-across-processes.ts (a trace through a real redis-server, two processes)', () => {
  it("continues main's trace in the worker: one trace id, the worker's deliver a child of checkout", async () => {
    const lines = await runExample('trace-across-processes.ts');
    expect(lines.at(-1)).toBe('main: the worker said ready, handled orders/42');
    const spans = lines
      .map((line) =>
        /^(main|worker): span (.+) trace=([0-9a-f]{32}) id=([0-9a-f]{16}) parent=(\S+) duration=(\d+\.\d{2})ms$/.exec(
          line,
        ),
      )
      .filter((match) => match !== null)
      .map(([, role, name, trace, id, parent, duration]) => ({
        role,
        name,
        trace,
        id,
        parent,
        duration: Number(duration),
      }));
    expect(spans.map(({ role, name }) => `${role} ${name}`).sort()).toEqual(
      [
        'main checkout',
        'main publish orders/42',
        'worker deliver orders/42',
        'worker handler orders/42',
      ].sort(),
    );
    const byName = Object.fromEntries(spans.map((span) => [`${span.role} ${span.name}`, span]));
    const checkout = byName['main checkout']!;
    expect(new Set(spans.map((span) => span.trace))).toEqual(new Set([checkout.trace]));
    expect(checkout.parent).toBe('-');
    expect(byName['main publish orders/42']!.parent).toBe(checkout.id);
    expect(byName['worker deliver orders/42']!.parent).toBe(checkout.id);
    expect(byName['worker handler orders/42']!.parent).toBe(byName['worker deliver orders/42']!.id);
    // The worker's handler sleeps 5 ms inside its span, and the deliver span lasts until it settles.
    expect(byName['worker handler orders/42']!.duration).toBeGreaterThanOrEqual(4);
    expect(byName['worker deliver orders/42']!.duration).toBeGreaterThanOrEqual(
      byName['worker handler orders/42']!.duration,
    );
  });
});

describe('nats-cluster.ts (a queue group across a real 3-server NATS cluster, three processes)', () => {
  it('hands each job to one of the two workers, on different servers, and each receipt back', async () => {
    const lines = await runExample('nats-cluster.ts');
    expect(lines.at(-1)).toBe('main: done');
    // Three processes print to one stdout: each process's lines are in order, the
    // interleaving is not fixed, and which worker takes a job is NATS's choice.
    expect(
      lines.filter((line) => line.startsWith('main:') && line.includes('ready')).sort(),
    ).toEqual(['main: worker-1 is ready, on server 2', 'main: worker-2 is ready, on server 3']);
    const takers = new Map<string, string[]>();
    for (const line of lines) {
      const took = /^(worker-[12]): took (jobs\/\d+) \(photo-\d+\.jpg\)$/.exec(line);
      if (took !== null) takers.set(took[2]!, [...(takers.get(took[2]!) ?? []), took[1]!]);
    }
    const jobs = Array.from({ length: 8 }, (_, i) => `jobs/${i + 1}`);
    // Each job taken by exactly one worker in the whole cluster, and its receipt from that one.
    expect([...takers.keys()].sort()).toEqual([...jobs].sort());
    const receipts = lines.filter((line) => line.startsWith('main: receipt'));
    expect(receipts).toHaveLength(8);
    for (const job of jobs) {
      expect(takers.get(job), job).toHaveLength(1);
      expect(receipts).toContain(
        `main: receipt for ${job} from ${takers.get(job)![0]}, at is a Date: true`,
      );
    }
    const count = (worker: string): number =>
      [...takers.values()].filter(([w]) => w === worker).length;
    expect(lines.at(-2)).toBe(
      `main: 8 jobs, 8 receipts (worker-1 ${count('worker-1')}, worker-2 ${count('worker-2')})`,
    );
    expect(lines).toHaveLength(2 + 8 + 8 + 2);
  });
});
