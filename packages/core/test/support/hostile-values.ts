// Values a handler, a filter or an onError may throw that break naive error reporting: reading
// them (a property, their prototype, their string form) or inspecting them (util.inspect, so
// console.error) throws. Issue 14, item 5.

/** A Proxy whose every trap throws. */
function allTrapsThrow(): object {
  const trap = (): never => {
    throw new Error('a proxy trap');
  };
  return new Proxy(
    {},
    {
      apply: trap,
      construct: trap,
      defineProperty: trap,
      deleteProperty: trap,
      get: trap,
      getOwnPropertyDescriptor: trap,
      getPrototypeOf: trap,
      has: trap,
      isExtensible: trap,
      ownKeys: trap,
      preventExtensions: trap,
      set: trap,
      setPrototypeOf: trap,
    },
  );
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function withThrowingGetter<T extends object>(target: T, key: PropertyKey): T {
  return Object.defineProperty(target, key, {
    get(): never {
      throw new Error(`the ${String(key)} getter`);
    },
  });
}

class ErrorWithThrowingCause extends Error {
  override get cause(): never {
    throw new Error('the cause getter');
  }
}

/** Each hostile value, by name; a factory, so that every case gets a fresh one. */
export const HOSTILE_VALUES: readonly (readonly [name: string, make: () => unknown])[] = [
  ['a Proxy whose every trap throws', allTrapsThrow],
  ['a revoked Proxy', revokedProxy],
  [
    'an object whose Symbol.toStringTag getter throws',
    () => withThrowingGetter({}, Symbol.toStringTag),
  ],
  [
    'an object whose toString throws',
    () => ({
      toString(): never {
        throw new Error('toString');
      },
    }),
  ],
  [
    'an object whose valueOf throws',
    () => ({
      valueOf(): never {
        throw new Error('valueOf');
      },
    }),
  ],
  [
    'an object whose Symbol.toPrimitive throws',
    () => ({
      [Symbol.toPrimitive](): never {
        throw new Error('toPrimitive');
      },
    }),
  ],
  ['an Error whose message getter throws', () => withThrowingGetter(new Error('m'), 'message')],
  ['an Error whose name getter throws', () => withThrowingGetter(new Error('n'), 'name')],
  ['an Error whose stack getter throws', () => withThrowingGetter(new Error('s'), 'stack')],
  ['an object whose constructor getter throws', () => withThrowingGetter({}, 'constructor')],
  ['an Error subclass whose cause getter throws', () => new ErrorWithThrowingCause('c')],
  ['Object.create(null)', () => Object.create(null) as unknown],
  ['a function', () => () => {}],
  ['a symbol', () => Symbol('thrown')],
  ['a BigInt', () => 10n],
  ['undefined', () => undefined],
  ['null', () => null],
  ['a plain Error', () => new Error('plain')],
];
