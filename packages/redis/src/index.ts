/**
 * `@sigx/redis`: bridges `@sigx/core` signal exchanges across processes and machines through
 * Redis pub/sub.
 *
 * @packageDocumentation
 * @module @sigx/redis
 */
export { connectRedis, DEFAULT_MAX_BUFFERED } from './connect-redis.js';
export type { RedisBridge, RedisBridgeOptions, RedisBridgeStats } from './types.js';
export { RedisConnectionError, SubscriptionRefusedError } from './errors.js';
// What every bridge shares (the same classes as @sigx/nats's, so instanceof works for both).
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
