// The default topic rule accepts what MQTT, AMQP and glob users publish: any string that is
// well-formed Unicode (no lone surrogate, which no bridge can encode as UTF-8) and contains no
// U+0000. An invalid topic makes `publish` reject (never throw synchronously) with
// InvalidTopicError naming the topic and the rule, before any filter or handler runs.
// `validateTopic` replaces the rule: a RegExp (whole-topic match), a function, or false.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TOPIC_RULE, InvalidTopicError, Message, SignalExchange } from '../src/index.js';
import type { SignalExchangeOptions } from '../src/index.js';

const VALID = [
  '',
  'a',
  'parent/child',
  'device-42/temp',
  'quick.orange.rabbit', // AMQP routing keys
  'logs/app/x.log', // file-like paths
  'Sensors/Hall/Temp', // MQTT topics are case-sensitive
  '$SYS/broker/uptime',
  'a//b', // empty levels
  '/',
  '/a',
  'a/',
  'lazy..rabbit',
  'a*b?c[d]e\\f', // glob and regex metacharacters
  'sport/+/#',
  'Order Created!',
  'ä/ß/東京',
  '😀/x', // a surrogate pair is one code point
  '\u{10FFFF}',
  '\uFFFF',
  'a\nb',
  'tab\there',
];
const INVALID = [
  '\0',
  'a\0',
  'a/\0/b',
  '\uD83D', // a lone high surrogate
  'x\uDE00', // a lone low surrogate
  '\uDE00\uD83D', // a pair in the wrong order
  '😀\uD83D',
];

/** An exchange whose single catch-all subscription records filter and handler calls. */
function spiedExchange(options?: SignalExchangeOptions) {
  const exchange = new SignalExchange(options);
  const filter = vi.fn(() => true);
  const handler = vi.fn();
  exchange.subscribe({ topicPattern: '', handler, filter });
  return { exchange, filter, handler };
}

function publishTopic(exchange: SignalExchange, topic: string) {
  return exchange.publish({ message: new Message({ publisherName: null, topic, value: 1 }) });
}

describe('the default topic rule', () => {
  it.each(VALID)('accepts %j', async (topic) => {
    const { exchange, handler } = spiedExchange();
    await expect(publishTopic(exchange, topic)).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(DEFAULT_TOPIC_RULE.test(topic)).toBe(true);
  });

  it.each(INVALID)(
    'refuses %j with InvalidTopicError before any filter or handler',
    async (topic) => {
      const { exchange, filter, handler } = spiedExchange();
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = publishTopic(exchange, topic);
      }).not.toThrow();
      const error: unknown = await promise!.then(
        () => 'resolved',
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(InvalidTopicError);
      const invalid = error as InvalidTopicError;
      expect(invalid.topic).toBe(topic);
      expect(typeof invalid.rule).toBe('string');
      expect(invalid.rule.length).toBeGreaterThan(0);
      expect(invalid.message).toContain(JSON.stringify(topic));
      expect(invalid.message).toContain(invalid.rule);
      expect(invalid.name).toBe('InvalidTopicError');
      expect(invalid).toBeInstanceOf(Error);
      expect(filter).not.toHaveBeenCalled();
      expect(handler).not.toHaveBeenCalled();
    },
  );
  it('says what it found, and where: U+0000 or a lone surrogate', async () => {
    const rules: string[] = [];
    for (const topic of ['a/\0/b', 'ab\uDE00', '😀\uD83Dx']) {
      const error: unknown = await publishTopic(new SignalExchange(), topic).catch(
        (reason: unknown) => reason,
      );
      rules.push((error as InvalidTopicError).rule);
    }
    expect(rules).toEqual([
      'a topic must be well-formed Unicode without U+0000 (found U+0000 at index 2)',
      'a topic must be well-formed Unicode without U+0000 (found a lone surrogate, U+DE00, at index 2)',
      'a topic must be well-formed Unicode without U+0000 (found a lone surrogate, U+D83D, at index 2)',
    ]);
  });

  it('is DEFAULT_TOPIC_RULE, and passing it as validateTopic changes nothing', async () => {
    for (const topic of VALID) expect(DEFAULT_TOPIC_RULE.test(topic), topic).toBe(true);
    for (const topic of INVALID) expect(DEFAULT_TOPIC_RULE.test(topic), topic).toBe(false);
    const { exchange, handler } = spiedExchange({ validateTopic: DEFAULT_TOPIC_RULE });
    for (const topic of VALID) await publishTopic(exchange, topic);
    expect(handler).toHaveBeenCalledTimes(VALID.length);
    const error: unknown = await publishTopic(exchange, 'a\0').catch((reason: unknown) => reason);
    expect((error as InvalidTopicError).rule).toBe(
      'a topic must be well-formed Unicode without U+0000 (found U+0000 at index 1)',
    );
  });
});

describe('validateTopic option', () => {
  it('a RegExp must match the whole topic', async () => {
    const { exchange, handler } = spiedExchange({ validateTopic: /[A-Z]+|x/ });
    await expect(publishTopic(exchange, 'ABC')).resolves.toMatchObject({ delivered: 1 });
    await expect(publishTopic(exchange, 'x')).resolves.toMatchObject({ delivered: 1 });
    // Matches a part only: refused.
    for (const topic of ['ABCx', 'xA', 'ABC/d', 'aABC', '']) {
      const error: unknown = await publishTopic(exchange, topic).catch((reason: unknown) => reason);
      expect(error, topic).toBeInstanceOf(InvalidTopicError);
      expect((error as InvalidTopicError).topic).toBe(topic);
      expect((error as InvalidTopicError).message).toContain('[A-Z]+|x');
    }
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('a RegExp replaces the default rule (uppercase valid, lowercase not)', async () => {
    const { exchange } = spiedExchange({ validateTopic: /[A-Z/]*/ });
    await expect(publishTopic(exchange, 'PARENT/CHILD')).resolves.toMatchObject({ delivered: 1 });
    await expect(publishTopic(exchange, 'parent/child')).rejects.toBeInstanceOf(InvalidTopicError);
  });

  it('a RegExp with the g or y flag gives the same answer every time', async () => {
    const { exchange, handler } = spiedExchange({ validateTopic: /a+/gy });
    for (let i = 0; i < 4; i += 1) await publishTopic(exchange, 'aaa');
    expect(handler).toHaveBeenCalledTimes(4);
    await expect(publishTopic(exchange, 'aab')).rejects.toBeInstanceOf(InvalidTopicError);
  });

  it('a function decides, receiving the topic', async () => {
    const validateTopic = vi.fn((topic: string) => topic.startsWith('ok'));
    const { exchange, handler, filter } = spiedExchange({ validateTopic });
    await expect(publishTopic(exchange, 'ok Any Thing!')).resolves.toMatchObject({ delivered: 1 });
    const error: unknown = await publishTopic(exchange, 'nope').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidTopicError);
    expect((error as InvalidTopicError).topic).toBe('nope');
    expect((error as InvalidTopicError).rule.length).toBeGreaterThan(0);
    expect(validateTopic.mock.calls).toEqual([['ok Any Thing!'], ['nope']]);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(filter).toHaveBeenCalledTimes(1);
  });

  it('a function that throws makes publish reject with InvalidTopicError (cause: the error), not throw', async () => {
    const failure = new Error('validator broke');
    const { exchange, handler, filter } = spiedExchange({
      validateTopic: () => {
        throw failure;
      },
    });
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = publishTopic(exchange, 'parent/child');
    }).not.toThrow();
    const error: unknown = await promise!.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidTopicError);
    expect((error as InvalidTopicError).topic).toBe('parent/child');
    expect((error as InvalidTopicError).cause).toBe(failure);
    expect(handler).not.toHaveBeenCalled();
    expect(filter).not.toHaveBeenCalled();
  });

  it('false accepts any string topic', async () => {
    const { exchange, handler } = spiedExchange({ validateTopic: false });
    for (const topic of INVALID) {
      await expect(publishTopic(exchange, topic)).resolves.toMatchObject({ delivered: 1 });
    }
    expect(handler).toHaveBeenCalledTimes(INVALID.length);
  });

  it('an option of the wrong type is refused at construction with TypeError', () => {
    expect(() => new SignalExchange({ validateTopic: 'parent/.*' as unknown as RegExp })).toThrow(
      TypeError,
    );
    expect(() => new SignalExchange({ validateTopic: true as unknown as false })).toThrow(
      TypeError,
    );
  });
});

describe('a topic that is not a string', () => {
  // `topic: string` is the contract, but a JavaScript caller can pass anything. RegExp#test
  // coerces (42 -> "42", null -> "null"), so such a topic must not slip through the rule:
  // publish must reject with InvalidTopicError, never throw synchronously, and run nothing.
  const NOT_STRINGS: readonly unknown[] = [42, null, undefined, { toString: () => 'a' }];

  async function outcome(exchange: SignalExchange, topic: unknown) {
    const m = new Message({ publisherName: null, topic: topic as string, value: 1 });
    let promise: Promise<unknown> | undefined;
    let thrown: unknown = 'nothing thrown';
    try {
      promise = exchange.publish({ message: m });
    } catch (error) {
      thrown = error;
    }
    const settled: unknown = await promise?.then(
      () => 'resolved',
      (reason: unknown) => reason,
    );
    return { thrown, settled };
  }

  it('rejects 42, null, undefined and objects with InvalidTopicError under the default rule', async () => {
    const { exchange, handler, filter } = spiedExchange();
    const outcomes = [];
    for (const topic of NOT_STRINGS) {
      const { thrown, settled } = await outcome(exchange, topic);
      outcomes.push({
        topic,
        thrown,
        rejectedWithInvalidTopicError: settled instanceof InvalidTopicError,
      });
    }
    expect(outcomes).toEqual(
      NOT_STRINGS.map((topic) => ({
        topic,
        thrown: 'nothing thrown',
        rejectedWithInvalidTopicError: true,
      })),
    );
    expect(handler).not.toHaveBeenCalled();
    expect(filter).not.toHaveBeenCalled();
  });

  it('rejects them (never throws) even with validateTopic: false', async () => {
    const { exchange, handler } = spiedExchange({ validateTopic: false });
    const outcomes = [];
    for (const topic of NOT_STRINGS) {
      const { thrown, settled } = await outcome(exchange, topic);
      outcomes.push({ topic, thrown, rejected: settled instanceof Error });
    }
    expect(outcomes).toEqual(
      NOT_STRINGS.map((topic) => ({ topic, thrown: 'nothing thrown', rejected: true })),
    );
    expect(handler).not.toHaveBeenCalled();
  });
});
