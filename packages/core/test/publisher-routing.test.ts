// docs/delivery-semantics.md, "Publish rules", rule 2 (and "Publisher routing and filters"): a
// subscription with a publisherName receives only messages whose `message.publisherName` equals it;
// one without receives messages from any publisher. Routing happens before filters (a routed-out
// subscription's filter is not run) and counts in `matched`. The `publisher` argument is passed
// through to handlers and plays no part.
import { describe, expect, it, vi } from 'vitest';
import { type Filter, Message, SignalExchange } from '../src/index.js';

function from(publisherName: string | null, topic = 'sensors/temp'): Message {
  return new Message({ publisherName, topic, value: 20 });
}

describe('publisher routing', () => {
  it('delivers to subscriptions bound to the message publisherName or to none', async () => {
    const exchange = new SignalExchange();
    const calls: string[] = [];
    const record = (name: string) => () => void calls.push(name);
    exchange.subscribe({ topicPattern: 'sensors/.*', handler: record('any') });
    exchange.subscribe({
      topicPattern: 'sensors/.*',
      handler: record('thermostat'),
      publisherName: 'thermostat',
    });
    exchange.subscribe({
      topicPattern: 'sensors/.*',
      handler: record('barometer'),
      publisherName: 'barometer',
    });
    exchange.subscribe({
      topicPattern: 'sensors/.*',
      handler: record('empty-name'),
      publisherName: '',
    });

    await expect(exchange.publish({ message: from('thermostat') })).resolves.toEqual({
      matched: 2,
      delivered: 2,
      failed: 0,
    });
    expect(calls).toEqual(['any', 'thermostat']);

    calls.length = 0;
    await exchange.publish({ message: from('barometer') });
    expect(calls).toEqual(['any', 'barometer']);

    calls.length = 0;
    await expect(exchange.publish({ message: from(null) })).resolves.toEqual({
      matched: 1,
      delivered: 1,
      failed: 0,
    });
    expect(calls).toEqual(['any']);

    calls.length = 0;
    await exchange.publish({ message: from('') });
    expect(calls).toEqual(['any', 'empty-name']);

    calls.length = 0;
    await exchange.publish({ message: from('Thermostat') });
    expect(calls).toEqual(['any']);
  });

  it('routes on message.publisherName, not on the publisher object', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    exchange.subscribe({ topicPattern: 'sensors/.*', handler, publisherName: 'thermostat' });
    const thermostat = { name: 'thermostat' };
    await exchange.publish({ publisher: thermostat, message: from('other') });
    expect(handler).not.toHaveBeenCalled();
    const m = from('thermostat');
    await exchange.publish({ publisher: 'anything', message: m });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![1]).toBe('anything');
    expect(handler.mock.calls[0]![2]).toBe(m);
  });

  it('passes the publisher object (undefined when omitted) to filters and handlers', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    const filter = vi.fn<Filter>(() => true);
    exchange.subscribe({ topicPattern: 'sensors/.*', handler, filter });
    const publisher = { id: 1 };
    await exchange.publish({ publisher, message: from(null) });
    await exchange.publish({ message: from(null) });
    expect(filter.mock.calls.map((call) => call[1])).toEqual([publisher, undefined]);
    expect(handler.mock.calls.map((call) => call[1])).toEqual([publisher, undefined]);
    expect(handler.mock.calls[0]![1]).toBe(publisher);
  });

  it('does not run the filter of a subscription routed away', async () => {
    const exchange = new SignalExchange();
    const filter = vi.fn(() => true);
    const handler = vi.fn();
    exchange.subscribe({
      topicPattern: 'sensors/.*',
      handler,
      filter,
      publisherName: 'thermostat',
    });
    const result = await exchange.publish({ message: from('barometer') });
    expect(result).toEqual({ matched: 0, delivered: 0, failed: 0 });
    expect(filter).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it('still needs the pattern to match', async () => {
    const exchange = new SignalExchange();
    const handler = vi.fn();
    exchange.subscribe({ topicPattern: 'sensors/humidity', handler, publisherName: 'thermostat' });
    await exchange.publish({ message: from('thermostat', 'sensors/temp') });
    expect(handler).not.toHaveBeenCalled();
  });
});
