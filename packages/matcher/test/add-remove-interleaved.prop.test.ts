// Proves that any interleaving of add, remove(pattern, value), remove(pattern), match and
// clear, over a small pool of overlapping patterns (some of them the same pattern written two
// ways), gives the same answers as a naive model — a list of registrations in order — with a
// memo of 2 topics, with no memo and with the default memo. This is where stale memo entries,
// lost registrations and wrong result order would show.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { TopicMatcher, type TopicPattern } from '../src/index.js';
import { naiveTest, sameValueZero } from './support/naive.js';

/** The pool: `id` is the pattern's identity (same source and flags, g/y ignored). */
const POOL: readonly { readonly id: string; readonly pattern: TopicPattern }[] = [
  { id: 'a/b', pattern: 'a/b' },
  { id: 'a/b', pattern: /a\/b/ },
  { id: 'a.*', pattern: 'a.*' },
  { id: 'a.*', pattern: /a.*/g },
  { id: 'a|b', pattern: 'a|b' },
  { id: '(?:x|y)z', pattern: '(?:x|y)z' },
  { id: '.*b', pattern: '.*b' },
  { id: 'i:A', pattern: /A/i },
  { id: 'i:A', pattern: /A/iy },
  { id: 'a?b', pattern: 'a?b' },
  { id: '\\1(a)', pattern: '\\1(a)' },
  { id: '', pattern: '' },
  { id: 'a$', pattern: 'a$' },
  { id: 'b', pattern: /b/y },
  { id: 'iu:k', pattern: /k/iu },
];

const TOPICS: readonly string[] = [
  'a',
  'a/b',
  'ab',
  'b',
  'A',
  'xz',
  'yz',
  'c',
  '',
  'aab',
  'b/x',
  '\u212A',
  'K',
];

const VALUES: readonly unknown[] = [0, 1, 2, 'x', NaN, undefined];

interface Model {
  registrations: { id: string; pattern: TopicPattern; value: unknown }[];
}

type Real = TopicMatcher<unknown>;

function modelMatch(model: Model, topic: string): unknown[] {
  const out: unknown[] = [];
  for (const { pattern, value } of model.registrations) {
    if (out.some((v) => sameValueZero(v, value))) continue;
    if (naiveTest(pattern, topic)) out.push(value);
  }
  return out;
}

function checkSize(model: Model, real: Real): void {
  expect(real.size).toBe(model.registrations.length);
  const stats = real.stats();
  expect(stats.registrations).toBe(model.registrations.length);
  expect(stats.patterns).toBe(new Set(model.registrations.map((r) => r.id)).size);
}

type Entry = (typeof POOL)[number];

class Add implements fc.Command<Model, Real> {
  readonly entry: Entry;
  readonly value: unknown;
  constructor(entry: Entry, value: unknown) {
    this.entry = entry;
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    expect(real.add(this.entry.pattern, this.value)).toBe(real);
    const exists = model.registrations.some(
      (r) => r.id === this.entry.id && sameValueZero(r.value, this.value),
    );
    if (!exists) model.registrations.push({ ...this.entry, value: this.value });
    checkSize(model, real);
  }
  toString(): string {
    return `add(${String(this.entry.pattern)}, ${String(this.value)})`;
  }
}

class RemoveValue implements fc.Command<Model, Real> {
  readonly entry: Entry;
  readonly value: unknown;
  constructor(entry: Entry, value: unknown) {
    this.entry = entry;
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const index = model.registrations.findIndex(
      (r) => r.id === this.entry.id && sameValueZero(r.value, this.value),
    );
    if (index >= 0) model.registrations.splice(index, 1);
    expect(real.remove(this.entry.pattern, this.value)).toBe(index >= 0);
    checkSize(model, real);
  }
  toString(): string {
    return `remove(${String(this.entry.pattern)}, ${String(this.value)})`;
  }
}

class RemoveAll implements fc.Command<Model, Real> {
  readonly entry: Entry;
  constructor(entry: Entry) {
    this.entry = entry;
  }
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const before = model.registrations.length;
    model.registrations = model.registrations.filter((r) => r.id !== this.entry.id);
    expect(real.remove(this.entry.pattern)).toBe(model.registrations.length < before);
    checkSize(model, real);
  }
  toString(): string {
    return `remove(${String(this.entry.pattern)})`;
  }
}

class Match implements fc.Command<Model, Real> {
  readonly topic: string;
  constructor(topic: string) {
    this.topic = topic;
  }
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const expected = modelMatch(model, this.topic);
    expect(real.match(this.topic), `match(${JSON.stringify(this.topic)})`).toEqual(expected);
    expect(real.test(this.topic)).toBe(expected.length > 0);
  }
  toString(): string {
    return `match(${JSON.stringify(this.topic)})`;
  }
}

class Clear implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    real.clear();
    model.registrations = [];
    checkSize(model, real);
    expect(real.stats().trieNodes).toBe(1);
  }
  toString(): string {
    return 'clear()';
  }
}

const entry = fc.constantFrom(...POOL);
const value = fc.constantFrom(...VALUES);

const commands = fc.commands(
  [
    fc.tuple(entry, value).map(([e, v]) => new Add(e, v)),
    fc.tuple(entry, value).map(([e, v]) => new Add(e, v)),
    fc.tuple(entry, value).map(([e, v]) => new RemoveValue(e, v)),
    entry.map((e) => new RemoveAll(e)),
    fc.constantFrom(...TOPICS).map((t) => new Match(t)),
    fc.constantFrom(...TOPICS).map((t) => new Match(t)),
    fc.constantFrom(...TOPICS).map((t) => new Match(t)),
    fc.constant(new Clear()),
  ],
  { maxCommands: 80 },
);

describe('interleaved add/remove/match/clear agree with a naive model', () => {
  for (const cacheSize of [2, 0, undefined]) {
    test.prop([commands], { numRuns: 1000 })(
      `cacheSize ${String(cacheSize)}`,
      (cmds) => {
        const real = new TopicMatcher<unknown>(cacheSize === undefined ? {} : { cacheSize });
        fc.modelRun(() => ({ model: { registrations: [] }, real }), cmds);
        // Drain: after removing every registration the index is empty again.
        for (const e of POOL) real.remove(e.pattern);
        expect(real.size).toBe(0);
        expect(real.stats().trieNodes).toBe(1);
        for (const topic of TOPICS) expect(real.match(topic)).toEqual([]);
      },
      60_000,
    );
  }
});
