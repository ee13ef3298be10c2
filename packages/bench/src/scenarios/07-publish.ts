import { Message, SignalExchange } from '@sigx/core';
import { mqtt } from '@sigx/matcher';
import Emittery from 'emittery';
import eventemitter2 from 'eventemitter2';
import mittImport from 'mitt';
import {
  crossCheck,
  type CrossCheckImplementation,
  type CrossCheckSummary,
} from '../cross-check.js';
import { mqttToEventEmitter2 } from '../mqtt.js';
import { scenarioResult, timedRow, type Row } from '../results.js';
import { sizesFor, type Scenario } from '../scenario.js';
import { time } from '../timing.js';

// mitt 3's types describe a CommonJS module under `nodenext`, but Node loads its ESM build,
// whose default export is the factory itself.
const mitt = ((mittImport as unknown as { default?: unknown }).default ??
  mittImport) as typeof mittImport.default;

const HOT_FILTER = 'sensors/+/temp';
const HOT_TOPIC = 'sensors/dev-1/temp';

/**
 * An emitter with `size` subscriptions: number 0 on the hot topic, the others on topics that
 * are never published in the timed loop. Handler `k` counts its calls in `calls[k]`.
 */
interface Emitter {
  readonly name: string;
  /** One publish of a topic, awaited when the emitter is async. */
  deliver(topic: string): Promise<unknown> | undefined;
  /** The benchmark body: publish the hot topic (each emitter writes its own loop). */
  runner(): () => Promise<unknown> | undefined;
}

/** The filter of subscription `k` (MQTT notation); `o<k>/+/temp` for the cold ones. */
function filterOf(k: number): string {
  return k === 0 ? HOT_FILTER : `o${k}/+/temp`;
}

/** The exact topic that subscription `k` gets for emitters without wildcards. */
function exactTopicOf(k: number): string {
  return k === 0 ? HOT_TOPIC : `o${k}/dev-1/temp`;
}

/** Two views of one exchange: publishing a reused Message, and a new Message each time. */
function sigxEmitters(size: number, calls: Float64Array): [Emitter, Emitter] {
  const exchange = new SignalExchange();
  for (let k = 0; k < size; k += 1) {
    exchange.subscribe({
      topicPattern: mqtt(filterOf(k)),
      handler: () => {
        calls[k]! += 1;
      },
    });
  }
  const message = new Message({ publisherName: null, topic: HOT_TOPIC, value: 1 });
  const deliver = (topic: string): Promise<unknown> =>
    exchange.publish({ message: new Message({ publisherName: null, topic, value: 1 }) });
  return [
    { name: 'sigx publish', deliver, runner: () => () => exchange.publish({ message }) },
    {
      name: 'sigx publish + new Message',
      deliver,
      runner: () => () =>
        exchange.publish({
          message: new Message({ publisherName: null, topic: HOT_TOPIC, value: 1 }),
        }),
    },
  ];
}

function eventEmitter2(size: number, calls: Float64Array): Emitter {
  const emitter = new eventemitter2.EventEmitter2({ wildcard: true, delimiter: '/' });
  for (let k = 0; k < size; k += 1) {
    emitter.on(mqttToEventEmitter2(filterOf(k)), () => {
      calls[k]! += 1;
    });
  }
  return {
    name: 'EventEmitter2 emitAsync',
    deliver: (topic) => emitter.emitAsync(topic, 1),
    runner: () => () => emitter.emitAsync(HOT_TOPIC, 1),
  };
}

function emittery(size: number, calls: Float64Array): Emitter {
  const emitter = new Emittery();
  for (let k = 0; k < size; k += 1) {
    emitter.on(exactTopicOf(k), () => {
      calls[k]! += 1;
    });
  }
  return {
    name: 'emittery emit',
    deliver: (topic) => emitter.emit(topic, 1),
    runner: () => () => emitter.emit(HOT_TOPIC, 1),
  };
}

function mittEmitter(size: number, calls: Float64Array): Emitter {
  const emitter = mitt<Record<string, number>>();
  for (let k = 0; k < size; k += 1) {
    emitter.on(exactTopicOf(k), () => {
      calls[k]! += 1;
    });
  }
  return {
    name: 'mitt emit (sync)',
    deliver: (topic) => {
      emitter.emit(topic, 1);
      return undefined;
    },
    runner: () => () => {
      emitter.emit(HOT_TOPIC, 1);
      return undefined;
    },
  };
}

/** Cross-check view of an emitter: which handlers one publish of a topic calls, and how often. */
function deliveries(emitter: Emitter, calls: Float64Array): CrossCheckImplementation {
  return {
    name: emitter.name,
    async match(topic) {
      const before = calls.slice();
      await emitter.deliver(topic);
      const called: number[] = [];
      for (let k = 0; k < calls.length; k += 1) {
        for (let n = before[k]!; n < calls[k]!; n += 1) called.push(k);
      }
      return called;
    },
  };
}

/** 7. `SignalExchange.publish` end to end against event emitters. */
export const publish: Scenario = {
  id: '07-publish',
  title: 'Publish to one handler (awaited)',
  question:
    'What does one awaited `SignalExchange.publish` to one handler cost on a hot topic (memo on), ' +
    'next to EventEmitter2 `emitAsync` (wildcard mode), emittery `emit` and mitt `emit`, while ' +
    'the emitter holds more and more other subscriptions?',
  async run(context) {
    const sizes = sizesFor(context, [1, 100, 10_000, 100_000], [1, 100]);
    const rows: Row[] = [];
    const crossChecks: CrossCheckSummary[] = [];
    for (const size of sizes) {
      context.log(`  subscribing ${size.toLocaleString('en-US')} handlers in each emitter`);
      const sigxCalls = new Float64Array(size);
      const emitters = [
        ...sigxEmitters(size, sigxCalls).map((emitter) => ({ emitter, calls: sigxCalls })),
        ...[eventEmitter2, emittery, mittEmitter].map((make) => {
          const calls = new Float64Array(size);
          return { emitter: make(size, calls), calls };
        }),
      ];
      // Topics every emitter can express (exact names for emittery and mitt).
      const sample = [
        HOT_TOPIC,
        'sensors/dev-1/hum',
        'p1/dev-1/temp',
        ...(size > 1 ? [exactTopicOf(1), exactTopicOf(size - 1)] : []),
      ];
      const [reference, ...others] = emitters.map(({ emitter, calls }) =>
        deliveries(emitter, calls),
      );
      crossChecks.push(await crossCheck(`${this.id} @ ${size}`, sample, reference!, others));
      for (const { emitter, calls } of emitters) {
        context.log(`  timing ${emitter.name} @ ${size.toLocaleString('en-US')}`);
        const before = calls[0]!;
        const timing = await time(emitter.runner(), context.budget);
        if (calls[0]! - before < timing.calls)
          throw new Error(`${emitter.name} delivered fewer messages than it published`);
        rows.push(timedRow('', emitter.name, size, timing));
      }
    }
    const largest = sizes.at(-1)!;
    return scenarioResult(this, {
      operation: 'publish',
      subject: 'sigx publish',
      baseline: 'EventEmitter2 emitAsync',
      rows,
      crossChecks,
      notes: [
        `sigx subscribes \`mqtt('${HOT_FILTER}')\` (compiled by \`@sigx/matcher\` to \`${mqtt(HOT_FILTER).source}\`) and EventEmitter2 \`${mqttToEventEmitter2(HOT_FILTER)}\`; emittery and mitt only know exact names, so they subscribe \`${HOT_TOPIC}\` itself. The other subscriptions are \`o<k>/+/temp\` in the same notations.`,
        '`sigx publish` reuses one `Message`; `sigx publish + new Message` builds one per publish (time-ordered id, `Date`), as a publisher usually does.',
        'sigx, EventEmitter2 and emittery return promises and are awaited; mitt is synchronous and is called as such: it shows the cost of the async machinery itself.',
        'sigx validates the topic on every publish (default topic grammar) and runs the sequential dispatch.',
      ],
      headlineOf: (_, ratio) =>
        `An awaited sigx publish to one handler (reused Message, ${largest.toLocaleString('en-US')} subscriptions) runs at ` +
        `${ratio('sigx publish', 'EventEmitter2 emitAsync', largest)} EventEmitter2's \`emitAsync\`, ` +
        `${ratio('sigx publish', 'emittery emit', largest)} emittery's \`emit\` and ` +
        `${ratio('sigx publish', 'mitt emit (sync)', largest)} mitt's synchronous \`emit\`; ` +
        `building a new Message per publish brings it to ${ratio('sigx publish + new Message', 'EventEmitter2 emitAsync', largest)} EventEmitter2.`,
    });
  },
};
