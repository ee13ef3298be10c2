// docs/delivery-semantics.md, "Publish rules", rule 7: the set of handlers is fixed when publish is
// called. Subscribing or unsubscribing during the dispatch (in a handler or a filter) or right
// after the call affects later publishes only.
import { describe, expect, it } from 'vitest';
import { type Handler, SignalExchange } from '../src/index.js';
import { message, sleep } from './support/helpers.js';

for (const dispatch of ['sequential', 'concurrent'] as const) {
  describe(`snapshot rule (${dispatch})`, () => {
    it('a handler that unsubscribes a later subscription and subscribes a new one', async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      const record =
        (name: string): Handler =>
        async (_id, _publisher, m) => {
          await sleep(1);
          log.push(`${name}:${String(m.value)}`);
        };
      let changed = false;
      exchange.subscribe({
        topicPattern: 'a',
        handler: (_id, _publisher, m) => {
          log.push(`changer:${String(m.value)}`);
          if (changed) return;
          changed = true;
          exchange.unsubscribe('victim');
          exchange.subscribe({
            topicPattern: 'a',
            handler: record('newcomer'),
            subscriptionId: 'newcomer',
          });
        },
      });
      exchange.subscribe({ topicPattern: 'a', handler: record('bystander') });
      exchange.subscribe({
        topicPattern: 'a',
        handler: record('victim'),
        subscriptionId: 'victim',
      });

      const first = await exchange.publish({ message: message('a', 1) });
      expect(first).toEqual({ matched: 3, delivered: 3, failed: 0 });
      expect(log.sort()).toEqual(['bystander:1', 'changer:1', 'victim:1']);

      log.length = 0;
      const second = await exchange.publish({ message: message('a', 2) });
      expect(second).toEqual({ matched: 3, delivered: 3, failed: 0 });
      expect(log.sort()).toEqual(['bystander:2', 'changer:2', 'newcomer:2']);
    });

    it('a handler that unsubscribes itself still completes; later publishes skip it', async () => {
      const exchange = new SignalExchange({ dispatch });
      const calls: number[] = [];
      const id = exchange.subscribe({
        topicPattern: 'a',
        handler: async (subscriptionId, _publisher, m) => {
          exchange.unsubscribe(subscriptionId);
          await sleep(1);
          calls.push(m.value as number);
        },
      });
      await expect(exchange.publish({ message: message('a', 1) })).resolves.toMatchObject({
        delivered: 1,
      });
      await expect(exchange.publish({ message: message('a', 2) })).resolves.toMatchObject({
        delivered: 0,
      });
      expect(calls).toEqual([1]);
      expect(exchange.unsubscribe(id)).toBe(false);
    });

    it('a filter that subscribes and unsubscribes', async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      let once = true;
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => void log.push('first'),
        filter: () => {
          if (once) {
            once = false;
            exchange.unsubscribe('victim');
            exchange.subscribe({ topicPattern: 'a', handler: () => void log.push('newcomer') });
          }
          return true;
        },
      });
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => void log.push('victim'),
        subscriptionId: 'victim',
      });
      await exchange.publish({ message: message('a') });
      expect(log).toEqual(['first', 'victim']);
      log.length = 0;
      await exchange.publish({ message: message('a') });
      expect(log).toEqual(['first', 'newcomer']);
    });

    it('subscribe and unsubscribe right after calling publish', async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      // A slow first handler, so that in sequential mode the others have not been called yet.
      exchange.subscribe({
        topicPattern: 'a',
        handler: async (_id, _publisher, m) => {
          await sleep(5);
          log.push(`slow:${String(m.value)}`);
        },
      });
      exchange.subscribe({
        topicPattern: 'a',
        handler: (_id, _publisher, m) => void log.push(`victim:${String(m.value)}`),
        subscriptionId: 'victim',
      });
      const publishing = exchange.publish({ message: message('a', 1) });
      exchange.unsubscribe('victim');
      exchange.subscribe({
        topicPattern: 'a',
        handler: (_id, _publisher, m) => void log.push(`newcomer:${String(m.value)}`),
      });
      await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
      expect(log.sort()).toEqual(['slow:1', 'victim:1']);

      log.length = 0;
      await exchange.publish({ message: message('a', 2) });
      expect(log.sort()).toEqual(['newcomer:2', 'slow:2']);
    });

    it('clear() right after calling publish does not stop that publish', async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      exchange.subscribe({
        topicPattern: 'a',
        handler: async () => {
          await sleep(5);
          log.push('slow');
        },
      });
      exchange.subscribe({ topicPattern: 'a', handler: () => void log.push('second') });
      const publishing = exchange.publish({ message: message('a') });
      exchange.clear();
      await expect(publishing).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
      expect(log.sort()).toEqual(['second', 'slow']);
      await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
        matched: 0,
        delivered: 0,
        failed: 0,
      });
    });

    it('two publishes in flight each keep their own set', async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      exchange.subscribe({
        topicPattern: 'a',
        handler: async (_id, _publisher, m) => {
          await sleep(5);
          log.push(`slow:${String(m.value)}`);
        },
      });
      const first = exchange.publish({ message: message('a', 1) });
      exchange.subscribe({
        topicPattern: 'a',
        handler: (_id, _publisher, m) => void log.push(`late:${String(m.value)}`),
      });
      const second = exchange.publish({ message: message('a', 2) });
      await expect(first).resolves.toMatchObject({ delivered: 1 });
      await expect(second).resolves.toMatchObject({ delivered: 2 });
      expect(log.sort()).toEqual(['late:2', 'slow:1', 'slow:2']);
    });
  });
}
