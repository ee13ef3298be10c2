/**
 * The cross-check every scenario runs before it times anything: all implementations must
 * return the same subscriptions for every topic of a sample. A fast wrong answer is not a
 * result, so a difference throws and the run exits non-zero.
 */

/** What implementations return: subscription ids. */
export type SubscriptionId = number | string;

/** One implementation taking part in a cross-check. */
export interface CrossCheckImplementation {
  /** Its name in reports and errors. */
  readonly name: string;
  /**
   * The ids of the subscriptions that match (or, for an emitter, receive) a topic.
   * @param topic - the topic.
   */
  match(topic: string): Iterable<SubscriptionId> | Promise<Iterable<SubscriptionId>>;
  /**
   * Whether its results may repeat an id, as qlobber's `match` does by design: they are then
   * deduplicated. Any other implementation that repeats an id fails the check.
   * @default false
   */
  readonly mayRepeat?: boolean;
}

/** What a passed cross-check covered. */
export interface CrossCheckSummary {
  /** Which scenario, size and series were checked. */
  readonly label: string;
  /** The reference first, then the implementations compared with it. */
  readonly implementations: readonly string[];
  /** Topics in the sample. */
  readonly topics: number;
  /** Topics of the sample that matched at least one subscription. */
  readonly topicsWithMatches: number;
  /** Matches over the whole sample (per implementation). */
  readonly matches: number;
}

/** A cross-check found implementations that disagree, or a sample that proves nothing. */
export class CrossCheckError extends Error {
  override readonly name = 'CrossCheckError';
  readonly code = 'ERR_BENCH_CROSS_CHECK';
  /** The check that failed. */
  readonly label: string;
  /** The implementation that disagreed with the reference (or the reference itself). */
  readonly implementation: string;
  /** The topic it disagreed on; `null` when the whole sample is at fault. */
  readonly topic: string | null;
  /** The reference's ids for that topic, sorted. */
  readonly expected: readonly SubscriptionId[];
  /** The implementation's ids for that topic, sorted. */
  readonly actual: readonly SubscriptionId[];

  /**
   * @param details - what failed, where.
   */
  constructor(details: {
    readonly label: string;
    readonly implementation: string;
    readonly topic: string | null;
    readonly expected: readonly SubscriptionId[];
    readonly actual: readonly SubscriptionId[];
    readonly reason: string;
  }) {
    super(`Cross-check "${details.label}" failed: ${details.reason}`);
    this.label = details.label;
    this.implementation = details.implementation;
    this.topic = details.topic;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/**
 * Checks that every implementation returns the same ids as the reference on every topic of a
 * sample (compared as sorted sets; repeated ids fail unless the implementation `mayRepeat`).
 * Also fails when the sample matches nothing at all, since agreeing on empty results proves
 * nothing.
 *
 * @param label - names the check in reports and errors, e.g. `01-distinct-topics @ 1000`.
 * @param topics - the sample.
 * @param reference - the implementation trusted to be right (the naive scan, usually).
 * @param others - the implementations that must agree with it.
 * @returns what was covered.
 * @throws {@link CrossCheckError} at the first disagreement.
 *
 * @example
 * ```ts
 * await crossCheck('01 @ 1000', sample, naive, [sigx, qlobber]); // throws if any differs
 * ```
 */
export async function crossCheck(
  label: string,
  topics: readonly string[],
  reference: CrossCheckImplementation,
  others: readonly CrossCheckImplementation[],
): Promise<CrossCheckSummary> {
  if (others.length === 0) throw new TypeError(`Cross-check "${label}" has nothing to compare`);
  const fail = (
    implementation: string,
    topic: string | null,
    expected: readonly SubscriptionId[],
    actual: readonly SubscriptionId[],
    reason: string,
  ): never => {
    throw new CrossCheckError({ label, implementation, topic, expected, actual, reason });
  };
  if (topics.length === 0) fail(reference.name, null, [], [], 'the sample has no topics');

  let topicsWithMatches = 0;
  let matches = 0;
  for (const topic of topics) {
    const expected = normalize(reference, topic, await reference.match(topic), fail);
    if (expected.length > 0) topicsWithMatches += 1;
    matches += expected.length;
    for (const other of others) {
      const actual = normalize(other, topic, await other.match(topic), fail);
      if (!sameIds(expected, actual)) {
        const missing = expected.filter((id) => !actual.includes(id));
        const unexpected = actual.filter((id) => !expected.includes(id));
        fail(
          other.name,
          topic,
          expected,
          actual,
          `${other.name} disagrees with ${reference.name} on topic ${JSON.stringify(topic)}: ` +
            `missing [${show(missing)}], unexpected [${show(unexpected)}] ` +
            `(expected ${expected.length} ids, got ${actual.length})`,
        );
      }
    }
  }
  if (topicsWithMatches === 0) {
    fail(
      reference.name,
      null,
      [],
      [],
      `no topic of the sample (${topics.length}) matched anything: agreeing on nothing proves nothing`,
    );
  }
  return {
    label,
    implementations: [reference.name, ...others.map((other) => other.name)],
    topics: topics.length,
    topicsWithMatches,
    matches,
  };
}

function normalize(
  implementation: CrossCheckImplementation,
  topic: string,
  result: Iterable<SubscriptionId>,
  fail: (
    implementation: string,
    topic: string | null,
    expected: readonly SubscriptionId[],
    actual: readonly SubscriptionId[],
    reason: string,
  ) => never,
): SubscriptionId[] {
  const ids = [...result];
  const distinct = [...new Set(ids)];
  if (distinct.length !== ids.length && implementation.mayRepeat !== true) {
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    fail(
      implementation.name,
      topic,
      distinct.sort(compareIds),
      ids.sort(compareIds),
      `${implementation.name} returned [${show([...new Set(repeated)])}] more than once for topic ${JSON.stringify(topic)}`,
    );
  }
  return distinct.sort(compareIds);
}

function compareIds(a: SubscriptionId, b: SubscriptionId): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === 'number' ? -1 : 1;
}

function sameIds(a: readonly SubscriptionId[], b: readonly SubscriptionId[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function show(ids: readonly SubscriptionId[]): string {
  const shown = ids.slice(0, 10).map((id) => JSON.stringify(id));
  return ids.length > 10 ? `${shown.join(', ')}, … ${ids.length - 10} more` : shown.join(', ');
}
