// Issue 14, item 5: the descriptions that error messages and the default onError's fallback
// line are made of never throw, whatever the value (test/support/hostile-values.ts), and say
// what they can: the type, the tag of an object, `name: message` of an Error.
import { describe, expect, it } from 'vitest';
import { describeThrown, describeValue } from '../src/errors.js';
import { HOSTILE_VALUES } from './support/hostile-values.js';

describe('describeValue and describeThrown', () => {
  it.each(HOSTILE_VALUES)('never throw for %s', (_name, make) => {
    const value = make();
    expect(typeof describeValue(value)).toBe('string');
    expect(typeof describeThrown(value)).toBe('string');
  });

  it('describe what they can read', () => {
    const [, revoked] = HOSTILE_VALUES.find(([name]) => name === 'a revoked Proxy')!;
    const [, stack] = HOSTILE_VALUES.find(([name]) => name.includes('stack getter'))!;
    const [, message] = HOSTILE_VALUES.find(([name]) => name.includes('message getter'))!;
    expect(describeValue(revoked())).toBe('an object that cannot be inspected');
    expect(describeValue(Object.create(null))).toBe('an object ([object Object])');
    expect(describeValue(10n)).toBe('bigint 10');
    expect(describeValue(Symbol('s'))).toBe('a symbol');
    expect(describeValue(undefined)).toBe('undefined undefined');
    expect(describeThrown(new TypeError('boom'))).toBe('TypeError: boom');
    expect(describeThrown(new Error(''))).toBe('Error');
    expect(describeThrown(stack())).toBe('Error: s');
    expect(describeThrown(message())).toBe('Error');
    expect(describeThrown('text')).toBe('"text"');
  });
});
