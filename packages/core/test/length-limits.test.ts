// Issue 7, limits: `maxTopicLength` and `maxPatternLength` are passed to the exchange's matcher.
// A pattern longer than maxPatternLength makes subscribe, stream and next throw
// LimitExceededError synchronously (also with an already-aborted signal), changing nothing. A
// topic longer than maxTopicLength makes publish and deliver reject with LimitExceededError
// before any work: no topic rule, observer, filter or handler runs. hasSubscribers throws it.
import {
  DEFAULT_MAX_PATTERN_LENGTH,
  DEFAULT_MAX_TOPIC_LENGTH,
  LimitExceededError as MatcherLimitExceededError,
} from '@sigx/matcher';
import { describe, expect, it, vi } from 'vitest';
import {
  type Handler,
  InvalidTopicError,
  LimitExceededError,
  SignalExchange,
  type SignalExchangeOptions,
} from '../src/index.js';
import { message } from './support/helpers.js';

/** A valid topic of exactly `length` code units: `aaaa…`. */
const topicOf = (length: number): string => 'a'.repeat(length);

describe('maxPatternLength', () => {
  it('is the same LimitExceededError class as @sigx/matcher exports, a RangeError', () => {
    expect(LimitExceededError).toBe(MatcherLimitExceededError);
    expect(new LimitExceededError('maxTopicLength', 2, 1, 'ab')).toBeInstanceOf(RangeError);
  });

  it('refuses a longer pattern in subscribe, stream and next; accepts one of exactly the limit', () => {
    const exchange = new SignalExchange({ maxPatternLength: 8 });
    const onSubscribe = vi.fn();
    exchange.observe({ onSubscribe });
    const long = 'abcdefgh.';
    for (const subscribe of [
      () => exchange.subscribe({ topicPattern: long, handler: () => {} }),
      () => exchange.stream({ topicPattern: long }),
      () => exchange.next({ topicPattern: long }),
      () => exchange.subscribe({ topicPattern: new RegExp(long, 'i'), handler: () => {} }),
    ]) {
      let error: unknown;
      try {
        subscribe();
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(LimitExceededError);
      expect(error).toMatchObject({
        name: 'LimitExceededError',
        code: 'ERR_SIGX_LIMIT_EXCEEDED',
        limit: 'maxPatternLength',
        length: 9,
        max: 8,
      });
      expect((error as Error).message).toContain('maxPatternLength');
    }
    expect(exchange.size).toBe(0);
    expect(onSubscribe).not.toHaveBeenCalled();
    exchange.subscribe({ topicPattern: 'abcdefgh', handler: () => {} });
    exchange.subscribe({ topicPattern: /abcdefgh/iu, handler: () => {} }); // source, not flags
    expect(exchange.size).toBe(2);
  });

  it('is checked with an already-aborted signal too', () => {
    const exchange = new SignalExchange({ maxPatternLength: 3 });
    const signal = AbortSignal.abort();
    expect(() => exchange.subscribe({ topicPattern: 'abcd', handler: () => {}, signal })).toThrow(
      LimitExceededError,
    );
    expect(() => exchange.stream({ topicPattern: 'abcd', signal })).toThrow(LimitExceededError);
    expect(() => exchange.next({ topicPattern: 'abcd', signal })).toThrow(LimitExceededError);
  });

  it(`defaults to ${DEFAULT_MAX_PATTERN_LENGTH}; Infinity lifts it`, () => {
    const long = 'a'.repeat(DEFAULT_MAX_PATTERN_LENGTH + 1);
    expect(() => new SignalExchange().subscribe({ topicPattern: long, handler: () => {} })).toThrow(
      LimitExceededError,
    );
    new SignalExchange().subscribe({ topicPattern: long.slice(1), handler: () => {} });
    const unlimited = new SignalExchange({ maxPatternLength: Infinity });
    unlimited.subscribe({ topicPattern: long, handler: () => {} });
    expect(unlimited.size).toBe(1);
  });
});

describe('maxTopicLength', () => {
  it('rejects publish and deliver of a longer topic with LimitExceededError, before any work', async () => {
    const validateTopic = vi.fn(() => true);
    const exchange = new SignalExchange({ maxTopicLength: 16, validateTopic });
    const onPublish = vi.fn();
    exchange.observe({ onPublish });
    const filter = vi.fn(() => true);
    const handler = vi.fn<Handler>();
    exchange.subscribe({ topicPattern: '', filter, handler });
    for (const operation of ['publish', 'deliver'] as const) {
      const result = exchange[operation]({ message: message(topicOf(17)) });
      expect(result).toBeInstanceOf(Promise); // a rejection, not a synchronous throw
      const error = await result.catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(LimitExceededError);
      expect(error).toMatchObject({
        name: 'LimitExceededError',
        code: 'ERR_SIGX_LIMIT_EXCEEDED',
        limit: 'maxTopicLength',
        length: 17,
        max: 16,
      });
      expect((error as Error).message).toContain('maxTopicLength');
    }
    expect(validateTopic).not.toHaveBeenCalled();
    expect(onPublish).not.toHaveBeenCalled();
    expect(filter).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();

    await expect(exchange.publish({ message: message(topicOf(16)) })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
  });

  it('applies with validateTopic: false, and before the topic rule', async () => {
    const exchange = new SignalExchange({ maxTopicLength: 4, validateTopic: false });
    await expect(exchange.publish({ message: message('ABCDE') })).rejects.toThrow(
      LimitExceededError,
    );
    const strict = new SignalExchange({ maxTopicLength: 4 });
    // Both too long and invalid: the length is checked first.
    await expect(strict.publish({ message: message('AB\0DE') })).rejects.toThrow(
      LimitExceededError,
    );
    await expect(strict.publish({ message: message('AB\0D') })).rejects.toThrow(InvalidTopicError);
  });

  it('makes hasSubscribers throw for a longer topic', () => {
    const exchange = new SignalExchange({ maxTopicLength: 4 });
    exchange.subscribe({ topicPattern: '', handler: () => {} });
    expect(exchange.hasSubscribers(topicOf(4))).toBe(true);
    expect(() => exchange.hasSubscribers(topicOf(5))).toThrow(LimitExceededError);
  });

  it(`defaults to ${DEFAULT_MAX_TOPIC_LENGTH}; Infinity lifts it`, async () => {
    const exchange = new SignalExchange({ validateTopic: false });
    exchange.subscribe({ topicPattern: '', handler: () => {} });
    await expect(
      exchange.publish({ message: message(topicOf(DEFAULT_MAX_TOPIC_LENGTH + 1)) }),
    ).rejects.toThrow(LimitExceededError);
    await expect(
      exchange.publish({ message: message(topicOf(DEFAULT_MAX_TOPIC_LENGTH)) }),
    ).resolves.toMatchObject({ delivered: 1 });
    const unlimited = new SignalExchange({ maxTopicLength: Infinity, validateTopic: false });
    unlimited.subscribe({ topicPattern: '', handler: () => {} });
    await expect(
      unlimited.publish({ message: message(topicOf(DEFAULT_MAX_TOPIC_LENGTH + 1)) }),
    ).resolves.toMatchObject({ delivered: 1 });
  });
});

describe('the length options', () => {
  it.each([
    ['maxTopicLength', 0],
    ['maxTopicLength', -1],
    ['maxTopicLength', 1.5],
    ['maxTopicLength', NaN],
    ['maxTopicLength', '10'],
    ['maxPatternLength', 0],
    ['maxPatternLength', 2.5],
  ])('refuse %s %o with a RangeError naming the option', (option, value) => {
    const make = () => new SignalExchange({ [option]: value } as SignalExchangeOptions);
    expect(make).toThrow(RangeError);
    expect(make).toThrow(new RegExp(`^${option} `));
  });
});
