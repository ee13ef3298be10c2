// Property: the default codec gives back what it was given, for any nesting of JSON values,
// undefined, BigInt, Date (valid or not), Map, Set and the special numbers, with any keys
// but an own `__proto__`, which it refuses (second property). A wire record, its retain flag
// and traceparent included, comes back as it was sent (third property).
import { fc, test } from '@fast-check/vitest';
import { Message } from '@sigx/core';
import { expect } from 'vitest';
import { defaultCodec, fromWireRecord, toWireRecord, UnsupportedValueError } from '../src/index.js';

const { value: arbitraryValue } = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.double(), // includes NaN, ±Infinity and -0
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    fc.date(), // includes invalid dates
  ),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('value'), { maxLength: 4 }),
    // Objects without a prototype arrive as plain objects (documented; a unit test covers it).
    fc.dictionary(
      fc.string().filter((key) => key !== '__proto__'),
      tie('value'),
      { maxKeys: 4, noNullPrototype: true },
    ),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((pairs) => new Map(pairs)),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => new Set(items)),
  ),
}));

test.prop([arbitraryValue, arbitraryValue])(
  'decode(encode(x)) equals x',
  (value, previousValue) => {
    const record = { v: 1, topic: 'a/b', value, previousValue };
    const payload = defaultCodec.encode(record);
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    expect(defaultCodec.decode(bytes)).toStrictEqual(record);
  },
);

test.prop([arbitraryValue, fc.array(fc.oneof(fc.string(), fc.nat({ max: 3 })), { maxLength: 3 })])(
  'encode refuses an own __proto__ key wherever it is, naming the path',
  (value, steps) => {
    // Puts { __proto__: value } (an own key, as JSON.parse makes) at the end of `steps`.
    let holder: unknown = Object.defineProperty({}, '__proto__', { value, enumerable: true });
    let path = '.__proto__';
    for (const step of [...steps].reverse()) {
      if (typeof step === 'number') {
        const array: unknown[] = Array.from({ length: step + 1 }, () => null);
        array[step] = holder;
        holder = array;
        path = `[${step}]${path}`;
      } else if (step !== '__proto__') {
        holder = Object.defineProperty({}, step, { value: holder, enumerable: true });
        path = /^[A-Za-z_$][\w$]*$/.test(step)
          ? `.${step}${path}`
          : `[${JSON.stringify(step)}]${path}`;
      }
    }
    let thrown: unknown;
    try {
      defaultCodec.encode({ value: holder });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnsupportedValueError);
    expect((thrown as UnsupportedValueError).path).toBe(`value${path}`);
  },
);

/** A well-formed W3C traceparent (ids not all zero), or none. */
const arbitraryTraceparent = fc.option(
  fc
    .tuple(fc.stringMatching(/^[0-9a-f]{32}$/), fc.stringMatching(/^[0-9a-f]{16}$/))
    .filter(([trace, parent]) => /[1-9a-f]/.test(trace) && /[1-9a-f]/.test(parent))
    .map(([trace, parent]) => `00-${trace}-${parent}-01`),
  { nil: undefined },
);

test.prop([arbitraryValue, fc.boolean(), arbitraryTraceparent])(
  'a wire record comes back with its message, its retain flag and its traceparent',
  (value, retain, traceparent) => {
    const sent = new Message({ publisherName: null, topic: 'a/b', value });
    const record = toWireRecord(sent, 'n', 'r', 7, retain, traceparent);
    const payload = defaultCodec.encode(record);
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    const received = fromWireRecord(defaultCodec.decode(bytes), 'a/b');
    if (typeof received === 'string') throw new Error(received);
    expect(received.retain).toBe(retain);
    expect(received.traceparent).toBe(traceparent);
    expect(Object.hasOwn(record, 'traceparent')).toBe(traceparent !== undefined);
    expect({ ...received.message }).toStrictEqual({ ...sent });
  },
);
