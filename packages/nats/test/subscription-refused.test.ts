// docs/running-across-processes.md, "Faults": a user whose permissions deny some subjects.
// connectNats rejects with SubscriptionRefusedError naming the subjects of the exchange's
// current subscriptions that NATS refused; a later refusal is reported to onError, and the
// subjects that were allowed keep working.
import { Message, SignalExchange } from '@sigx/core';
import { describe, expect, it } from 'vitest';
import { connectNats, SubscriptionRefusedError } from '../src/index.js';
import { useNatsBridges, useNatsServer, waitFor } from './support/bridges.js';

const server = useNatsServer({
  extraConfig: `authorization {
  users = [
    { user: app, password: pw, permissions: { subscribe: { allow: ["sigx.>", "_INBOX.>"], deny: ["sigx.secret.>"] } } }
  ]
}`,
});
const bridged = useNatsBridges(server);
const credentials = { natsOptions: { user: 'app', pass: 'pw' } };

describe('subjects NATS refuses', () => {
  it('reject connectNats for the subscriptions the exchange had', async () => {
    const exchange = new SignalExchange();
    exchange.subscribe({ topicPattern: 'secret/.*', handler: () => {} });
    exchange.subscribe({ topicPattern: 'open/.*', handler: () => {} });
    const failure = await connectNats(exchange, {
      servers: server().url,
      ...credentials,
      onError: () => {},
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SubscriptionRefusedError);
    expect(failure).toMatchObject({
      code: 'ERR_SIGX_NATS_SUBSCRIPTION_REFUSED',
      subjects: ['sigx.secret.>'],
    });
  });

  it('are reported later, and the others keep working', async () => {
    const errors: Error[] = [];
    const receiver = await bridged('receiver', { ...credentials, onError: (e) => errors.push(e) });
    const sender = await bridged('sender', credentials);
    const got: string[] = [];
    receiver.exchange.subscribe({
      topicPattern: 'secret/.*',
      handler: () => void got.push('secret'),
    });
    receiver.exchange.subscribe({ topicPattern: 'open/.*', handler: () => void got.push('open') });
    await receiver.bridge.flush();
    await waitFor(() => errors.length === 1, 'the refusal');
    expect(errors[0]).toBeInstanceOf(SubscriptionRefusedError);
    expect((errors[0] as SubscriptionRefusedError).subjects).toEqual(['sigx.secret.>']);
    expect(receiver.bridge.stats().subjects).toEqual(['sigx.open.>']);
    await sender.exchange.publish({ message: new Message({ topic: 'secret/1', value: 1 }) });
    await sender.exchange.publish({ message: new Message({ topic: 'open/1', value: 1 }) });
    await waitFor(() => got.length === 1, 'the open message');
    expect(got).toEqual(['open']);
  });
});
