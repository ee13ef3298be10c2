// docs/delivery-semantics.md, "Subscribing and unsubscribing", subscribe: arguments of the wrong
// type throw TypeError (a handler that is not a function, an async filter, ...), an invalid pattern
// throws PatternSyntaxError, a duplicate id throws DuplicateSubscriptionError carrying the id, and
// a failed subscribe changes nothing.
import { describe, expect, it, type Mock, vi } from 'vitest';
import {
  DuplicateSubscriptionError,
  type Handler,
  PatternSyntaxError,
  SignalExchange,
  type SubscribeOptions,
} from '../src/index.js';
import { message } from './support/helpers.js';

/** An exchange with one working subscription on `parent/.*`, to prove nothing changed. */
function setup() {
  const exchange = new SignalExchange();
  const existing = vi.fn<Handler>();
  const existingId = exchange.subscribe({
    topicPattern: 'parent/.*',
    handler: existing,
    subscriptionId: 'existing',
  });
  return { exchange, existing, existingId };
}

/** Asserts that the exchange still has exactly its one subscription and delivers as before. */
async function expectUnchanged(
  exchange: SignalExchange,
  existing: Mock<Handler>,
  attempted: Mock<Handler>,
): Promise<void> {
  expect(exchange.size).toBe(1);
  existing.mockClear();
  const result = await exchange.publish({ message: message('parent/child') });
  expect(result).toEqual({ matched: 1, delivered: 1, failed: 0 });
  expect(existing).toHaveBeenCalledTimes(1);
  expect(existing.mock.calls[0]![0]).toBe('existing');
  expect(attempted).not.toHaveBeenCalled();
  expect(exchange.hasSubscribers('other/topic')).toBe(false);
}

const bad = (options: Record<string, unknown>): SubscribeOptions =>
  options as unknown as SubscribeOptions;

describe('subscribe refuses bad arguments with TypeError', () => {
  const cases: readonly [string, (handler: Handler) => SubscribeOptions][] = [
    ['no options', () => undefined as unknown as SubscribeOptions],
    ['null options', () => null as unknown as SubscribeOptions],
    ['a missing handler', () => bad({ topicPattern: 'parent/.*' })],
    ['a string handler', () => bad({ topicPattern: 'parent/.*', handler: 'handler' })],
    ['an object handler', () => bad({ topicPattern: 'parent/.*', handler: { handleEvent() {} } })],
    [
      'an async function filter',
      (handler) => ({
        topicPattern: 'parent/.*',
        handler,
        filter: (async () => true) as unknown as () => boolean,
      }),
    ],
    [
      'an async method filter',
      (handler) => ({
        topicPattern: 'parent/.*',
        handler,
        filter: {
          async check() {
            return true;
          },
        }.check as unknown as () => boolean,
      }),
    ],
    [
      'an async generator filter',
      (handler) => ({
        topicPattern: 'parent/.*',
        handler,
        filter: async function* () {
          yield true;
        } as unknown as () => boolean,
      }),
    ],
    [
      'a revoked proxy as the pattern',
      (handler) => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return bad({ topicPattern: proxy, handler });
      },
    ],
    [
      'a proxy of a RegExp as the pattern',
      (handler) => bad({ topicPattern: new Proxy(/parent/, {}), handler }),
    ],
    [
      'a non-function filter',
      (handler) => bad({ topicPattern: 'parent/.*', handler, filter: true }),
    ],
    [
      'a numeric publisherName',
      (handler) => bad({ topicPattern: 'parent/.*', handler, publisherName: 42 }),
    ],
    [
      'a null publisherName',
      (handler) => bad({ topicPattern: 'parent/.*', handler, publisherName: null }),
    ],
    [
      'a numeric subscriptionId',
      (handler) => bad({ topicPattern: 'parent/.*', handler, subscriptionId: 7 }),
    ],
    [
      'a signal that is not an AbortSignal',
      (handler) => bad({ topicPattern: 'parent/.*', handler, signal: {} }),
    ],
    ['a string weak', (handler) => bad({ topicPattern: 'parent/.*', handler, weak: 'yes' })],
    ['a numeric weak', (handler) => bad({ topicPattern: 'parent/.*', handler, weak: 1 })],
    ['a numeric topicPattern', (handler) => bad({ topicPattern: 42, handler })],
    ['a missing topicPattern', (handler) => bad({ handler })],
  ];

  it.each(cases)('%s', async (_name, make) => {
    const { exchange, existing } = setup();
    const attempted = vi.fn<Handler>();
    expect(() => exchange.subscribe(make(attempted))).toThrow(TypeError);
    await expectUnchanged(exchange, existing, attempted);
  });
});

describe('subscribe refuses an invalid pattern with PatternSyntaxError', () => {
  it.each(['(', 'parent/[', '*', 'a{2,1}', '(?<n>a)(?<n>b)x('])('%j', async (pattern) => {
    const { exchange, existing } = setup();
    const attempted = vi.fn<Handler>();
    let error: unknown;
    try {
      exchange.subscribe({ topicPattern: pattern, handler: attempted });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PatternSyntaxError);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as PatternSyntaxError).pattern).toBe(pattern);
    expect((error as PatternSyntaxError).message).toContain(pattern);
    await expectUnchanged(exchange, existing, attempted);
  });

  it('adds no abort listener when the pattern is refused', () => {
    const { exchange } = setup();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    expect(() =>
      exchange.subscribe({ topicPattern: '(', handler: vi.fn(), signal: controller.signal }),
    ).toThrow(PatternSyntaxError);
    expect(add).not.toHaveBeenCalled();
  });

  it('refuses an invalid pattern even when the signal is already aborted', () => {
    // A bad argument is a programming error whatever the signal's state: the other argument
    // checks (TypeError, DuplicateSubscriptionError) are made before the aborted check, so the
    // pattern must be too.
    const exchange = new SignalExchange();
    const signal = AbortSignal.abort();
    expect(() =>
      exchange.subscribe({ topicPattern: 'parent/(', handler: vi.fn(), signal }),
    ).toThrow(PatternSyntaxError);
    expect(exchange.size).toBe(0);
  });
});

describe('subscribe refuses a duplicate subscription id', () => {
  it('throws DuplicateSubscriptionError carrying the id, and changes nothing', async () => {
    const { exchange, existing } = setup();
    const attempted = vi.fn<Handler>();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    let error: unknown;
    try {
      exchange.subscribe({
        topicPattern: 'other/.*',
        handler: attempted,
        subscriptionId: 'existing',
        signal: controller.signal,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DuplicateSubscriptionError);
    expect((error as DuplicateSubscriptionError).subscriptionId).toBe('existing');
    expect((error as DuplicateSubscriptionError).message).toContain('existing');
    expect(add).not.toHaveBeenCalled();
    await expectUnchanged(exchange, existing, attempted);
    // The existing subscription still answers to its id.
    expect(exchange.unsubscribe('existing')).toBe(true);
  });

  it('throws for a duplicate even when the signal is already aborted', () => {
    const { exchange } = setup();
    expect(() =>
      exchange.subscribe({
        topicPattern: 'x',
        handler: vi.fn(),
        subscriptionId: 'existing',
        signal: AbortSignal.abort(),
      }),
    ).toThrow(DuplicateSubscriptionError);
    expect(exchange.size).toBe(1);
  });

  it('accepts an id again once its subscription is gone', () => {
    const { exchange } = setup();
    exchange.unsubscribe('existing');
    expect(
      exchange.subscribe({ topicPattern: 'x', handler: vi.fn(), subscriptionId: 'existing' }),
    ).toBe('existing');
    expect(exchange.size).toBe(1);
  });
});
