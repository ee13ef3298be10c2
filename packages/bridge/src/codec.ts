import { UnsupportedValueError } from './errors.js';

/**
 * Turns what a bridge sends into a payload (for Redis, NATS) and back. The bridge hands `encode` one
 * plain object per message (its topic, ids and dates as JSON primitives, and the message's
 * `value` and `previousValue` as they are), so any codec that round-trips JSON objects works;
 * what it does with `value` decides which values can cross.
 *
 * Every process on the same channels must use the same codec. `encode` throws for a value it
 * cannot encode (the publish is then refused); `decode` throws for a payload it cannot read
 * (reported to `onError` and dropped). What `decode` returns reaches handlers as it is: one
 * built on `JSON.parse` gives a `"__proto__"` key as an own property, which a handler copying
 * keys with `Object.assign` would turn into a prototype (the default codec refuses it).
 *
 * @example
 * ```ts
 * // Plain JSON: smaller and faster, but Date becomes a string, Map an object, undefined is lost.
 * const json: Codec = {
 *   encode: (record) => JSON.stringify(record),
 *   decode: (payload) => JSON.parse(new TextDecoder().decode(payload)),
 * };
 * ```
 */
export interface Codec {
  /**
   * @param record - the record to send.
   * @returns the payload.
   * @throws for a value it cannot encode.
   */
  encode(record: unknown): string | Uint8Array;
  /**
   * @param payload - the payload as the server delivered it.
   * @returns the record.
   * @throws for a payload it cannot decode.
   */
  decode(payload: Uint8Array): unknown;
}

/** Which special value a tagged node of the JSON tree stands for. */
type Tag = 'undefined' | 'bigint' | 'date' | 'map' | 'set' | 'number';
type Path = (string | number)[];
/** The wire form: the JSON tree, and post-order tags of the nodes that are not plain JSON. */
interface Tagged {
  readonly j: unknown;
  readonly t?: [Path, Tag][];
}

const textDecoder = new TextDecoder();
const TAGS: ReadonlySet<string> = new Set<Tag>([
  'undefined',
  'bigint',
  'date',
  'map',
  'set',
  'number',
]);

/**
 * The default codec: JSON text that keeps what JSON alone loses. Plain objects, arrays,
 * strings, booleans, `null` and numbers round-trip as JSON does; `undefined` (also as an
 * object property or array element; an array hole arrives as `undefined`), `BigInt`, `Date` (also invalid ones),
 * `Map`, `Set`, `NaN`, `±Infinity` and `-0` round-trip faithfully, nested in any way. A plain
 * JSON value is sent as `{"j":value}`; the others add a list of tagged paths.
 *
 * It throws {@link UnsupportedValueError} (with the path) for what it cannot carry
 * faithfully: functions, symbols, class instances other than `Date`, `Map` and `Set`
 * (including `RegExp`, `Error`, typed arrays and boxed primitives), circular references, and
 * own `__proto__` keys (a handler copying one with `Object.assign` or a `for...in` loop would
 * set the copy's prototype); `decode` refuses a payload with such a key, naming where.
 * Symbol-keyed and non-enumerable properties are skipped, as `JSON.stringify` and
 * `structuredClone` skip them. An object reached twice is sent twice (no shared identity).
 */
export const defaultCodec: Codec = {
  encode(record) {
    const tags: [Path, Tag][] = [];
    const json = encodeNode(record, [], tags, new Set());
    return JSON.stringify(tags.length === 0 ? { j: json } : { j: json, t: tags });
  },
  decode(payload) {
    const text = textDecoder.decode(payload);
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || !('j' in parsed)) {
      throw new TypeError('not a sigx payload: expected {"j": ...}');
    }
    const { j, t } = parsed as Tagged;
    // Only text that can spell the key (also as an escape) needs the walk.
    if (text.includes('__proto__') || text.includes('\\u')) refuseProtoKeys(j, []);
    if (t === undefined) return j;
    if (!Array.isArray(t)) throw new TypeError('"t" must be an array of [path, tag]');
    const holder: Record<string, unknown> = { root: j };
    for (const entry of t as unknown[]) {
      if (!Array.isArray(entry) || !Array.isArray(entry[0]) || !TAGS.has(entry[1] as string)) {
        throw new TypeError(`malformed tag ${JSON.stringify(entry)}`);
      }
      revivePath(holder, entry[0] as unknown[], entry[1] as Tag);
    }
    return holder['root'];
  },
};

function encodeNode(value: unknown, path: Path, tags: [Path, Tag][], stack: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      tags.push([[...path], 'number']);
      return Object.is(value, -0) ? '-0' : String(value);
    case 'undefined':
      tags.push([[...path], 'undefined']);
      return null;
    case 'bigint':
      tags.push([[...path], 'bigint']);
      return value.toString();
    case 'function':
      throw new UnsupportedValueError(describePath(path), 'a function');
    case 'symbol':
      throw new UnsupportedValueError(describePath(path), 'a symbol');
  }
  if (value === null) return null;
  const object = value as object;
  if (stack.has(object)) {
    throw new UnsupportedValueError(describePath(path), 'a circular reference');
  }
  stack.add(object);
  let json: unknown;
  let tag: Tag | undefined;
  if (Array.isArray(object)) {
    const array: unknown[] = new Array<unknown>(object.length);
    for (let index = 0; index < object.length; index += 1) {
      path.push(index);
      array[index] = encodeNode(object[index], path, tags, stack);
      path.pop();
    }
    json = array;
  } else if (object instanceof Date) {
    const time = object.getTime();
    json = Number.isNaN(time) ? null : time;
    tag = 'date';
  } else if (object instanceof Map) {
    const pairs: unknown[] = [];
    let index = 0;
    for (const [key, entry] of object) {
      path.push(index, 0);
      const encodedKey = encodeNode(key, path, tags, stack);
      path[path.length - 1] = 1;
      pairs.push([encodedKey, encodeNode(entry, path, tags, stack)]);
      path.length -= 2;
      index += 1;
    }
    json = pairs;
    tag = 'map';
  } else if (object instanceof Set) {
    const items: unknown[] = [];
    let index = 0;
    for (const item of object) {
      path.push(index);
      items.push(encodeNode(item, path, tags, stack));
      path.pop();
      index += 1;
    }
    json = items;
    tag = 'set';
  } else {
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (object.constructor as { name?: unknown } | undefined)?.name;
      throw new UnsupportedValueError(
        describePath(path),
        typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an exotic object',
      );
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      if (key === '__proto__') {
        throw new UnsupportedValueError(describePath([...path, key]), `an own ${PROTO_KEY}`);
      }
      path.push(key);
      setOwn(out, key, encodeNode((object as Record<string, unknown>)[key], path, tags, stack));
      path.pop();
    }
    json = out;
  }
  stack.delete(object);
  if (tag !== undefined) tags.push([[...path], tag]);
  return json;
}

/** Replaces the node at `path` (below `holder.root`) by the value its tag stands for. */
function revivePath(holder: Record<string, unknown>, path: readonly unknown[], tag: Tag): void {
  let parent: unknown = holder;
  let key: unknown = 'root';
  for (const step of path) {
    parent = childOf(parent, key);
    key = step;
  }
  const node = childOf(parent, key);
  const revived = revive(node, tag);
  if (Array.isArray(parent)) parent[key as number] = revived;
  else setOwn(parent as Record<string, unknown>, key as string, revived);
}

function childOf(parent: unknown, key: unknown): unknown {
  if (Array.isArray(parent) && typeof key === 'number' && key >= 0 && key < parent.length) {
    return parent[key];
  }
  if (
    typeof parent === 'object' &&
    parent !== null &&
    !Array.isArray(parent) &&
    typeof key === 'string' &&
    Object.hasOwn(parent, key)
  ) {
    return (parent as Record<string, unknown>)[key];
  }
  throw new TypeError(`tag path step ${JSON.stringify(key)} does not exist`);
}

function revive(node: unknown, tag: Tag): unknown {
  switch (tag) {
    case 'undefined':
      return undefined;
    case 'bigint':
      if (typeof node === 'string' && /^-?\d+$/.test(node)) return BigInt(node);
      break;
    case 'date':
      if (node === null) return new Date(Number.NaN);
      if (typeof node === 'number') return new Date(node);
      break;
    case 'number':
      if (node === 'NaN') return Number.NaN;
      if (node === 'Infinity') return Number.POSITIVE_INFINITY;
      if (node === '-Infinity') return Number.NEGATIVE_INFINITY;
      if (node === '-0') return -0;
      break;
    case 'map':
      if (Array.isArray(node) && node.every((pair) => Array.isArray(pair) && pair.length === 2)) {
        return new Map(node as [unknown, unknown][]);
      }
      break;
    case 'set':
      if (Array.isArray(node)) return new Set(node);
      break;
  }
  throw new TypeError(`a ${tag} tag on ${JSON.stringify(node)}`);
}

const PROTO_KEY =
  '"__proto__" key (a handler copying it with Object.assign or a for...in loop would set ' +
  "the copy's prototype)";

/**
 * Throws for an own `__proto__` key anywhere in a parsed JSON tree: `JSON.parse` makes it an
 * own property, which a handler copying keys would turn into the copy's prototype.
 */
function refuseProtoKeys(node: unknown, path: Path): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    node.forEach((item, index) => refuseProtoKeys(item, [...path, index]));
    return;
  }
  for (const key of Object.keys(node)) {
    if (key === '__proto__') {
      throw new TypeError(
        `${describePath([...path, key])} is an own "__proto__" key, refused: a handler ` +
          "copying it with Object.assign or a for...in loop would set the copy's prototype",
      );
    }
    refuseProtoKeys((node as Record<string, unknown>)[key], [...path, key]);
  }
}

/** Sets an own property, also `__proto__`, without touching the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** `value.items[2]`, `value["a b"]`; the record's root is `(root)`. */
function describePath(path: readonly (string | number)[]): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text === '' ? '(root)' : text;
}
