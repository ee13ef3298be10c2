// The values the cross-process test sends: every kind the default codec carries, nested, and
// rebuilt by the receiver from (publisher, i) to check that it arrived intact.

/** The value of message `i` of `node`: Map, Set, Date, BigInt, undefined, -0, NaN, nested. */
export function richValue(node: string, i: number): Record<string, unknown> {
  return {
    i,
    node,
    at: new Date(Date.UTC(2024, 1, 29, 12) + i),
    invalidDate: new Date(Number.NaN),
    big: 2n ** 70n + BigInt(i),
    negativeBig: -BigInt(i),
    map: new Map<unknown, unknown>([
      ['text', `m${i}`],
      [i, new Set([node, i])],
      [new Date(i), { nested: [i] }],
    ]),
    set: new Set<unknown>([i, `s${i}`, undefined, new Map([[1n, -0]])]),
    nothing: undefined,
    negativeZero: -0,
    nan: Number.NaN,
    infinities: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
    list: [1, undefined, null, -0, { deep: new Map([['d', new Date(-1)]]) }],
    text: `é ☃ 😀 "quoted" \\ ${'\u0000'}`,
    empty: {},
  };
}
