// docs/delivery-semantics.md, "Observers and `deliver`: the extension point of bridges", groups
// shared among processes: `group` narrows a publish or deliver to one group's members or to the
// subscriptions without a group; an observer with `routesGroups` keeps `publish` away from
// grouped subscriptions while it is attached. Both dispatch modes.
import { describe, expect, it } from 'vitest';
import { SignalExchange } from '../src/index.js';
import { message } from './support/helpers.js';

describe.each(['sequential', 'concurrent'] as const)('group routing (%s dispatch)', (dispatch) => {
  const options = { dispatch };
  function exchangeWithLog(): { exchange: SignalExchange; log: string[] } {
    const exchange = new SignalExchange(options);
    const log: string[] = [];
    for (const [id, group] of [
      ['w1', 'workers'],
      ['w2', 'workers'],
      ['b1', 'billing'],
      ['audit', undefined],
    ] as const) {
      exchange.subscribe({
        subscriptionId: id,
        topicPattern: 'jobs/.*',
        ...(group === undefined ? {} : { group }),
        handler: (subscriptionId) => void log.push(subscriptionId),
      });
    }
    return { exchange, log };
  }

  it('group: a name reaches one member of that group only', async () => {
    const { exchange, log } = exchangeWithLog();
    const first = await exchange.deliver({ message: message('jobs/1'), group: 'workers' });
    const second = await exchange.publish({ message: message('jobs/2'), group: 'workers' });
    expect(log).toEqual(['w1', 'w2']);
    expect(first).toMatchObject({ matched: 1, delivered: 1 });
    expect(second).toMatchObject({ matched: 1, delivered: 1 });
  });

  it('group: null reaches only the subscriptions without a group', async () => {
    const { exchange, log } = exchangeWithLog();
    const result = await exchange.deliver({ message: message('jobs/1'), group: null });
    expect(log).toEqual(['audit']);
    expect(result).toMatchObject({ matched: 1 });
  });

  it('a group with no member here reaches nobody, and no group at all reaches nobody either', async () => {
    const { exchange, log } = exchangeWithLog();
    expect(await exchange.deliver({ message: message('jobs/1'), group: 'nobody' })).toMatchObject({
      matched: 0,
      delivered: 0,
    });
    const plain = new SignalExchange(options);
    plain.subscribe({ topicPattern: 'jobs/.*', handler: () => void log.push('plain') });
    expect(await plain.deliver({ message: message('jobs/1'), group: 'workers' })).toMatchObject({
      matched: 0,
    });
    expect(log).toEqual([]);
  });

  it('while a routesGroups observer is attached, publish skips grouped subscriptions', async () => {
    const { exchange, log } = exchangeWithLog();
    const seen: string[] = [];
    const stop = exchange.observe({
      routesGroups: true,
      onPublish: (m) => void seen.push(m.topic),
    });
    await exchange.publish({ message: message('jobs/1') });
    expect(log).toEqual(['audit']);
    expect(seen).toEqual(['jobs/1']);
    // deliver is not affected
    await exchange.deliver({ message: message('jobs/2') });
    expect(log).toEqual(['audit', 'w1', 'b1', 'audit']);
    stop();
    stop(); // a second call changes nothing
    log.length = 0;
    await exchange.publish({ message: message('jobs/3') });
    expect(log).toEqual(['w2', 'b1', 'audit']);
  });

  it('an observer without routesGroups leaves publish as it was', async () => {
    const { exchange, log } = exchangeWithLog();
    exchange.observe({ onPublish: () => {} });
    await exchange.publish({ message: message('jobs/1') });
    expect(log).toEqual(['w1', 'b1', 'audit']);
  });
});

describe('bad group and routesGroups values', () => {
  it.each([[''], [1], [{}], [true]])('group %o rejects with TypeError', async (group) => {
    const exchange = new SignalExchange();
    await expect(
      exchange.deliver({ message: message('a'), group: group as string }),
    ).rejects.toThrow(/group must be a group's name \(a non-empty string\) or null, got /);
    expect(exchange.stats().refused).toBe(1);
  });

  it('routesGroups that is not a boolean throws TypeError', () => {
    const exchange = new SignalExchange();
    expect(() => exchange.observe({ routesGroups: 'yes' as unknown as boolean })).toThrow(
      /routesGroups must be a boolean, got /,
    );
  });
});

describe('one call per handler function across the two copies', () => {
  it('a group delivery skips a function that a subscription without a group has', async () => {
    const exchange = new SignalExchange();
    const calls: string[] = [];
    const shared = (id: string): void => void calls.push(`shared:${id}`);
    exchange.subscribe({ subscriptionId: 'plain', topicPattern: 'jobs/.*', handler: shared });
    exchange.subscribe({
      subscriptionId: 'member',
      topicPattern: 'jobs/.*',
      group: 'w',
      handler: shared,
    });
    exchange.subscribe({
      subscriptionId: 'other',
      topicPattern: 'jobs/.*',
      group: 'w',
      handler: (id) => void calls.push(id),
    });
    // The plain copy, then the group copy, as a bridge delivers them.
    await exchange.deliver({ message: message('jobs/1'), group: null });
    const first = await exchange.deliver({ message: message('jobs/1'), group: 'w' });
    await exchange.deliver({ message: message('jobs/2'), group: null });
    await exchange.deliver({ message: message('jobs/2'), group: 'w' });
    expect(calls).toEqual(['shared:plain', 'shared:plain', 'other']);
    expect(first).toMatchObject({ matched: 1, delivered: 0 }); // the member had its turn
  });

  it('a plain subscription whose filter rejects the message does not count', async () => {
    const exchange = new SignalExchange();
    const calls: string[] = [];
    const shared = (id: string): void => void calls.push(id);
    exchange.subscribe({
      subscriptionId: 'plain',
      topicPattern: 'jobs/.*',
      filter: () => false,
      handler: shared,
    });
    exchange.subscribe({
      subscriptionId: 'member',
      topicPattern: 'jobs/.*',
      group: 'w',
      handler: shared,
    });
    await exchange.deliver({ message: message('jobs/1'), group: 'w' });
    expect(calls).toEqual(['member']);
  });
});
