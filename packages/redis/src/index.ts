/**
 * `@sigx/redis`: bridges `@sigx/core` signal exchanges across processes and machines through
 * Redis pub/sub.
 *
 * @packageDocumentation
 * @module @sigx/redis
 */
export { connectRedis, DEFAULT_MAX_BUFFERED } from './connect-redis.js';
export type { RedisBridge, RedisBridgeOptions, RedisBridgeStats } from './types.js';
export { defaultCodec } from './codec.js';
export type { Codec } from './codec.js';
export { RemotePublisher } from './remote-publisher.js';
export type { DroppedPayloadOptions } from './errors.js';
export {
  BufferOverflowError,
  MalformedPayloadError,
  RedisConnectionError,
  SubscriptionRefusedError,
  UnauthenticatedPayloadError,
  UnencodableMessageError,
  UnsupportedValueError,
} from './errors.js';
