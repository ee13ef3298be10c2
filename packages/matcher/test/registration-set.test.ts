// A registration set is kept as null, one registration, or a Map from the second: through
// every transition it must stay a set by SameValueZero, in order of addition, keeping values
// as given.
import { describe, expect, it } from 'vitest';
import {
  findRegistration,
  NO_REGISTRATIONS,
  registrationCount,
  registrationList,
  withoutRegistration,
  withRegistration,
  type RegistrationSet,
} from '../src/registration-set.js';

const reg = <T>(value: T, order: number) => ({ value, order });

/** Removes a value when it is there, as the matcher does. */
function remove<T>(set: RegistrationSet<T>, value: T) {
  const found = findRegistration(set, value);
  return { found, set: found === undefined ? set : withoutRegistration(set, value) };
}

describe('registration sets', () => {
  it('hold one value as it is, then several, in order of addition', () => {
    let set: RegistrationSet<string> = NO_REGISTRATIONS;
    expect(registrationCount(set)).toBe(0);
    set = withRegistration(set, reg('a', 0));
    expect(registrationCount(set)).toBe(1);
    expect(set).toEqual(reg('a', 0)); // no wrapper for one value
    expect(findRegistration(set, 'a')).toEqual(reg('a', 0));
    expect(findRegistration(set, 'b')).toBeUndefined();
    set = withRegistration(set, reg('b', 1));
    set = withRegistration(set, reg('c', 2));
    expect(registrationList(set).map((r) => r.value)).toEqual(['a', 'b', 'c']);
    let removal = remove(set, 'b');
    expect(removal.found).toEqual(reg('b', 1));
    set = removal.set;
    removal = remove(set, 'b');
    expect(removal.found).toBeUndefined();
    set = withRegistration(removal.set, reg('d', 3));
    expect(registrationList(set).map((r) => r.order)).toEqual([0, 2, 3]);
    for (const value of ['a', 'c', 'd']) set = remove(set, value).set;
    expect(set).toBe(NO_REGISTRATIONS);
    expect(registrationList(set)).toEqual([]);
  });

  it('compare by SameValueZero and keep the value as given, alone and in the Map', () => {
    let set: RegistrationSet<number> = withRegistration(NO_REGISTRATIONS, reg(-0, 0));
    expect(findRegistration(set, 0)).toBeDefined();
    expect(Object.is(registrationList(set)[0]!.value, -0)).toBe(true);
    set = withRegistration(set, reg(NaN, 1));
    expect(findRegistration(set, NaN)).toBeDefined();
    expect(Object.is(registrationList(set)[0]!.value, -0)).toBe(true);
    expect(findRegistration(set, 0)?.order).toBe(0);
    set = withoutRegistration(set, 0);
    expect(findRegistration(set, NaN)?.order).toBe(1);
    set = withoutRegistration(set, NaN);
    expect(registrationCount(set)).toBe(0);
  });

  it('empty from the one-value state', () => {
    const value = {};
    let set: RegistrationSet<object> = withRegistration(NO_REGISTRATIONS, reg(value, 7));
    expect(findRegistration(set, {})).toBeUndefined();
    const removal = remove(set, value);
    expect(removal.found).toEqual(reg(value, 7));
    set = removal.set;
    expect(registrationCount(set)).toBe(0);
    expect(findRegistration(set, value)).toBeUndefined();
  });

  it('hold values that are Maps themselves', () => {
    const a = new Map<string, number>();
    const b = new Map<string, number>();
    let set: RegistrationSet<Map<string, number>> = withRegistration(NO_REGISTRATIONS, reg(a, 0));
    expect(registrationCount(set)).toBe(1);
    set = withRegistration(set, reg(b, 1));
    expect(registrationList(set).map((r) => r.value)).toEqual([a, b]);
    expect(findRegistration(set, b)?.order).toBe(1);
  });
});
