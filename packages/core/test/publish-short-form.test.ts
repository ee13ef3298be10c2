// docs/delivery-semantics.md, "The short publish": publish(topic, value, options?) makes the
// Message (publisherName and previousValue from options) and publishes it exactly as
// publish({ message, publisher, retain, traceparent }) does; the forms are told apart by a
// string first argument. It never throws synchronously: bad options reject with a TypeError that
// names the option, and so does everything the object form rejects.
import { describe, expect, it } from 'vitest';
import {
  InvalidTopicError,
  LimitExceededError,
  Message,
  SignalExchange,
  type PublishDetails,
  type PublishOptions,
} from '../src/index.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** An exchange that records what its one catch-all subscription receives. */
function recording(options: ConstructorParameters<typeof SignalExchange>[0] = {}) {
  const exchange = new SignalExchange(options);
  const received: { id: string; publisher: unknown; message: Message }[] = [];
  exchange.subscribe({
    topicPattern: '',
    handler: (id, publisher, message) => void received.push({ id, publisher, message }),
  });
  return { exchange, received };
}

/** Calls publish with arguments the types refuse, as JavaScript could. */
function publishUnchecked(exchange: SignalExchange, ...args: unknown[]): Promise<unknown> {
  return (exchange.publish as (...rest: unknown[]) => Promise<unknown>)(...args);
}

describe('publish(topic, value)', () => {
  it('publishes a new Message with defaults: anonymous, no previous value, now', async () => {
    const { exchange, received } = recording();
    const before = Date.now();
    await expect(exchange.publish('sensors/hall/temp', 21)).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    const [{ message, publisher }] = received as [(typeof received)[0]];
    expect(message).toBeInstanceOf(Message);
    expect(message).toMatchObject({
      topic: 'sensors/hall/temp',
      value: 21,
      publisherName: null,
      previousValue: null,
    });
    expect(message.created.getTime()).toBeGreaterThanOrEqual(before);
    expect(message.messageId).toMatch(/^[0-9a-f]{32}$/);
    expect(publisher).toBeUndefined();
  });

  it('takes any value, undefined included', async () => {
    const { exchange, received } = recording();
    const value = { nested: [1, 2] };
    await exchange.publish('a', value);
    await exchange.publish('a', undefined);
    expect(received.map((one) => one.message.value)).toEqual([value, undefined]);
    expect(received[0]!.message.value).toBe(value);
  });

  it('accepts options left out, undefined, or empty', async () => {
    const { exchange, received } = recording();
    await exchange.publish('a', 1);
    await exchange.publish('a', 2, undefined);
    await exchange.publish('a', 3, {});
    expect(received.map((one) => one.message.publisherName)).toEqual([null, null, null]);
  });
});

describe('publish(topic, value, options): every option', () => {
  it('publisherName: the message’s, for publisher routing; null is anonymous', async () => {
    const exchange = new SignalExchange();
    const routed: unknown[] = [];
    exchange.subscribe({
      topicPattern: 'a',
      publisherName: 'thermostat',
      handler: (_id, _publisher, message) => void routed.push(message.value),
    });
    await exchange.publish('a', 1, { publisherName: 'thermostat' });
    await exchange.publish('a', 2, { publisherName: 'window' });
    await exchange.publish('a', 3, { publisherName: null });
    expect(routed).toEqual([1]);
  });

  it('publisher: passed on to filters and handlers', async () => {
    const { exchange, received } = recording();
    const publisher = { name: 'me' };
    const seenByFilter: unknown[] = [];
    exchange.subscribe({
      topicPattern: 'a',
      filter: (_id, from) => seenByFilter.push(from) > 0,
      handler: () => {},
    });
    await exchange.publish('a', 1, { publisher });
    expect(received[0]!.publisher).toBe(publisher);
    expect(seenByFilter).toEqual([publisher]);
  });

  it('previousValue: the message’s; null when left out', async () => {
    const { exchange, received } = recording();
    await exchange.publish('a', 2, { previousValue: 1 });
    await exchange.publish('a', 3, { previousValue: null });
    expect(received.map((one) => one.message.previousValue)).toEqual([1, null]);
  });

  it('retain: keeps the message as the topic’s retained one; undefined forgets it', async () => {
    const exchange = new SignalExchange();
    await exchange.publish('config/theme', 'dark', { retain: true });
    await exchange.publish('config/other', 'x', { retain: false });
    expect(exchange.retained().map((message) => message.value)).toEqual(['dark']);
    const replayed = await exchange.next({ topicPattern: 'config/', replay: 'retained' });
    expect(replayed.value).toBe('dark');
    await exchange.publish('config/theme', undefined, { retain: true });
    expect(exchange.retained()).toEqual([]);
  });

  it('traceparent: told to onPublish observers, with retain', async () => {
    const exchange = new SignalExchange();
    const details: PublishDetails[] = [];
    exchange.observe({ onPublish: (_message, _publisher, detail) => details.push(detail) });
    await exchange.publish('a', 1, { traceparent: TRACEPARENT, retain: true });
    await exchange.publish('a', 2);
    expect(details).toEqual([
      { retain: true, traceparent: TRACEPARENT },
      { retain: false, traceparent: undefined },
    ]);
  });

  it('all together make the same message and call as the object form', async () => {
    const options: PublishOptions<number> = {
      publisherName: 'p',
      publisher: 'origin',
      previousValue: 1,
      retain: true,
      traceparent: TRACEPARENT,
    };
    const seen: unknown[] = [];
    const record = (exchange: SignalExchange): void => {
      exchange.observe({
        onPublish: (message, publisher, detail) =>
          void seen.push({
            publisher,
            detail,
            message: { ...message, created: undefined, messageId: undefined },
          }),
      });
    };
    const short = new SignalExchange();
    const long = new SignalExchange();
    record(short);
    record(long);
    await short.publish('t', 2, options);
    await long.publish({
      message: new Message({ topic: 't', value: 2, publisherName: 'p', previousValue: 1 }),
      publisher: 'origin',
      retain: true,
      traceparent: TRACEPARENT,
    });
    expect(seen[0]).toEqual(seen[1]);
  });

  it('ignores options it does not know, as subscribe does', async () => {
    const { exchange, received } = recording();
    await publishUnchecked(exchange, 'a', 1, { retian: true });
    expect(received).toHaveLength(1);
    expect(exchange.retained()).toEqual([]);
  });
});

describe('publish(topic, value, options): every error rejects, never throws', () => {
  it.each([
    ['null', null, /options must be an object, got null/],
    ['a string', 'retain', /options must be an object, got "retain"/],
    ['a number', 1, /options must be an object, got number 1/],
    ['true', true, /options must be an object, got boolean true/],
    ['a function', () => {}, /options must be an object/],
  ])('options %s: TypeError', async (_, options, text) => {
    const { exchange, received } = recording();
    const result = publishUnchecked(exchange, 'a', 1, options);
    await expect(result).rejects.toThrow(TypeError);
    await expect(result).rejects.toThrow(text);
    expect(received).toEqual([]);
  });

  it.each([
    ['a number', 42, /publisherName must be a string or null, got number 42/],
    ['an object', { name: 'x' }, /publisherName must be a string or null/],
    ['a boolean', false, /publisherName must be a string or null, got boolean false/],
  ])('publisherName %s: TypeError naming it', async (_, publisherName, text) => {
    const { exchange, received } = recording();
    const result = publishUnchecked(exchange, 'a', 1, { publisherName });
    await expect(result).rejects.toThrow(TypeError);
    await expect(result).rejects.toThrow(text);
    expect(received).toEqual([]);
  });

  it('retain that is not a boolean: the object form’s TypeError', async () => {
    const { exchange } = recording();
    const result = publishUnchecked(exchange, 'a', 1, { retain: 'yes' });
    await expect(result).rejects.toThrow(TypeError);
    await expect(result).rejects.toThrow(/retain must be a boolean, got "yes"/);
    expect(exchange.retained()).toEqual([]);
  });

  it('a malformed traceparent: the object form’s TypeError', async () => {
    const { exchange } = recording();
    await expect(publishUnchecked(exchange, 'a', 1, { traceparent: 'nope' })).rejects.toThrow(
      /traceparent must be a W3C traceparent/,
    );
  });

  it('a topic the rule refuses: InvalidTopicError, as the object form', async () => {
    const { exchange, received } = recording();
    await expect(exchange.publish('a/\0', 1)).rejects.toThrow(InvalidTopicError);
    expect(received).toEqual([]);
  });

  it('a topic longer than maxTopicLength: LimitExceededError', async () => {
    const { exchange } = recording({ maxTopicLength: 4 });
    await expect(exchange.publish('abcde', 1)).rejects.toThrow(LimitExceededError);
  });

  it('an options getter that throws: its error, as a rejection', async () => {
    const { exchange, received } = recording();
    const options = {
      get publisherName(): string {
        throw new RangeError('getter');
      },
    };
    const result = exchange.publish('a', 1, options);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toThrow('getter');
    expect(received).toEqual([]);
  });

  it('an observer’s refusal: its error', async () => {
    const exchange = new SignalExchange();
    exchange.observe({
      onPublish: () => {
        throw new Error('refused');
      },
    });
    await expect(exchange.publish('a', 1)).rejects.toThrow('refused');
  });

  it('counts each rejection as refused in stats(), as the object form', async () => {
    const { exchange } = recording();
    await publishUnchecked(exchange, 'a', 1, null).catch(() => {});
    await publishUnchecked(exchange, 'a', 1, { publisherName: 1 }).catch(() => {});
    await exchange.publish('a/\0', 1).catch(() => {});
    await exchange.publish('a', 1);
    expect(exchange.stats()).toMatchObject({ refused: 3, publishes: 1 });
  });

  it('a first argument that is not a string goes to the object form, which refuses it', async () => {
    const exchange = new SignalExchange();
    await expect(publishUnchecked(exchange, 42, 1)).rejects.toThrow(
      /publish needs \{ message: Message \}/,
    );
    await expect(publishUnchecked(exchange, undefined)).rejects.toThrow(TypeError);
  });
});
