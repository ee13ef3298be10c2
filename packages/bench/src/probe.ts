/** The protocol between scenarios 8 and 12 and their child process, `memory-probe.ts`. */
import { DISTINCT_TOPICS } from './workloads.js';

/** What the probe prints, as one JSON line. */
export interface ProbeResult {
  readonly contender: string;
  readonly size: number;
  /** Heap used after the workload is built, before the index. */
  readonly baselineBytes: number;
  /** Heap used once every subscription is added. */
  readonly builtBytes: number;
  /** Heap used after matching `warmTopics` distinct topics. */
  readonly warmBytes: number;
  readonly warmTopics: number;
  /**
   * Heap used after matching every one of the workload's `topicsMatched` distinct topics (the
   * 200 above included), with the index's default bounds on what it keeps (sigx's memo and
   * automaton); `null` for the naive scan, which keeps nothing per topic and would take hours.
   */
  readonly topicsBytes: number | null;
  readonly topicsMatched: number;
  /** sigx: the automaton's states after those topics, where `stats()` reports them. */
  readonly automatonStates?: number;
  /** The ids each sample topic matched, for the parent's cross-check. */
  readonly sample: Readonly<Record<string, readonly number[]>>;
}

/** The contenders the probe can build. */
export const PROBE_CONTENDERS: readonly ['naive', 'sigx', 'sigx exchange', 'qlobber'] = [
  'naive',
  'sigx',
  'sigx exchange',
  'qlobber',
];

/** The row fact of the heap after every distinct topic (targets 9 and 11 read it). */
export const AFTER_TOPICS_FACT: string = `bytes/sub after ${DISTINCT_TOPICS.toLocaleString('en-US')} distinct topics`;
