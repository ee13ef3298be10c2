// The trace context a publish carries (docs/observing-an-exchange.md, "Trace context across
// processes"): checked, passed to onPublish observers, refused when malformed.
import { describe, expect, it } from 'vitest';
import { isTraceparent, SignalExchange, type PublishDetails } from '../src/index.js';
import { message } from './support/helpers.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('isTraceparent', () => {
  it('accepts the W3C form, lowercase, any version but ff', () => {
    expect(isTraceparent(VALID)).toBe(true);
    expect(isTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).toBe(true);
  });

  it.each([
    ['uppercase hex', VALID.toUpperCase()],
    ['version ff', 'ff' + VALID.slice(2)],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01'],
    ['trailing text', VALID + '-x'],
    ['a non-string', 42],
    ['undefined', undefined],
  ])('refuses %s', (_, value) => {
    expect(isTraceparent(value)).toBe(false);
  });
});

describe('publish({ traceparent })', () => {
  it('tells onPublish observers, and omitted is undefined', async () => {
    const exchange = new SignalExchange();
    const details: PublishDetails[] = [];
    exchange.observe({ onPublish: (_message, _publisher, detail) => details.push(detail) });
    await exchange.publish({ message: message('t'), traceparent: VALID });
    await exchange.publish({ message: message('t') });
    expect(details).toEqual([
      { retain: false, traceparent: VALID },
      { retain: false, traceparent: undefined },
    ]);
  });

  it.each(['publish', 'deliver'] as const)(
    '%s rejects a malformed traceparent with a TypeError naming it, delivering nothing',
    async (operation) => {
      const exchange = new SignalExchange();
      let calls = 0;
      exchange.subscribe({ topicPattern: 't', handler: () => void (calls += 1) });
      const refused = exchange[operation]({ message: message('t'), traceparent: 'abc' });
      await expect(refused).rejects.toThrow(TypeError);
      await expect(refused).rejects.toThrow(
        "traceparent must be a W3C traceparent ('00-' 32 hex digits '-' 16 hex digits '-' 2 hex digits, lowercase, ids not all zero), got \"abc\"",
      );
      expect(calls).toBe(0);
      expect(exchange.stats().refused).toBe(1);
    },
  );
});
