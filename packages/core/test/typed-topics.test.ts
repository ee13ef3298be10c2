// docs/delivery-semantics.md, "Typed topics": new SignalExchange<Topics>() types publish(topic,
// value) by the templates a topic fits (their values' intersection; a topic that fits none is an
// error) and subscribe, stream and next by the templates a pattern can match (their values'
// union). Most of this file is checked by tsc (test/tsconfig.json, the typecheck task): each
// `// @ts-expect-error` line must fail to compile, so a rule that stopped holding makes the
// directive unused, which tsc reports. The runtime tests check that what the types claim is what
// the exchange delivers.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type amqp,
  type glob,
  Message,
  mqtt,
  SignalExchange,
  type CheckedTopic,
  type FittingTemplates,
  type MatchedTemplates,
  type MessageStream,
  type MqttPattern,
  type PatternValue,
  type PublishableTopic,
  type TemplateTopic,
  type TopicMap,
  type TopicValue,
  type UntypedTopics,
} from '../src/index.js';

interface Order {
  readonly id: string;
  readonly total: number;
}
interface LogLine {
  readonly level: 'info' | 'error';
  readonly text: string;
}
interface Alert {
  readonly severity: number;
}
interface Fire {
  readonly severity: number;
  readonly room: string;
}

/** The map of these tests: an interface, as users write them. */
interface Topics {
  'orders/created': Order;
  'devices/+/temp': number;
  'devices/+/name': string;
  'logs/#': LogLine;
  'alerts/#': Alert;
  'alerts/+/fire': Fire;
  '$SYS/#': string;
}

declare const id: string;
const order: Order = { id: 'o1', total: 12 };
const line: LogLine = { level: 'info', text: 'started' };

/** Only type-checked: the calls are never made (an exchange would reject nothing here). */
function typeOnly(body: () => void): void {
  void body;
}

describe('the untyped default', () => {
  it('is UntypedTopics: any topic, unknown values, the object form unchanged', async () => {
    const exchange = new SignalExchange();
    expectTypeOf(exchange).toEqualTypeOf<SignalExchange<UntypedTopics>>();
    const values: unknown[] = [];
    exchange.subscribe({
      topicPattern: mqtt('a/#'),
      handler: (_id, _publisher, message) => {
        expectTypeOf(message).toEqualTypeOf<Message<unknown>>();
        values.push(message.value);
      },
    });
    await exchange.publish('a/b', { any: 'thing' });
    await exchange.publish({ message: new Message({ topic: 'a/c', value: 2 }) });
    expect(values).toEqual([{ any: 'thing' }, 2]);
    expectTypeOf<PublishableTopic<UntypedTopics>>().toEqualTypeOf<string>();
    expectTypeOf<TopicValue<UntypedTopics, 'x'>>().toEqualTypeOf<unknown>();
    expectTypeOf<PatternValue<UntypedTopics, 'x'>>().toEqualTypeOf<unknown>();
    expectTypeOf<CheckedTopic<UntypedTopics, 'any/topic'>>().toEqualTypeOf<'any/topic'>();
    expectTypeOf(exchange.stream({ topicPattern: 'a' })).toEqualTypeOf<MessageStream<unknown>>();
    expectTypeOf(exchange.next({ topicPattern: 'a' })).toEqualTypeOf<Promise<Message<unknown>>>();
  });

  it('is any map with a string index signature: any topic, that value type', () => {
    type Numbers = Record<string, number>;
    expectTypeOf<TopicValue<Numbers, 'x/y'>>().toEqualTypeOf<number>();
    expectTypeOf<PatternValue<Numbers, RegExp>>().toEqualTypeOf<number>();
    typeOnly(() => {
      const exchange = new SignalExchange<Numbers>();
      void exchange.publish('any/topic', 1);
      // @ts-expect-error: a string is not a number
      void exchange.publish('any/topic', 'one');
    });
  });
});

describe('publish(topic, value) on a typed exchange', () => {
  it('checks a literal topic’s value against the template it fits', async () => {
    const exchange = new SignalExchange<Topics>();
    const values: unknown[] = [];
    exchange.subscribe({ topicPattern: '', handler: (_i, _p, m) => void values.push(m.value) });
    await exchange.publish('orders/created', order);
    await exchange.publish('devices/hall/temp', 21);
    await exchange.publish('devices/hall/name', 'Hall');
    expect(values).toEqual([order, 21, 'Hall']);
    typeOnly(() => {
      // @ts-expect-error: orders/created takes an Order
      void exchange.publish('orders/created', 21);
      // @ts-expect-error: devices/+/temp takes a number
      void exchange.publish('devices/hall/temp', 'warm');
    });
  });

  it('fits `+` to exactly one level of a literal topic', () => {
    expectTypeOf<FittingTemplates<Topics, 'devices/hall/temp'>>().toEqualTypeOf<'devices/+/temp'>();
    expectTypeOf<FittingTemplates<Topics, 'devices/a/b/temp'>>().toEqualTypeOf<never>();
    expectTypeOf<FittingTemplates<Topics, 'devices//temp'>>().toEqualTypeOf<'devices/+/temp'>();
    typeOnly(() => {
      const exchange = new SignalExchange<Topics>();
      // @ts-expect-error: `+` is one level, and no other template fits
      void exchange.publish('devices/a/b/temp', 21);
      // @ts-expect-error: no level for `+`
      void exchange.publish('devices/temp', 21);
    });
  });

  it('fits `#` to the rest, zero levels included: logs/# fits logs', async () => {
    expectTypeOf<TopicValue<Topics, 'logs'>>().toEqualTypeOf<LogLine>();
    expectTypeOf<TopicValue<Topics, 'logs/app/worker/1'>>().toEqualTypeOf<LogLine>();
    expectTypeOf<FittingTemplates<Topics, 'logsx'>>().toEqualTypeOf<never>();
    const exchange = new SignalExchange<Topics>();
    const seen: LogLine[] = [];
    exchange.subscribe({
      topicPattern: mqtt('logs/#'),
      handler: (_i, _p, message) => void seen.push(message.value),
    });
    await exchange.publish('logs', line);
    await exchange.publish('logs/app/worker', line);
    expect(seen).toEqual([line, line]);
  });

  it('refuses a topic that fits no template, naming it', () => {
    expectTypeOf<
      CheckedTopic<Topics, 'nowhere'>
    >().toEqualTypeOf<"sigx: no topic template fits the topic 'nowhere'">();
    expectTypeOf<CheckedTopic<Topics, 'orders/created'>>().toEqualTypeOf<'orders/created'>();
    expectTypeOf<TopicValue<Topics, 'nowhere'>>().toEqualTypeOf<never>();
    typeOnly(() => {
      const exchange = new SignalExchange<Topics>();
      // @ts-expect-error: fits no template
      void exchange.publish('nowhere', 1);
      // @ts-expect-error: orders/created has no levels below it
      void exchange.publish('orders/created/late', order);
      // @ts-expect-error: a plain string fits no template of this map
      void exchange.publish(id, 1);
    });
  });

  it('needs a value of every template a topic fits: their intersection', async () => {
    expectTypeOf<FittingTemplates<Topics, 'alerts/kitchen/fire'>>().toEqualTypeOf<
      'alerts/#' | 'alerts/+/fire'
    >();
    expectTypeOf<TopicValue<Topics, 'alerts/kitchen/fire'>>().toEqualTypeOf<Alert & Fire>();
    expectTypeOf<TopicValue<Topics, 'alerts/kitchen/smoke'>>().toEqualTypeOf<Alert>();
    const exchange = new SignalExchange<Topics>();
    // The union of the templates alerts/+/fire meets, though each of its topics carries Alert & Fire.
    const fires: (Alert | Fire)[] = [];
    const alerts: Alert[] = [];
    exchange.subscribe({
      topicPattern: mqtt('alerts/+/fire'),
      handler: (_i, _p, m) => void fires.push(m.value),
    });
    exchange.subscribe({
      topicPattern: mqtt('alerts/#'),
      handler: (_i, _p, m) => void alerts.push(m.value),
    });
    const fire = { severity: 3, room: 'kitchen' };
    await exchange.publish('alerts/kitchen/fire', fire);
    expect(fires).toEqual([fire]);
    expect(alerts).toEqual([fire]);
    typeOnly(() => {
      // @ts-expect-error: an Alert is not a Fire, which alerts/+/fire's subscribers expect
      void exchange.publish('alerts/kitchen/fire', { severity: 3 });
    });
  });

  it('accepts template literal topics as their levels allow', async () => {
    expectTypeOf<TopicValue<Topics, `devices/${string}/temp`>>().toEqualTypeOf<number>();
    expectTypeOf<FittingTemplates<Topics, `logs/${string}`>>().toEqualTypeOf<'logs/#'>();
    expectTypeOf<FittingTemplates<Topics, `devices/${string}`>>().toEqualTypeOf<never>();
    type Rooms = { 'rooms/kitchen/temp': 'kitchen'; 'rooms/+/temp': 'any room' };
    // A `${string}` level is fitted by `+` only: no literal template level is assigned from it.
    expectTypeOf<FittingTemplates<Rooms, `rooms/${string}/temp`>>().toEqualTypeOf<'rooms/+/temp'>();
    expectTypeOf<TopicValue<Rooms, `rooms/${string}/temp`>>().toEqualTypeOf<'any room'>();
    expectTypeOf<TopicValue<Rooms, 'rooms/kitchen/temp'>>().toEqualTypeOf<never>();
    const exchange = new SignalExchange<Topics>();
    const temps: number[] = [];
    exchange.subscribe({
      topicPattern: mqtt('devices/+/temp'),
      handler: (_i, _p, message) => void temps.push(message.value),
    });
    const room: string = 'hall';
    await exchange.publish(`devices/${room}/temp`, 21);
    expect(temps).toEqual([21]);
    typeOnly(() => {
      // @ts-expect-error: devices/+/temp takes a number
      void exchange.publish(`devices/${id}/temp`, 'warm');
      // @ts-expect-error: fits no template
      void exchange.publish(`nowhere/${id}`, 1);
    });
  });

  it('keeps MQTT’s `$` rule: a first-level wildcard fits no topic starting with $', () => {
    type Catchall = { '#': number; '+/status': string; '$SYS/#': boolean };
    expectTypeOf<FittingTemplates<Catchall, '$SYS/uptime'>>().toEqualTypeOf<'$SYS/#'>();
    expectTypeOf<FittingTemplates<Catchall, '$other/status'>>().toEqualTypeOf<never>();
    expectTypeOf<TopicValue<Catchall, 'a/status'>>().toEqualTypeOf<number & string>();
    expectTypeOf<PublishableTopic<Catchall>>().toEqualTypeOf<string>();
    typeOnly(() => {
      const exchange = new SignalExchange<Catchall>();
      void exchange.publish('anything/at/all', 1);
      // @ts-expect-error: `#` does not fit $other/status
      void exchange.publish('$other/status', 1);
    });
  });

  it('types previousValue like the value', () => {
    typeOnly(() => {
      const exchange = new SignalExchange<Topics>();
      void exchange.publish('devices/a/temp', 21, { previousValue: 20, retain: true });
      // @ts-expect-error: previousValue is a number too
      void exchange.publish('devices/a/temp', 21, { previousValue: 'cold' });
    });
  });

  it('leaves the object form unchecked: a Message carries no typed topic', async () => {
    const exchange = new SignalExchange<Topics>();
    const result = await exchange.publish({ message: new Message({ topic: 'nowhere', value: 1 }) });
    expect(result).toEqual({ matched: 0, delivered: 0, failed: 0 });
  });

  it('offers the templates as topic types', () => {
    expectTypeOf<TemplateTopic<'devices/+/temp'>>().toEqualTypeOf<`devices/${string}/temp`>();
    expectTypeOf<TemplateTopic<'logs/#'>>().toEqualTypeOf<'logs' | `logs/${string}`>();
    expectTypeOf<TemplateTopic<'#'>>().toEqualTypeOf<string>();
    expectTypeOf<'orders/created'>().toMatchTypeOf<PublishableTopic<Topics>>();
    expectTypeOf<`devices/${string}/temp`>().toMatchTypeOf<PublishableTopic<Topics>>();
    expectTypeOf<'nowhere'>().not.toMatchTypeOf<PublishableTopic<Topics>>();
  });
});

describe('subscribe on a typed exchange: the union of what the pattern can match', () => {
  it('mqtt(): the filter keeps its literal type', () => {
    expectTypeOf(mqtt('devices/+/temp')).toEqualTypeOf<MqttPattern<'devices/+/temp'>>();
    expectTypeOf(mqtt('a/#')).toMatchTypeOf<RegExp>();
    expect(mqtt('devices/+/temp')).toBeInstanceOf(RegExp);
    expect(Object.getOwnPropertySymbols(mqtt('a/#'))).toEqual([]); // the filter is a phantom
  });

  it('mqtt(): one template, and filters that meet several templates', () => {
    expectTypeOf<PatternValue<Topics, MqttPattern<'devices/+/temp'>>>().toEqualTypeOf<number>();
    expectTypeOf<
      PatternValue<Topics, MqttPattern<'devices/kitchen/temp'>>
    >().toEqualTypeOf<number>();
    expectTypeOf<PatternValue<Topics, MqttPattern<'devices/#'>>>().toEqualTypeOf<number | string>();
    expectTypeOf<PatternValue<Topics, MqttPattern<'devices/+/+'>>>().toEqualTypeOf<
      number | string
    >();
    expectTypeOf<PatternValue<Topics, MqttPattern<'+/+/fire'>>>().toEqualTypeOf<
      Alert | Fire | LogLine
    >();
    expectTypeOf<MatchedTemplates<Topics, MqttPattern<'+/kitchen/+'>>>().toEqualTypeOf<
      'devices/+/temp' | 'devices/+/name' | 'logs/#' | 'alerts/#' | 'alerts/+/fire'
    >();
  });

  it('mqtt(): `#` on either side meets the parent level, and `$` levels stay apart', () => {
    expectTypeOf<PatternValue<Topics, MqttPattern<'logs'>>>().toEqualTypeOf<LogLine>();
    expectTypeOf<PatternValue<Topics, MqttPattern<'orders/created/#'>>>().toEqualTypeOf<Order>();
    expectTypeOf<PatternValue<Topics, MqttPattern<'alerts/+'>>>().toEqualTypeOf<Alert>();
    expectTypeOf<MatchedTemplates<Topics, MqttPattern<'#'>>>().toEqualTypeOf<
      Exclude<keyof Topics, '$SYS/#'>
    >();
    expectTypeOf<PatternValue<Topics, MqttPattern<'$SYS/broker/uptime'>>>().toEqualTypeOf<string>();
    expectTypeOf<MatchedTemplates<Topics, MqttPattern<'+/broker'>>>().toEqualTypeOf<
      'logs/#' | 'alerts/#'
    >();
  });

  it('mqtt(): a filter that matches no template gives never', () => {
    expectTypeOf<PatternValue<Topics, MqttPattern<'orders'>>>().toEqualTypeOf<never>();
    expectTypeOf<PatternValue<Topics, MqttPattern<'devices/+/temp/raw'>>>().toEqualTypeOf<never>();
  });

  it('a literal string pattern is a prefix: the templates a topic starting with it fits', () => {
    expectTypeOf<PatternValue<Topics, 'devices/'>>().toEqualTypeOf<number | string>();
    expectTypeOf<PatternValue<Topics, 'dev'>>().toEqualTypeOf<number | string>();
    expectTypeOf<PatternValue<Topics, 'devices/hall/te'>>().toEqualTypeOf<number>();
    expectTypeOf<PatternValue<Topics, 'log'>>().toEqualTypeOf<LogLine>();
    expectTypeOf<PatternValue<Topics, 'alerts/kitchen/f'>>().toEqualTypeOf<Alert | Fire>();
    expectTypeOf<PatternValue<Topics, 'orders/created/'>>().toEqualTypeOf<never>();
    expectTypeOf<MatchedTemplates<Topics, ''>>().toEqualTypeOf<keyof Topics>();
  });

  it('a regex, a RegExp, glob() and amqp(): the union of every value', () => {
    type Every = Topics[keyof Topics];
    expectTypeOf<PatternValue<Topics, 'devices/.*'>>().toEqualTypeOf<Every>();
    expectTypeOf<PatternValue<Topics, 'devices/+/temp'>>().toEqualTypeOf<Every>(); // `+` is a quantifier
    expectTypeOf<PatternValue<Topics, '^orders'>>().toEqualTypeOf<Every>();
    expectTypeOf<PatternValue<Topics, RegExp>>().toEqualTypeOf<Every>();
    expectTypeOf<PatternValue<Topics, string>>().toEqualTypeOf<Every>();
    expectTypeOf<PatternValue<Topics, ReturnType<typeof glob>>>().toEqualTypeOf<Every>();
    expectTypeOf<PatternValue<Topics, ReturnType<typeof amqp>>>().toEqualTypeOf<Every>();
    expectTypeOf<PatternValue<Topics, MqttPattern>>().toEqualTypeOf<Every>();
  });

  it('types the handler and the filter of subscribe and subscription()', async () => {
    const exchange = new SignalExchange<Topics>();
    const seen: (number | string)[] = [];
    exchange.subscribe({
      topicPattern: mqtt('devices/#'),
      filter: (_id, _publisher, message) => {
        expectTypeOf(message.value).toEqualTypeOf<number | string>();
        return message.value !== 'skip';
      },
      handler: (_id, _publisher, message) => {
        expectTypeOf(message).toEqualTypeOf<Message<number | string>>();
        seen.push(message.value);
      },
    });
    using handle = exchange.subscription({
      topicPattern: 'orders/',
      handler: (_id, _publisher, message) => {
        expectTypeOf(message.value).toEqualTypeOf<Order>();
      },
    });
    void handle;
    await exchange.publish('devices/a/temp', 21);
    await exchange.publish('devices/a/name', 'skip');
    await exchange.publish('devices/b/name', 'B');
    expect(seen).toEqual([21, 'B']);
    typeOnly(() => {
      exchange.subscribe({
        topicPattern: mqtt('devices/+/temp'),
        // @ts-expect-error: the values are numbers, not strings
        handler: (_id, _publisher, message: Message<string>) => void message,
      });
    });
  });

  it('types stream() and next()', async () => {
    const exchange = new SignalExchange<Topics>();
    const stream = exchange.stream({
      topicPattern: mqtt('logs/#'),
      bufferSize: 4,
      overflow: 'error',
    });
    expectTypeOf(stream).toEqualTypeOf<MessageStream<LogLine>>();
    const next = exchange.next({ topicPattern: 'orders/' });
    expectTypeOf(next).toEqualTypeOf<Promise<Message<Order>>>();
    const nextTemp = exchange.next({
      topicPattern: mqtt('devices/+/temp'),
      filter: (_id, _publisher, message) => message.value > 20,
    });
    expectTypeOf(nextTemp).toEqualTypeOf<Promise<Message<number>>>();
    await exchange.publish('logs/app', line);
    await exchange.publish('orders/created', order);
    await exchange.publish('devices/a/temp', 19);
    await exchange.publish('devices/a/temp', 22);
    for await (const message of stream) {
      expectTypeOf(message.value).toEqualTypeOf<LogLine>();
      expect(message.value).toEqual(line);
      break;
    }
    await expect(next).resolves.toMatchObject({ value: order });
    await expect(nextTemp).resolves.toMatchObject({ value: 22 });
  });
});

describe('a typed exchange among untyped code', () => {
  it('is not an untyped SignalExchange, but generic code takes it', () => {
    expectTypeOf<SignalExchange<Topics>>().not.toMatchTypeOf<SignalExchange>();
    const bridged = <T extends TopicMap>(exchange: SignalExchange<T>): number => exchange.size;
    expect(bridged(new SignalExchange<Topics>())).toBe(0);
    expect(bridged(new SignalExchange())).toBe(0);
  });
});
