/** Counters describing a `TopicMatcher`, from its `stats()`. */
export interface MatcherStats {
  /** Distinct patterns registered. */
  readonly patterns: number;
  /** `(pattern, value)` registrations: the matcher's `size`. */
  readonly registrations: number;
  /** Patterns indexed: filed by whole levels, in the trie under literal prefixes, or by a
   * required literal. */
  readonly indexedPatterns: number;
  /** Patterns with no literal prefix that are not level shaped: tested on every topic. */
  readonly unindexedPatterns: number;
  /**
   * Patterns filed by a literal every match contains (they have no literal prefix, or only
   * short ones): tested only on topics that contain it. Counted among `indexedPatterns`.
   */
  readonly filteredPatterns: number;
  /** Patterns matched without running a regex: level-shaped ones, and exact literal sets. */
  readonly exactPatterns: number;
  /** Level-shaped patterns (literal levels, one-level wildcards, an end), filed by whole levels. */
  readonly levelPatterns: number;
  /** Nodes of the level tries: one per distinct sequence of steps filed, plus one for the root
   * (shared by every separator); back to 1 when nothing is filed. */
  readonly levelNodes: number;
  /**
   * Positions in the prefix trie: the distinct prefixes (code unit by code unit) of the
   * literal prefixes filed, the root included; back to 1 when nothing is filed. The tries are
   * compressed, so they allocate fewer nodes than this.
   */
  readonly trieNodes: number;
  /** The automaton over the level tries (summed over separators). */
  readonly automaton: {
    /** Most states kept per separator (`automatonSize`). */
    readonly max: number;
    /** States kept now. */
    readonly states: number;
    /** Topics answered by states that already existed. */
    readonly hits: number;
    /** Topics that had to build states (or take the walk). */
    readonly misses: number;
    /** Times every state was dropped because the bound was reached. */
    readonly evictions: number;
  };
  /** The memo of topic results. */
  readonly cache: {
    /** Most topics kept (`cacheSize`). */
    readonly max: number;
    /** Topics kept now. */
    readonly size: number;
    /** Most bytes of topic text kept (`cacheBytes`). */
    readonly maxBytes: number;
    /** Bytes of topic text kept now: 2 per code unit of the remembered topics. */
    readonly bytes: number;
    /** Lookups answered from the memo. */
    readonly hits: number;
    /** Lookups that had to be computed. */
    readonly misses: number;
  };
}
