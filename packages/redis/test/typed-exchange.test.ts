// connectRedis takes a typed SignalExchange<Topics> as well as an untyped one: a typed exchange
// is not assignable to SignalExchange (its map is used both ways), so connectRedis is generic
// over the map and reads only observe and deliver, which do not depend on it.
import { SignalExchange } from '@sigx/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { connectRedis } from '../src/index.js';

describe('connectRedis and typed exchanges', () => {
  it('accepts a typed exchange and an untyped one', async () => {
    const typed = new SignalExchange<{ 'orders/+': { id: string }; 'logs/#': string }>();
    expectTypeOf(connectRedis<{ 'orders/+': { id: string }; 'logs/#': string }>)
      .parameter(0)
      .toEqualTypeOf(typed);
    // Both calls compile; each is refused before connecting (a bad option), so no Redis is needed.
    await expect(connectRedis(typed, { maxBuffered: -1 })).rejects.toThrow(RangeError);
    await expect(connectRedis(new SignalExchange(), { maxBuffered: -1 })).rejects.toThrow(
      RangeError,
    );
  });
});
