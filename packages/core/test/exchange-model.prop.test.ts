// Issue 7, model-based testing of docs/delivery-semantics.md (the publish rules, subscriptions,
// streams and next()): random sequences of subscribe (patterns including RegExps and mqtt()
// filters, publisher names, accepting, rejecting and throwing filters, shared and failing handlers,
// abort signals, explicit ids), unsubscribe, abort, publish, stream (unbounded and bounded, each
// overflow policy) with its reads (also reads that wait) and return(), next() and clear(), and
// subscribe, stream and next calls that fail inside the matcher's `add` (an invalid, unsafe or too
// long pattern, a value that throws when inspected), in both dispatch modes. After every step the
// exchange must agree with a plain model of that contract: which filters and handlers ran, in which
// order, with which subscription id and publisher; the PublishResult; what onError was told; size
// and hasSubscribers; what each stream holds and what each read and next() settled with. The model
// matches with a naive sticky-regex test per pattern, not with the index.
import { mqtt, type TopicPattern } from '@sigx/matcher';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DuplicateSubscriptionError,
  type Filter,
  type Handler,
  InvalidTopicError,
  LimitExceededError,
  PatternSyntaxError,
  UnsafePatternError,
  Message,
  type MessageStream,
  type OverflowPolicy,
  SignalExchange,
  StreamOverflowError,
  SubscriptionClosedError,
} from '../src/index.js';
import { HEX32, naiveMatches } from './support/helpers.js';

const PATTERNS: readonly TopicPattern[] = [
  'a/.*',
  'a/b',
  /a\/b/, // the same pattern as 'a/b', written as a RegExp
  'a',
  '',
  '.*b$',
  /A\/B/i,
  '(?:a|b)/c',
  'a/b$',
  mqtt('a/+'),
  mqtt('a/#'),
  mqtt('+/b'),
];
/** `a/\0` breaks the default topic rule: publish rejects it. `a/b` is the likeliest. */
const TOPICS: readonly string[] = [
  'a',
  'a/b',
  'a/b',
  'a/b',
  'a/c',
  'b/c',
  'ab',
  '',
  'a/b/c',
  'A/B',
  'a/\0',
];
/** The default topic rule: well-formed Unicode without U+0000. */
const VALID_TOPIC = /^[^\0\p{Cs}]*$/u;
/** Does pattern `p` match topic `t` (a naive sticky-regex test)? Computed once: `MATCHES[p].has(t)`. */
const MATCHES: readonly ReadonlySet<string>[] = PATTERNS.map(
  (pattern) => new Set(TOPICS.filter((topic) => naiveMatches(pattern, topic))),
);
/** Patterns the matcher's `add` refuses (the exchange runs with `unsafePatterns: 'reject'`),
 * with the error each must throw. */
const { proxy: REVOKED, revoke } = Proxy.revocable({}, {});
revoke();
const REFUSED: readonly {
  readonly label: string;
  readonly pattern: unknown;
  readonly error: new (...args: never[]) => Error;
}[] = [
  { label: 'invalid', pattern: 'a/(', error: PatternSyntaxError },
  { label: 'unsafe', pattern: '(a+)+$', error: UnsafePatternError },
  { label: 'too long', pattern: 'a'.repeat(5_000), error: LimitExceededError },
  { label: 'revoked proxy', pattern: REVOKED, error: TypeError },
];
const SUBSCRIBER_NAMES = [undefined, 'p1', 'p2'] as const;
const PUBLISHER_NAMES = [null, 'p1', 'p2'] as const;
const SIGNALS = 3;

type FilterKind = 'none' | 'accept' | 'truthy' | 'reject' | 'throw';
type Behaviour = 'sync' | 'async' | 'throw' | 'reject';
/** `own-*`: a new function per subscription; `shared-n`: one function per run, subscribed many times. */
type HandlerChoice = `own-${Behaviour}` | 'shared-0' | 'shared-1';
const SHARED_BEHAVIOURS: readonly Behaviour[] = ['sync', 'reject'];

/** What subscribe, stream and next have in common. */
interface Target {
  readonly pattern: number;
  readonly publisherName: (typeof SUBSCRIBER_NAMES)[number];
  readonly filter: FilterKind;
  readonly signal: number | undefined;
}

interface ModelSubscription {
  readonly id: string;
  readonly target: Target;
  /** Handler identity: the once-per-handler rule dedupes on it. */
  readonly handlerKey: string;
  readonly behaviour: Behaviour;
  readonly kind: 'subscribe' | 'stream' | 'next';
  /** Index into `streams` or `nexts`. */
  readonly index: number;
}

interface ModelStream {
  readonly id: string;
  /** Messages waiting to be read (only while no read waits). */
  buffer: Message[];
  /** An `overflow: 'error'` failure not yet read. */
  failure: boolean;
  readonly bufferSize: number;
  readonly overflow: OverflowPolicy | undefined;
  /** Reads waiting for a message (only while the buffer is empty), as indices into `reads`. */
  waiting: number[];
}

/** How a `next()` promise or a stream read settled (or not yet). */
type Outcome =
  | { readonly status: 'pending' }
  | { readonly status: 'message'; readonly message: Message }
  | { readonly status: 'done' }
  | { readonly status: 'rejected'; readonly reason: unknown };

interface Model {
  /** Live subscriptions, in subscription order. */
  subscriptions: ModelSubscription[];
  readonly streams: ModelStream[];
  readonly nexts: { readonly id: string | undefined; outcome: Outcome }[];
  readonly reads: { outcome: Outcome }[];
  readonly aborted: boolean[];
  /** Every id handed out (also by calls that subscribed nothing), for unsubscribe to pick. */
  readonly ids: string[];
}

interface Real {
  readonly dispatch: 'sequential' | 'concurrent';
  readonly exchange: SignalExchange;
  /** `filter <id>` and `handler <id> <messageId> <publisher token>`, in call order. */
  readonly events: string[];
  /** `<phase> <id> <messageId> <error message>`, in report order. */
  readonly errors: string[];
  readonly controllers: readonly AbortController[];
  readonly reasons: readonly Error[];
  readonly shared: readonly Handler[];
  readonly streams: MessageStream[];
  readonly nexts: { outcome: Outcome }[];
  readonly reads: { outcome: Outcome }[];
  /** The id of the latest subscription made, told by an observer (next() does not return it). */
  lastSubscribed: string | undefined;
  publishes: number;
  /** How often each path of the model was taken, so that the test can show it is not vacuous. */
  readonly seen: Map<Path, number>;
}

/** Paths the property must take at least once in its runs. */
const PATHS = [
  'handler called',
  'filter rejected',
  'filter threw',
  'handler failed',
  'handler called once for several subscriptions',
  'publisher routing skipped a subscription',
  'invalid topic',
  'duplicate subscription id',
  'subscribed with an aborted signal',
  'abort removed a subscription',
  'unsubscribe of a live id',
  'unsubscribe of a gone id',
  'stream read a buffered message',
  'stream read waited for a message',
  'stream read its end',
  'stream dropped a message',
  'stream overflowed with error',
  'next resolved',
  'next rejected by abort',
  'next rejected by clear or unsubscribe',
  'a refused pattern changed nothing',
] as const;
type Path = (typeof PATHS)[number];

function note(real: Real, path: Path, when = true): void {
  if (when) real.seen.set(path, (real.seen.get(path) ?? 0) + 1);
}

function makeReal(dispatch: 'sequential' | 'concurrent', seen: Map<Path, number>): Real {
  const events: string[] = [];
  const errors: string[] = [];
  const exchange = new SignalExchange({
    dispatch,
    unsafePatterns: 'reject',
    onError: (error, context) =>
      void errors.push(
        `${context.phase} ${context.subscriptionId} ${context.message.messageId} ${(error as Error).message}`,
      ),
  });
  const controllers = Array.from({ length: SIGNALS }, () => new AbortController());
  const real: Real = {
    dispatch,
    exchange,
    events,
    errors,
    controllers,
    reasons: controllers.map((_, index) => new Error(`abort ${index}`)),
    shared: SHARED_BEHAVIOURS.map((behaviour) => handlerOf(behaviour, events)),
    streams: [],
    nexts: [],
    reads: [],
    lastSubscribed: undefined,
    publishes: 0,
    seen,
  };
  exchange.observe({ onSubscribe: ({ subscriptionId }) => (real.lastSubscribed = subscriptionId) });
  return real;
}

function emptyModel(): Model {
  return {
    subscriptions: [],
    streams: [],
    nexts: [],
    reads: [],
    aborted: Array.from({ length: SIGNALS }, () => false),
    ids: [],
  };
}

function handlerOf(behaviour: Behaviour, events: string[]): Handler {
  const log = (id: string, publisher: unknown, message: Message): void =>
    void events.push(
      `handler ${id} ${message.messageId} ${(publisher as { token: string }).token}`,
    );
  switch (behaviour) {
    case 'sync':
      return log;
    case 'async':
      return async (id, publisher, message) => {
        log(id, publisher, message);
        await null;
      };
    case 'throw':
      return (id, publisher, message) => {
        log(id, publisher, message);
        throw new Error('handler-throw');
      };
    case 'reject':
      return async (id, publisher, message) => {
        log(id, publisher, message);
        await null;
        throw new Error('handler-reject');
      };
  }
}

function filterOf(kind: FilterKind, events: string[]): Filter | undefined {
  if (kind === 'none') return undefined;
  return (id) => {
    events.push(`filter ${id}`);
    if (kind === 'throw') throw new Error('filter-throw');
    return (kind === 'accept' ? true : kind === 'truthy' ? 'yes' : false) as boolean;
  };
}

function targetOptions(target: Target, real: Real) {
  const filter = filterOf(target.filter, real.events);
  return {
    topicPattern: PATTERNS[target.pattern]!,
    ...(target.publisherName === undefined ? {} : { publisherName: target.publisherName }),
    ...(filter === undefined ? {} : { filter }),
    ...(target.signal === undefined ? {} : { signal: real.controllers[target.signal]!.signal }),
  };
}

function describeTarget(target: Target): string {
  const signal = target.signal === undefined ? '' : ` signal ${target.signal}`;
  return `${String(PATTERNS[target.pattern])} ${target.publisherName ?? '*'} ${target.filter}${signal}`;
}

function isLive(model: Model, id: string): boolean {
  return model.subscriptions.some((s) => s.id === id);
}

/** Ends the reads that wait on a model stream that has ended. */
function endWaitingReads(model: Model, stream: ModelStream): void {
  for (const read of stream.waiting) model.reads[read]!.outcome = { status: 'done' };
  stream.waiting = [];
}

/**
 * Removes subscriptions from the model the way the exchange ends them (delivery-semantics.md,
 * "Streams and `next`", and decisions.md): an aborted stream ends at once, dropping what it
 * holds; a stream removed by unsubscribe or clear ends gracefully, after its buffer is read; a
 * next() rejects with the signal's reason or with SubscriptionClosedError.
 */
function removeFromModel(
  model: Model,
  real: Real,
  ids: ReadonlySet<string>,
  how: 'unsubscribe' | 'abort',
): void {
  for (const subscription of model.subscriptions) {
    if (!ids.has(subscription.id)) continue;
    if (subscription.kind === 'stream') {
      const stream = model.streams[subscription.index]!;
      if (how === 'abort') {
        stream.buffer = [];
        stream.failure = false;
      }
      endWaitingReads(model, stream);
    } else if (subscription.kind === 'next') {
      const reason =
        how === 'abort'
          ? real.reasons[subscription.target.signal!]
          : new SubscriptionClosedError(subscription.id);
      model.nexts[subscription.index]!.outcome = { status: 'rejected', reason };
      note(
        real,
        how === 'abort' ? 'next rejected by abort' : 'next rejected by clear or unsubscribe',
      );
    }
  }
  model.subscriptions = model.subscriptions.filter((s) => !ids.has(s.id));
}

/** Hands a published message to a model stream; `false` when an overflow ended it. */
function pushToStream(model: Model, real: Real, stream: ModelStream, message: Message): boolean {
  const read = stream.waiting.shift();
  if (read !== undefined) {
    model.reads[read]!.outcome = { status: 'message', message };
    note(real, 'stream read waited for a message');
  } else if (stream.buffer.length < stream.bufferSize) {
    stream.buffer.push(message);
  } else if (stream.overflow === 'error') {
    stream.failure = true;
    note(real, 'stream overflowed with error');
    return false;
  } else {
    note(real, 'stream dropped a message');
    if (stream.overflow === 'drop-oldest') {
      stream.buffer.shift();
      stream.buffer.push(message);
    }
  }
  return true;
}

async function flush(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** An outcome as a string to compare: messages by id, rejections by what they are. */
function describeOutcome(outcome: Outcome, real: Real): string {
  switch (outcome.status) {
    case 'pending':
    case 'done':
      return outcome.status;
    case 'message':
      return `message ${outcome.message.messageId}`;
    case 'rejected': {
      const { reason } = outcome;
      if (reason instanceof SubscriptionClosedError) return `closed ${reason.subscriptionId}`;
      if (reason instanceof StreamOverflowError) return 'overflow';
      const signal = real.reasons.indexOf(reason as Error);
      return signal < 0 ? `rejected ${String(reason)}` : `aborted ${signal}`;
    }
  }
}

/** Records how a promise settles, into `outcome`. */
function track(
  promise: Promise<IteratorResult<Message> | Message>,
  records: { outcome: Outcome }[],
): void {
  const record: { outcome: Outcome } = { outcome: { status: 'pending' } };
  records.push(record);
  promise.then(
    (result) => {
      if (result instanceof Message) record.outcome = { status: 'message', message: result };
      else if (result.done === true) record.outcome = { status: 'done' };
      else record.outcome = { status: 'message', message: result.value };
    },
    (reason: unknown) => (record.outcome = { status: 'rejected', reason }),
  );
}

const CHECKED_TOPICS = [...new Set(TOPICS)];
const CHECKED_NAMES = [undefined, ...PUBLISHER_NAMES] as const;

/** The checks after every step, as one comparison (thousands of steps: keep it cheap). */
async function checkAll(model: Model, real: Real): Promise<void> {
  await flush();
  const reached = (topic: string, name: (typeof CHECKED_NAMES)[number]): boolean =>
    model.subscriptions.some(
      ({ target }) =>
        MATCHES[target.pattern]!.has(topic) &&
        (name === undefined || target.publisherName === undefined || target.publisherName === name),
    );
  const expected = {
    size: model.subscriptions.length,
    hasSubscribers: CHECKED_TOPICS.map((topic) =>
      CHECKED_NAMES.map((name) => reached(topic, name)),
    ),
    buffered: model.streams.map((stream) => stream.buffer.length),
    nexts: model.nexts.map((next) => describeOutcome(next.outcome, real)),
    reads: model.reads.map((read) => describeOutcome(read.outcome, real)),
  };
  const actual = {
    size: real.exchange.size,
    hasSubscribers: CHECKED_TOPICS.map((topic) =>
      CHECKED_NAMES.map((name) => real.exchange.hasSubscribers(topic, name)),
    ),
    buffered: real.streams.map((stream) => stream.buffered),
    nexts: real.nexts.map((next) => describeOutcome(next.outcome, real)),
    reads: real.reads.map((read) => describeOutcome(read.outcome, real)),
  };
  expect(actual).toEqual(expected);
}

type Command = fc.AsyncCommand<Model, Real>;

class Subscribe implements Command {
  readonly target: Target;
  readonly handler: HandlerChoice;
  readonly explicitId: string | undefined;
  constructor(target: Target, handler: HandlerChoice, explicitId: string | undefined) {
    this.target = target;
    this.handler = handler;
    this.explicitId = explicitId;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const shared = this.handler.startsWith('shared-') ? Number(this.handler.slice(7)) : undefined;
    const behaviour =
      shared === undefined ? (this.handler.slice(4) as Behaviour) : SHARED_BEHAVIOURS[shared]!;
    const handler = shared === undefined ? handlerOf(behaviour, real.events) : real.shared[shared]!;
    const subscribe = (): string =>
      real.exchange.subscribe({
        ...targetOptions(this.target, real),
        handler,
        ...(this.explicitId === undefined ? {} : { subscriptionId: this.explicitId }),
      });
    if (this.explicitId !== undefined && isLive(model, this.explicitId)) {
      expect(subscribe).toThrow(DuplicateSubscriptionError);
      note(real, 'duplicate subscription id');
      return checkAll(model, real);
    }
    const id = subscribe();
    if (this.explicitId === undefined) expect(id).toMatch(HEX32);
    else expect(id).toBe(this.explicitId);
    model.ids.push(id);
    if (this.target.signal !== undefined && model.aborted[this.target.signal]) {
      note(real, 'subscribed with an aborted signal');
    } else {
      model.subscriptions.push({
        id,
        target: this.target,
        handlerKey: shared === undefined ? `own ${id}` : `shared ${shared}`,
        behaviour,
        kind: 'subscribe',
        index: -1,
      });
    }
    return checkAll(model, real);
  }
  toString(): string {
    const id = this.explicitId === undefined ? '' : ` id ${this.explicitId}`;
    return `subscribe(${describeTarget(this.target)} ${this.handler}${id})`;
  }
}

/** A subscribe, stream or next whose pattern the matcher refuses: it throws, and nothing changes. */
class RefusedSubscribe implements Command {
  readonly kind: 'subscribe' | 'stream' | 'next';
  readonly refused: number;
  readonly explicitId: string | undefined;
  constructor(
    kind: 'subscribe' | 'stream' | 'next',
    refused: number,
    explicitId: string | undefined,
  ) {
    this.kind = kind;
    this.refused = refused;
    this.explicitId = explicitId;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const { pattern, error } = REFUSED[this.refused]!;
    const options = {
      topicPattern: pattern as TopicPattern,
      ...(this.kind === 'subscribe' && this.explicitId !== undefined
        ? { subscriptionId: this.explicitId }
        : {}),
    };
    const call = (): unknown =>
      this.kind === 'subscribe'
        ? real.exchange.subscribe({ ...options, handler: () => undefined })
        : this.kind === 'stream'
          ? real.exchange.stream(options)
          : real.exchange.next(options);
    const subscribedBefore = real.lastSubscribed;
    // The options' types are checked first, then the id, then the pattern (by the matcher).
    const duplicate =
      error !== TypeError &&
      this.explicitId !== undefined &&
      this.kind === 'subscribe' &&
      isLive(model, this.explicitId);
    expect(call).toThrow(duplicate ? DuplicateSubscriptionError : error);
    // Nothing was registered: no observer heard of it, and the id stays free.
    expect(real.lastSubscribed).toBe(subscribedBefore);
    note(real, 'a refused pattern changed nothing');
    return checkAll(model, real);
  }
  toString(): string {
    const id = this.explicitId === undefined ? '' : ` id ${this.explicitId}`;
    return `${this.kind}(refused: ${REFUSED[this.refused]!.label}${id})`;
  }
}

class Unsubscribe implements Command {
  readonly pick: number;
  constructor(pick: number) {
    this.pick = pick;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const id = model.ids.length === 0 ? 'unknown' : model.ids[this.pick % model.ids.length]!;
    const live = isLive(model, id);
    expect(real.exchange.unsubscribe(id)).toBe(live);
    note(real, live ? 'unsubscribe of a live id' : 'unsubscribe of a gone id');
    removeFromModel(model, real, new Set([id]), 'unsubscribe');
    return checkAll(model, real);
  }
  toString(): string {
    return `unsubscribe(id #${this.pick})`;
  }
}

class Abort implements Command {
  readonly signal: number;
  constructor(signal: number) {
    this.signal = signal;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    real.controllers[this.signal]!.abort(real.reasons[this.signal]);
    if (!model.aborted[this.signal]) {
      model.aborted[this.signal] = true;
      const ids = model.subscriptions
        .filter((s) => s.target.signal === this.signal)
        .map((s) => s.id);
      note(real, 'abort removed a subscription', ids.length > 0);
      removeFromModel(model, real, new Set(ids), 'abort');
    }
    return checkAll(model, real);
  }
  toString(): string {
    return `abort(signal ${this.signal})`;
  }
}

class Publish implements Command {
  readonly topic: string;
  readonly publisherName: (typeof PUBLISHER_NAMES)[number];
  constructor(topic: string, publisherName: (typeof PUBLISHER_NAMES)[number]) {
    this.topic = topic;
    this.publisherName = publisherName;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const message = new Message({ publisherName: this.publisherName, topic: this.topic, value: 0 });
    real.publishes += 1;
    const token = `P${real.publishes}`;
    const events = real.events.length;
    const errors = real.errors.length;
    const publishing = real.exchange.publish({ publisher: { token }, message });
    if (!VALID_TOPIC.test(this.topic)) {
      await expect(publishing).rejects.toThrow(InvalidTopicError);
      expect(real.events.length).toBe(events);
      note(real, 'invalid topic');
      return checkAll(model, real);
    }
    const expected = this.#plan(model, real, message, token);
    const result = await publishing;
    expect(real.events.slice(events), 'filter and handler calls').toEqual(expected.events);
    expect(real.errors.slice(errors), 'onError reports').toEqual(expected.errors);
    expect(result, 'PublishResult').toEqual(expected.result);
    note(real, 'handler called', result.delivered > 0);
    note(real, 'handler called once for several subscriptions', result.matched > result.delivered);
    note(real, 'handler failed', result.failed > 0);
    return checkAll(model, real);
  }

  /**
   * Publish rules 1-8 (docs/delivery-semantics.md, "Publish rules") on the model; delivers to
   * the model's streams and nexts.
   */
  #plan(model: Model, real: Real, message: Message, token: string) {
    const events: string[] = [];
    const filterErrors: string[] = [];
    const deliveries: ModelSubscription[] = [];
    const handlers = new Set<string>();
    let matched = 0;
    for (const subscription of model.subscriptions) {
      const { target } = subscription;
      if (!MATCHES[target.pattern]!.has(message.topic)) continue;
      if (target.publisherName !== undefined && target.publisherName !== message.publisherName) {
        note(real, 'publisher routing skipped a subscription');
        continue;
      }
      if (target.filter !== 'none') {
        events.push(`filter ${subscription.id}`);
        if (target.filter === 'throw') {
          filterErrors.push(`filter ${subscription.id} ${message.messageId} filter-throw`);
          note(real, 'filter threw');
          continue;
        }
        if (target.filter === 'reject') {
          note(real, 'filter rejected');
          continue;
        }
      }
      matched += 1;
      if (handlers.has(subscription.handlerKey)) continue;
      handlers.add(subscription.handlerKey);
      deliveries.push(subscription);
    }
    const thrown: string[] = [];
    const rejected: string[] = [];
    const failures: string[] = [];
    const ended = new Set<string>();
    for (const delivery of deliveries) {
      if (delivery.kind === 'subscribe') {
        events.push(`handler ${delivery.id} ${message.messageId} ${token}`);
        const report = `handler ${delivery.id} ${message.messageId} handler-${delivery.behaviour}`;
        if (delivery.behaviour === 'throw') thrown.push(report);
        if (delivery.behaviour === 'reject') rejected.push(report);
        if (delivery.behaviour === 'throw' || delivery.behaviour === 'reject') {
          failures.push(report);
        }
      } else if (delivery.kind === 'next') {
        model.nexts[delivery.index]!.outcome = { status: 'message', message };
        note(real, 'next resolved');
        ended.add(delivery.id);
      } else if (!pushToStream(model, real, model.streams[delivery.index]!, message)) {
        ended.add(delivery.id);
      }
    }
    model.subscriptions = model.subscriptions.filter((s) => !ended.has(s.id));
    return {
      events,
      // Sequential: each failure is reported as its handler settles, in order. Concurrent: the
      // synchronous throws as the handlers are called, then the rejections, in order.
      errors: [
        ...filterErrors,
        ...(real.dispatch === 'concurrent' ? [...thrown, ...rejected] : failures),
      ],
      result: { matched, delivered: deliveries.length, failed: failures.length },
    };
  }

  toString(): string {
    return `publish(${JSON.stringify(this.topic)} from ${String(this.publisherName)})`;
  }
}

class OpenStream implements Command {
  readonly target: Target;
  readonly bound: { readonly size: number; readonly overflow: OverflowPolicy } | undefined;
  constructor(target: Target, bound: OpenStream['bound']) {
    this.target = target;
    this.bound = bound;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const stream = real.exchange.stream({
      ...targetOptions(this.target, real),
      ...(this.bound === undefined
        ? {}
        : { bufferSize: this.bound.size, overflow: this.bound.overflow }),
    });
    const id = stream.subscriptionId;
    expect(id).toMatch(HEX32);
    real.streams.push(stream);
    model.ids.push(id);
    model.streams.push({
      id,
      buffer: [],
      failure: false,
      bufferSize: this.bound?.size ?? Infinity,
      overflow: this.bound?.overflow,
      waiting: [],
    });
    if (this.target.signal === undefined || !model.aborted[this.target.signal]) {
      model.subscriptions.push({
        id,
        target: this.target,
        handlerKey: `own ${id}`,
        behaviour: 'sync',
        kind: 'stream',
        index: model.streams.length - 1,
      });
    }
    return checkAll(model, real);
  }
  toString(): string {
    const bound = this.bound === undefined ? '' : ` ${this.bound.size} ${this.bound.overflow}`;
    return `stream(${describeTarget(this.target)}${bound})`;
  }
}

class StreamCall implements Command {
  readonly pick: number;
  readonly call: 'next' | 'return';
  constructor(pick: number, call: 'next' | 'return') {
    this.pick = pick;
    this.call = call;
  }
  check(model: Readonly<Model>): boolean {
    return model.streams.length > 0;
  }
  async run(model: Model, real: Real): Promise<void> {
    const index = this.pick % model.streams.length;
    const stream = model.streams[index]!;
    if (this.call === 'return') {
      expect(await real.streams[index]!.return()).toEqual({ done: true, value: undefined });
      stream.buffer = [];
      stream.failure = false;
      endWaitingReads(model, stream);
      model.subscriptions = model.subscriptions.filter((s) => s.id !== stream.id);
      return checkAll(model, real);
    }
    track(real.streams[index]!.next(), real.reads);
    const next = stream.buffer.shift();
    let outcome: Outcome;
    if (next !== undefined) {
      outcome = { status: 'message', message: next };
      note(real, 'stream read a buffered message');
    } else if (stream.failure) {
      stream.failure = false;
      outcome = { status: 'rejected', reason: new StreamOverflowError(1, '') };
    } else if (!isLive(model, stream.id)) {
      outcome = { status: 'done' };
      note(real, 'stream read its end');
    } else {
      outcome = { status: 'pending' };
      stream.waiting.push(model.reads.length);
    }
    model.reads.push({ outcome });
    return checkAll(model, real);
  }
  toString(): string {
    return `stream(#${this.pick}).${this.call}()`;
  }
}

class Next implements Command {
  readonly target: Target;
  constructor(target: Target) {
    this.target = target;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const before = real.lastSubscribed;
    track(real.exchange.next(targetOptions(this.target, real)), real.nexts);
    if (this.target.signal !== undefined && model.aborted[this.target.signal]) {
      expect(real.lastSubscribed, 'an aborted next() subscribes nothing').toBe(before);
      const reason = real.reasons[this.target.signal];
      model.nexts.push({ id: undefined, outcome: { status: 'rejected', reason } });
    } else {
      const id = real.lastSubscribed!;
      expect(id).not.toBe(before);
      model.ids.push(id);
      model.subscriptions.push({
        id,
        target: this.target,
        handlerKey: `own ${id}`,
        behaviour: 'sync',
        kind: 'next',
        index: model.nexts.length,
      });
      model.nexts.push({ id, outcome: { status: 'pending' } });
    }
    return checkAll(model, real);
  }
  toString(): string {
    return `next(${describeTarget(this.target)})`;
  }
}

class Clear implements Command {
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    real.exchange.clear();
    removeFromModel(model, real, new Set(model.subscriptions.map((s) => s.id)), 'unsubscribe');
    return checkAll(model, real);
  }
  toString(): string {
    return 'clear()';
  }
}

const target: fc.Arbitrary<Target> = fc.record({
  pattern: fc.nat(PATTERNS.length - 1),
  publisherName: fc.constantFrom(undefined, ...SUBSCRIBER_NAMES),
  filter: fc.constantFrom<FilterKind>(
    'none',
    'none',
    'none',
    'accept',
    'truthy',
    'reject',
    'throw',
  ),
  signal: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: fc.nat(SIGNALS - 1), weight: 1 },
  ),
});
const handlerChoice = fc.constantFrom<HandlerChoice>(
  'own-sync',
  'own-async',
  'own-throw',
  'own-reject',
  'shared-0',
  'shared-0',
  'shared-1',
  'shared-1',
);
const bound = fc.option(
  fc.record({
    size: fc.constantFrom(1, 1, 2),
    overflow: fc.constantFrom<OverflowPolicy>('drop-oldest', 'drop-newest', 'error', 'error'),
  }),
  { nil: undefined },
);
const explicitId = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom('s1', 's2'), weight: 1 },
);

/** One command arbitrary, weighted so that a run of 40 builds up state before it clears it. */
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc
      .tuple(target, handlerChoice, explicitId)
      .map(([t, h, i]) => new Subscribe(t, h, i)),
    weight: 6,
  },
  { arbitrary: fc.tuple(target, bound).map(([t, b]) => new OpenStream(t, b)), weight: 3 },
  { arbitrary: target.map((t) => new Next(t)), weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...TOPICS), fc.constantFrom(...PUBLISHER_NAMES))
      .map(([topic, name]) => new Publish(topic, name)),
    weight: 8,
  },
  { arbitrary: fc.nat().map((pick) => new StreamCall(pick, 'next')), weight: 4 },
  { arbitrary: fc.nat().map((pick) => new StreamCall(pick, 'return')), weight: 1 },
  { arbitrary: fc.nat().map((pick) => new Unsubscribe(pick)), weight: 2 },
  { arbitrary: fc.nat(SIGNALS - 1).map((signal) => new Abort(signal)), weight: 2 },
  { arbitrary: fc.constant(new Clear()), weight: 1 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom<'subscribe' | 'stream' | 'next'>('subscribe', 'stream', 'next'),
        fc.nat(REFUSED.length - 1),
        explicitId,
      )
      .map(([kind, refused, id]) => new RefusedSubscribe(kind, refused, id)),
    weight: 2,
  },
);
const commands = fc.commands([command], { maxCommands: 50, size: 'max' });

describe('SignalExchange agrees with a model of the publish rules (docs/delivery-semantics.md)', () => {
  for (const dispatch of ['sequential', 'concurrent'] as const) {
    it(`dispatch '${dispatch}'`, { timeout: 60_000 }, async () => {
      const seen = new Map<Path, number>();
      await fc.assert(
        fc.asyncProperty(commands, (cmds) =>
          fc.asyncModelRun(() => ({ model: emptyModel(), real: makeReal(dispatch, seen) }), cmds),
        ),
        { numRuns: 200 },
      );
      // Not vacuous: the runs took every path of the model.
      expect(PATHS.filter((path) => !seen.has(path))).toEqual([]);
    });
  }
});
