/**
 * `@sigx/test-support` (private): what the tests of the bridges share.
 *
 * @packageDocumentation
 */
export { waitFor, rejectionOf } from './wait-for.js';
export { startFixture, NEXT_LINE_TIMEOUT_MS, type FixtureProcess } from './fixture-process.js';
export {
  useServer,
  useBridges,
  type StoppableServer,
  type ClosableBridge,
  type BaseBridgeOptions,
} from './file-hooks.js';
