// docs/delivery-semantics.md, "Subscriptions that end by themselves", subscribe `weak: true`: the
// handler is held through a WeakRef; once it is garbage-collected the subscription goes away (size
// drops, nothing is delivered to it). A weak handler that is still referenced keeps receiving.
// Needs `gc()`: in-process when vitest runs with --expose-gc, otherwise in a child
// `node --expose-gc` process that loads the TypeScript source through tsx.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { SignalExchange } from '../src/index.js';
import { runWeakScenario, type WeakScenarioResult } from './fixtures/weak-handler-scenario.js';
import { message } from './support/helpers.js';

const run = promisify(execFile);
const childScript = fileURLToPath(new URL('./fixtures/weak-handler-child.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function scenario(): Promise<WeakScenarioResult & { where: string }> {
  const gc = globalThis.gc;
  if (typeof gc === 'function')
    return { ...(await runWeakScenario(() => void gc())), where: 'in-process' };
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--conditions=@sigx/source', childScript],
    // From the repository root, where tsx (a root devDependency) resolves.
    { cwd: repositoryRoot, timeout: 60_000 },
  );
  const line = stdout.trim().split('\n').at(-1)!;
  return { ...(JSON.parse(line) as WeakScenarioResult), where: 'child process' };
}

describe('weak handlers', () => {
  it('deliver while the handler is alive, like a strong subscription', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    const id = exchange.subscribe({ topicPattern: 'a', handler, weak: true });
    await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(handler.mock.calls[0]![0]).toBe(id);
    expect(exchange.size).toBe(1);
    expect(exchange.unsubscribe(id)).toBe(true);
    expect(exchange.size).toBe(0);
  });

  it('weak: false is the default strong hold', () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'a', handler: vi.fn(), weak: false });
    expect(exchange.size).toBe(1);
  });

  it('disappear once the handler is collected; live ones stay', { timeout: 90_000 }, async () => {
    const result = await scenario();
    const { where, rounds, ...observed } = result;
    expect(rounds, where).toBeGreaterThan(0);
    // The scenario is valid only if the handler really was collected.
    expect(observed.handlerCollected, `${where}: the dropped handler was not collected`).toBe(true);
    expect(observed).toEqual({
      sizeBefore: 3,
      deliveredBefore: 2,
      handlerCollected: true,
      // The collected handler's subscription is gone...
      sizeAfter: 2,
      droppedStillSubscribed: false,
      hasSubscribersForDropped: false,
      // ...while the kept weak handler still receives.
      deliveredAfter: 1,
      keptReceived: ['before', 'after', 'strong', 'direct'],
      // docs/delivery-semantics.md, "Queue groups": a collected member is passed over, at once.
      group: {
        collected: true,
        received: ['strong 1', 'strong 2'],
        delivered: [1, 1],
        sizeAfter: 1,
      },
    });
  });
});
