// `@sigx/core` alone is enough to subscribe with wildcard filters: it re-exports mqtt(),
// amqp(), glob() and the errors and types of `@sigx/matcher`, and they are the very same
// objects (not copies), so `instanceof` and identity hold across both imports.
import * as matcher from '@sigx/matcher';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as core from '../src/index.js';
import { amqp, glob, Message, mqtt, SignalExchange } from '../src/index.js';

const SAME_VALUES = [
  'amqp',
  'FilterSyntaxError',
  'glob',
  'LimitExceededError',
  'mqtt',
  'PatternSyntaxError',
  'UnsafePatternError',
] as const;

describe('the re-exports of @sigx/matcher', () => {
  it.each(SAME_VALUES)('%s is the very object @sigx/matcher exports', (name) => {
    expect(core[name]).toBeTypeOf('function');
    expect(core[name]).toBe(matcher[name]);
  });

  it('the types are the same types', () => {
    expectTypeOf<core.TopicPattern>().toEqualTypeOf<matcher.TopicPattern>();
    expectTypeOf<core.AmqpOptions>().toEqualTypeOf<matcher.AmqpOptions>();
    expectTypeOf<core.GlobOptions>().toEqualTypeOf<matcher.GlobOptions>();
    expectTypeOf<core.FilterSyntax>().toEqualTypeOf<matcher.FilterSyntax>();
    expectTypeOf<core.LengthLimit>().toEqualTypeOf<matcher.LengthLimit>();
    expectTypeOf<core.SubscribeOptions['topicPattern']>().toEqualTypeOf<core.TopicPattern>();
  });

  it('an error thrown by a core import is an instance of the matcher class, and back', () => {
    let thrown: unknown;
    try {
      mqtt('sport/#/ranking');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(matcher.FilterSyntaxError);
    expect(thrown).toBeInstanceOf(core.FilterSyntaxError);
    expect((thrown as Error).name).toBe('FilterSyntaxError');
    expect((thrown as Error).message).toBe(
      'Invalid MQTT topic filter "sport/#/ranking" at index 6: `#` must be the last level',
    );
    expect(() => new SignalExchange().subscribe({ topicPattern: '(', handler: () => {} })).toThrow(
      matcher.PatternSyntaxError,
    );
  });

  it('the filters imported from core subscribe, and deliver what they match', async () => {
    // Any topic rule will do here (the default one has a test of its own).
    const exchange = new SignalExchange({ validateTopic: false });
    const seen: string[] = [];
    const options: core.GlobOptions = { separator: '/' };
    const patterns: core.TopicPattern[] = [
      mqtt('sensors/+/temp'),
      amqp('sensors.*.temp'),
      glob('sensors/*/temp', options),
    ];
    patterns.forEach((topicPattern, index) =>
      exchange.subscribe({
        topicPattern,
        handler: (_id, _publisher, m) => void seen.push(`${index} ${m.topic}`),
      }),
    );
    for (const topic of ['sensors/hall/temp', 'sensors.hall.temp', 'sensors/hall/hum']) {
      await exchange.publish({ message: new Message({ publisherName: null, topic, value: 1 }) });
    }
    expect(seen).toEqual(['0 sensors/hall/temp', '2 sensors/hall/temp', '1 sensors.hall.temp']);
  });
});
