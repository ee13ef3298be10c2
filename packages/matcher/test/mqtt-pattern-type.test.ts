// docs/wildcard-filters.md, "MQTT": mqtt(filter) returns a plain RegExp typed as an
// MqttPattern<F> that keeps the filter's literal type (a phantom, type-only property), so that a
// typed SignalExchange can tell which topic templates the pattern can match.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { mqtt, type MqttPattern } from '../src/index.js';

describe('mqtt() keeps its filter in the type', () => {
  it('is an MqttPattern of the literal filter, and a RegExp', () => {
    expectTypeOf(mqtt('sensors/+/temp')).toEqualTypeOf<MqttPattern<'sensors/+/temp'>>();
    expectTypeOf(mqtt('sensors/+/temp')).toMatchTypeOf<RegExp>();
    const filter: string = 'a/#';
    expectTypeOf(mqtt(filter)).toEqualTypeOf<MqttPattern<string>>();
    expectTypeOf<MqttPattern>().toEqualTypeOf<MqttPattern<string>>();
  });

  it('changes nothing at runtime: no property carries the filter', () => {
    const pattern = mqtt('sensors/+/temp');
    expect(Object.getPrototypeOf(pattern)).toBe(RegExp.prototype);
    expect(Reflect.ownKeys(pattern)).toEqual(['lastIndex']);
  });
});
