// Issue 14, item 5 (what a handler returns): a handler's thenable is adopted into a promise of
// the exchange's own, so nothing it does makes a delivery count twice, reject publish or
// escape: a `then` getter or a `then` that throws is a failure, a `then` that calls both
// callbacks or one twice counts once (the first call wins), and a returned value whose
// inspection throws (a Proxy) is a failure. In both dispatch modes, with and without
// handlerTimeout.
import { describe, expect, it } from 'vitest';
import { type Handler, SignalExchange } from '../src/index.js';
import { message } from './support/helpers.js';

type Callback = (value?: unknown) => void;

/**
 * A native promise (so `Promise.resolve` returns it as it is) with an own `then`; `await`
 * follows its state, adoption its `then`, and both agree on the first outcome.
 */
function nativeWithThen(
  state: Promise<void>,
  then: (onFulfilled: Callback, onRejected: Callback) => unknown,
): object {
  state.catch(() => {});
  Object.defineProperty(state, 'then', { value: then });
  return state;
}

const CASES: readonly (readonly [name: string, returned: () => unknown, failed: number])[] = [
  [
    'a thenable whose then getter throws the second time',
    () => {
      let reads = 0;
      return {
        get then() {
          reads += 1;
          if (reads > 1) throw new Error('then getter');
          return () => {};
        },
      };
    },
    1,
  ],
  [
    'a thenable whose then throws',
    () => ({
      then(): never {
        throw new Error('then');
      },
    }),
    1,
  ],
  [
    'a thenable that fulfils and then rejects',
    () => ({
      then(onFulfilled: Callback, onRejected: Callback) {
        onFulfilled();
        onRejected(new Error('after'));
      },
    }),
    0,
  ],
  [
    'a thenable that rejects twice',
    () => ({
      then(_onFulfilled: Callback, onRejected: Callback) {
        onRejected(new Error('once'));
        onRejected(new Error('twice'));
      },
    }),
    1,
  ],
  [
    'a native promise whose own then rejects twice and returns nonsense',
    () =>
      nativeWithThen(Promise.reject(new Error('state')), (_onFulfilled, onRejected) => {
        onRejected(new Error('once'));
        onRejected(new Error('twice'));
        return 42;
      }),
    1,
  ],
  [
    'a native promise whose own then fulfils, rejects, then throws',
    () =>
      nativeWithThen(Promise.resolve(), (onFulfilled, onRejected) => {
        onFulfilled();
        onRejected(new Error('after'));
        throw new Error('then');
      }),
    0,
  ],
  [
    'a native promise whose constructor getter throws',
    () =>
      Object.defineProperty(Promise.resolve(), 'constructor', {
        get(): never {
          throw new Error('constructor getter');
        },
      }),
    1,
  ],
  [
    'a Proxy whose get trap throws',
    () =>
      new Proxy(
        {},
        {
          get(): never {
            throw new Error('get trap');
          },
        },
      ),
    1,
  ],
  [
    'a revoked Proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
    1,
  ],
];

for (const dispatch of ['sequential', 'concurrent'] as const) {
  for (const handlerTimeout of [undefined, 1_000] as const) {
    describe(`a handler returns a hostile thenable (${dispatch}, handlerTimeout ${handlerTimeout})`, () => {
      it.each(CASES)('%s', async (_name, returned, failed) => {
        const reports: unknown[] = [];
        const exchange = new SignalExchange({
          dispatch,
          ...(handlerTimeout === undefined ? {} : { handlerTimeout }),
          onError: (error) => void reports.push(error),
        });
        exchange.subscribe({ topicPattern: 'a', handler: returned as Handler });
        let witnessed = 0;
        exchange.subscribe({ topicPattern: 'a', handler: () => void (witnessed += 1) });
        await expect(exchange.publish({ message: message('a') })).resolves.toEqual({
          matched: 2,
          delivered: 2,
          failed,
        });
        expect(witnessed).toBe(1);
        expect(reports).toHaveLength(failed);
      });
    });
  }
}
