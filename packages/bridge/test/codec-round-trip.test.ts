// The default codec carries JSON values and what JSON alone loses (undefined, BigInt, Date,
// Map, Set, NaN, ±Infinity, -0), nested in any way; it refuses what it cannot carry
// faithfully, naming where it is; it refuses payloads it cannot read. A wire record's retain
// flag crosses with it.
import { Message } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { defaultCodec, fromWireRecord, toWireRecord, UnsupportedValueError } from '../src/index.js';

const catchError = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

const roundTrip = (value: unknown): unknown => {
  const payload = defaultCodec.encode({ value });
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return (defaultCodec.decode(bytes) as { value: unknown }).value;
};

describe('defaultCodec round trip', () => {
  it.each([
    ['a string', 'héllo ☃ 😀'],
    ['a number', 42.5],
    ['true', true],
    ['null', null],
    ['an object', { a: 1, b: [1, 'x', null], c: { d: {} } }],
    ['an array', [1, [2, [3]]]],
  ])('keeps %s as JSON does', (_name, value) => {
    expect(roundTrip(value)).toStrictEqual(value);
  });

  it('sends a plain JSON value with no tags', () => {
    expect(defaultCodec.encode({ value: { a: [1, 'x'] } })).toBe('{"j":{"value":{"a":[1,"x"]}}}');
  });

  it('keeps undefined: alone, as a property, as an array element, and a hole as undefined', () => {
    expect(roundTrip(undefined)).toBeUndefined();
    const object = roundTrip({ a: undefined, b: 1 }) as object;
    expect(Object.keys(object)).toEqual(['a', 'b']);
    expect(object).toStrictEqual({ a: undefined, b: 1 });
    // eslint-disable-next-line no-sparse-arrays
    expect(roundTrip([1, undefined, , 4])).toStrictEqual([1, undefined, undefined, 4]);
  });

  it('keeps BigInt, also beyond 2^53 and negative', () => {
    expect(roundTrip(2n ** 80n)).toBe(2n ** 80n);
    expect(roundTrip(-7n)).toBe(-7n);
  });

  it('keeps Date to the millisecond, and an invalid Date', () => {
    const date = new Date('2024-06-01T12:34:56.789Z');
    const back = roundTrip(date);
    expect(back).toBeInstanceOf(Date);
    expect((back as Date).getTime()).toBe(date.getTime());
    expect(Number.isNaN((roundTrip(new Date(Number.NaN)) as Date).getTime())).toBe(true);
  });

  it('keeps Map (any keys, in order) and Set, nested in each other', () => {
    const value = new Map<unknown, unknown>([
      [1n, new Set([new Date(0), undefined, 'x'])],
      [{ k: [1] }, new Map([['inner', -0]])],
      ['plain', { list: [new Set([1, 2])] }],
    ]);
    const back = roundTrip(value) as Map<unknown, unknown>;
    expect(back).toStrictEqual(value);
    expect([...back.keys()][0]).toBe(1n);
    expect(Object.is((back.get([...back.keys()][1]) as Map<string, number>).get('inner'), -0)).toBe(
      true,
    );
  });

  it('keeps NaN, Infinity, -Infinity and -0', () => {
    expect(roundTrip(Number.NaN)).toBeNaN();
    expect(roundTrip([Infinity, -Infinity])).toStrictEqual([Infinity, -Infinity]);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
  });

  it('refuses an own __proto__ key both ways, naming where it is', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "d": 1}') as object;
    expect(
      catchError(() => defaultCodec.encode({ value: { ...value, when: new Date(5) } })),
    ).toMatchObject({
      name: 'UnsupportedValueError',
      path: 'value.__proto__',
    });
    const payload = new TextEncoder().encode('{"j":{"value":{"a":[{"__proto__":1}]}}}');
    expect(catchError(() => defaultCodec.decode(payload))).toMatchObject({
      name: 'TypeError',
      message:
        'value.a[0].__proto__ is an own "__proto__" key, refused: a handler copying it with ' +
        "Object.assign or a for...in loop would set the copy's prototype",
    });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps "__proto__" as a string, and as a Map key', () => {
    const value = { text: '__proto__', map: new Map([['__proto__', 1]]) };
    expect(roundTrip(value)).toStrictEqual(value);
  });

  it('accepts objects without a prototype (they arrive as plain objects)', () => {
    const value = Object.assign(Object.create(null) as object, { a: 1 });
    expect(roundTrip(value)).toStrictEqual({ a: 1 });
  });

  it('skips symbol-keyed properties, as JSON does', () => {
    expect(roundTrip({ a: 1, [Symbol('s')]: 2 })).toStrictEqual({ a: 1 });
  });
});

describe('defaultCodec refuses what it cannot carry, naming where it is', () => {
  it.each([
    ['a function', { value: { list: [1, 2, () => 3] } }, 'value.list[2] is a function'],
    ['a symbol', { value: { s: Symbol('x') } }, 'value.s is a symbol'],
    ['a class instance', { value: { at: new URL('http://x') } }, 'value.at is an instance of URL'],
    ['a RegExp', { value: [/a/] }, 'value[0] is an instance of RegExp'],
    ['a typed array', { value: new Uint8Array(2) }, 'value is an instance of Uint8Array'],
    ['a key needing quotes', { value: { 'a b': () => 1 } }, 'value["a b"] is a function'],
    ['a Map value', { value: new Map([['k', () => 1]]) }, 'value[0][1] is a function'],
  ])('%s', (_name, record, message) => {
    const error = catchError(() => defaultCodec.encode(record));
    expect(error).toBeInstanceOf(UnsupportedValueError);
    expect(error).toMatchObject({
      name: 'UnsupportedValueError',
      code: 'ERR_SIGX_UNSUPPORTED_VALUE',
      message: `${message}, which the codec cannot encode`,
    });
  });

  it('a circular reference', () => {
    const value: Record<string, unknown> = { a: 1 };
    value['self'] = { back: value };
    expect(() => defaultCodec.encode({ value })).toThrowError(
      'value.self.back is a circular reference, which the codec cannot encode',
    );
  });

  it('but sends an object reached twice without a cycle, twice', () => {
    const shared = { x: 1 };
    expect(roundTrip([shared, shared])).toStrictEqual([{ x: 1 }, { x: 1 }]);
  });
});

describe('defaultCodec.decode refuses what is not its format', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  it.each([
    ['not JSON', 'not json', /JSON/],
    ['JSON without j', '{"value":1}', /not a sigx payload/],
    ['tags that are not an array', '{"j":1,"t":{}}', /"t" must be an array/],
    ['an unknown tag', '{"j":1,"t":[[[],"regexp"]]}', /malformed tag/],
    ['a tag path that does not exist', '{"j":{},"t":[[["a","b"],"undefined"]]}', /does not exist/],
    ['a bigint tag on a non-integer', '{"j":"1.5","t":[[[],"bigint"]]}', /a bigint tag/],
    ['a map tag on a non-pair list', '{"j":[[1]],"t":[[[],"map"]]}', /a map tag/],
  ])('%s', (_name, text, reason) => {
    expect(() => defaultCodec.decode(bytes(text))).toThrow(reason);
  });
});

describe('the retain flag of a wire record, through the default codec', () => {
  const sent = new Message({ publisherName: 'p', topic: 'state/door', value: 'open' });
  const through = (retain: boolean): { payload: string; received: unknown } => {
    const payload = defaultCodec.encode(toWireRecord(sent, 'n', 'r', 1, retain)) as string;
    const decoded = defaultCodec.decode(new TextEncoder().encode(payload));
    return { payload, received: fromWireRecord(decoded, 'state/door') };
  };

  it('crosses as true for a retained publish', () => {
    const { payload, received } = through(true);
    expect(JSON.parse(payload)).toMatchObject({ j: { retain: true } });
    expect(received).toMatchObject({
      retain: true,
      message: { topic: 'state/door', value: 'open' },
    });
  });

  it('is left out for any other publish (the record is as before the flag), and reads as false', () => {
    const { payload, received } = through(false);
    expect(Object.keys((JSON.parse(payload) as { j: object }).j)).not.toContain('retain');
    expect(received).toMatchObject({ retain: false, message: { value: 'open' } });
  });

  it('reads an undefined flag as absent, and refuses one that is not a boolean', () => {
    const record = { ...toWireRecord(sent, 'n', 'r', 1) };
    const decode = (retain: unknown): unknown =>
      fromWireRecord(
        defaultCodec.decode(
          new TextEncoder().encode(defaultCodec.encode({ ...record, retain }) as string),
        ),
        'state/door',
      );
    expect(decode(undefined)).toMatchObject({ retain: false });
    expect(decode(false)).toMatchObject({ retain: false });
    for (const retain of ['true', 1, null, {}]) {
      expect(decode(retain)).toBe('retain is not a boolean');
    }
  });
});
