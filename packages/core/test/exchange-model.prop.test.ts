// Issue 7, model-based testing of docs/delivery-semantics.md (the publish rules, subscriptions,
// streams and next(), "Queue groups" and "Retained messages"): random sequences of subscribe
// (patterns including RegExps and mqtt() filters, publisher names, accepting, rejecting and
// throwing filters, shared and failing handlers, abort signals, explicit ids, queue groups, and
// `replay: 'retained'`), unsubscribe, abort, publish (also with `retain: true`, and with a value
// of `undefined` that forgets the topic's retained message), stream (unbounded and bounded, each
// overflow policy, in a group or replaying) with its reads (also reads that wait) and return(),
// next() (in a group, or replaying: newest retained first) and clear(), and subscribe, stream and
// next calls that fail (a group with replay, an empty group, or inside the matcher's `add`: an
// invalid, unsafe or too long pattern, a value that throws when inspected), in both dispatch
// modes, with the default, an infinite or a small `maxRetained`. After every step the exchange
// must agree with a plain model of that contract: which filters and handlers ran (also those a
// replay runs inside subscribe), in which order, with which subscription id and publisher; which
// member of each queue group took a message (the rotation in subscription order, passing over
// members whose filter rejects it); the PublishResult; what onError was told (also of retained
// evictions); size, hasSubscribers and stats(); retained(), oldest retained first (and, after
// each retained publish, retained(pattern) for every pattern); what each stream holds and what
// each read and next() settled with. The model matches with a naive sticky-regex test per
// pattern, not with the index.
import { mqtt, type TopicPattern } from '@sigx/matcher';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_RETAINED,
  DuplicateSubscriptionError,
  type ExchangeStats,
  type Filter,
  type Handler,
  InvalidTopicError,
  LimitExceededError,
  PatternSyntaxError,
  UnsafePatternError,
  Message,
  type MessageStream,
  type OverflowPolicy,
  RetainedEvictionError,
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

/** Indices of patterns that match the likeliest topic, `a/b`, and others: 'a/.*', 'a/b', a/#. */
const BROAD = [0, 1, 10] as const;
/** Queue group names; `''` is refused (TypeError). */
const GROUPS = ['g1', 'g2'] as const;

/** What subscribe, stream and next have in common. */
interface Target {
  readonly pattern: number;
  readonly publisherName: (typeof SUBSCRIBER_NAMES)[number];
  readonly filter: FilterKind;
  readonly signal: number | undefined;
  /** Its queue group: one of GROUPS, or `''` (refused). */
  readonly group: string | undefined;
  /** `replay: 'retained'` (refused together with a group). */
  readonly replay: boolean;
}

/** Whether the options' check refuses a target (TypeError), before anything else is looked at. */
function isRefusedTarget(target: Target): boolean {
  return target.group === '' || (target.group !== undefined && target.replay);
}

interface ModelSubscription {
  readonly id: string;
  /** Its place in subscription order (larger for every later subscription). */
  readonly order: number;
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

/** A retained message, with the token of the publisher it was published with (replay passes it). */
interface ModelRetained {
  readonly message: Message;
  readonly token: string;
}

interface Model {
  /** Live subscriptions, in subscription order. */
  subscriptions: ModelSubscription[];
  /** The `order` the next subscription gets. */
  nextOrder: number;
  /** Queue groups with a member, by name: the order of the member that took the latest message. */
  readonly groups: Map<string, number>;
  /** Retained messages, oldest retained first. */
  retained: ModelRetained[];
  readonly maxRetained: number;
  /** Retained messages evicted for `maxRetained`. */
  evicted: number;
  readonly streams: ModelStream[];
  readonly nexts: { readonly id: string | undefined; outcome: Outcome }[];
  readonly reads: { outcome: Outcome }[];
  readonly aborted: boolean[];
  /** Every id handed out (also by calls that subscribed nothing), for unsubscribe to pick. */
  readonly ids: string[];
  /** How many filter and handler calls, and onError reports, the steps so far expected. */
  events: number;
  errors: number;
}

interface Real {
  readonly dispatch: 'sequential' | 'concurrent';
  readonly exchange: SignalExchange;
  /** `filter <id>` and `handler <id> <messageId> <publisher token>`, in call order. */
  readonly events: string[];
  /**
   * `<phase> <id> <messageId> <error message>`, in report order; for a RetainedEvictionError,
   * `retain <id> <messageId> evicted <count> of max <maxRetained>: <topics>`.
   */
  readonly errors: string[];
  readonly controllers: readonly AbortController[];
  readonly reasons: readonly Error[];
  readonly shared: readonly Handler[];
  readonly streams: MessageStream[];
  readonly nexts: { outcome: Outcome }[];
  readonly reads: { outcome: Outcome }[];
  /** The id and group of the latest subscription made, told by an observer (next() does not return it). */
  lastSubscribed: string | undefined;
  lastGroup: string | undefined;
  /** How many filter and handler calls had been made when onSubscribe was told of it. */
  callsAtSubscribe: number;
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
  'a group member took a message',
  'a group rotated past its first member',
  'a group rotation wrapped around',
  'a group passed over a member whose filter rejected',
  'no member of a group accepted',
  'two groups and a plain subscription took one message',
  'a group member and a plain subscription shared a handler',
  'a group or replay option was refused',
  'retained a message',
  'retained message replaced',
  'retained message forgotten',
  'retained message evicted',
  'replay called a handler',
  'replay filtered a message out',
  'replay resolved next',
  'replay filled a stream',
  'replay stopped as its subscription ended',
] as const;
type Path = (typeof PATHS)[number];

function note(real: Real, path: Path, when = true): void {
  if (when) real.seen.set(path, (real.seen.get(path) ?? 0) + 1);
}

function makeReal(
  dispatch: 'sequential' | 'concurrent',
  seen: Map<Path, number>,
  maxRetained: number | undefined,
): Real {
  const events: string[] = [];
  const errors: string[] = [];
  const exchange = new SignalExchange({
    dispatch,
    unsafePatterns: 'reject',
    ...(maxRetained === undefined ? {} : { maxRetained }),
    onError: (error, context) => {
      const where = `${context.phase} ${String(context.subscriptionId)} ${context.message.messageId}`;
      const topics = (list: readonly string[]): string =>
        list.map((topic) => JSON.stringify(topic)).join(' ');
      errors.push(
        error instanceof RetainedEvictionError
          ? `${where} evicted ${error.count} of max ${error.maxRetained}: ${topics(error.topics)}`
          : `${where} ${(error as Error).message}`,
      );
    },
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
    lastGroup: undefined,
    callsAtSubscribe: 0,
    publishes: 0,
    seen,
  };
  exchange.observe({
    onSubscribe: ({ subscriptionId, group }) => {
      real.lastSubscribed = subscriptionId;
      real.lastGroup = group;
      real.callsAtSubscribe = events.length;
    },
  });
  return real;
}

function emptyModel(maxRetained: number | undefined): Model {
  return {
    subscriptions: [],
    nextOrder: 0,
    groups: new Map(),
    retained: [],
    maxRetained: maxRetained ?? DEFAULT_MAX_RETAINED,
    evicted: 0,
    streams: [],
    nexts: [],
    reads: [],
    aborted: Array.from({ length: SIGNALS }, () => false),
    ids: [],
    events: 0,
    errors: 0,
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
    ...(target.group === undefined ? {} : { group: target.group }),
    ...(target.replay ? { replay: 'retained' as const } : {}),
  };
}

function describeTarget(target: Target): string {
  const signal = target.signal === undefined ? '' : ` signal ${target.signal}`;
  const group = target.group === undefined ? '' : ` group ${JSON.stringify(target.group)}`;
  const replay = target.replay ? ' replay' : '';
  return `${String(PATTERNS[target.pattern])} ${target.publisherName ?? '*'} ${target.filter}${signal}${group}${replay}`;
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

/** Files a subscription in the model, in subscription order; a group member joins its group. */
function addToModel(
  model: Model,
  subscription: Omit<ModelSubscription, 'order'>,
): ModelSubscription {
  const added = { ...subscription, order: model.nextOrder };
  model.nextOrder += 1;
  model.subscriptions.push(added);
  const { group } = subscription.target;
  if (group !== undefined && !model.groups.has(group)) model.groups.set(group, -1);
  return added;
}

/**
 * Forgets the groups whose last member left (a later member starts the rotation afresh). Done
 * by checkAll, after every step: no step loses a group's last member and adds a member again.
 */
function pruneGroups(model: Model): void {
  for (const name of model.groups.keys()) {
    if (!model.subscriptions.some((s) => s.target.group === name)) model.groups.delete(name);
  }
}

/** What a step is expected to have called and reported. */
interface StepEvents {
  readonly events: string[];
  readonly errors: string[];
}

/** A subscription's filter on the model: records the call (and the report of a throw). */
function passes(
  real: Real,
  subscription: ModelSubscription,
  message: Message,
  expected: StepEvents,
): boolean {
  const { filter } = subscription.target;
  if (filter === 'none') return true;
  expected.events.push(`filter ${subscription.id}`);
  if (filter === 'throw') {
    expected.errors.push(`filter ${subscription.id} ${message.messageId} filter-throw`);
    note(real, 'filter threw');
    return false;
  }
  if (filter === 'reject') {
    note(real, 'filter rejected');
    return false;
  }
  return true;
}

/**
 * `publish({ retain: true })` on the model ("Retained messages"): the message becomes its topic's
 * retained message, the most recent; a new topic beyond `maxRetained` evicts the least recently
 * retained one; a value of `undefined` forgets the topic's retained message instead.
 * @returns the eviction report onError is expected to get (when the event loop turns).
 */
function retainInModel(model: Model, real: Real, message: Message, token: string): string[] {
  const index = model.retained.findIndex((r) => r.message.topic === message.topic);
  if (message.value === undefined) {
    if (index >= 0) model.retained.splice(index, 1);
    note(real, 'retained message forgotten', index >= 0);
    return [];
  }
  const reports: string[] = [];
  if (index >= 0) {
    model.retained.splice(index, 1);
    note(real, 'retained message replaced');
  } else if (model.retained.length >= model.maxRetained) {
    const oldest = model.retained.shift()!;
    model.evicted += 1;
    reports.push(
      `retain undefined ${message.messageId} evicted 1 of max ${model.maxRetained}: ` +
        JSON.stringify(oldest.message.topic),
    );
    note(real, 'retained message evicted');
  }
  model.retained.push({ message, token });
  note(real, 'retained a message');
  return reports;
}

/**
 * `replay: 'retained'` on the model ("Retained messages"): the retained messages the pattern
 * matches, oldest retained first (newest first for next()), each through publisher routing and
 * the filter, then the handler, at once; it stops once the subscription has ended. No other
 * subscription, deduplication or group rotation is involved.
 */
function replayTo(model: Model, real: Real, subscription: ModelSubscription): StepEvents {
  const expected: StepEvents = { events: [], errors: [] };
  /** Handler rejections: reported after subscribe returned, after what it reported itself. */
  const rejections: string[] = [];
  const { target } = subscription;
  const snapshot = model.retained.filter((r) => MATCHES[target.pattern]!.has(r.message.topic));
  if (subscription.kind === 'next') snapshot.reverse();
  for (const { message, token } of snapshot) {
    if (!isLive(model, subscription.id)) {
      note(real, 'replay stopped as its subscription ended');
      break;
    }
    if (target.publisherName !== undefined && target.publisherName !== message.publisherName) {
      note(real, 'publisher routing skipped a subscription');
      continue;
    }
    if (!passes(real, subscription, message, expected)) {
      note(real, 'replay filtered a message out');
      continue;
    }
    if (subscription.kind === 'subscribe') {
      expected.events.push(`handler ${subscription.id} ${message.messageId} ${token}`);
      const report = `handler ${subscription.id} ${message.messageId} handler-${subscription.behaviour}`;
      if (subscription.behaviour === 'throw') expected.errors.push(report);
      if (subscription.behaviour === 'reject') rejections.push(report);
      note(real, 'replay called a handler');
    } else if (subscription.kind === 'next') {
      model.nexts[subscription.index]!.outcome = { status: 'message', message };
      model.subscriptions = model.subscriptions.filter((s) => s !== subscription);
      note(real, 'replay resolved next');
    } else {
      note(real, 'replay filled a stream');
      if (!pushToStream(model, real, model.streams[subscription.index]!, message)) {
        model.subscriptions = model.subscriptions.filter((s) => s !== subscription);
      }
    }
  }
  expected.errors.push(...rejections);
  return expected;
}

/** Where the filter and handler calls and the reports of a step start. */
function mark(real: Real): { readonly events: number; readonly errors: number } {
  return { events: real.events.length, errors: real.errors.length };
}

/** Compares the filter and handler calls and the reports of one step with the model's. */
function expectStep(
  model: Model,
  real: Real,
  start: ReturnType<typeof mark>,
  expected: StepEvents,
): void {
  expect(real.events.slice(start.events), 'filter and handler calls').toEqual(expected.events);
  expect(real.errors.slice(start.errors), 'onError reports').toEqual(expected.errors);
  model.events += expected.events.length;
  model.errors += expected.errors.length;
}

/** Lets a `setTimeout(0)` set before it run (timers of one duration run in the order set). */
async function macrotask(): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

const CHECKED_TOPICS = [...new Set(TOPICS)];
const CHECKED_NAMES = [undefined, ...PUBLISHER_NAMES] as const;

function ids(messages: readonly { readonly messageId: string }[]): string[] {
  return messages.map((message) => message.messageId);
}

/** `retained(pattern)` for every pattern: checked after each retained publish (nothing else changes them). */
function checkRetainedByPattern(model: Model, real: Real): void {
  const expected = MATCHES.map((matches) =>
    ids(model.retained.filter((r) => matches.has(r.message.topic)).map((r) => r.message)),
  );
  const actual = PATTERNS.map((pattern) => ids(real.exchange.retained(pattern)));
  expect(actual, 'retained(pattern), oldest retained first').toEqual(expected);
}

/** The checks after every step, as one comparison (thousands of steps: keep it cheap). */
async function checkAll(model: Model, real: Real): Promise<void> {
  await flush();
  pruneGroups(model);
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
    stats: {
      subscriptions: model.subscriptions.length,
      groups: model.groups.size,
      retained: model.retained.length,
      maxRetained: model.maxRetained,
      retainedEvicted: model.evicted,
    },
    retained: ids(model.retained.map((r) => r.message)),
    // Every call and report was compared by the step that expected it: none came late.
    calls: model.events,
    reports: model.errors,
  };
  const actual = {
    size: real.exchange.size,
    hasSubscribers: CHECKED_TOPICS.map((topic) =>
      CHECKED_NAMES.map((name) => real.exchange.hasSubscribers(topic, name)),
    ),
    buffered: real.streams.map((stream) => stream.buffered),
    nexts: real.nexts.map((next) => describeOutcome(next.outcome, real)),
    reads: real.reads.map((read) => describeOutcome(read.outcome, real)),
    stats: holdingsOf(real.exchange.stats()),
    retained: ids(real.exchange.retained()),
    calls: real.events.length,
    reports: real.errors.length,
  };
  expect(actual).toEqual(expected);
}

/** The part of stats() the model tracks: what the exchange holds (counters: exchange-stats.test.ts). */
function holdingsOf(stats: ExchangeStats): Record<string, number> {
  const { subscriptions, groups, retained, maxRetained, retainedEvicted } = stats;
  return { subscriptions, groups, retained, maxRetained, retainedEvicted };
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
    const subscribedBefore = real.lastSubscribed;
    // The options' types are checked first: a bad group, or replay with a group, throws first.
    if (isRefusedTarget(this.target)) {
      expect(subscribe).toThrow(TypeError);
      expect(real.lastSubscribed).toBe(subscribedBefore);
      note(real, 'a group or replay option was refused');
      return checkAll(model, real);
    }
    if (this.explicitId !== undefined && isLive(model, this.explicitId)) {
      expect(subscribe).toThrow(DuplicateSubscriptionError);
      note(real, 'duplicate subscription id');
      return checkAll(model, real);
    }
    const start = mark(real);
    const id = subscribe();
    if (this.explicitId === undefined) expect(id).toMatch(HEX32);
    else expect(id).toBe(this.explicitId);
    model.ids.push(id);
    let expected: StepEvents = { events: [], errors: [] };
    if (this.target.signal !== undefined && model.aborted[this.target.signal]) {
      expect(real.lastSubscribed).toBe(subscribedBefore);
      note(real, 'subscribed with an aborted signal');
    } else {
      // onSubscribe is told (of its group) before the replay.
      expect([real.lastSubscribed, real.lastGroup, real.callsAtSubscribe]).toEqual([
        id,
        this.target.group,
        start.events,
      ]);
      const subscription = addToModel(model, {
        id,
        target: this.target,
        handlerKey: shared === undefined ? `own ${id}` : `shared ${shared}`,
        behaviour,
        kind: 'subscribe',
        index: -1,
      });
      if (this.target.replay) expected = replayTo(model, real, subscription);
    }
    // The replayed calls were made inside subscribe; their rejections are reported after it.
    expect(real.events.slice(start.events), 'replayed calls, inside subscribe').toEqual(
      expected.events,
    );
    await flush();
    expectStep(model, real, start, expected);
    return checkAll(model, real);
  }
  toString(): string {
    const id = this.explicitId === undefined ? '' : ` id ${this.explicitId}`;
    return `subscribe(${describeTarget(this.target)} ${this.handler}${id})`;
  }
}

/**
 * A subscribe, stream or next whose pattern the matcher refuses (also with a group, which it
 * then does not join, or with a replay, for which the retained store checks the pattern first):
 * it throws, and nothing changes.
 */
class RefusedSubscribe implements Command {
  readonly kind: 'subscribe' | 'stream' | 'next';
  readonly refused: number;
  readonly explicitId: string | undefined;
  readonly extra: 'none' | 'group' | 'replay';
  constructor(
    kind: 'subscribe' | 'stream' | 'next',
    refused: number,
    explicitId: string | undefined,
    extra: 'none' | 'group' | 'replay',
  ) {
    this.kind = kind;
    this.refused = refused;
    this.explicitId = explicitId;
    this.extra = extra;
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
      ...(this.extra === 'group' ? { group: GROUPS[0] } : {}),
      ...(this.extra === 'replay' ? { replay: 'retained' as const } : {}),
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
    const extra = this.extra === 'none' ? '' : ` ${this.extra}`;
    return `${this.kind}(refused: ${REFUSED[this.refused]!.label}${id}${extra})`;
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
  readonly retain: boolean;
  readonly value: 0 | undefined;
  constructor(
    topic: string,
    publisherName: (typeof PUBLISHER_NAMES)[number],
    retain: boolean,
    value: 0 | undefined,
  ) {
    this.topic = topic;
    this.publisherName = publisherName;
    this.retain = retain;
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    const message = new Message({
      publisherName: this.publisherName,
      topic: this.topic,
      value: this.value,
    });
    real.publishes += 1;
    const token = `P${real.publishes}`;
    const start = mark(real);
    const publishing = real.exchange.publish({
      publisher: { token },
      message,
      ...(this.retain ? { retain: true } : {}),
    });
    if (!VALID_TOPIC.test(this.topic)) {
      await expect(publishing).rejects.toThrow(InvalidTopicError);
      expectStep(model, real, start, { events: [], errors: [] });
      note(real, 'invalid topic');
      return checkAll(model, real);
    }
    // Retained before dispatch (after the onPublish observers, of which this test has none).
    const evictions = this.retain ? retainInModel(model, real, message, token) : [];
    const expected = this.#plan(model, real, message, token);
    const result = await publishing;
    // An eviction is reported when the event loop turns, after the publish settled.
    if (evictions.length > 0) await macrotask();
    expectStep(model, real, start, {
      events: expected.events,
      errors: [...expected.errors, ...evictions],
    });
    expect(result, 'PublishResult').toEqual(expected.result);
    note(real, 'handler called', result.delivered > 0);
    note(real, 'handler called once for several subscriptions', result.matched > result.delivered);
    note(real, 'handler failed', result.failed > 0);
    if (this.retain) checkRetainedByPattern(model, real);
    return checkAll(model, real);
  }

  /**
   * Publish rules 1-8 (docs/delivery-semantics.md, "Publish rules") and "Queue groups" on the
   * model; delivers to the model's streams and nexts.
   */
  #plan(model: Model, real: Real, message: Message, token: string) {
    const expected: StepEvents = { events: [], errors: [] };
    const { events } = expected;
    // Pass 1, in subscription order: publisher routing for all; the filters of the
    // subscriptions without a group; the members of each group collected, groups in the order
    // their first member is reached.
    const accepted: ModelSubscription[] = [];
    const reached = new Map<string, ModelSubscription[]>();
    for (const subscription of model.subscriptions) {
      const { target } = subscription;
      if (!MATCHES[target.pattern]!.has(message.topic)) continue;
      if (target.publisherName !== undefined && target.publisherName !== message.publisherName) {
        note(real, 'publisher routing skipped a subscription');
        continue;
      }
      if (target.group !== undefined) {
        const members = reached.get(target.group);
        if (members === undefined) reached.set(target.group, [subscription]);
        else members.push(subscription);
      } else if (passes(real, subscription, message, expected)) {
        accepted.push(subscription);
      }
    }
    // Pass 2, per group: from the first member after the one that took the group's previous
    // message, wrapping around, the first whose filter accepts takes it.
    const plain = accepted.length;
    for (const [group, members] of reached) {
      const lastOrder = model.groups.get(group)!;
      const after = members.findIndex((member) => member.order > lastOrder);
      const first = after < 0 ? 0 : after;
      note(real, 'a group rotated past its first member', after > 0);
      note(real, 'a group rotation wrapped around', after < 0 && members.length > 1);
      let chosen: ModelSubscription | undefined;
      for (let step = 0; step < members.length && chosen === undefined; step += 1) {
        const member = members[(first + step) % members.length]!;
        if (passes(real, member, message, expected)) chosen = member;
        else note(real, 'a group passed over a member whose filter rejected');
      }
      if (chosen === undefined) {
        note(real, 'no member of a group accepted');
        continue;
      }
      model.groups.set(group, chosen.order);
      accepted.push(chosen);
      note(real, 'a group member took a message');
    }
    note(
      real,
      'two groups and a plain subscription took one message',
      plain > 0 && accepted.length - plain >= 2,
    );
    accepted.sort((a, b) => a.order - b.order);
    // One call per handler function, for the first of its accepted subscriptions.
    const deliveries: ModelSubscription[] = [];
    const handlers = new Map<string, ModelSubscription>();
    for (const subscription of accepted) {
      const first = handlers.get(subscription.handlerKey);
      if (first !== undefined) {
        note(
          real,
          'a group member and a plain subscription shared a handler',
          (first.target.group === undefined) !== (subscription.target.group === undefined),
        );
        continue;
      }
      handlers.set(subscription.handlerKey, subscription);
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
        ...expected.errors,
        ...(real.dispatch === 'concurrent' ? [...thrown, ...rejected] : failures),
      ],
      result: { matched: accepted.length, delivered: deliveries.length, failed: failures.length },
    };
  }

  toString(): string {
    const retain = this.retain ? ' retain' : '';
    const value = this.value === undefined ? ' value undefined' : '';
    return `publish(${JSON.stringify(this.topic)} from ${String(this.publisherName)}${retain}${value})`;
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
    const open = (): MessageStream =>
      real.exchange.stream({
        ...targetOptions(this.target, real),
        ...(this.bound === undefined
          ? {}
          : { bufferSize: this.bound.size, overflow: this.bound.overflow }),
      });
    const subscribedBefore = real.lastSubscribed;
    if (isRefusedTarget(this.target)) {
      expect(open).toThrow(TypeError);
      expect(real.lastSubscribed).toBe(subscribedBefore);
      note(real, 'a group or replay option was refused');
      return checkAll(model, real);
    }
    const start = mark(real);
    const stream = open();
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
    let expected: StepEvents = { events: [], errors: [] };
    if (this.target.signal === undefined || !model.aborted[this.target.signal]) {
      // onSubscribe is told (of its group) before the replay.
      expect([real.lastSubscribed, real.lastGroup, real.callsAtSubscribe]).toEqual([
        id,
        this.target.group,
        start.events,
      ]);
      const subscription = addToModel(model, {
        id,
        target: this.target,
        handlerKey: `own ${id}`,
        behaviour: 'sync',
        kind: 'stream',
        index: model.streams.length - 1,
      });
      // Replayed into the buffer inside stream(), before it returned.
      if (this.target.replay) expected = replayTo(model, real, subscription);
      expect(stream.buffered, 'replayed into the buffer').toBe(model.streams.at(-1)!.buffer.length);
    }
    expectStep(model, real, start, expected);
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
    const next = (): Promise<Message> => real.exchange.next(targetOptions(this.target, real));
    if (isRefusedTarget(this.target)) {
      expect(next, 'thrown synchronously').toThrow(TypeError);
      expect(real.lastSubscribed).toBe(before);
      note(real, 'a group or replay option was refused');
      return checkAll(model, real);
    }
    const start = mark(real);
    track(next(), real.nexts);
    let expected: StepEvents = { events: [], errors: [] };
    if (this.target.signal !== undefined && model.aborted[this.target.signal]) {
      expect(real.lastSubscribed, 'an aborted next() subscribes nothing').toBe(before);
      const reason = real.reasons[this.target.signal];
      model.nexts.push({ id: undefined, outcome: { status: 'rejected', reason } });
    } else {
      const id = real.lastSubscribed!;
      expect(id).not.toBe(before);
      // onSubscribe is told (of its group) before the replay.
      expect([real.lastGroup, real.callsAtSubscribe]).toEqual([this.target.group, start.events]);
      model.ids.push(id);
      const subscription = addToModel(model, {
        id,
        target: this.target,
        handlerKey: `own ${id}`,
        behaviour: 'sync',
        kind: 'next',
        index: model.nexts.length,
      });
      model.nexts.push({ id, outcome: { status: 'pending' } });
      // Newest retained first: the latest that passes settles it at once.
      if (this.target.replay) expected = replayTo(model, real, subscription);
    }
    expectStep(model, real, start, expected);
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
    // Every group loses its members; the retained messages stay.
    removeFromModel(model, real, new Set(model.subscriptions.map((s) => s.id)), 'unsubscribe');
    return checkAll(model, real);
  }
  toString(): string {
    return 'clear()';
  }
}

type GroupAndReplay = Pick<Target, 'group' | 'replay'>;
const plain: GroupAndReplay = { group: undefined, replay: false };
/**
 * Targets: mostly plain, often in one of two groups, often replaying (`replay` weighs how
 * often), now and then refused. Group members and replays often take a broad pattern, so that
 * one message reaches several members of a group and a replay finds several retained messages.
 */
function targets(replay: number): fc.Arbitrary<Target> {
  return fc
    .tuple(
      fc.record({
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
      }),
      fc.oneof(
        { arbitrary: fc.constant(plain), weight: 10 },
        {
          arbitrary: fc.constantFrom(...GROUPS).map((group) => ({ group, replay: false })),
          weight: 12,
        },
        { arbitrary: fc.constant({ group: undefined, replay: true }), weight: replay },
        {
          arbitrary: fc.constantFrom<GroupAndReplay>(
            { group: GROUPS[0], replay: true },
            { group: '', replay: false },
          ),
          weight: 1,
        },
      ),
      fc.option(fc.constantFrom(...BROAD), { nil: undefined, freq: 3 }),
    )
    .map(([base, extra, broad]) => ({
      ...base,
      ...extra,
      pattern:
        broad !== undefined && (extra.group !== undefined || extra.replay) ? broad : base.pattern,
    }));
}
const target = targets(6);
/** next() replays more often: a replay that settles it stops early. */
const nextTarget = targets(20);
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

/** One command arbitrary, weighted so that a run of 50 builds up state before it clears it. */
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc
      .tuple(target, handlerChoice, explicitId)
      .map(([t, h, i]) => new Subscribe(t, h, i)),
    weight: 6,
  },
  { arbitrary: fc.tuple(target, bound).map(([t, b]) => new OpenStream(t, b)), weight: 3 },
  { arbitrary: nextTarget.map((t) => new Next(t)), weight: 3 },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(...TOPICS),
        fc.constantFrom(...PUBLISHER_NAMES),
        fc.constantFrom(false, true),
        fc.constantFrom<0 | undefined>(0, 0, 0, 0, undefined),
      )
      .map(([topic, name, retain, value]) => new Publish(topic, name, retain, value)),
    weight: 9,
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
        fc.constantFrom<'none' | 'group' | 'replay'>('none', 'none', 'group', 'replay'),
      )
      .map(([kind, refused, id, extra]) => new RefusedSubscribe(kind, refused, id, extra)),
    weight: 2,
  },
);
const commands = fc.commands([command], { maxCommands: 50, size: 'max' });
/** `maxRetained`: the default (10 000), none, or small enough to evict among the 8 valid topics. */
const maxRetained = fc.constantFrom<number | undefined>(undefined, undefined, Infinity, 3, 2);

describe('SignalExchange agrees with a model of the publish rules (docs/delivery-semantics.md)', () => {
  for (const dispatch of ['sequential', 'concurrent'] as const) {
    it(`dispatch '${dispatch}'`, { timeout: 60_000 }, async () => {
      const seen = new Map<Path, number>();
      await fc.assert(
        fc.asyncProperty(maxRetained, commands, (max, cmds) =>
          fc.asyncModelRun(
            () => ({ model: emptyModel(max), real: makeReal(dispatch, seen, max) }),
            cmds,
          ),
        ),
        { numRuns: 500 },
      );
      // Not vacuous: the runs took every path of the model.
      expect(PATHS.filter((path) => !seen.has(path))).toEqual([]);
    });
  }
});
