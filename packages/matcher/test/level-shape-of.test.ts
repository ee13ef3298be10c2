// levelShapeOf: the public view of the shape scanner, for bridges (@sigx/nats subscribes by
// levels). What it returns must agree with the pattern: every topic the shape describes is
// matched, and a pattern that is not level shaped gives null.
import { describe, expect, it } from 'vitest';
import {
  ANY_LEVEL,
  levelShapeOf,
  mqtt,
  NO_DOLLAR_LEVEL,
  NON_EMPTY_LEVEL,
  PatternSyntaxError,
} from '../src/index.js';

describe('levelShapeOf', () => {
  it('reads MQTT filters by levels', () => {
    expect(levelShapeOf(mqtt('a/+/c'))).toEqual({
      separator: '/',
      levels: ['a', ANY_LEVEL, 'c'],
      end: 'exact',
    });
    expect(levelShapeOf(mqtt('a/#'))?.end).toBe('self-or-descendants');
    expect(levelShapeOf(mqtt('+/x'))?.levels[0]).toBe(NO_DOLLAR_LEVEL);
  });

  it('reads prefixes of whole levels and raw level wildcards', () => {
    expect(levelShapeOf('orders/eu/.*')).toEqual({
      separator: '/',
      levels: ['orders', 'eu'],
      end: 'descendants',
    });
    expect(levelShapeOf('a/[^/]*/b$')?.levels).toEqual(['a', ANY_LEVEL, 'b']);
    expect(levelShapeOf('a/[^/]+/b$')?.levels).toEqual(['a', NON_EMPTY_LEVEL, 'b']);
  });

  it('gives null for what is not level shaped', () => {
    expect(levelShapeOf('a|b')).toBeNull();
    expect(levelShapeOf(/a\/b/i)).toBeNull();
    expect(levelShapeOf('orders/[0-9]+')).toBeNull();
  });

  it('throws for what is not a pattern', () => {
    expect(() => levelShapeOf('a(')).toThrow(PatternSyntaxError);
    expect(() => levelShapeOf(42 as unknown as string)).toThrow(TypeError);
  });
});
