// docs/delivery-semantics.md, "Re-entrant publishing": a handler may publish. The nested publish
// runs its own dispatch with the subscriptions of the moment it is called, and the outer publish
// carries on afterwards.
import { describe, expect, it } from 'vitest';
import { SignalExchange } from '../src/index.js';
import { message, sleep } from './support/helpers.js';

for (const dispatch of ['sequential', 'concurrent'] as const) {
  describe(`a handler that publishes (${dispatch})`, () => {
    it('runs the nested publish inside the handler when it awaits it', async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      let nestedResult: unknown;
      exchange.subscribe({
        topicPattern: 'outer',
        handler: async () => {
          log.push('outer-1 start');
          nestedResult = await exchange.publish({ message: message('inner') });
          log.push('outer-1 end');
        },
      });
      exchange.subscribe({
        topicPattern: 'inner',
        handler: async () => {
          log.push('inner start');
          await sleep(2);
          log.push('inner end');
        },
      });
      exchange.subscribe({
        topicPattern: 'outer',
        handler: async () => {
          await sleep(10);
          log.push('outer-2');
        },
      });
      const result = await exchange.publish({ message: message('outer') });
      expect(result).toEqual({ matched: 2, delivered: 2, failed: 0 });
      expect(nestedResult).toEqual({ matched: 1, delivered: 1, failed: 0 });
      expect(log).toEqual(['outer-1 start', 'inner start', 'inner end', 'outer-1 end', 'outer-2']);
    });

    it('recursively, on the same topic, delivering every message once, depth first', async () => {
      const exchange = new SignalExchange({ dispatch });
      const seen: string[] = [];
      exchange.subscribe({
        topicPattern: 'count',
        handler: async (_id, _publisher, m) => {
          const value = m.value as number;
          seen.push(`a${value}`);
          if (value < 5) await exchange.publish({ message: message('count', value + 1) });
        },
      });
      exchange.subscribe({
        topicPattern: 'count',
        handler: (_id, _publisher, m) => void seen.push(`b${m.value as number}`),
      });
      await exchange.publish({ message: message('count', 0) });
      if (dispatch === 'sequential') {
        // Each level's first handler awaits the next level before the second handler is called.
        expect(seen).toEqual([
          'a0',
          'a1',
          'a2',
          'a3',
          'a4',
          'a5',
          'b5',
          'b4',
          'b3',
          'b2',
          'b1',
          'b0',
        ]);
      } else {
        // Concurrent: when b of a level starts relative to the nested publish is not fixed;
        // each message still reaches each handler once, and the levels come in order.
        expect(seen.filter((entry) => entry.startsWith('a'))).toEqual([
          'a0',
          'a1',
          'a2',
          'a3',
          'a4',
          'a5',
        ]);
        expect(seen.filter((entry) => entry.startsWith('b')).sort()).toEqual([
          'b0',
          'b1',
          'b2',
          'b3',
          'b4',
          'b5',
        ]);
      }
    });

    it('without awaiting: both publishes complete and every handler sees every message once', async () => {
      const exchange = new SignalExchange({ dispatch });
      const seen: string[] = [];
      const nested: Promise<unknown>[] = [];
      exchange.subscribe({
        topicPattern: 't/.*',
        handler: (_id, _publisher, m) => {
          seen.push(`x ${m.topic}`);
          if (m.topic === 't/first')
            nested.push(exchange.publish({ message: message('t/second') }));
        },
      });
      exchange.subscribe({
        topicPattern: 't/.*',
        handler: async (_id, _publisher, m) => {
          await sleep(1);
          seen.push(`y ${m.topic}`);
        },
      });
      await expect(exchange.publish({ message: message('t/first') })).resolves.toEqual({
        matched: 2,
        delivered: 2,
        failed: 0,
      });
      expect(nested).toHaveLength(1);
      await expect(nested[0]).resolves.toEqual({ matched: 2, delivered: 2, failed: 0 });
      expect(seen.sort()).toEqual(['x t/first', 'x t/second', 'y t/first', 'y t/second']);
    });

    it('a nested publish reaches a subscription made by the handler just before', async () => {
      const exchange = new SignalExchange({ dispatch });
      const log: string[] = [];
      exchange.subscribe({
        topicPattern: 'a',
        handler: async (_id, _publisher, m) => {
          if (m.value !== 'outer') return;
          exchange.subscribe({
            topicPattern: 'a',
            handler: (_i, _p, n) => void log.push(`late ${String(n.value)}`),
          });
          await exchange.publish({ message: message('a', 'nested') });
        },
      });
      await exchange.publish({ message: message('a', 'outer') });
      expect(log).toEqual(['late nested']);
    });

    it('a nested publish with an invalid topic rejects inside the handler only', async () => {
      const exchange = new SignalExchange({ dispatch });
      let caught: unknown;
      exchange.subscribe({
        topicPattern: 'a',
        handler: async () => {
          caught = await exchange
            .publish({ message: message('not\0valid') })
            .catch((error: unknown) => error);
        },
      });
      await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
        matched: 1,
        delivered: 1,
        failed: 0,
      });
      expect(caught).toBeInstanceOf(Error);
      expect((caught as Error).name).toBe('InvalidTopicError');
    });
  });
}
