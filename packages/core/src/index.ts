/**
 * `@sigx/core`: an async, in-memory topic-pattern signal exchange.
 *
 * @packageDocumentation
 * @module @sigx/core
 */
export { SignalExchange } from './signal-exchange.js';
export { Message } from './message.js';
export type { MessageInit } from './message.js';
export type { MessageStream } from './message-stream.js';
export type { PublishOptions } from './publish-short-form.js';
export type { SubscriptionHandle } from './subscription-handle.js';
export type {
  CheckedTopic,
  FittingTemplates,
  MatchedTemplates,
  PatternValue,
  PublishableTopic,
  TemplateTopic,
  TopicMap,
  TopicValue,
  UntypedTopics,
} from './typed-topics.js';
export {
  DuplicateSubscriptionError,
  HandlerTimeoutError,
  InvalidTopicError,
  LateSettlementError,
  PublishDepthError,
  RetainedEvictionError,
  StreamOverflowError,
  SubscriptionClosedError,
} from './errors.js';
export type { HandlerDeadline } from './errors.js';
export { MAX_HANDLER_TIMEOUT } from './handler-timeout.js';
export { DEFAULT_MAX_PUBLISH_DEPTH } from './publish-depth.js';
export { DEFAULT_MAX_RETAINED } from './retained-messages.js';
export { DEFAULT_TOPIC_RULE, SEED_TOPIC_RULE } from './topic-rule.js';
export { isTraceparent } from './trace-context.js';
export { TRACING_CHANNELS } from './tracing.js';
export type { HandlerTrace, PublishTrace } from './tracing.js';
export type { TopicValidation } from './topic-rule.js';
export type {
  DeliveryErrorContext,
  ErrorContext,
  ExchangeObserver,
  ExchangeStats,
  Filter,
  Handler,
  NextOptions,
  OverflowPolicy,
  PublishArgs,
  PublishDetails,
  PublishResult,
  Replay,
  RetainErrorContext,
  SignalExchangeOptions,
  StreamOptions,
  SubscribeOptions,
  SubscriptionInfo,
} from './types.js';
// What a subscriber writes patterns with, so that `@sigx/core` alone is enough.
export {
  amqp,
  FilterSyntaxError,
  glob,
  LimitExceededError,
  mqtt,
  PatternSyntaxError,
  UnsafePatternError,
} from '@sigx/matcher';
export type {
  AmqpOptions,
  FilterSyntax,
  GlobOptions,
  LengthLimit,
  MqttPattern,
  TopicPattern,
} from '@sigx/matcher';
