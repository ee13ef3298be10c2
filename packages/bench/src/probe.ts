/** The protocol between scenario 8 and its child process, `memory-probe.ts`. */

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
