// A record that claims a sequence number far beyond what its sender could have sent since its
// last one (here: someone replays a bridge's run id with seq = 2^53 - 1) is reported and
// dropped, and does not move that sender's duplicate window: its real messages that follow
// are delivered, not counted as duplicates.
import { SignalExchange } from '@sigx/core';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedis, defaultCodec, MalformedPayloadError } from '../src/index.js';
import { message, rawClient, record, useRedisServer, waitFor } from './support/helpers.js';

const server = useRedisServer();

describe('an impossible sequence jump', () => {
  it('is reported and does not silence the sender', async () => {
    const victim = new SignalExchange();
    const receiver = new SignalExchange();
    const errors: Error[] = [];
    const victimBridge = await connectRedis(victim, { url: server().url, nodeId: 'victim' });
    const receiverBridge = await connectRedis(receiver, {
      url: server().url,
      onError: (error) => errors.push(error),
    });
    const got = record(receiver, 'j/.*');
    await receiverBridge.flush();

    // The attacker reads a record of the victim's off Redis...
    const spy = new Redis(server().url);
    const captured: Buffer[] = [];
    spy.on('pmessageBuffer', (_glob: Buffer, _channel: Buffer, payload: Buffer) => {
      captured.push(payload);
    });
    await spy.psubscribe('sigx:j/*');
    await victim.publish({ message: message('j/1', 0) });
    await waitFor(() => got.values.length === 1 && captured.length === 1, 'the first message');

    // ...and sends it back with the largest sequence number there is.
    const original = defaultCodec.decode(captured[0]!) as Record<string, unknown>;
    const attacker = rawClient(server());
    await attacker.publish(
      'sigx:j/1',
      defaultCodec.encode({ ...original, seq: Number.MAX_SAFE_INTEGER, value: 'forged' }) as string,
    );
    for (let i = 1; i <= 100; i += 1) await victim.publish({ message: message('j/1', i) });
    await waitFor(() => got.values.length === 101, "the victim's next 100 messages");

    expect(got.values).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(receiverBridge.stats()).toMatchObject({ received: 101, duplicates: 0, malformed: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MalformedPayloadError);
    expect(errors[0]!.message).toBe(
      'Dropped a malformed payload on Redis channel "sigx:j/1": its sequence number ' +
        `9007199254740991 is 9007199254740990 past the last one of its sender (node "victim", run ${JSON.stringify(original['run'])}), ` +
        'more than a bridge can send in the time since: forged or corrupted',
    );
    await spy.quit();
    await attacker.quit();
    await Promise.all([victimBridge.close(), receiverBridge.close()]);
  });
});
