// vitest lifecycle helpers: one real server per test file (starting one per test would double
// the suite's time), and bridged exchanges closed after each test whatever it did.
import { SignalExchange } from '@sigx/core';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** What {@link useServer} needs of a server. */
export interface StoppableServer {
  /** Stops it. */
  stop(): Promise<void>;
}

/**
 * Starts a server before all the tests of the file and stops it after them.
 * @param start - starts one (`() => startRedisServer()`).
 * @param name - the program, for the error when it did not start.
 * @returns a getter of the running server.
 */
export function useServer<S extends StoppableServer>(
  start: () => Promise<S>,
  name: string,
): () => S {
  let server: S | undefined;
  beforeAll(async () => {
    server = await start();
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error(`${name} did not start (see beforeAll)`);
    return server;
  };
}

/** What {@link useBridges} needs of a bridge. */
export interface ClosableBridge {
  /** Closes it. */
  close(): Promise<void>;
}

/** The options every bridge takes and {@link useBridges} fills in. */
export interface BaseBridgeOptions {
  /** The bridge's node id. */
  readonly nodeId?: string;
  /** Where it reports errors. */
  readonly onError?: (error: Error) => void;
}

/**
 * Bridged exchanges, closed after each test.
 * @param connect - bridges an exchange (`(exchange, options) => connectRedis(exchange, { url, ...options })`).
 * @returns `bridged(nodeId, options)`: a new exchange and its bridge, whose `onError` throws
 * unless `options` gives one.
 */
export function useBridges<B extends ClosableBridge, O extends BaseBridgeOptions>(
  connect: (exchange: SignalExchange, options: O) => Promise<B>,
): (
  nodeId: string,
  options?: Omit<O, 'nodeId'>,
) => Promise<{ exchange: SignalExchange; bridge: B }> {
  const bridges: B[] = [];
  afterEach(async () => {
    await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
  });
  return async (nodeId, options) => {
    const exchange = new SignalExchange();
    const bridge = await connect(exchange, {
      nodeId,
      onError: (error: Error) => {
        throw error;
      },
      ...options,
    } as O);
    bridges.push(bridge);
    return { exchange, bridge };
  };
}
