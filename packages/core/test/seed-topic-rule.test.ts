// SEED_TOPIC_RULE is the grammar of the seed (and the default before it accepted what MQTT,
// AMQP and glob users publish): the empty string, or `/`-separated segments of lowercase ASCII
// letters and digits joined by single hyphens. `validateTopic: SEED_TOPIC_RULE` brings it
// back, with an InvalidTopicError that says the rule in words.
import { describe, expect, it, vi } from 'vitest';
import { InvalidTopicError, Message, SEED_TOPIC_RULE, SignalExchange } from '../src/index.js';

const VALID = [
  '',
  'a',
  '42',
  'parent',
  'parent/child',
  'device-42/temp',
  'a-b-c/d1-e2/3',
  '0/1/2',
  'x1y2-z3',
];
const INVALID = [
  'Parent',
  'parent/Child',
  'a//b',
  '/a',
  'a/',
  '/',
  'a--b',
  '-a',
  'a-',
  'a/-b',
  'a b',
  'a_b',
  'a.b',
  'ä',
  'a\n',
  '\na',
  'a/b\n',
  ' a',
  'a/b/',
  '$SYS/x',
];

function exchangeWithSeedRule() {
  const exchange = new SignalExchange({ validateTopic: SEED_TOPIC_RULE });
  const handler = vi.fn();
  exchange.subscribe({ topicPattern: '', handler });
  return { exchange, handler };
}

function publishTopic(exchange: SignalExchange, topic: string) {
  return exchange.publish({ message: new Message({ publisherName: null, topic, value: 1 }) });
}

describe('validateTopic: SEED_TOPIC_RULE', () => {
  it.each(VALID)('accepts %j', async (topic) => {
    const { exchange, handler } = exchangeWithSeedRule();
    await expect(publishTopic(exchange, topic)).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(SEED_TOPIC_RULE.test(topic)).toBe(true);
  });

  it.each(INVALID)('refuses %j with InvalidTopicError that says the rule', async (topic) => {
    const { exchange, handler } = exchangeWithSeedRule();
    const error: unknown = await publishTopic(exchange, topic).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(InvalidTopicError);
    const invalid = error as InvalidTopicError;
    expect(invalid.name).toBe('InvalidTopicError');
    expect(invalid.topic).toBe(topic);
    expect(invalid.rule).toBe(
      'it must be empty or `/`-separated segments of lowercase letters and digits joined by single hyphens (SEED_TOPIC_RULE)',
    );
    expect(invalid.message).toBe(
      `Invalid topic ${JSON.stringify(topic)}: ${invalid.rule}; pass \`validateTopic\` to \`new SignalExchange()\` to change the rule, or \`false\` to accept every string`,
    );
    expect(SEED_TOPIC_RULE.test(topic)).toBe(false);
    expect(handler).not.toHaveBeenCalled();
  });

  it('is not the default rule', async () => {
    const exchange = new SignalExchange();
    await expect(publishTopic(exchange, 'Parent/Child')).resolves.toMatchObject({ matched: 0 });
  });
});
