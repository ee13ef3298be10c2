// RegistrationSet keeps one registration inline and switches to a Map at the second: through
// every transition it must stay a set by SameValueZero, in order of addition, keeping values
// as given.
import { describe, expect, it } from 'vitest';
import { RegistrationSet } from '../src/registration-set.js';

const reg = <T>(value: T, order: number) => ({ value, order });

describe('RegistrationSet', () => {
  it('holds one value inline, then several, in order of addition', () => {
    const set = new RegistrationSet<string>();
    expect(set.size).toBe(0);
    set.add(reg('a', 0));
    expect(set.size).toBe(1);
    expect(set.get('a')).toEqual(reg('a', 0));
    expect(set.get('b')).toBeUndefined();
    set.add(reg('b', 1));
    set.add(reg('c', 2));
    expect(set.toArray().map((r) => r.value)).toEqual(['a', 'b', 'c']);
    expect(set.delete('b')).toEqual(reg('b', 1));
    expect(set.delete('b')).toBeUndefined();
    set.add(reg('d', 3));
    expect(set.toArray().map((r) => r.order)).toEqual([0, 2, 3]);
    set.clear();
    expect(set.size).toBe(0);
    expect(set.toArray()).toEqual([]);
  });

  it('compares by SameValueZero and keeps the value as given, inline and in the Map', () => {
    const inline = new RegistrationSet<number>();
    inline.add(reg(-0, 0));
    expect(inline.get(0)).toBeDefined();
    expect(Object.is(inline.toArray()[0]!.value, -0)).toBe(true);
    inline.add(reg(NaN, 1));
    expect(inline.get(NaN)).toBeDefined();
    expect(Object.is(inline.toArray()[0]!.value, -0)).toBe(true);
    expect(inline.delete(0)?.order).toBe(0);
    expect(inline.delete(NaN)?.order).toBe(1);
    expect(inline.size).toBe(0);
  });

  it('empties from the inline state', () => {
    const set = new RegistrationSet<object>();
    const value = {};
    set.add(reg(value, 7));
    expect(set.get({})).toBeUndefined();
    expect(set.delete(value)).toEqual(reg(value, 7));
    expect(set.size).toBe(0);
    expect(set.get(value)).toBeUndefined();
  });
});
