// The required-literal prefilter's index (`LiteralFilter`) on its own (docs/how-the-index-works.md,
// "The required-literal prefilter": "How it is filed" and "The topic side"). It decides which
// patterns without a useful literal prefix a topic is tested against, so `collect` must meet
// exactly the entries filed under a literal the topic contains (where the entry's matches have
// it, in a topic as long as its shortest match): one it misses hides a match, and the prefilter
// must never test more than the scan it replaces ("The guard"). Checked against brute force:
// literals at the start, middle or end of a topic, overlapping and repeated occurrences (an
// entry met once), an entry filed under several literals, grams of several lengths in use at
// once, caseless groups (ASCII case, U+212A KELVIN SIGN, U+017F LONG S: "The traps, and how each
// is handled", case folding under `i`) and exact ones, positions and least lengths, long topics,
// surrogates and line terminators, delete, clear and size. Every behaviour runs both ways a topic
// is read: below 8 filed patterns each literal is searched for; from 8 on the topic's grams are
// hashed and looked up. What needs many patterns runs hashed only: hash collisions, a long probe
// chain, rebuilds after many deletions, and the least crowded gram.
import { describe, expect, it } from 'vitest';
import { LiteralFilter, type LiteralGroup } from '../src/literal-filter.js';

interface Entry {
  seen: number;
  readonly id: string;
}

/** Below this many entries the filter searches instead of hashing (`FEW_PATTERNS`). */
const FEW_PATTERNS = 8;

function entry(id: string): Entry {
  return { seen: 0, id };
}

/** The case fold the filter claims, written independently: ASCII letters to lower case,
 * U+212A KELVIN SIGN to `k`, U+017F LATIN SMALL LETTER LONG S to `s`, code unit by code unit. */
function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x41 && unit <= 0x5a) out += String.fromCharCode(unit + 0x20);
    else if (unit === 0x212a) out += 'k';
    else if (unit === 0x17f) out += 's';
    else out += text[i];
  }
  return out;
}

/** Where the literals of an entry must start in a topic, and how long the topic must be. */
interface Where {
  readonly from: number;
  readonly to: number;
  readonly minLength: number;
}

/** Anywhere, in any topic: what a pattern such as `.*foo` is filed with. */
const ANYWHERE: Where = { from: 0, to: Infinity, minLength: 0 };

/** Files an entry under literals (the filter's `add`, in one place). */
function file(
  filter: LiteralFilter<Entry>,
  e: Entry,
  literals: readonly string[],
  caseless = false,
  { from, to, minLength }: Where = ANYWHERE,
): readonly LiteralGroup<Entry>[] {
  return filter.add(e, { strings: literals, from, to }, minLength, caseless);
}

/** The reference: does the literal occur in the topic (exactly, or under the fold), starting
 * somewhere from `from` to `to`, in a topic at least `minLength` long? */
function occurs(topic: string, literal: string, caseless: boolean, where = ANYWHERE): boolean {
  if (topic.length < where.minLength) return false;
  const text = caseless ? fold(topic) : topic;
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) {
    if (at >= where.from && at <= where.to) return true;
  }
  return false;
}

/** What the filter collects for a topic, as sorted ids; each entry must come once. */
function collected(filter: LiteralFilter<Entry>, topic: string): string[] {
  const out: Entry[] = [];
  const count = filter.collect(topic, out, 0);
  expect(count).toBeLessThanOrEqual(out.length);
  const ids = out.slice(0, count).map((e) => e.id);
  expect(new Set(ids).size, `an entry met twice on ${JSON.stringify(topic)}: ${ids}`).toBe(
    ids.length,
  );
  return ids.sort();
}

/** A filter with entries filed, recording what was filed to compare against brute force. */
class Filed {
  readonly filter = new LiteralFilter<Entry>();
  readonly #filed = new Map<
    string,
    {
      entry: Entry;
      literals: readonly string[];
      caseless: boolean;
      where: Where;
      groups: readonly LiteralGroup<Entry>[];
    }
  >();

  add(
    id: string,
    literals: readonly string[],
    caseless = false,
    where: Where = ANYWHERE,
  ): readonly LiteralGroup<Entry>[] {
    const e = entry(id);
    const groups = file(this.filter, e, literals, caseless, where);
    this.#filed.set(id, { entry: e, literals, caseless, where, groups });
    return groups;
  }

  delete(id: string): void {
    const filed = this.#filed.get(id)!;
    this.filter.delete(filed.entry, filed.groups);
    this.#filed.delete(id);
  }

  /** The ids brute force expects on a topic. */
  expected(topic: string): string[] {
    return [...this.#filed.values()]
      .filter(({ literals, caseless, where }) =>
        literals.some((l) => occurs(topic, l, caseless, where)),
      )
      .map(({ entry: e }) => e.id)
      .sort();
  }

  expectAgreement(topic: string): void {
    expect(collected(this.filter, topic), `topic ${JSON.stringify(topic)}`).toEqual(
      this.expected(topic),
    );
  }
}

/** Literals no topic of these tests contains: they only push the filter into a mode. */
function padding(i: number): string {
  return `\u0001pad${i}\u0002`;
}

const MODES = [
  { mode: 'searched (fewer than 8 patterns)', pad: 0 },
  { mode: 'hashed (8 patterns or more)', pad: FEW_PATTERNS },
] as const;

describe.each(MODES)('LiteralFilter, $mode', ({ pad }) => {
  /** A filter in this mode; the tests below file at most 7 entries of their own. */
  function make(): { filter: LiteralFilter<Entry>; add: Filed['add']; filed: Filed } {
    const filed = new Filed();
    for (let i = 0; i < pad; i += 1) filed.add(`pad${i}`, [padding(i)]);
    return { filter: filed.filter, add: filed.add.bind(filed), filed };
  }

  /** Collects, checking first that the filter is in the mode under test. */
  function ids(filter: LiteralFilter<Entry>, topic: string): string[] {
    expect(filter.size >= FEW_PATTERNS, `mode, with ${filter.size} patterns`).toBe(pad > 0);
    return collected(filter, topic);
  }

  it('finds a literal at the start, in the middle and at the end of a topic, and the whole topic', () => {
    const { filter, add } = make();
    add('alarm', ['alarm']);
    for (const topic of ['alarm/x', 'x/alarm/y', 'x/alarm', 'alarm', 'alarmalarm']) {
      expect(ids(filter, topic), topic).toEqual(['alarm']);
    }
    for (const topic of ['', 'a', 'alar', 'larm', 'alar/m', 'ALARM', 'x/alaram', 'mralA']) {
      expect(ids(filter, topic), topic).toEqual([]);
    }
  });

  it('finds overlapping occurrences, and meets an entry once however often its literal occurs', () => {
    const { filter, add } = make();
    add('aba', ['aba']);
    add('bab', ['bab']);
    add('aaa', ['aaa']);
    add('dev', ['dev']);
    expect(ids(filter, 'ababa')).toEqual(['aba', 'bab']);
    expect(ids(filter, 'abab')).toEqual(['aba', 'bab']);
    expect(ids(filter, 'aba')).toEqual(['aba']);
    expect(ids(filter, 'aaaaaaa')).toEqual(['aaa']);
    expect(ids(filter, 'aa')).toEqual([]);
    expect(ids(filter, 'dev/x/dev/devdev')).toEqual(['dev']);
    expect(ids(filter, 'de/v/ev')).toEqual([]);
  });

  it('meets an entry filed under several literals once, when one or all of them occur', () => {
    const { filter, add } = make();
    add('either', ['alpha', 'omega']);
    add('alpha', ['alpha']);
    expect(ids(filter, 'alpha/omega')).toEqual(['alpha', 'either']);
    expect(ids(filter, 'omega/alpha/omega/alpha')).toEqual(['alpha', 'either']);
    expect(ids(filter, 'omega')).toEqual(['either']);
    expect(ids(filter, 'alpha')).toEqual(['alpha', 'either']);
    expect(ids(filter, 'alph/omeg')).toEqual([]);
  });

  it('meets every entry filed under one literal', () => {
    const { filter, add } = make();
    add('a', ['status']);
    add('b', ['status']);
    add('c', ['status', 'state']);
    expect(ids(filter, 'device/status')).toEqual(['a', 'b', 'c']);
    expect(ids(filter, 'device/state')).toEqual(['c']);
  });

  it('uses grams of several lengths at once: literals shorter than 6 code units and longer', () => {
    const { filter, add, filed } = make();
    add('abc', ['abc']); // a 3-unit gram
    add('wxyz', ['wxyz']); // 4
    add('q-r-s', ['q-r-s']); // 5
    add('sixsix', ['sixsix']); // exactly 6
    add('seven77', ['seven77']); // 7: one of its two 6-unit grams
    add('long', ['sensor-temperature-celsius']); // a 6-unit gram of 26 units
    const topics = [
      'abc',
      'xabcx/wxyz/q-r-s',
      'sixsix/seven77',
      'a/sensor-temperature-celsius',
      'sensor-temperature-celsius/abc',
      // Every gram of the long literal, but never the whole of it: verified, not trusted.
      'sensor-temperature-celsiu',
      'ensor-temperature-celsius',
      'sensor-temperature-/-celsius',
      'sensor/temperature/celsius',
      'seven7/even77/sixsi/ixsix',
      'ab/bc/wxy/xyz/q-r/r-s',
      'sensor-temperature-celsius-sensor-temperature-celsius+abc+wxyz+q-r-s+sixsix+seven77',
    ];
    for (const topic of topics) filed.expectAgreement(topic);
    expect(ids(filter, 'sensor-temperature-celsiu')).toEqual([]);
    expect(ids(filter, 'seven7/even77')).toEqual([]);
    expect(ids(filter, 'x/seven77')).toEqual(['seven77']);
  });

  it('compares a caseless group under the fold: ASCII case, KELVIN SIGN and LONG S', () => {
    const { filter, add } = make();
    add('kelvin', ['kelvin'], true); // caseless literals are given folded
    add('ssh', ['ssh'], true);
    for (const topic of ['kelvin', 'KELVIN', 'KeLvIn', '\u212Aelvin', 'x/\u212AELVIN/y']) {
      expect(ids(filter, topic), topic).toEqual(['kelvin']);
    }
    for (const topic of ['ssh', 'SSH', '\u017Fsh', 'S\u017FH', '\u017F\u017FH']) {
      expect(ids(filter, topic), topic).toEqual(['ssh']);
    }
    // Not folded: other non-ASCII letters stay themselves.
    for (const topic of ['kelv\u0131n', 'k\u00e9lvin', '\u00dfh', 'kelvi']) {
      expect(ids(filter, topic), topic).toEqual([]);
    }
  });

  it('compares an exact group exactly, although it is keyed by its folded gram', () => {
    const { filter, add } = make();
    add('lower', ['kelvin']);
    add('title', ['Kelvin']);
    add('sign', ['\u212Aelvin']);
    add('upper', ['KELVIN']);
    add('longs', ['\u017Fsh']);
    expect(ids(filter, 'kelvin')).toEqual(['lower']);
    expect(ids(filter, 'Kelvin')).toEqual(['title']);
    expect(ids(filter, '\u212Aelvin')).toEqual(['sign']);
    expect(ids(filter, 'KELVIN')).toEqual(['upper']);
    expect(ids(filter, 'kELVIN')).toEqual([]);
    expect(ids(filter, 'Kelvin/kelvin/\u212Aelvin')).toEqual(['lower', 'sign', 'title']);
    expect(ids(filter, '\u017Fsh')).toEqual(['longs']);
    expect(ids(filter, 'ssh')).toEqual([]);
    expect(ids(filter, 'SSH')).toEqual([]);
  });

  it('keeps a caseless group and an exact group of the same literal apart', () => {
    const { filter, add } = make();
    const [caseless] = add('caseless', ['kelvin'], true);
    const [exact] = add('exact', ['kelvin'], false);
    expect(caseless).not.toBe(exact);
    expect(ids(filter, 'kelvin')).toEqual(['caseless', 'exact']);
    expect(ids(filter, 'KELVIN')).toEqual(['caseless']);
    expect(ids(filter, '\u212Aelvin')).toEqual(['caseless']);
  });

  it('reads a topic longer than its 256-unit buffer, and is not misled by what a longer one left', () => {
    const { filter, add, filed } = make();
    add('needle', ['needle']);
    add('tail', ['the-end']);
    add('caseless', ['kelvin'], true);
    const long = `${'x'.repeat(300)}needle${'y'.repeat(700)}\u212AELVIN${'z'.repeat(2000)}the-end`;
    expect(ids(filter, long)).toEqual(['caseless', 'needle', 'tail']);
    expect(ids(filter, `needle${'-'.repeat(5000)}`)).toEqual(['needle']);
    // Shorter topics after a long one: stale units past their end must not be read.
    expect(ids(filter, 'needl')).toEqual([]);
    expect(ids(filter, 'the-en')).toEqual([]);
    expect(ids(filter, '')).toEqual([]);
    expect(ids(filter, `${'a'.repeat(255)}the-end`)).toEqual(['tail']);
    expect(ids(filter, `${'a'.repeat(256)}the-end`)).toEqual(['tail']);
    expect(ids(filter, `${'a'.repeat(257)}kelvi`)).toEqual([]);
    for (const topic of [long.slice(0, 305), long.slice(1), long.slice(0, -1), long.slice(301)]) {
      filed.expectAgreement(topic);
    }
    add('at300', ['needle'], false, { from: 300, to: 300, minLength: 400 });
    expect(ids(filter, long)).toEqual(['at300', 'caseless', 'needle', 'tail']);
    expect(ids(filter, long.slice(1))).toEqual(['caseless', 'needle', 'tail']);
    expect(ids(filter, long.slice(0, 399))).toEqual(['needle']);
  });

  it('reads surrogates and line terminators as code units', () => {
    const { filter, add, filed } = make();
    add('emoji', ['\u{1F600}-x']); // a surrogate pair, then ASCII
    add('high', ['\uD83Dab']); // a lone high surrogate, then ASCII
    add('lines', ['a\nb\r\u2028c']);
    add('caseless', ['kelvin'], true);
    add('astral', ['\u{1F601}\u{1F602}']);
    const topics = [
      '\u{1F600}-x',
      'y/\u{1F600}-x/\u2029',
      '\uD83Dab',
      '\uD83D\uDE00ab', // the high surrogate is followed by a low one, not by `a`
      '\u{1F600}\uD83Dab',
      'line\na\nb\r\u2028c\n',
      'a\nb\r\u2029c',
      '\u{1F600}KELVIN\u{1F600}',
      '\u2028\u212Aelvin\u2029',
      '\u{1F601}\u{1F602}',
      '\u{1F601}\u{1F603}',
      '\uDE01\uD83D\uDE02',
      '\uD83D\uDE01\uD83D\uDE02',
    ];
    for (const topic of topics) filed.expectAgreement(topic);
    expect(ids(filter, '\uD83D\uDE00ab')).toEqual([]);
    expect(ids(filter, 'a\nb\r\u2028c')).toEqual(['lines']);
    expect(ids(filter, '\u{1F600}KELVIN\u{1F600}')).toEqual(['caseless']);
  });

  it('forgets a deleted entry, keeps the others of its literal, and drops a group with its last entry', () => {
    const { filter, add, filed } = make();
    const [group] = add('a', ['status']);
    add('b', ['status']);
    add('c', ['status', 'other']);
    const size = filter.size;
    filed.delete('a');
    expect(filter.size).toBe(size - 1);
    expect(ids(filter, 'x/status')).toEqual(['b', 'c']);
    filed.delete('c');
    expect(ids(filter, 'x/status/other')).toEqual(['b']);
    filed.delete('b');
    expect(filter.size).toBe(size - 3);
    expect(ids(filter, 'x/status/other')).toEqual([]);
    // The group went with its last entry: filing the literal again makes a new one.
    const [again] = add('d', ['status']);
    expect(again).not.toBe(group);
    expect(again!.filings.map((filing) => filing.entry.id)).toEqual(['d']);
    expect(ids(filter, 'x/status/other')).toEqual(['d']);
    expect(filter.size).toBe(size - 2);
  });

  it('re-files a deleted entry', () => {
    const { filter, add, filed } = make();
    add('a', ['status']);
    filed.delete('a');
    add('a', ['status', 'state']);
    expect(ids(filter, 'status')).toEqual(['a']);
    expect(ids(filter, 'state')).toEqual(['a']);
  });

  it('answers the same on every collection, and writes from `count` on', () => {
    const { filter, add } = make();
    add('a', ['status']);
    add('b', ['state']);
    for (let i = 0; i < 3; i += 1) expect(ids(filter, 'status/state')).toEqual(['a', 'b']);
    // `out` is written by index from `count`: what comes before stays, what comes after is stale.
    const before = entry('before');
    const stale = [entry('stale0'), entry('stale1'), entry('stale2')];
    const out: Entry[] = [before, ...stale];
    expect(filter.collect('status', out, 1)).toBe(2);
    expect(out.map((e) => e.id)).toEqual(['before', 'a', 'stale1', 'stale2']);
    expect(filter.collect('status/state', out, 1)).toBe(3);
    expect(
      out
        .slice(0, 3)
        .map((e) => e.id)
        .sort(),
    ).toEqual(['a', 'b', 'before']);
    expect(filter.collect('nothing', out, 2)).toBe(2);
    // An array shorter than the count it reaches grows.
    const short: Entry[] = [];
    expect(filter.collect('status/state', short, 0)).toBe(2);
    expect(short).toHaveLength(2);
  });

  it('meets an entry only where its matches have the literal: from `from` to `to`', () => {
    const { filter, add, filed } = make();
    add('at4', ['status'], false, { from: 4, to: 4, minLength: 0 });
    add('from2', ['status'], false, { from: 2, to: Infinity, minLength: 0 });
    add('upto1', ['status'], false, { from: 0, to: 1, minLength: 0 });
    expect(ids(filter, 'abcdstatus')).toEqual(['at4', 'from2']);
    expect(ids(filter, 'abcstatus')).toEqual(['from2']);
    expect(ids(filter, 'abcdestatus')).toEqual(['from2']);
    expect(ids(filter, 'status')).toEqual(['upto1']);
    expect(ids(filter, 'xstatus')).toEqual(['upto1']);
    // A later occurrence in place is enough, whatever came before.
    expect(ids(filter, 'statusstatus')).toEqual(['from2', 'upto1']);
    expect(ids(filter, 'abcdstatusstatus')).toEqual(['at4', 'from2']);
    expect(ids(filter, 'xxxxxxstatus/abcdstatus')).toEqual(['from2']);
    for (const topic of ['', 'statu', 'xyzstatus', 'ab/status/status', 'abcd/status']) {
      filed.expectAgreement(topic);
    }
  });

  it('meets a placed entry at an overlapping occurrence, and a caseless one under the fold', () => {
    const { filter, add, filed } = make();
    add('aba@2', ['aba'], false, { from: 2, to: 2, minLength: 0 });
    add('kelvin@3', ['kelvin'], true, { from: 3, to: 3, minLength: 0 });
    expect(ids(filter, 'ababa')).toEqual(['aba@2']); // at 0 and at 2
    expect(ids(filter, 'xababa')).toEqual([]); // at 1 and at 3
    expect(ids(filter, 'abcKELVIN')).toEqual(['kelvin@3']);
    expect(ids(filter, 'abc\u212Aelvin')).toEqual(['kelvin@3']);
    expect(ids(filter, 'abKELVIN')).toEqual([]);
    expect(ids(filter, 'kelvin/kelvin')).toEqual([]);
    for (const topic of ['abababa', 'aaba', 'abkelvinkelvin', 'kelkelvin'])
      filed.expectAgreement(topic);
  });

  it('meets an entry only in a topic as long as its shortest match', () => {
    const { filter, add, filed } = make();
    add('min10', ['kab'], false, { from: 0, to: Infinity, minLength: 10 });
    add('any', ['kab']);
    expect(ids(filter, 'kab')).toEqual(['any']);
    expect(ids(filter, 'kab456789')).toEqual(['any']);
    expect(ids(filter, 'kab4567890')).toEqual(['any', 'min10']);
    expect(ids(filter, '1234567kab')).toEqual(['any', 'min10']);
    for (const topic of ['', 'x'.repeat(12), `${'x'.repeat(12)}kab`]) filed.expectAgreement(topic);
  });

  it('meets every filing of a group shared by placed and unplaced entries', () => {
    const { filter, add, filed } = make();
    // The unplaced entry is met at the first occurrence; the placed one only at a later one,
    // so the group must not be done with after the first.
    add('anywhere', ['status']);
    add('at7', ['status'], false, { from: 7, to: 7, minLength: 0 });
    expect(ids(filter, 'status/status')).toEqual(['anywhere', 'at7']);
    expect(ids(filter, 'status/xstatus')).toEqual(['anywhere']);
    filed.delete('at7');
    expect(ids(filter, 'status/status')).toEqual(['anywhere']);
    add('at7', ['status'], false, { from: 7, to: 7, minLength: 0 });
    expect(ids(filter, 'status/status')).toEqual(['anywhere', 'at7']);
    filed.delete('anywhere');
    expect(ids(filter, 'status/status')).toEqual(['at7']);
    expect(ids(filter, 'status/')).toEqual([]);
  });

  it('counts the entries filed in `size`, and `clear()` unfiles them all', () => {
    const { filter, add } = make();
    add('a', ['status']);
    add('b', ['status', 'state']);
    add('c', ['kelvin'], true);
    expect(filter.size).toBe(pad + 3);
    // Deleting an entry that is not filed changes nothing, even given groups it could be in.
    const groups = file(filter, entry('b2'), ['status']);
    filter.delete(entry('stray'), groups);
    expect(filter.size).toBe(pad + 4);
    expect(ids(filter, 'x/status').sort()).toEqual(['a', 'b', 'b2']);
    filter.clear();
    expect(filter.size).toBe(0);
    expect(collected(filter, 'status/state/KELVIN')).toEqual([]);
    // Usable again after clear, in both modes.
    for (let i = 0; i < pad; i += 1) file(filter, entry(`pad${i}`), [padding(i)]);
    file(filter, entry('d'), ['status']);
    file(filter, entry('e'), ['kelvin'], true);
    expect(ids(filter, 'status/\u212Aelvin')).toEqual(['d', 'e']);
  });
});

describe('LiteralFilter, between the two modes', () => {
  it('answers the same as patterns come and go across 8', () => {
    const filed = new Filed();
    const literals = ['status', 'state', 'kelvin', 'abc', 'bcd', 'sensor-temperature', 'q-r-s'];
    const topics = ['x/status', 'a/state/abcd', 'KELVIN', 'abcd', 'sensor-temperature/q-r-s'];
    for (let i = 0; i < 12; i += 1) {
      filed.add(`e${i}`, [literals[i % literals.length]!], i % 3 === 0);
      for (const topic of topics) filed.expectAgreement(topic);
    }
    for (let i = 0; i < 12; i += 1) {
      filed.delete(`e${i}`);
      for (const topic of topics) filed.expectAgreement(topic);
    }
    expect(filed.filter.size).toBe(0);
  });
});

/** FNV-1a over code units, `| 1`, as `literal-filter.ts` keys a gram (to force collisions). */
function gramKey(gram: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < gram.length; i += 1) hash = Math.imul(hash ^ gram.charCodeAt(i), 0x01000193);
  return hash | 1;
}

/** The first slot a key probes in a table of 64 slots, as `literal-filter.ts` places it. */
function firstSlot64(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 26;
}

describe('LiteralFilter, hashed: collisions do not lose or invent matches', () => {
  it('tells apart literals whose grams share a hash key (one bucket, several groups)', () => {
    // Found by brute force with `gramKey`: each pair has one key, so one bucket.
    const pairs = [
      ['rtrgac', 'hyhvep'], // two 6-unit grams
      ['unmhkp', 'trmrbj'],
      ['ntm', '93aa'], // a 3-unit gram and a 4-unit one
    ] as const;
    for (const [a, b] of pairs) expect(gramKey(a), `${a} / ${b}`).toBe(gramKey(b));
    const filed = new Filed();
    for (let i = 0; i < FEW_PATTERNS; i += 1) filed.add(`pad${i}`, [padding(i)]);
    filed.add('rtrgac', ['rtrgac']);
    filed.add('hyhvep', ['hyhvep'], true);
    filed.add('unmhkp', ['unmhkp']);
    filed.add('trmrbj-x', ['trmrbj-x']); // 8 units: keyed by one of its grams
    filed.add('ntm', ['ntm']);
    filed.add('93aa', ['93aa']);
    const topics = [
      'rtrgac',
      'hyhvep',
      'HYHVEP',
      'x/rtrgac/hyhvep',
      'unmhkp',
      'trmrbj',
      'trmrbj-x',
      'unmhkp/trmrbj-',
      'ntm',
      '93aa',
      'ntm93aa',
      '93a',
      'nt',
      'rtrga/hyhve',
    ];
    for (const topic of topics) filed.expectAgreement(topic);
    expect(collected(filed.filter, 'rtrgac')).toEqual(['rtrgac']);
    expect(collected(filed.filter, 'HYHVEP')).toEqual(['hyhvep']);
    expect(collected(filed.filter, 'ntm')).toEqual(['ntm']);
    expect(collected(filed.filter, '93aa')).toEqual(['93aa']);
  });

  it('files many groups in one bucket when every literal has the same grams', () => {
    // `aaaaaa`, `aaaaaaa`, …: each has only the gram `aaaaaa`.
    const filed = new Filed();
    for (let n = 6; n < 30; n += 1) filed.add(`a${n}`, ['a'.repeat(n)]);
    for (let m = 0; m < 40; m += 1) filed.expectAgreement('a'.repeat(m));
    expect(collected(filed.filter, 'a'.repeat(8))).toEqual(['a6', 'a7', 'a8']);
    for (let n = 6; n < 30; n += 2) filed.delete(`a${n}`);
    for (let m = 0; m < 40; m += 1) filed.expectAgreement(`b${'a'.repeat(m)}b`);
  });

  it('finds every group along a long probe chain, before and after deletions in it', () => {
    // 3-letter literals whose keys all probe slot 5 first in the 64-slot table (28 buckets:
    // below the 32 that would grow it), so they sit in one long run of slots.
    const clustered: string[] = [];
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (const x of letters) {
      for (const y of letters) {
        for (const z of letters) {
          const literal = `${x}${y}${z}`;
          if (clustered.length < 20 && firstSlot64(gramKey(literal)) === 5) clustered.push(literal);
        }
      }
    }
    expect(clustered).toHaveLength(20);
    const filed = new Filed();
    for (let i = 0; i < FEW_PATTERNS; i += 1) filed.add(`pad${i}`, [padding(i)]);
    for (const literal of clustered) filed.add(literal, [literal]);
    const topics = [
      clustered.join('/'),
      ...clustered,
      ...clustered.map((l) => l.slice(1)),
      clustered.map((l) => l.toUpperCase()).join(''),
    ];
    for (const topic of topics) filed.expectAgreement(topic);
    // Deleting some leaves empty buckets in the chain: those after them must still be found.
    for (const literal of clustered.slice(0, 15))
      if (literal.charCodeAt(1) % 2 === 0) filed.delete(literal);
    for (const topic of topics) filed.expectAgreement(topic);
    // And filing them again reuses or re-places their buckets.
    for (const literal of clustered.slice(0, 15)) {
      if (literal.charCodeAt(1) % 2 === 0) filed.add(literal, [literal]);
    }
    for (const topic of topics) filed.expectAgreement(topic);
  });

  it('agrees with brute force over 5 000 distinct literals', () => {
    // Few letters, so literals share grams and the table holds thousands of keys.
    const filed = new Filed();
    const literals: string[] = [];
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const alphabet = 'abcdekKs/-';
    const word = (min: number, max: number): string => {
      let out = '';
      for (let n = min + random(max - min + 1); n > 0; n -= 1)
        out += alphabet[random(alphabet.length)];
      return out;
    };
    const distinct = new Set<string>();
    while (distinct.size < 5000) distinct.add(word(3, 10));
    for (const literal of distinct) literals.push(literal);
    literals.forEach((literal, i) => {
      const caseless = i % 4 === 0;
      filed.add(`e${i}`, [caseless ? fold(literal) : literal], caseless);
    });
    expect(filed.filter.size).toBe(5000);
    // Random topics over the same letters, and topics built around filed literals.
    for (let t = 0; t < 150; t += 1) filed.expectAgreement(word(0, 40));
    for (let t = 0; t < 150; t += 1) {
      const literal = literals[random(literals.length)]!;
      filed.expectAgreement(`${word(0, 6)}${literal}${word(0, 6)}`);
      filed.expectAgreement(`${literal.toUpperCase()}/${literal.slice(1)}`);
    }
  });
});

describe('LiteralFilter, hashed: deletions', () => {
  it('keeps every remaining entry findable through the rebuilds after many deletions', () => {
    const filed = new Filed();
    const literalOf = (i: number): string => `dev-${i.toString(36)}/st`;
    for (let i = 0; i < 2000; i += 1) filed.add(`e${i}`, [literalOf(i)], i % 5 === 0);
    const kept = new Set<number>();
    for (let i = 0; i < 2000; i += 20) kept.add(i);
    for (let i = 0; i < 2000; i += 1) if (!kept.has(i)) filed.delete(`e${i}`);
    expect(filed.filter.size).toBe(100);
    for (let i = 0; i < 2000; i += 1) {
      const topic = `site/${i % 3 === 0 ? literalOf(i).toUpperCase() : literalOf(i)}atus`;
      const expected = kept.has(i) && (i % 5 === 0 || i % 3 !== 0) ? [`e${i}`] : [];
      expect(collected(filed.filter, topic), topic).toEqual(expected);
    }
    // Everything kept at once, and the table still takes new literals.
    const all = [...kept].map(literalOf).join('+');
    expect(collected(filed.filter, all)).toHaveLength(100);
    for (let i = 2000; i < 2100; i += 1) filed.add(`e${i}`, [literalOf(i)]);
    for (let i = 1990; i < 2100; i += 1) filed.expectAgreement(`x/${literalOf(i)}`);
  });

  it('drops a group with its last entry also under many deletions and re-additions of one literal', () => {
    const filed = new Filed();
    for (let i = 0; i < FEW_PATTERNS; i += 1) filed.add(`pad${i}`, [padding(i)]);
    for (let round = 0; round < 200; round += 1) {
      filed.add(`r${round}`, [`round-${round % 7}`, 'shared']);
      if (round >= 3) filed.delete(`r${round - 3}`);
      filed.expectAgreement(`x/round-${round % 7}`);
      filed.expectAgreement('x/shared');
    }
    expect(filed.filter.size).toBe(FEW_PATTERNS + 3);
  });
});

describe('LiteralFilter, hashed: the least crowded gram', () => {
  it('keys literals sharing a common word by the part that tells them apart', () => {
    const filter = new LiteralFilter<Entry>();
    const id = (i: number): string => String(i).padStart(2, '0');
    const groups: LiteralGroup<Entry>[] = [];
    for (let i = 0; i < 50; i += 1) {
      groups.push(...file(filter, entry(`alarm-${id(i)}`), [`/alarm-${id(i)}`]));
    }
    // Each literal has a bucket of its own: none shares the gram of the common word with
    // another (the first ones may take it while it is still empty).
    const grams = groups.map((g) => g.literal.slice(g.offset, g.offset + g.gramLength));
    for (const gram of grams) expect(gram).toHaveLength(6);
    for (const shared of ['/alarm', 'alarm-', 'larm-0', 'larm-1', 'larm-2', 'larm-3', 'larm-4']) {
      expect(grams.filter((gram) => gram === shared).length, shared).toBeLessThanOrEqual(1);
    }
    expect(new Set(grams).size).toBe(50);
    expect(new Set(groups.map((g) => g.bucket)).size).toBe(50);
    // A topic with the shared word and an id no literal has meets nothing…
    for (const topic of ['site/alarm-x', 'site/alarm-', '/alarm-/alarm-', 'alarm-07', '/alarm-5']) {
      expect(collected(filter, topic), topic).toEqual([]);
    }
    expect(collected(filter, 'site/alarm-50/alarm-7/alarm-z1')).toEqual([]);
    // …and one with an id meets exactly its literal.
    for (let i = 0; i < 50; i += 1) {
      expect(collected(filter, `site/alarm-${id(i)}`)).toEqual([`alarm-${id(i)}`]);
      expect(collected(filter, `SITE/alarm-${id(i)}9/x`)).toEqual([`alarm-${id(i)}`]);
    }
  });
});
