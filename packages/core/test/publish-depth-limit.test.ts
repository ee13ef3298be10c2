// Issue 14, item 6: a re-entrant publish is bounded. The first handler (every handler, in
// 'concurrent' mode) runs synchronously inside publish, so a handler that publishes a message
// that reaches it again grows the call stack with every level; unbounded, it ended in a bare
// RangeError (stack overflow) about 2 800 levels deep, thrown wherever the stack ran out. A
// publish nested in more than `maxPublishDepth` handler and filter calls (256 by default,
// counted across every exchange) rejects with a PublishDepthError before anything is done with
// it; the handler that made it fails with it, and everything above resolves.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PUBLISH_DEPTH,
  type ErrorContext,
  type Message,
  PublishDepthError,
  SignalExchange,
  type SignalExchangeOptions,
} from '../src/index.js';
import { message } from './support/helpers.js';

/** A handler that publishes `count` with the next value and awaits it, up to `levels`. */
function recursing(exchange: SignalExchange, levels: number, calls: number[]) {
  return async (_id: string, _publisher: unknown, m: Message): Promise<void> => {
    const value = m.value as number;
    calls.push(value);
    if (value < levels) await exchange.publish({ message: message('count', value + 1) });
  };
}

function recorder() {
  const errors: [unknown, ErrorContext][] = [];
  return {
    errors,
    onError: (error: unknown, context: ErrorContext) => void errors.push([error, context]),
  };
}

for (const dispatch of ['sequential', 'concurrent'] as const) {
  describe(`maxPublishDepth (${dispatch})`, () => {
    it('turns a runaway re-entrant publish (5 000 levels) into one PublishDepthError', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError });
      const calls: number[] = [];
      const id = exchange.subscribe({
        topicPattern: 'count',
        handler: recursing(exchange, 5000, calls),
      });
      const result = await exchange.publish({ message: message('count', 0) });
      expect(result).toEqual({ matched: 1, delivered: 1, failed: 0 });
      // Levels 0 to 256 ran; the publish of level 257 was refused inside the handler of 256.
      expect(calls).toHaveLength(DEFAULT_MAX_PUBLISH_DEPTH + 1);
      expect(errors.map(([error]) => (error as Error).name)).toEqual(['PublishDepthError']);
      const [error, context] = errors[0]!;
      expect(context).toMatchObject({ subscriptionId: id, phase: 'handler' });
      expect((context.message.value as number) + 1).toBe(DEFAULT_MAX_PUBLISH_DEPTH + 1);
      expect(error).toBeInstanceOf(PublishDepthError);
      expect(error).toBeInstanceOf(RangeError);
      expect(error).toMatchObject({
        name: 'PublishDepthError',
        code: 'ERR_SIGX_PUBLISH_DEPTH',
        topic: 'count',
        depth: DEFAULT_MAX_PUBLISH_DEPTH + 1,
        max: DEFAULT_MAX_PUBLISH_DEPTH,
        message:
          'Publish on topic "count" refused: it is nested in 257 handler or filter calls, ' +
          'more than maxPublishDepth (256) allows; a handler that publishes a message that ' +
          'reaches it again recurses without end',
      });
    });

    it('is an option: a publish nested in more than maxPublishDepth calls is refused', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, maxPublishDepth: 3 });
      const calls: number[] = [];
      exchange.subscribe({ topicPattern: 'count', handler: recursing(exchange, 10, calls) });
      await expect(exchange.publish({ message: message('count', 0) })).resolves.toEqual({
        matched: 1,
        delivered: 1,
        failed: 0,
      });
      expect(calls).toEqual([0, 1, 2, 3]);
      expect(errors).toHaveLength(1);
      expect(errors[0]![0]).toMatchObject({ depth: 4, max: 3 });
    });

    it('allows exactly maxPublishDepth levels of nesting', async () => {
      const { errors, onError } = recorder();
      const exchange = new SignalExchange({ dispatch, onError, maxPublishDepth: 3 });
      const calls: number[] = [];
      exchange.subscribe({ topicPattern: 'count', handler: recursing(exchange, 3, calls) });
      await exchange.publish({ message: message('count', 0) });
      expect(calls).toEqual([0, 1, 2, 3]);
      expect(errors).toEqual([]);
    });

    it('rejects the refused publish before observers, filters or handlers see it', async () => {
      const exchange = new SignalExchange({ dispatch, maxPublishDepth: 1 });
      const seen: string[] = [];
      exchange.observe({ onPublish: (m) => void seen.push(`observed ${m.topic}`) });
      let refusal: unknown;
      exchange.subscribe({
        topicPattern: 'outer',
        handler: () => {
          // Fire and forget from a synchronous handler: the caller must handle the rejection.
          exchange.publish({ message: message('inner') }).then(
            () => void seen.push('inner resolved'),
            (error: unknown) => void (refusal = error),
          );
        },
      });
      exchange.subscribe({
        topicPattern: 'inner',
        filter: () => (seen.push('inner filter'), true),
        handler: () => {
          seen.push('inner handler');
          void exchange.publish({ message: message('deepest') }).catch((error: unknown) => {
            refusal = error;
          });
        },
      });
      // Depth 1 (inside the outer handler) is allowed; depth 2 would be refused.
      await exchange.publish({ message: message('outer') });
      await Promise.resolve();
      expect(seen).toEqual([
        'observed outer',
        'observed inner',
        'inner filter',
        'inner handler',
        'inner resolved',
      ]);
      expect((refusal as Error).name).toBe('PublishDepthError');
      expect(refusal).toMatchObject({ topic: 'deepest', depth: 2, max: 1 });
    });

    it('counts filter calls too', async () => {
      const exchange = new SignalExchange({ dispatch, maxPublishDepth: 2, onError: () => {} });
      const refusals: unknown[] = [];
      let level = 0;
      exchange.subscribe({
        topicPattern: 'loop',
        filter: () => {
          level += 1;
          void exchange.publish({ message: message('loop') }).catch((error: unknown) => {
            refusals.push(error);
          });
          return false;
        },
        handler: () => {},
      });
      await exchange.publish({ message: message('loop') });
      await Promise.resolve();
      expect(level).toBe(3);
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({ name: 'PublishDepthError', depth: 3, max: 2 });
    });

    it('counts across exchanges: the call stack is what is bounded', async () => {
      const { errors, onError } = recorder();
      const ping = new SignalExchange({ dispatch, onError, maxPublishDepth: 5 });
      const pong = new SignalExchange({ dispatch, onError });
      const calls: string[] = [];
      ping.subscribe({
        topicPattern: 'x',
        handler: async () => {
          calls.push('ping');
          await pong.publish({ message: message('x') });
        },
      });
      pong.subscribe({
        topicPattern: 'x',
        handler: async () => {
          calls.push('pong');
          await ping.publish({ message: message('x') });
        },
      });
      await ping.publish({ message: message('x') });
      // ping's publishes at depth 0, 2 and 4 run; the one at depth 6 is refused.
      expect(calls).toEqual(['ping', 'pong', 'ping', 'pong', 'ping', 'pong']);
      expect(errors.map(([error]) => error)).toMatchObject([{ depth: 6, max: 5 }]);
    });

    it('leaves the count at zero afterwards, also after handlers and filters threw', async () => {
      const exchange = new SignalExchange({ dispatch, maxPublishDepth: 1, onError: () => {} });
      exchange.subscribe({
        topicPattern: 'a',
        filter: () => {
          throw new Error('filter');
        },
        handler: () => {},
      });
      exchange.subscribe({
        topicPattern: 'a',
        handler: () => {
          throw new Error('handler');
        },
      });
      for (let i = 0; i < 3; i += 1) await exchange.publish({ message: message('a') });
      const calls: number[] = [];
      exchange.subscribe({ topicPattern: 'count', handler: recursing(exchange, 1, calls) });
      await exchange.publish({ message: message('count', 0) });
      expect(calls).toEqual([0, 1]);
    });
  });
}

describe('the maxPublishDepth option', () => {
  const make = (maxPublishDepth: unknown) => () =>
    new SignalExchange({ maxPublishDepth } as unknown as SignalExchangeOptions);

  it('defaults to DEFAULT_MAX_PUBLISH_DEPTH, 256', () => {
    expect(DEFAULT_MAX_PUBLISH_DEPTH).toBe(256);
  });

  it.each([0, -1, 1.5, NaN, -Infinity])(
    'refuses %s with a RangeError naming the option',
    (value) => {
      expect(make(value)).toThrow(RangeError);
      expect(make(value)).toThrow(/^maxPublishDepth must be a positive integer or Infinity, got /);
    },
  );

  it.each(['8', null, 8n, {}])('refuses a non-number (%s) with a TypeError', (value) => {
    expect(make(value)).toThrow(TypeError);
    expect(make(value)).toThrow(/^maxPublishDepth must be a positive integer or Infinity, got /);
  });

  it.each([undefined, 1, 256, 10_000, Infinity])('accepts %s', (value) => {
    expect(make(value)).not.toThrow();
  });
});
