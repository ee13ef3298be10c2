// docs/running-across-processes.md, "Faults": nats-server killed and started again. The bridge
// reports the loss once, the client reconnects and resubscribes by itself, and what is
// published meanwhile is held (up to maxBuffered) and sent once the server is back; past the
// bound the newest are dropped, counted and reported (BufferOverflowError, and a summary).
import { Message } from '@sigx/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferOverflowError, NatsConnectionError } from '../src/index.js';
import { startNatsServer, type NatsServer } from '../src/testing.js';
import { useNatsBridges, waitFor } from './support/bridges.js';

let server: NatsServer | undefined;
afterEach(async () => {
  await server?.stop();
});
const bridged = useNatsBridges(() => server!);
const fast = { natsOptions: { reconnectTimeWait: 50 } };

describe('nats-server killed and restarted', () => {
  it('reconnects, resubscribes, and sends what was held, up to maxBuffered', async () => {
    server = await startNatsServer();
    const senderErrors: Error[] = [];
    const receiverErrors: Error[] = [];
    // The sender comes back after the receiver has resubscribed: NATS core keeps nothing, so
    // what reaches the server before a subscription does is lost (at most once).
    const sender = await bridged('sender', {
      natsOptions: { reconnectTimeWait: 600 },
      maxBuffered: 3,
      onError: (e) => senderErrors.push(e),
    });
    const receiver = await bridged('receiver', { ...fast, onError: (e) => receiverErrors.push(e) });
    const got: number[] = [];
    receiver.exchange.subscribe({
      topicPattern: 'n/.*',
      handler: (_i, _p, m) => void got.push(m.value as number),
    });
    await receiver.bridge.flush();
    await sender.exchange.publish({ message: new Message({ topic: 'n/1', value: 1 }) });
    await waitFor(() => got.length === 1, 'the first message');

    await server.stop('SIGKILL');
    await waitFor(() => !sender.bridge.stats().connected, 'the sender to see the loss');
    for (let value = 2; value <= 7; value += 1) {
      await sender.exchange.publish({ message: new Message({ topic: 'n/x', value }) });
    }
    expect(sender.bridge.stats()).toMatchObject({ buffered: 3, dropped: 3, connected: false });
    // flush() waits for the connection to come back and what was held to reach the server.
    let flushed = false;
    const flushing = sender.bridge.flush().then(() => (flushed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(flushed).toBe(false);
    await server.start();
    await flushing;
    expect(sender.bridge.stats()).toMatchObject({ buffered: 0, connected: true });
    await waitFor(
      () => sender.bridge.stats().connected && receiver.bridge.stats().connected,
      'both to reconnect',
    );
    await waitFor(() => got.length === 4, 'the held messages').catch((error: unknown) => {
      throw new Error(
        `${String(error)}: ${JSON.stringify({ got, s: sender.bridge.stats(), r: receiver.bridge.stats() })}`,
      );
    });
    expect(got).toEqual([1, 2, 3, 4]);
    const lost = senderErrors.filter((e) => e instanceof NatsConnectionError);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ reason: 'lost' });
    const overflow = senderErrors.filter((e) => e instanceof BufferOverflowError);
    expect(overflow.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^NATS is unreachable and the buffer of 3 message\(s\) is full: the message on topic "n\/x"/,
      ),
      expect.stringMatching(
        /^NATS is reachable again; 3 message\(s\) published while it was not did not fit/,
      ),
    ]);
    expect(receiverErrors.map((e) => (e as NatsConnectionError).reason)).toEqual(['lost']);
    // And it keeps working.
    await sender.exchange.publish({ message: new Message({ topic: 'n/8', value: 8 }) });
    await waitFor(() => got.length === 5, 'a message after the restart');
  });

  it('flush() while disconnected resolves when the bridge is closed instead', async () => {
    server = await startNatsServer();
    const errors: Error[] = [];
    const { bridge } = await bridged('alone', { onError: (e) => errors.push(e) });
    await server.stop('SIGKILL');
    await waitFor(() => !bridge.stats().connected, 'the loss');
    const flushing = bridge.flush();
    await bridge.close();
    await expect(flushing).resolves.toBeUndefined();
    expect(errors.map((e) => (e as NatsConnectionError).reason)).toEqual(['lost']);
  });
});
