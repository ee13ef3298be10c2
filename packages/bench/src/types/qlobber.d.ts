// qlobber 8 ships no types: the part of its API the harness uses. (It is CommonJS; Node's
// ESM loader detects its named exports.)
declare module 'qlobber' {
  export interface QlobberOptions {
    separator?: string;
    wildcard_one?: string;
    wildcard_some?: string;
    match_empty_levels?: boolean;
    cache_adds?: boolean;
    cache_splits?: number;
    max_words?: number;
    max_wildcard_somes?: number;
  }
  export class Qlobber<V> {
    constructor(options?: QlobberOptions);
    add(topic: string, value: V): this;
    remove(topic: string, value?: V): this;
    /** May contain duplicates. */
    match(topic: string): V[];
    test(topic: string, value: V): boolean;
    clear(): this;
  }
  export class QlobberDedup<V> {
    constructor(options?: QlobberOptions);
    add(topic: string, value: V): this;
    remove(topic: string, value?: V): this;
    match(topic: string): Set<V>;
    clear(): this;
  }
}
