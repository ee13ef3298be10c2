// Shared helpers of the @sigx/nats tests: a real nats-server per test file, bridged exchanges
// closed after each test, and waiting for conditions (never for fixed times).
import { SignalExchange } from '@sigx/core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { connectNats, type NatsBridge, type NatsBridgeOptions } from '../../src/index.js';
import { startNatsServer, type NatsServer, type NatsServerOptions } from '../../src/testing.js';

/**
 * Starts a nats-server for the test file (before all its tests) and stops it afterwards.
 * @returns a getter of the running server.
 */
export function useNatsServer(options: NatsServerOptions = {}): () => NatsServer {
  let server: NatsServer | undefined;
  beforeAll(async () => {
    server = await startNatsServer(options);
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('nats-server did not start (see beforeAll)');
    return server;
  };
}

/**
 * Bridged exchanges, closed after each test.
 * @param servers - where they connect (the file's server by default, through `server`).
 * @returns `bridged(nodeId, options)`: a new exchange and its bridge, whose `onError` throws
 * unless `options` gives one.
 */
export function useNatsBridges(
  server: () => NatsServer,
): (
  nodeId: string,
  options?: Omit<NatsBridgeOptions, 'nodeId'>,
) => Promise<{ exchange: SignalExchange; bridge: NatsBridge }> {
  const bridges: NatsBridge[] = [];
  afterEach(async () => {
    await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
  });
  return async (nodeId, options = {}) => {
    const exchange = new SignalExchange();
    const bridge = await connectNats(exchange, {
      servers: server().url,
      nodeId,
      onError: (error) => {
        throw error;
      },
      ...options,
    });
    bridges.push(bridge);
    return { exchange, bridge };
  };
}

/**
 * Waits until `condition()` is true, checking every few milliseconds.
 * @throws an Error naming `what` after `timeoutMs`.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
