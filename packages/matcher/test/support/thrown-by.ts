// Test support (not a test file): what an action throws, for asserting on the error itself.

/** The value `action` throws; fails the test when it returns. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
