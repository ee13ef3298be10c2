// docs/running-across-processes.md, "Faults": a subscriber that reads slower than messages come
// is cut off by nats-server (its max_pending); the client reconnects to the same server process,
// and the bridge reports it as a slow consumer (NatsConnectionError, reason 'slow-consumer'),
// counted in stats().slowConsumer. What the server dropped meanwhile is lost (at most once).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NatsConnectionError } from '../src/index.js';
import { useNatsBridges, useNatsServer, waitFor } from './support/bridges.js';

const server = useNatsServer({
  maxPayload: 65536,
  extraConfig: 'max_pending: 262144\nwrite_deadline: "1s"',
});
const bridged = useNatsBridges(server);
const flood = fileURLToPath(new URL('./fixtures/flood.ts', import.meta.url));
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('a slow consumer', () => {
  it('is cut off by the server, and the bridge says so', async () => {
    const errors: Error[] = [];
    const { exchange, bridge } = await bridged('slow', {
      natsOptions: { reconnectTimeWait: 50 },
      onError: (e) => errors.push(e),
    });
    exchange.subscribe({ topicPattern: 'flood/.*', handler: () => {} });
    await bridge.flush();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', flood, server().url, 'sigx.flood.x', '30000', '1024'],
      { cwd: repositoryRoot, stdio: 'inherit' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Block this process while the flood arrives: it reads nothing, as a stuck event loop.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const until = Date.now() + 2_500;
    while (Date.now() < until) {
      // busy
    }
    await exited;
    await waitFor(() => bridge.stats().slowConsumer >= 1, 'the slow-consumer report');
    expect(server().output).toMatch(/Slow Consumer Detected/);
    const report = errors.find(
      (e) => e instanceof NatsConnectionError && e.reason === 'slow-consumer',
    );
    expect(report?.message).toMatch(/most likely cut this client off as a slow consumer/);
    // The flood is not sigx records: each one that arrived is counted as malformed. Fewer than
    // were sent arrived: the server dropped what it could not send.
    expect(bridge.stats().malformed).toBeLessThan(30_000);
    await waitFor(() => bridge.stats().connected, 'the reconnection');
  }, 30_000);
});
