// Property: the default codec gives back what it was given, for any nesting of JSON values,
// undefined, BigInt, Date (valid or not), Map, Set and the special numbers, with any keys
// (`__proto__` included).
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { defaultCodec } from '../src/index.js';

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
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
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
