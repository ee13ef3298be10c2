// Shared helpers of the @sigx/nats tests: a real nats-server per test file and bridged
// exchanges closed after each test. What the Redis tests share with these is in
// @sigx/test-support.
import type { SignalExchange } from '@sigx/core';
import { useBridges, useServer } from '@sigx/test-support';
import { connectNats, type NatsBridge, type NatsBridgeOptions } from '../../src/index.js';
import { startNatsServer, type NatsServer, type NatsServerOptions } from '../../src/testing.js';

export { rejectionOf, waitFor } from '@sigx/test-support';

/**
 * Starts a nats-server for the test file (before all its tests) and stops it afterwards.
 * @returns a getter of the running server.
 */
export function useNatsServer(options: NatsServerOptions = {}): () => NatsServer {
  return useServer(() => startNatsServer(options), 'nats-server');
}

/**
 * Bridged exchanges, closed after each test.
 * @param server - where they connect (the getter {@link useNatsServer} returned).
 * @returns `bridged(nodeId, options)`: a new exchange and its bridge, whose `onError` throws
 * unless `options` gives one.
 */
export function useNatsBridges(
  server: () => NatsServer,
): (
  nodeId: string,
  options?: Omit<NatsBridgeOptions, 'nodeId'>,
) => Promise<{ exchange: SignalExchange; bridge: NatsBridge }> {
  return useBridges((exchange, options: NatsBridgeOptions) =>
    connectNats(exchange, { servers: server().url, ...options }),
  );
}
