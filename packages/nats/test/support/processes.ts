// Child Node processes of the @sigx/nats tests: a fixture of test/fixtures run through tsx on
// the sources (see @sigx/test-support), whose lines the test reads one by one.
import { startFixture as startFixtureAt, type FixtureProcess } from '@sigx/test-support';

export type { FixtureProcess } from '@sigx/test-support';

/** Runs `test/fixtures/<name>` in a child Node process, which cannot hang the test. */
export function startFixture(name: string, args: readonly string[]): FixtureProcess {
  return startFixtureAt(new URL(`../fixtures/${name}`, import.meta.url), args);
}
