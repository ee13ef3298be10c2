// The topics MQTT, AMQP and glob users publish pass the default topic rule: RabbitMQ's
// routing keys (`quick.orange.rabbit`), file-like paths (`logs/app/x.log`), MQTT topics with
// upper case, `$SYS/...` and empty levels all reach the subscriptions whose filters match,
// with no `validateTopic` option.
import { describe, expect, it } from 'vitest';
import { amqp, glob, Message, mqtt, SignalExchange, type TopicPattern } from '../src/index.js';

/** Publishes each topic on a default exchange; returns `filter topic` per delivery. */
async function deliveries(
  filters: Record<string, TopicPattern>,
  topics: readonly string[],
): Promise<string[]> {
  const exchange = new SignalExchange();
  const seen: string[] = [];
  for (const [name, topicPattern] of Object.entries(filters)) {
    exchange.subscribe({
      topicPattern,
      handler: (_id, _publisher, m) => void seen.push(`${name} ${m.topic}`),
    });
  }
  for (const topic of topics) {
    await exchange.publish({ message: new Message({ publisherName: null, topic, value: 1 }) });
  }
  return seen;
}

describe('wildcard topics under the default topic rule', () => {
  it('AMQP routing keys (RabbitMQ tutorial 5)', async () => {
    const seen = await deliveries(
      { Q1: amqp('*.orange.*'), Q2a: amqp('*.*.rabbit'), Q2b: amqp('lazy.#') },
      ['quick.orange.rabbit', 'lazy.orange.elephant', 'quick.orange.new.rabbit', 'lazy..x', ''],
    );
    expect(seen).toEqual([
      'Q1 quick.orange.rabbit',
      'Q2a quick.orange.rabbit',
      'Q1 lazy.orange.elephant',
      'Q2b lazy.orange.elephant',
      'Q2b lazy..x',
    ]);
  });

  it('glob paths with dots and several levels', async () => {
    const seen = await deliveries({ logs: glob('logs/**/*.log') }, [
      'logs/app/x.log',
      'logs/x.log',
      'logs/app/x.txt',
      'logs/A B/C.log',
    ]);
    expect(seen).toEqual(['logs logs/app/x.log', 'logs logs/x.log', 'logs logs/A B/C.log']);
  });

  it('MQTT topics with upper case, $SYS and empty levels', async () => {
    const seen = await deliveries(
      { temp: mqtt('Sensors/+/Temp'), sys: mqtt('$SYS/#'), all: mqtt('#') },
      ['Sensors/Hall/Temp', 'Sensors//Temp', '$SYS/broker/uptime', 'sensors/hall/temp', '/'],
    );
    expect(seen).toEqual([
      'temp Sensors/Hall/Temp',
      'all Sensors/Hall/Temp',
      'temp Sensors//Temp',
      'all Sensors//Temp',
      'sys $SYS/broker/uptime',
      'all sensors/hall/temp',
      'all /',
    ]);
  });
});
