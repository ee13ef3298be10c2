import { randomBytes, type KeyObject } from 'node:crypto';
import type { SignalExchange } from '@sigx/core';
import { defaultCodec, type Codec } from './codec.js';
import { sharedKeyOf } from './record-mac.js';
import { MAX_NODE_ID_LENGTH } from './wire-record.js';

/** What a bridge uses of an exchange, whatever its topic map: neither method depends on it. */
export type BridgedExchange = Pick<SignalExchange, 'observe' | 'deliver'>;

/** The options every bridge has, as given. */
export interface CommonBridgeOptions {
  /** See the bridge's own options. */
  readonly codec?: Codec;
  /** See the bridge's own options. */
  readonly nodeId?: string;
  /** See the bridge's own options. */
  readonly sharedKey?: string | Uint8Array;
  /** See the bridge's own options. */
  readonly onError?: (error: Error) => void;
}

/** The common options, checked, with their defaults. */
export interface CheckedCommonOptions {
  /** The codec. */
  readonly codec: Codec;
  /** The node id (a random one by default). */
  readonly nodeId: string;
  /** The shared key, if any. */
  readonly key: KeyObject | undefined;
  /** `onError`, guarded: a throw is written to `console.error`, never to the caller. */
  readonly report: (error: Error) => void;
}

/**
 * Checks the first argument and the options every bridge has.
 * @param name - the function, for messages (`'connectRedis'`, `'connectNats'`).
 * @param exchange - the first argument.
 * @param options - the options object.
 * @returns the checked options.
 * @throws `TypeError` or `RangeError` naming the option and what is wrong with it.
 */
export function checkCommonOptions(
  name: string,
  exchange: unknown,
  options: unknown,
): CheckedCommonOptions {
  if (typeof (exchange as Partial<BridgedExchange> | null)?.observe !== 'function') {
    throw new TypeError(`${name} needs a SignalExchange (from @sigx/core) as its first argument`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${name} options must be an object`);
  }
  const label = name.replace(/^connect/, '').toLowerCase();
  const {
    codec = defaultCodec,
    nodeId = randomBytes(16).toString('hex'),
    sharedKey,
    onError = (error: Error) => console.error(`sigx/${label}:`, error),
  } = options as CommonBridgeOptions;
  if (
    typeof codec !== 'object' ||
    codec === null ||
    typeof codec.encode !== 'function' ||
    typeof codec.decode !== 'function'
  ) {
    throw new TypeError('codec must have encode and decode functions');
  }
  if (typeof nodeId !== 'string' || nodeId === '') {
    throw new TypeError('nodeId must be a non-empty string');
  }
  if (nodeId.length > MAX_NODE_ID_LENGTH) {
    throw new RangeError(
      `nodeId must be at most ${MAX_NODE_ID_LENGTH} characters, got ${nodeId.length}`,
    );
  }
  if (typeof onError !== 'function') throw new TypeError('onError must be a function');
  const key = sharedKeyOf(sharedKey);
  const report = (error: Error): void => {
    try {
      onError(error);
    } catch (failure) {
      console.error(`sigx/${label}: onError threw while reporting`, error, failure);
    }
  };
  return { codec, nodeId, key, report };
}

/** @returns a random run id: tells a bridge apart from any other, even with the same node id. */
export function newRunId(): string {
  return randomBytes(12).toString('hex');
}
