/**
 * Scenario 15: the wire codec of `@sigx/redis`. Its `defaultCodec` is hand-written (JSON plus
 * tagged paths for `undefined`, `BigInt`, `Date`, `Map`, `Set`, `NaN`, `±Infinity` and `-0`);
 * this scenario measures it against msgpackr (MessagePack with its structured-clone
 * extensions) and devalue on what the bridge really encodes, a wire record, and checks, by
 * running them, which guarantees each keeps: what round-trips faithfully, what it refuses,
 * and what a hostile payload in its own format does on decoding. A library that does not
 * refuse what the default codec refuses is measured again behind a guard (the default codec's
 * refusal walk, on both sides), since that is what adopting it while keeping the guarantees
 * would cost.
 */
import { Message } from '@sigx/core';
import { defaultCodec, UnsupportedValueError, type Codec } from '@sigx/redis';
import { parse as devalueParse, stringify as devalueStringify } from 'devalue';
import { isNativeAccelerationEnabled, Packr, type Options as PackrOptions } from 'msgpackr';
import { formatRatio } from '../format.js';
import { packageVersion } from '../machine.js';
import { Random } from '../random.js';
import {
  scenarioResult,
  timedRow,
  type RatioText,
  type Row,
  type TableSource,
} from '../results.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { ratioOf } from '../table.js';
import { poolSamples, sampleWithInput, timingOf, type Samples } from '../timing.js';

const BASELINE = 'defaultCodec';
const JSON_NAME = 'JSON (lossy)';
const MSGPACKR = 'msgpackr';
const MSGPACKR_RECORDS = 'msgpackr records';
const MSGPACKR_MORE_TYPES = 'msgpackr moreTypes';
const DEVALUE = 'devalue';
const GUARD = 'guard + ';
/** What the issue asks about: the brief's `Packr` options. */
const MSGPACKR_OPTIONS: PackrOptions = { structuredClone: true, useRecords: false };
/** msgpackr's default record extension, which keeps `Map` apart from plain objects. */
const MSGPACKR_RECORDS_OPTIONS: PackrOptions = { structuredClone: true };
/** Distinct payloads each decode measurement cycles through (each decoded from a fresh copy). */
const POOL = 64;
/** A bridge's run id is 24 hex digits. */
const RUN_ID = '5f0c8e1a9b7d4c2e6a3f1b09';
/** 2023-11-14T22:13:20Z, the clock of the rich value. */
const T0 = 1_700_000_000_000;
/** Devices in the large value: about 10 kB as the default codec writes it. */
const DEVICES = 24;
const OPERATIONS = ['encode', 'decode', 'round trip'] as const;
type Operation = (typeof OPERATIONS)[number];

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** One codec measured: a new sender and receiver each time it is made. */
interface Contender {
  readonly name: string;
  /** What it is, for the notes. */
  readonly about: string;
  /**
   * A new sender and receiver: separate instances (two processes), so that nothing one learnt
   * while encoding helps the other decode.
   */
  make(): Codec;
  /**
   * A payload a hostile sender could write in the contender's format, or `null` where the
   * format cannot say it.
   */
  hostile(kind: HostileKind): Uint8Array | null;
}

/** The wire form of a payload: a string goes out as its UTF-8 bytes. */
function bytesOf(payload: string | Uint8Array): Uint8Array {
  return typeof payload === 'string' ? textEncoder.encode(payload) : payload;
}

// ---------------------------------------------------------------------------------------------
// The contenders

const PROTO_JSON = '{"__proto__":{"polluted":1},"value":{"__proto__":{"polluted":2}}}';
const HOSTILE_KINDS = ['__proto__ keys', 'a cycle', 'a RegExp'] as const;
type HostileKind = (typeof HOSTILE_KINDS)[number];

/** What a hostile sender's own encoder would write: the library's, with no check in front. */
function hostileValue(kind: HostileKind): unknown {
  switch (kind) {
    case '__proto__ keys':
      return JSON.parse(PROTO_JSON) as unknown;
    case 'a cycle': {
      const cycle: Record<string, unknown> = { a: 1 };
      cycle['self'] = cycle;
      return { value: cycle };
    }
    case 'a RegExp':
      return { value: /(a+)+$/ };
  }
}

const jsonContender: Contender = {
  name: JSON_NAME,
  about:
    "`JSON.stringify` / `JSON.parse` (TextDecoder), as scenario 9's bare ioredis baseline sends: the floor of a text codec, which loses `undefined`, `Date`, `Map`, `Set`, `NaN` and `-0` and throws on `BigInt`",
  make: () => ({
    encode: (record) => JSON.stringify(record),
    decode: (payload) => JSON.parse(textDecoder.decode(payload)) as unknown,
  }),
  hostile: (kind) => (kind === '__proto__ keys' ? textEncoder.encode(PROTO_JSON) : null),
};

const defaultContender: Contender = {
  name: BASELINE,
  about:
    '`defaultCodec` of `@sigx/redis` (as built): JSON text `{"j": tree, "t": tagged paths}`, a walk that refuses what it cannot carry',
  make: () => defaultCodec,
  // Its format has no tag for a cycle or a RegExp: the attempts use one it does not know.
  hostile: (kind) =>
    textEncoder.encode(
      kind === '__proto__ keys'
        ? `{"j":${PROTO_JSON}}`
        : kind === 'a cycle'
          ? '{"j":{"value":{"a":1,"self":null}},"t":[[["value","self"],"ref"]]}'
          : '{"j":{"value":"(a+)+$"},"t":[[["value"],"regexp"]]}',
    ),
};

function msgpackrContender(name: string, options: PackrOptions, about: string): Contender {
  return {
    name,
    about,
    make: () => {
      // Packr writes its defaults into the options object: each instance gets its own copy.
      const sender = new Packr({ ...options });
      const receiver = new Packr({ ...options });
      return {
        encode: (record) => sender.pack(record),
        decode: (payload) => receiver.unpack(payload) as unknown,
      };
    },
    hostile: (kind) => {
      // A hostile sender writes whatever this decoder reads: the bytes of its own encoder, or
      // else those of the record encoder (every msgpackr decoder reads records), which writes
      // a cycle that the map encoder writes unreadably.
      const value = hostileValue(kind);
      const candidates: Uint8Array[] = [];
      for (const encoderOptions of [options, MSGPACKR_RECORDS_OPTIONS]) {
        try {
          candidates.push(new Packr({ ...encoderOptions }).pack(value));
        } catch {
          // this encoder cannot write it
        }
      }
      const readable = candidates.find((payload) => {
        try {
          new Packr({ ...options }).unpack(payload);
          return true;
        } catch {
          return false;
        }
      });
      return readable ?? candidates[0] ?? null;
    },
  };
}

const devalueContender: Contender = {
  name: DEVALUE,
  about:
    'devalue `stringify` / `parse` (TextDecoder on the bytes): JSON text of a flat array of values, references by index',
  make: () => ({
    encode: (record) => devalueStringify(record),
    decode: (payload) => devalueParse(textDecoder.decode(payload)) as unknown,
  }),
  hostile: (kind) =>
    textEncoder.encode(
      kind === '__proto__ keys'
        ? '[{"__proto__":1,"value":2},{"polluted":3},{"__proto__":4},1,{"polluted":5},2]'
        : kind === 'a cycle'
          ? '[{"value":1},{"a":2,"self":1},1]'
          : '[{"value":1},["RegExp","(a+)+$"]]',
    ),
};

/**
 * The contender behind the guard: {@link guard} on the record before `encode` and on what
 * `decode` returns, so that what the default codec refuses is refused (with its error) and a
 * hostile payload cannot hand a handler a type or a cycle the default codec never delivers.
 */
function guarded(base: Contender): Contender {
  return {
    name: `${GUARD}${base.name}`,
    about: `${base.name} behind the guard`,
    make: () => {
      const codec = base.make();
      return {
        encode: (record) => {
          guard(record);
          return codec.encode(record);
        },
        decode: (payload) => {
          const record = codec.decode(payload);
          guard(record);
          return record;
        },
      };
    },
    hostile: (kind) => base.hostile(kind),
  };
}

/**
 * The default codec's refusals as a walk of their own: throws {@link UnsupportedValueError}
 * (with the path) for a function, a symbol, a circular reference, an object other than a plain
 * one, an array, a `Date`, a `Map` or a `Set`, and an own `__proto__` key.
 */
function guard(value: unknown): void {
  guardNode(value, [], new Set());
}

function guardNode(value: unknown, path: (string | number)[], stack: Set<object>): void {
  switch (typeof value) {
    case 'function':
      throw new UnsupportedValueError(pathText(path), 'a function');
    case 'symbol':
      throw new UnsupportedValueError(pathText(path), 'a symbol');
    case 'object':
      if (value === null) return;
      break;
    default:
      return;
  }
  if (stack.has(value)) throw new UnsupportedValueError(pathText(path), 'a circular reference');
  stack.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      path.push(index);
      guardNode(value[index], path, stack);
      path.pop();
    }
  } else if (value instanceof Map) {
    let index = 0;
    for (const [key, entry] of value) {
      path.push(index, 0);
      guardNode(key, path, stack);
      path[path.length - 1] = 1;
      guardNode(entry, path, stack);
      path.length -= 2;
      index += 1;
    }
  } else if (value instanceof Set) {
    let index = 0;
    for (const item of value) {
      path.push(index);
      guardNode(item, path, stack);
      path.pop();
      index += 1;
    }
  } else if (!(value instanceof Date)) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw new UnsupportedValueError(pathText(path), 'an instance of a class');
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') {
        throw new UnsupportedValueError(pathText([...path, key]), 'an own "__proto__" key');
      }
      path.push(key);
      guardNode((value as Record<string, unknown>)[key], path, stack);
      path.pop();
    }
  }
  stack.delete(value);
}

/** `value.items[2]`; the root is `(root)`. */
function pathText(path: readonly (string | number)[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text === '' ? '(root)' : text;
}

// ---------------------------------------------------------------------------------------------
// The values

/**
 * The record the bridge would encode for a message of `value`, its `seq`-th: the shape of
 * `toWireRecord` (`packages/redis/src/wire-record.ts`, not exported), from a real `Message`.
 */
function wireRecord(value: unknown, seq: number): Record<string, unknown> {
  const message = new Message({ publisherName: 'bench', topic: 'bench/run', value });
  const created = message.created.getTime();
  return {
    v: 1,
    node: 'bench-sender',
    run: RUN_ID,
    seq,
    topic: message.topic,
    publisherName: message.publisherName,
    messageId: message.messageId,
    created: Number.isNaN(created) ? null : created,
    value: message.value,
    previousValue: message.previousValue,
  };
}

const now = (): number => performance.timeOrigin + performance.now();

/** A value of a few hundred bytes with every special value the default codec carries, nested. */
function richValue(n: number): Record<string, unknown> {
  return {
    id: BigInt(n) * 1_000_003n,
    huge: 2n ** 70n + BigInt(n),
    at: new Date(T0 + n),
    expires: new Date(Number.NaN),
    note: undefined,
    zero: -0,
    ratio: Number.NaN,
    limits: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -0, undefined],
    tags: new Set(['kitchen', 'north', `batch-${n % 7}`]),
    rooms: new Map<unknown, unknown>([
      ['kitchen', { temp: 21.5, seen: new Date(T0 - n), alarm: undefined }],
      ['hall', { temp: -0, seen: new Date(T0 + 1_000), alarm: false }],
      [7, new Set([1n, 2n, BigInt(n)])],
    ]),
    history: [
      { at: new Date(T0 - 60_000), value: 1.5, flags: new Set<string>() },
      { at: new Date(T0 - 30_000), value: Number.NaN, flags: new Set(['stale']) },
    ],
    meta: { owner: 'ops', nested: new Map([[new Date(0), [undefined, null, -0]]]) },
  };
}

const SITES = ['north', 'south', 'east', 'west', 'harbour', 'airport'] as const;
const KINDS = ['pump', 'valve', 'meter', 'sensor', 'gateway'] as const;
const METRICS = ['temperature', 'humidity', 'pressure', 'flow'] as const;
const UNITS = ['°C', '%', 'hPa', 'l/min'] as const;

/** About 10 kB of plain objects, arrays, strings, numbers and booleans: a page of devices. */
function largeValue(n: number, seed: number): Record<string, unknown> {
  const random = new Random(seed + n);
  const devices: Record<string, unknown>[] = [];
  for (let d = 0; d < DEVICES; d += 1) {
    const site = random.pick(SITES);
    devices.push({
      id: `dev-${String(d + 1_000 * (n % 100)).padStart(6, '0')}`,
      name: `${site} ${random.pick(KINDS)} ${d}`,
      online: random.next() < 0.8,
      firmware: `4.${random.int(10)}.${random.int(100)}`,
      tags: [site, random.pick(KINDS), random.next() < 0.3 ? 'critical' : 'normal'],
      location: {
        site,
        floor: random.int(12),
        lat: Math.round((48 + random.next()) * 1e6) / 1e6,
        lon: Math.round((2 + random.next()) * 1e6) / 1e6,
      },
      readings: METRICS.map((metric, k) => ({
        metric,
        value: Math.round(random.next() * 10_000) / 100,
        unit: UNITS[k]!,
        at: T0 + n * 1_000 + k,
      })),
    });
  }
  return { fleet: 'fleet-7', page: n, total: DEVICES * 40, devices };
}

/** A value shape that is timed: fresh records of it, wrapped as the bridge sends them. */
interface Shape {
  readonly name: string;
  /** The `n`-th record: a new object each time. */
  make(n: number): Record<string, unknown>;
}

function shapesOf(seed: number): readonly Shape[] {
  return [
    {
      name: 'wire record',
      make: (n) => wireRecord({ i: n, sentAt: now() }, n),
    },
    { name: 'rich', make: (n) => wireRecord(richValue(n), n) },
    { name: 'large', make: (n) => wireRecord(largeValue(n, seed), n) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Deep equality, faithful to the last bit: -0, NaN, absent vs undefined, Map and Set order

/**
 * Where `actual` first differs from `expected`.
 * @returns `null` when they are equal, or `path: expected → actual`.
 */
function difference(
  expected: unknown,
  actual: unknown,
  path: (string | number)[] = [],
  seen = new Map<object, unknown>(),
): string | null {
  const here = (what: string): string => `${pathText(path)}: ${what}`;
  if (typeof expected !== 'object' || expected === null) {
    return Object.is(expected, actual) ? null : here(`${describe(expected)} → ${describe(actual)}`);
  }
  if (typeof actual !== 'object' || actual === null) {
    return here(`${describe(expected)} → ${describe(actual)}`);
  }
  if (seen.has(expected)) {
    return seen.get(expected) === actual ? null : here('a cycle → no cycle');
  }
  seen.set(expected, actual);
  if (Object.getPrototypeOf(expected) !== Object.getPrototypeOf(actual)) {
    return here(`${describe(expected)} → ${describe(actual)}`);
  }
  const inner = (e: unknown, a: unknown, ...steps: (string | number)[]): string | null =>
    difference(e, a, [...path, ...steps], seen);
  const step = (key: string): string | number => (Array.isArray(expected) ? Number(key) : key);
  if (expected instanceof Date) {
    const [e, a] = [expected.getTime(), (actual as Date).getTime()];
    return Object.is(e, a) ? null : here(`Date ${e} → Date ${a}`);
  }
  if (expected instanceof RegExp) {
    const a = actual as RegExp;
    return expected.source === a.source && expected.flags === a.flags
      ? null
      : here(`${String(expected)} → ${String(a)}`);
  }
  if (ArrayBuffer.isView(expected)) {
    const bytes = (view: ArrayBufferView): Buffer =>
      Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    return bytes(expected).equals(bytes(actual as ArrayBufferView)) ? null : here('other bytes');
  }
  if (expected instanceof Map || expected instanceof Set) {
    const e = [...expected.entries()];
    const a = [...(actual as Map<unknown, unknown> | Set<unknown>).entries()];
    if (e.length !== a.length) return here(`${e.length} entries → ${a.length}`);
    for (let index = 0; index < e.length; index += 1) {
      const [ek, ev] = e[index] as [unknown, unknown];
      const [ak, av] = a[index] as [unknown, unknown];
      const found = inner(ek, ak, index, 0) ?? inner(ev, av, index, 1);
      if (found !== null) return found;
    }
    return null;
  }
  if (expected instanceof Error) {
    const a = actual as Error;
    if (expected.message !== a.message || expected.name !== a.name) {
      return here(`${expected.name}: ${expected.message} → ${a.name}: ${a.message}`);
    }
    const cause = inner(expected.cause, a.cause, 'cause');
    if (cause !== null) return cause;
  }
  const eKeys = Object.keys(expected);
  const aKeys = Object.keys(actual);
  for (const key of eKeys) {
    if (!Object.hasOwn(actual, key)) {
      return difference(
        (expected as Record<string, unknown>)[key],
        ABSENT,
        [...path, step(key)],
        seen,
      );
    }
  }
  for (const key of aKeys) {
    if (!Object.hasOwn(expected, key)) return here(`no ${JSON.stringify(key)} → one`);
  }
  if (eKeys.join('\u0000') !== aKeys.join('\u0000')) return here('keys reordered');
  for (const key of eKeys) {
    const found = inner(
      (expected as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      step(key),
    );
    if (found !== null) return found;
  }
  return null;
}

/** Stands for a property that is not there. */
const ABSENT: unique symbol = Symbol('absent');

function describe(value: unknown): string {
  if (value === ABSENT) return 'absent';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value.length > 12 ? `${value.slice(0, 12)}…` : value);
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'object': {
      if (value === null) return 'null';
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype === null) return 'Object(null)';
      if (prototype === Object.prototype) return 'Object';
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      return typeof name === 'string' ? name : 'an object';
    }
    default:
      return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Correctness: computed by running every contender on every case

/** A class, to send an instance of. */
class Reading {
  readonly celsius: number;
  constructor(celsius: number) {
    this.celsius = celsius;
  }
  /** @returns the reading in Fahrenheit. */
  fahrenheit(): number {
    return (this.celsius * 9) / 5 + 32;
  }
}

/** Values that must round-trip faithfully: each the `value` of a wire record. */
function faithfulCases(seed: number): readonly (readonly [string, () => unknown])[] {
  return [
    ['scenario 9 message', () => ({ i: 7, sentAt: T0 + 0.125 })],
    ['scenario 9 end marker', () => ({ i: -1, sentAt: T0 + 0.5, count: 20_000 })],
    ['-0', () => ({ zero: -0, list: [-0, 0] })],
    ['NaN, ±Infinity', () => ({ nan: Number.NaN, limits: [Infinity, -Infinity] })],
    ['undefined properties', () => ({ a: undefined, list: [undefined, 1], b: 2 })],
    [
      'Map (string keys)',
      () =>
        new Map([
          ['b', 1],
          ['a', 2],
        ]),
    ],
    [
      'Map (any keys, order)',
      () =>
        new Map<unknown, unknown>([
          ['b', 1],
          ['a', 2],
          [3, 'three'],
          [{ k: 1 }, 'object key'],
          [true, new Map([[null, 'nested']])],
        ]),
    ],
    ['Set (order)', () => new Set<unknown>(['b', 'a', 3, 'c', { k: 1 }])],
    ['BigInt', () => [0n, -5n, 2n ** 80n, -(2n ** 64n)]],
    ['Date', () => [new Date(T0 + 123), new Date(-1)]],
    ['invalid Date', () => ({ expires: new Date(Number.NaN) })],
    ['the rich value', () => richValue(3)],
    ['the large value', () => largeValue(3, seed)],
  ];
}

/** Values that the default codec refuses: each as `value.x` of a wire record. */
const REFUSED_CASES: readonly (readonly [string, () => unknown])[] = [
  ['function', () => () => 1],
  ['symbol', () => Symbol('s')],
  ['class instance', () => new Reading(21.5)],
  ['RegExp', () => /(?<unit>[a-z]+)\d/giu],
  ['Uint8Array', () => new Uint8Array([1, 2, 3])],
  [
    'circular object',
    () => {
      const node: Record<string, unknown> = { name: 'loop' };
      node['self'] = node;
      return node;
    },
  ],
  ['Error', () => Object.assign(new Error('boom', { cause: 'disk' }), { code: 'E_BOOM' })],
  ['boxed primitive', () => new Number(3)],
  ['own __proto__ key', () => JSON.parse('{"__proto__":{"polluted":1}}') as unknown],
];

type Verdict = 'pass' | 'fail' | 'differs';
interface Cell {
  readonly text: string;
  readonly verdict: Verdict;
}

/** The correctness table of one contender. */
interface Correctness {
  readonly faithful: readonly Cell[];
  readonly refused: readonly Cell[];
  readonly hostile: readonly Cell[];
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** `TypeError "Do not know how to…"`. */
function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${errorName(error)} "${message.length > 24 ? `${message.slice(0, 24)}…` : message}"`;
}

function roundTripCell(contender: Contender, value: unknown): Cell {
  const sender = contender.make();
  const receiver = contender.make();
  const record = wireRecord(value, 1);
  let payload: string | Uint8Array;
  try {
    payload = sender.encode(record);
  } catch (error) {
    return { text: `✗ throws ${errorText(error)}`, verdict: 'fail' };
  }
  let decoded: unknown;
  try {
    decoded = receiver.decode(bytesOf(payload));
  } catch (error) {
    return { text: `✗ decode throws ${errorText(error)}`, verdict: 'fail' };
  }
  const found = difference(record, decoded);
  return found === null ? { text: '✓', verdict: 'pass' } : { text: `✗ ${found}`, verdict: 'fail' };
}

function refusalCell(contender: Contender, value: unknown): Cell {
  const sender = contender.make();
  const receiver = contender.make();
  const record = wireRecord({ x: value }, 1);
  let payload: string | Uint8Array;
  try {
    payload = sender.encode(record);
  } catch (error) {
    return { text: `✓ refuses (${errorName(error)})`, verdict: 'pass' };
  }
  let decoded: unknown;
  try {
    decoded = receiver.decode(bytesOf(payload));
  } catch (error) {
    return { text: `✓ decode refuses (${errorName(error)})`, verdict: 'pass' };
  }
  const found = difference(record, decoded);
  return found === null
    ? { text: '~ carries it', verdict: 'differs' }
    : { text: `✗ alters ${found.replace(/^value\.x: /, '')}`, verdict: 'fail' };
}

function hostileCell(contender: Contender, kind: HostileKind): Cell {
  const payload = contender.hostile(kind);
  if (payload === null) return { text: '✓ cannot be written', verdict: 'pass' };
  const receiver = contender.make();
  let decoded: unknown;
  let refusal: unknown = null;
  try {
    decoded = receiver.decode(payload);
  } catch (error) {
    refusal = error ?? 'thrown';
  }
  // Read, then undone, so that the rest of the run does not inherit it.
  const polluted = Object.hasOwn(Object.prototype, 'polluted');
  if (polluted) delete (Object.prototype as Record<string, unknown>)['polluted'];
  if (polluted) return { text: '✗ pollutes Object.prototype', verdict: 'fail' };
  if (refusal !== null) return { text: `✓ refused (${errorName(refusal)})`, verdict: 'pass' };
  const root = decoded as Record<string, unknown> | null;
  const value = typeof root === 'object' && root !== null ? root['value'] : undefined;
  if (kind === '__proto__ keys') {
    for (const node of [root, value]) {
      if (typeof node !== 'object' || node === null) continue;
      const prototype: unknown = Object.getPrototypeOf(node);
      if (prototype !== Object.prototype && prototype !== null && !(node instanceof Map)) {
        return { text: '✗ sets a prototype', verdict: 'fail' };
      }
      if (Object.hasOwn(node, '__proto__')) {
        return { text: '✗ own __proto__ key', verdict: 'fail' };
      }
    }
    const renamed = [root, value].some(
      (node) => typeof node === 'object' && node !== null && Object.hasOwn(node, '__proto_'),
    );
    return { text: renamed ? '✓ harmless (key renamed)' : '✓ harmless', verdict: 'pass' };
  }
  if (kind === 'a cycle') {
    return difference(value, acyclicCopy(value)) === null
      ? { text: '✓ harmless', verdict: 'pass' }
      : { text: '✗ delivers a cycle', verdict: 'fail' };
  }
  return value instanceof RegExp
    ? { text: '✗ delivers a RegExp', verdict: 'fail' }
    : { text: '✓ harmless', verdict: 'pass' };
}

/**
 * A tree copy that does not follow cycles (a repeated object becomes `null`): equal to the
 * value exactly when the value has no cycle.
 */
function acyclicCopy(value: unknown, stack = new Set<object>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (stack.has(value)) return null;
  stack.add(value);
  let copy: unknown = value;
  if (Array.isArray(value)) copy = value.map((item) => acyclicCopy(item, stack));
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    copy = Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, acyclicCopy(item, stack)]),
    );
  }
  stack.delete(value);
  return copy;
}

function correctnessOf(contender: Contender, seed: number): Correctness {
  return {
    faithful: faithfulCases(seed).map(([, make]) => roundTripCell(contender, make())),
    refused: REFUSED_CASES.map(([, make]) => refusalCell(contender, make())),
    hostile: HOSTILE_KINDS.map((kind) => hostileCell(contender, kind)),
  };
}

/** Whether a contender keeps every guarantee of the default codec. */
function keepsEverything(correctness: Correctness): boolean {
  return [...correctness.faithful, ...correctness.refused, ...correctness.hostile].every(
    (cell) => cell.verdict === 'pass',
  );
}

/** Whether it would need the guard: it lets through what the default codec refuses. */
function needsGuard(correctness: Correctness): boolean {
  return [...correctness.refused, ...correctness.hostile].some((cell) => cell.verdict !== 'pass');
}

function count(cells: readonly Cell[]): string {
  return `${cells.filter((cell) => cell.verdict === 'pass').length}/${cells.length}`;
}

/** The correctness table: a line per case, a column per contender. */
function correctnessTable(
  contenders: readonly Contender[],
  results: ReadonlyMap<string, Correctness>,
  seed: number,
): string[][] {
  const lines: string[][] = [['case', ...contenders.map((contender) => contender.name)]];
  const section = (
    label: string,
    names: readonly string[],
    pick: (correctness: Correctness) => readonly Cell[],
  ): void => {
    names.forEach((name, index) => {
      lines.push([
        `${label}: ${name}`,
        ...contenders.map((contender) => pick(results.get(contender.name)!)[index]!.text),
      ]);
    });
  };
  section(
    'round-trips',
    faithfulCases(seed).map(([name]) => name),
    (c) => c.faithful,
  );
  section(
    'refuses',
    REFUSED_CASES.map(([name]) => name),
    (c) => c.refused,
  );
  section('hostile payload', HOSTILE_KINDS, (c) => c.hostile);
  lines.push([
    'keeps every guarantee',
    ...contenders.map((contender) =>
      keepsEverything(results.get(contender.name)!) ? 'yes' : 'no',
    ),
  ]);
  return lines;
}

function terminalText(lines: readonly string[][]): string {
  const widths = lines[0]!.map((_, column) =>
    Math.max(...lines.map((cells) => [...(cells[column] ?? '')].length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length))
      .join('  ')
      .trimEnd();
  return [
    line(lines[0]!),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...lines.slice(1).map(line),
  ].join('\n');
}

function markdownText(lines: readonly string[][]): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(lines[0]!), line(lines[0]!.map(() => '---')), ...lines.slice(1).map(line)].join(
    '\n',
  );
}

// ---------------------------------------------------------------------------------------------
// Timing

/** What one contender's payloads of one shape are. */
interface Payloads {
  /** Fresh copies of these are decoded. */
  readonly pool: readonly Uint8Array[];
  /** Mean bytes over the pool. */
  readonly bytes: number;
  /** `null`, or where a round trip of the shape differs. */
  readonly differs: string | null;
}

function payloadsOf(contender: Contender, codec: Codec, records: readonly unknown[]): Payloads {
  const pool = records.map((record) => bytesOf(codec.encode(record)));
  const receiver = contender.make();
  const differs = difference(records[0], receiver.decode(pool[0]!));
  const bytes = pool.reduce((sum, payload) => sum + payload.byteLength, 0) / pool.length;
  return { pool, bytes, differs };
}

async function timeOne(
  context: ScenarioContext,
  codec: Codec,
  shape: Shape,
  operation: Operation,
  pool: readonly Uint8Array[],
): Promise<Samples> {
  let n = 1_000;
  let k = 0;
  const fresh = (): Record<string, unknown> => shape.make((n += 1));
  if (operation === 'encode') {
    return sampleWithInput((record) => codec.encode(record), fresh, context.budget);
  }
  if (operation === 'decode') {
    return sampleWithInput(
      (payload: Uint8Array) => codec.decode(payload),
      // A new Buffer per decode, as Redis delivers one per message.
      () => Buffer.from(pool[(k += 1) % pool.length]!),
      context.budget,
    );
  }
  return sampleWithInput(
    (record) => codec.decode(bytesOf(codec.encode(record))),
    fresh,
    context.budget,
  );
}

/** The record a contender's long-lived sender encodes must decode the same in a new receiver. */
function checkFreshReceiver(
  contender: Contender,
  codec: Codec,
  shape: Shape,
  differs: string | null,
): void {
  const record = shape.make(99);
  const found = difference(record, contender.make().decode(bytesOf(codec.encode(record))));
  if ((found === null) !== (differs === null)) {
    throw new Error(
      `bench: after timing, ${contender.name}'s ${shape.name} decodes differently in a new receiver (${found ?? 'now equal'})`,
    );
  }
}

/** 15. The wire codec: the default one against msgpackr and devalue. */
export const codecs: Scenario = {
  id: '15-codecs',
  title: 'Wire codecs',
  question:
    "How fast do `@sigx/redis`'s hand-written `defaultCodec`, msgpackr (structured clone) and " +
    'devalue encode and decode the records the bridge sends (encode, decode, round trip, payload ' +
    'bytes), and which of them keep its guarantees: faithful round trips, refusal of what ' +
    'cannot cross faithfully, harmless hostile payloads?',
  async run(context) {
    const shapes = shapesOf(context.seed);
    const libraries: Contender[] = [
      msgpackrContender(
        MSGPACKR,
        MSGPACKR_OPTIONS,
        'msgpackr `new Packr({ structuredClone: true, useRecords: false })`: MessagePack maps',
      ),
      msgpackrContender(
        MSGPACKR_RECORDS,
        MSGPACKR_RECORDS_OPTIONS,
        'msgpackr `new Packr({ structuredClone: true })`: its record extension (the default), whose record definitions travel in each message (a new receiver decodes any message, checked), and which keeps `Map` apart from objects',
      ),
      devalueContender,
    ];
    // `moreTypes` is implied by `structuredClone`: a contender of its own only if it differs.
    const moreTypes = msgpackrContender(
      MSGPACKR_MORE_TYPES,
      { ...MSGPACKR_OPTIONS, moreTypes: true },
      'msgpackr `new Packr({ structuredClone: true, useRecords: false, moreTypes: true })`',
    );
    const probes = [
      ...shapes.map((shape) => shape.make(0)),
      ...faithfulCases(context.seed).map(([, make]) => wireRecord(make(), 0)),
    ];
    const sameBytes = probes.every((probe) =>
      Buffer.from(bytesOf(libraries[0]!.make().encode(probe))).equals(
        Buffer.from(bytesOf(moreTypes.make().encode(probe))),
      ),
    );
    if (!sameBytes) libraries.splice(1, 0, moreTypes);

    context.log('  correctness: every contender on every case');
    const results = new Map<string, Correctness>();
    const contenders: Contender[] = [defaultContender, jsonContender, ...libraries];
    for (const contender of contenders) {
      results.set(contender.name, correctnessOf(contender, context.seed));
    }
    // A library that lets through what the default codec refuses is measured behind the guard.
    for (const library of libraries) {
      if (!needsGuard(results.get(library.name)!)) continue;
      const withGuard = guarded(library);
      contenders.push(withGuard);
      results.set(withGuard.name, correctnessOf(withGuard, context.seed));
    }
    const table = correctnessTable(contenders, results, context.seed);
    context.log(
      `\n  correctness (computed, each case run through each codec):\n${terminalText(table)}\n`,
    );

    const rows: Row[] = [];
    const skipped: string[] = [];
    const bytesOfShape = new Map<string, Map<string, Payloads>>();
    const codecOf = new Map(contenders.map((contender) => [contender.name, contender.make()]));
    for (const shape of shapes) {
      const records = Array.from({ length: POOL }, (_, index) => shape.make(index));
      const payloads = new Map<string, Payloads>();
      for (const contender of contenders) {
        try {
          payloads.set(
            contender.name,
            payloadsOf(contender, codecOf.get(contender.name)!, records),
          );
        } catch (error) {
          skipped.push(`${contender.name} on the ${shape.name} value (${errorText(error)})`);
        }
      }
      bytesOfShape.set(shape.name, payloads);
      const size = Math.round(payloads.get(BASELINE)!.bytes);
      for (const operation of OPERATIONS) {
        const series = `${shape.name} · ${operation}`;
        const timed = contenders.filter((contender) => payloads.has(contender.name));
        // In order, then in reverse order, the two passes pooled: whoever runs first or last
        // in a series (the JIT, the GC, the machine's other work) is not always the same.
        const passes = new Map<string, Samples[]>();
        const order = context.quick ? timed : [...timed, ...[...timed].reverse()];
        for (const contender of order) {
          context.log(`  timing ${contender.name} (${series})`);
          const codec = codecOf.get(contender.name)!;
          const pool = payloads.get(contender.name)!.pool;
          const samples = await timeOne(context, codec, shape, operation, pool);
          passes.set(contender.name, [...(passes.get(contender.name) ?? []), samples]);
        }
        for (const contender of timed) {
          const measured = payloads.get(contender.name)!;
          const timing = timingOf(poolSamples(passes.get(contender.name)!));
          const facts: Record<string, number | string> = {};
          if (operation === 'encode') {
            facts['payload bytes'] = Math.round(measured.bytes);
            facts[`payload × ${BASELINE}`] = measured.bytes / payloads.get(BASELINE)!.bytes;
          }
          if (operation === 'round trip') {
            facts['round trip'] =
              measured.differs === null ? 'faithful' : `differs, ${measured.differs}`;
            if (shape.name === 'wire record') {
              const correctness = results.get(contender.name)!;
              facts['guarantees'] =
                `${count(correctness.faithful)} faithful, ${count(correctness.refused)} refused, ` +
                `${count(correctness.hostile)} hostile harmless`;
            }
          }
          rows.push(timedRow(series, contender.name, size, timing, facts));
        }
      }
      for (const contender of contenders) {
        const measured = payloads.get(contender.name);
        if (measured === undefined) continue;
        checkFreshReceiver(contender, codecOf.get(contender.name)!, shape, measured.differs);
      }
    }
    const wireSize = Math.round(bytesOfShape.get('wire record')!.get(BASELINE)!.bytes);
    return scenarioResult(this, {
      operation: 'operation',
      sizeLabel: `${BASELINE} bytes`,
      subject: BASELINE,
      baseline: BASELINE,
      rows,
      notes: [
        `Contenders: ${contenders.map((contender) => `**${contender.name}**, ${contender.about}`).join('; ')}. msgpackr ${packageVersion('msgpackr')} (native string extraction ${isNativeAccelerationEnabled ? 'on' : 'off'}), devalue ${packageVersion('devalue')}.`,
        `\`moreTypes: true\` ${sameBytes ? 'wrote the same bytes as `structuredClone` alone on every value here (structuredClone implies it), so it is no contender of its own' : 'wrote other bytes than `structuredClone` alone, so it is measured as a contender of its own'}.`,
        "The guard (`guard + …`) is the default codec's refusal walk on its own: it throws `UnsupportedValueError` with the path for a function, a symbol, a circular reference, an instance of a class (other than `Date`, `Map`, `Set`) and an own `__proto__` key, run on the record before `encode` and on what `decode` returns, so that a hostile payload cannot hand a handler a type or a cycle the default codec never delivers. It adds no faithfulness: what the library loses, it still loses.",
        'Every value is a wire record as the bridge builds it (`v`, `node`, `run`, `seq`, `topic`, `publisherName`, `messageId`, `created`, `value`, `previousValue`, from a real `Message`): `wire record` with the value scenario 9 sends (`{ i, sentAt }`), `rich` with a value of nested `Map`, `Set`, `Date` (one invalid), `BigInt`, `undefined`, `-0`, `NaN` and `±Infinity`, `large` with about 10 kB of plain objects, arrays and strings (24 devices).',
        `Series \`<value> · encode\`: \`encode\` of a fresh record (made outside the timed part by mitata's computed parameters, as in scenario 2); \`· decode\`: \`decode\` of a new Buffer copy (made outside the timed part) of one of ${POOL} payloads of fresh records; \`· round trip\`: \`decode(bytes(encode(record)))\` of a fresh record, where a string payload becomes its UTF-8 bytes (TextEncoder), as the socket would send it. Each series times the contenders in order and again in reverse order, and pools the two passes' samples (as scenario 4 does), so that none always runs first or last (quick runs: one pass). Each contender has one sender and one receiver, separate instances (two processes); after timing, a record its sender encodes is decoded again by a new receiver, and must decode as before, so no codec profits from state that a receiver in another process would not have.`,
        `The size column is the default codec's payload of the value, in bytes (the mean over the ${POOL} payloads); the encode rows' facts give each contender's own payload bytes and their ratio to the default codec's. The round trip rows say whether the value came back faithfully (deep equality: \`-0\`, \`NaN\`, absent vs \`undefined\` properties, \`Map\` and \`Set\` order, \`BigInt\`, \`Date\` and invalid \`Date\`, prototypes); those of the wire record sum up the correctness table below.`,
        ...(skipped.length === 0
          ? []
          : [
              `Not timed, since it cannot carry the value (its encode or decode throws): ${skipped.join('; ')}.`,
            ]),
        `Correctness, computed by running every case through every contender (a sender and a receiver each). \`round-trips\`: the value as \`value\` of a wire record must decode deep-equal. \`refuses\`: the value as \`value.x\` must be refused (a throw from \`encode\` or \`decode\`); \`carries it\` means it decoded deep-equal (it crosses, outside the default codec's contract), \`alters\` that it decoded as something else without a word. \`hostile payload\`: a payload in the contender's own format, written as a hostile sender would (the library's own encoder with nothing in front, or the text by hand; for \`defaultCodec\`, whose format has no way to say a cycle or a RegExp, the attempt uses a tag it does not know), holding \`__proto__\` keys (\`{"__proto__":{"polluted":1},"value":{"__proto__":{"polluted":2}}}\`), a cycle, or a RegExp; it must be refused or decode harmlessly (no polluted \`Object.prototype\`, no replaced prototype, no own \`__proto__\` key that \`Object.assign\` would turn into a prototype, no cycle or RegExp handed to a handler); \`cannot be written\`: the format has no way to say it.\n\n${markdownText(
          table,
        )
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n')}`,
      ],
      headlineOf: (result, ratio) =>
        headline(result, ratio, {
          wireSize,
          contenders,
          results,
          bytes: bytesOfShape.get('wire record')!,
          seed: context.seed,
        }),
    });
  },
};

/** What the headline reads: the wire record's rows, and what each contender keeps. */
interface HeadlineFacts {
  readonly wireSize: number;
  readonly contenders: readonly Contender[];
  readonly results: ReadonlyMap<string, Correctness>;
  readonly bytes: ReadonlyMap<string, Payloads>;
  readonly seed: number;
}

function headline(result: TableSource, ratio: RatioText, facts: HeadlineFacts): string {
  const { wireSize, contenders, results, bytes } = facts;
  const trip = 'wire record · round trip';
  const rate = (name: string): string => ratio(name, BASELINE, wireSize, trip);
  const about = (name: string): string =>
    `encode ${ratio(name, BASELINE, wireSize, 'wire record · encode')}, ` +
    `decode ${ratio(name, BASELINE, wireSize, 'wire record · decode')}, ` +
    `${formatRatio(bytes.get(name)!.bytes / bytes.get(BASELINE)!.bytes)} the bytes`;
  const names = faithfulCases(facts.seed).map(([name]) => name);
  const lost = (name: string): string[] =>
    results
      .get(name)!
      .faithful.flatMap((cell, index) => (cell.verdict === 'pass' ? [] : [names[index]!]));
  const guardedRates = contenders
    .filter((contender) => contender.name.startsWith(GUARD))
    .filter((contender) => !keepsEverything(results.get(contender.name)!))
    .map(
      (contender) =>
        `${contender.name} ${rate(contender.name)} (still losing ${lost(contender.name).join(', ')})`,
    );
  const keepers = contenders
    .filter((contender) => contender.name !== BASELINE)
    .filter((contender) => keepsEverything(results.get(contender.name)!))
    .sort(
      (a, b) =>
        ratioOf(result, b.name, BASELINE, wireSize, trip) -
        ratioOf(result, a.name, BASELINE, wireSize, trip),
    );
  const whole = [MSGPACKR, DEVALUE].filter((name) => keepsEverything(results.get(name)!));
  const alone =
    whole.length === 0
      ? 'neither keeping every guarantee alone'
      : `${whole.join(' and ')} keeping every guarantee alone`;
  return (
    `On scenario 9's wire record (${wireSize} B as ${BASELINE}), ${MSGPACKR} round-trips at ${rate(MSGPACKR)} ${BASELINE}'s rate (${about(MSGPACKR)}) ` +
    `and ${DEVALUE} at ${rate(DEVALUE)} (${about(DEVALUE)}), ${alone}. ` +
    `Behind the guard that restores the refusals: ${guardedRates.join(', ')}; ` +
    (keepers.length === 0
      ? `no contender keeps every guarantee of ${BASELINE}.`
      : `only ${keepers.map((keeper) => `${keeper.name} (${rate(keeper.name)})`).join(', ')} keep${keepers.length === 1 ? 's' : ''} every one.`)
  );
}
