/**
 * `@sigx/nats`: bridges `@sigx/core` signal exchanges across processes and machines through
 * NATS: subjects routed by the server, clusters, queue groups shared by every process, and a
 * durable mode on JetStream.
 *
 * @packageDocumentation
 * @module @sigx/nats
 */
export { connectNats, DEFAULT_MAX_BUFFERED } from './connect-nats.js';
export type {
  DurableLimits,
  DurableOptions,
  NatsBridge,
  NatsBridgeOptions,
  NatsBridgeStats,
} from './types.js';
export { NatsConnectionError, SubscriptionRefusedError } from './errors.js';
export { subjectToTopic, topicToSubject } from './subjects.js';
// What every bridge shares (the same classes as @sigx/redis's, so instanceof works for both).
export {
  BufferOverflowError,
  defaultCodec,
  MalformedPayloadError,
  RemotePublisher,
  UnauthenticatedPayloadError,
  UnencodableMessageError,
  UnsupportedValueError,
} from '@sigx/bridge';
export type { Codec, DroppedPayloadOptions } from '@sigx/bridge';
