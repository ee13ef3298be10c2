/**
 * `publish(topic, value, options?)`: the short form of `publish({ message, publisher, retain })`,
 * which builds the `Message` itself.
 */
import { describeValue } from '@sigx/matcher';
import { Message } from './message.js';
import type { PublishArgs } from './types.js';

/**
 * Options of the short `SignalExchange#publish(topic, value, options)`: the message's fields
 * besides its topic and value, and what `publish({ ... })` takes besides the message.
 *
 * @typeParam V - the value type (of `previousValue` too).
 */
export interface PublishOptions<V = unknown> {
  /**
   * The message's `publisherName`, for publisher routing; `null` for an anonymous publisher.
   * A string or `null`; anything else rejects with `TypeError`.
   * @default null
   */
  readonly publisherName?: string | null;
  /** Passed on to filters and handlers (any object), as `publish({ publisher })`. @default undefined */
  readonly publisher?: unknown;
  /** The message's `previousValue`. @default null */
  readonly previousValue?: V | null;
  /** Keep the message as its topic's retained message, as `publish({ retain })`. @default false */
  readonly retain?: boolean;
  /** A W3C `traceparent`, as `publish({ traceparent })`. @default no trace context */
  readonly traceparent?: string;
}

/**
 * The argument of `publish({ ... })` that the short form stands for. Only what the object form
 * does not check is checked here (the options object and `publisherName`); `retain` and
 * `traceparent` are checked by the object form, with the same errors.
 * @param topic - the topic (a string: that is how the forms are told apart).
 * @param value - the message's value.
 * @param options - as given.
 * @returns the object form's argument, with a new {@link Message}.
 * @throws `TypeError` when `options` is neither `undefined` nor an object, or `publisherName`
 * is neither a string nor `null`.
 */
export function shortPublishArgs(topic: string, value: unknown, options: unknown): PublishArgs {
  if (options === undefined) return { message: new Message({ topic, value }) };
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `publish(topic, value, options): options must be an object, got ${describeValue(options)}`,
    );
  }
  const { publisherName, publisher, previousValue, retain, traceparent } =
    options as PublishOptions;
  if (publisherName !== undefined && publisherName !== null && typeof publisherName !== 'string') {
    throw new TypeError(
      `publisherName must be a string or null, got ${describeValue(publisherName)}`,
    );
  }
  const message = new Message({
    topic,
    value,
    ...(publisherName === undefined ? {} : { publisherName }),
    ...(previousValue === undefined ? {} : { previousValue }),
  });
  return {
    message,
    ...(publisher === undefined ? {} : { publisher }),
    ...(retain === undefined ? {} : { retain }),
    ...(traceparent === undefined ? {} : { traceparent }),
  };
}
