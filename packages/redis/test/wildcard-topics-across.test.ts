// The topics MQTT, AMQP and glob users publish cross the bridge through a real redis-server:
// topics with Redis glob metacharacters (`*`, `?`, `[`, `]`, `\`), `.`, upper case, `$`, empty
// levels and astral characters reach exactly the remote subscriptions that match them. Interest
// routing turns literal prefixes into PSUBSCRIBE globs, so a prefix's metacharacters must be
// escaped: unescaped, `a*b/*` would also receive `aXb/1`, and `[x]*` would receive `x/1`.
import { amqp, glob, mqtt, type TopicPattern } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { message, useRedisServer, waitFor, useBridges } from './support/helpers.js';

const server = useRedisServer();
const bridged = useBridges(server);

/**
 * Subscribes each pattern at B, publishes each topic at A (the default topic rule on both),
 * then a marker, and returns what B's subscriptions received and B's bridge took in.
 */
async function across(
  patterns: Record<string, TopicPattern>,
  topics: readonly string[],
): Promise<{ seen: string[]; received: number; globs: readonly string[] }> {
  const a = await bridged('node-a');
  const b = await bridged('node-b');
  const seen: string[] = [];
  for (const [name, topicPattern] of Object.entries({ ...patterns, marker: 'marker$' })) {
    b.exchange.subscribe({
      topicPattern,
      handler: (_id, _publisher, m) => void seen.push(`${name} ${m.topic}`),
    });
  }
  await b.bridge.flush();
  for (const topic of [...topics, 'marker']) {
    await a.exchange.publish({ message: message(topic, 1) });
  }
  await waitFor(() => seen.includes('marker marker'), 'the marker at B');
  const globs = b.bridge.stats().patterns;
  return {
    seen: seen.filter((line) => !line.endsWith(' marker')),
    received: b.bridge.stats().received - 1,
    globs,
  };
}

describe('wildcard topics across the bridge', () => {
  it('reach the remote subscriptions with a literal prefix, and nothing near them is received', async () => {
    const { seen, received, globs } = await across(
      {
        star: String.raw`a\*b/.*`,
        question: mqtt('q?/+'),
        brackets: mqtt('[x]/#'),
        backslash: mqtt('back\\slash/+'),
        exact: mqtt('x*?[]\\y'),
        dots: amqp('quick.orange.*'),
        logs: glob('logs/**/*.log'),
        upper: mqtt('Sensors/+/Temp'),
        sys: mqtt('$SYS/#'),
        empty: mqtt('a//b'),
        astral: mqtt('😀/+'),
      },
      [
        'a*b/1',
        'aXb/1', // near `a*b/*` unescaped
        'q?/1',
        'qZ/1', // near `q?/*` unescaped
        '[x]/1',
        'x/1', // near `[x]*` unescaped
        'back\\slash/1',
        'backslash/1', // near `back\slash/*` unescaped
        'x*?[]\\y',
        'xAB]y',
        'quick.orange.rabbit',
        'quick-orange-rabbit',
        'logs/app/x.log',
        'logs/app/x.txt',
        'Sensors/Hall/Temp',
        'Sensors//Temp',
        'sensors/hall/temp',
        '$SYS/broker/uptime',
        'SYS/broker/uptime',
        'a//b',
        'a/b',
        '😀/x',
        '😁/x',
      ],
    );
    expect(seen).toEqual([
      'star a*b/1',
      'question q?/1',
      'brackets [x]/1',
      'backslash back\\slash/1',
      'exact x*?[]\\y',
      'dots quick.orange.rabbit',
      'logs logs/app/x.log',
      'upper Sensors/Hall/Temp',
      'upper Sensors//Temp',
      'sys $SYS/broker/uptime',
      'empty a//b',
      'astral 😀/x',
    ]);
    // Only 'logs/app/x.txt' shares a glob (`logs*`) with a delivered topic; the rest of the
    // near misses never left Redis.
    expect(received).toBe(seen.length + 1);
    expect(globs).toContain(String.raw`sigx:a\*b/*`);
    expect(globs).toContain(String.raw`sigx:\[x\]*`);
    expect(globs).toContain(String.raw`sigx:x\*\?\[\]\\y`);
  });

  it('reach remote subscriptions without a literal prefix (AMQP `*`, MQTT `#`, the empty topic)', async () => {
    const { seen } = await across({ Q1: amqp('*.orange.*'), all: mqtt('#'), empty: '^$' }, [
      'quick.orange.rabbit',
      'lazy.brown.fox',
      '',
      '$SYS/x',
    ]);
    expect(seen).toEqual([
      'Q1 quick.orange.rabbit',
      'all quick.orange.rabbit',
      'all lazy.brown.fox',
      'all ',
      'empty ',
    ]);
  });
});
