// SignalExchange takes the compiled wildcard filters of @sigx/matcher (mqtt(), amqp(), glob())
// as topic patterns, unchanged: subscribe, stream and next deliver exactly the topics the
// filter matches (here `sensors/+/temp`: one whole level, not the parent, not deeper).
import { amqp, glob, mqtt } from '@sigx/matcher';
import { describe, expect, it } from 'vitest';
import { type Message, SignalExchange } from '../src/index.js';
import { isSettled, message } from './support/helpers.js';

const TOPICS = [
  'sensors/kitchen/temp',
  'sensors/kitchen/hum',
  'sensors/temp',
  'sensors/kitchen/temp/raw',
  'xsensors/kitchen/temp',
  'sensors/hall/temp',
];
const MATCHING = ['sensors/kitchen/temp', 'sensors/hall/temp'];

async function publishAll(exchange: SignalExchange): Promise<void> {
  for (const topic of TOPICS) await exchange.publish({ message: message(topic) });
}

describe('mqtt() filters in a SignalExchange', () => {
  it('subscribe delivers the topics the filter matches', async () => {
    const exchange = new SignalExchange();
    const seen: string[] = [];
    exchange.subscribe({
      topicPattern: mqtt('sensors/+/temp'),
      handler: (_id, _publisher, m) => {
        seen.push(m.topic);
      },
    });
    await publishAll(exchange);
    expect(seen).toEqual(MATCHING);
    expect(exchange.hasSubscribers('sensors/attic/temp')).toBe(true);
    expect(exchange.hasSubscribers('sensors/attic')).toBe(false);
  });

  it('stream yields the topics the filter matches', async () => {
    const exchange = new SignalExchange();
    const stream = exchange.stream({ topicPattern: mqtt('sensors/+/temp') });
    await publishAll(exchange);
    const seen: string[] = [];
    for await (const m of stream) {
      seen.push(m.topic);
      if (seen.length === MATCHING.length) break;
    }
    expect(seen).toEqual(MATCHING);
    expect(exchange.size).toBe(0);
  });

  it('next resolves with the first matching message', async () => {
    const exchange = new SignalExchange();
    const pending = exchange.next({ topicPattern: mqtt('sensors/+/temp') });
    await exchange.publish({ message: message('sensors/kitchen/hum') });
    await exchange.publish({ message: message('sensors/temp') });
    expect(await isSettled(pending)).toBe(false);
    const wanted = message('sensors/hall/temp');
    await exchange.publish({ message: wanted });
    await expect(pending).resolves.toBe(wanted);
  });

  it('`#` also matches the parent level', async () => {
    const exchange = new SignalExchange();
    const seen: string[] = [];
    exchange.subscribe({
      topicPattern: mqtt('sensors/#'),
      handler: (_id, _publisher, m) => {
        seen.push(m.topic);
      },
    });
    await exchange.publish({ message: message('sensors') });
    await exchange.publish({ message: message('sensors/a/b') });
    await exchange.publish({ message: message('sensorsx') });
    expect(seen).toEqual(['sensors', 'sensors/a/b']);
  });
});

describe('amqp() and glob() filters in a SignalExchange', () => {
  it('route with their own wildcards', async () => {
    const exchange = new SignalExchange({ validateTopic: false });
    const seen: [string, string][] = [];
    const record =
      (name: string) =>
      (_id: string, _publisher: unknown, m: Message): void => {
        seen.push([name, m.topic]);
      };
    exchange.subscribe({ topicPattern: amqp('lazy.#'), handler: record('amqp') });
    exchange.subscribe({ topicPattern: glob('logs/**'), handler: record('glob') });
    for (const topic of ['lazy', 'lazy.orange.fox', 'logs', 'logs/app/error', 'lazyx']) {
      await exchange.publish({ message: message(topic) });
    }
    expect(seen).toEqual([
      ['amqp', 'lazy'],
      ['amqp', 'lazy.orange.fox'],
      ['glob', 'logs'],
      ['glob', 'logs/app/error'],
    ]);
  });
});
