// Whatever refused a topic (the default rule, a RegExp, a function, a function that threw, or
// a topic that is not a string), the InvalidTopicError's message names the topic, the rule it
// broke, and `validateTopic`, the option of `new SignalExchange()` that changes the rule.
import { describe, expect, it } from 'vitest';
import {
  InvalidTopicError,
  Message,
  SignalExchange,
  type SignalExchangeOptions,
} from '../src/index.js';

const CHANGE_IT =
  'pass `validateTopic` to `new SignalExchange()` to change the rule, or `false` to accept every string';

async function refusal(options: SignalExchangeOptions, topic: unknown): Promise<InvalidTopicError> {
  const exchange = new SignalExchange(options);
  const message = new Message({ publisherName: null, topic: topic as string, value: 1 });
  const reason: unknown = await exchange.publish({ message }).then(
    () => 'resolved',
    (error: unknown) => error,
  );
  expect(reason).toBeInstanceOf(InvalidTopicError);
  expect((reason as InvalidTopicError).name).toBe('InvalidTopicError');
  expect((reason as InvalidTopicError).code).toBe('ERR_SIGX_INVALID_TOPIC');
  return reason as InvalidTopicError;
}

describe('the message of InvalidTopicError', () => {
  it('names validateTopic under the default rule', async () => {
    const error = await refusal({}, 'jobs/\0');
    expect(error.message).toBe(
      `Invalid topic "jobs/\\u0000": a topic must be well-formed Unicode without U+0000 (found U+0000 at index 5); ${CHANGE_IT}`,
    );
  });

  it('names validateTopic for a RegExp rule', async () => {
    const error = await refusal({ validateTopic: /[a-z]+/ }, 'Jobs');
    expect(error.rule).toBe('it must match /[a-z]+/');
    expect(error.message).toBe(`Invalid topic "Jobs": it must match /[a-z]+/; ${CHANGE_IT}`);
  });

  it('names validateTopic for a function that refuses', async () => {
    const error = await refusal({ validateTopic: (topic) => topic.startsWith('ok') }, 'nope');
    expect(error.rule).toBe('the validateTopic function refused it');
    expect(error.message).toBe(
      `Invalid topic "nope": the validateTopic function refused it; ${CHANGE_IT}`,
    );
  });

  it('names validateTopic for a function that throws, with the error as cause', async () => {
    const failure = new Error('validator broke');
    const error = await refusal(
      {
        validateTopic: () => {
          throw failure;
        },
      },
      'a',
    );
    expect(error.cause).toBe(failure);
    expect(error.message).toBe(`Invalid topic "a": the validateTopic function threw; ${CHANGE_IT}`);
  });

  it('says that no validateTopic accepts a topic that is not a string', async () => {
    for (const options of [{}, { validateTopic: false as const }]) {
      const error = await refusal(options, 42);
      expect(error.topic).toBe(42);
      expect(error.rule).toBe('a topic must be a string');
      expect(error.message).toBe(
        'Invalid topic number 42: a topic must be a string; no `validateTopic` of `new SignalExchange()` changes that, not even `false`',
      );
    }
  });

  it('is built the same way by the constructor', () => {
    const error = new InvalidTopicError('x', 'some rule');
    expect(error.message).toBe(`Invalid topic "x": some rule; ${CHANGE_IT}`);
    expect(error.rule).toBe('some rule');
    expect(error.topic).toBe('x');
  });
});
