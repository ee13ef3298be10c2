// docs/running-across-processes.md, "Security": with a sharedKey, every record carries an
// HMAC over its subject and bytes; a bridge drops, before decoding, whatever does not carry a
// valid one (a sender without the key, another key, a record moved to another subject).
import { Message } from '@sigx/core';
import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { UnauthenticatedPayloadError } from '../src/index.js';
import { useNatsBridges, useNatsServer, waitFor } from './support/bridges.js';

const server = useNatsServer();
const bridged = useNatsBridges(server);
const key = 'a shared key of 32 bytes, or so';

describe('sharedKey', () => {
  it('lets keyed bridges talk and drops everything else', async () => {
    const errors: Error[] = [];
    const receiver = await bridged('receiver', { sharedKey: key, onError: (e) => errors.push(e) });
    const keyed = await bridged('keyed', { sharedKey: key });
    const unkeyed = await bridged('unkeyed');
    const otherKey = await bridged('other', { sharedKey: 'another key of enough bytes' });
    const got: unknown[] = [];
    receiver.exchange.subscribe({
      topicPattern: 'k/.*',
      handler: (_i, _p, m) => void got.push(m.value),
    });
    await receiver.bridge.flush();
    // A keyed record moved to another subject: its MAC covers the subject.
    const raw = await connect({ servers: server().url });
    const moved = new Promise<void>((resolve) => {
      raw.subscribe('sigx.k.1', {
        max: 1,
        callback: (_e, msg) => {
          raw.publish('sigx.k.2', msg.data);
          resolve();
        },
      });
    });
    await raw.flush();
    await keyed.exchange.publish({ message: new Message({ topic: 'k/1', value: 'keyed' }) });
    await moved;
    await unkeyed.exchange.publish({ message: new Message({ topic: 'k/3', value: 'unkeyed' }) });
    await otherKey.exchange.publish({ message: new Message({ topic: 'k/4', value: 'other' }) });
    await raw.flush();
    await waitFor(() => receiver.bridge.stats().unauthenticated === 3, 'three refusals');
    expect(got).toEqual(['keyed']);
    expect(errors.every((e) => e instanceof UnauthenticatedPayloadError)).toBe(true);
    expect(errors.map((e) => (e as UnauthenticatedPayloadError).channel)).toEqual([
      'sigx.k.2',
      'sigx.k.3',
      'sigx.k.4',
    ]);
    await raw.close();
  });
});
