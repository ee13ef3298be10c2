// docs/running-across-processes.md, "Security": authentication and TLS are the client's,
// passed through natsOptions. With the right credentials two bridges exchange messages; without
// them connectNats rejects with NatsConnectionError (reason 'connect') and leaves nothing open.
import { Message } from '@sigx/core';
import { createUser } from '@nats-io/nkeys';
import { nkeyAuthenticator } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import { connectNats, NatsConnectionError, type NatsBridgeOptions } from '../src/index.js';
import { createTestCertificates, startNatsServer, type NatsServer } from '../src/testing.js';
import { useNatsBridges, waitFor } from './support/bridges.js';

let server: NatsServer | undefined;
afterEach(async () => {
  await server?.stop();
});
const bridged = useNatsBridges(() => server!);

async function exchangesMessages(options: Omit<NatsBridgeOptions, 'nodeId'>): Promise<void> {
  const a = await bridged('a', options);
  const b = await bridged('b', options);
  const got: unknown[] = [];
  b.exchange.subscribe({ topicPattern: 'auth/.*', handler: (_i, _p, m) => void got.push(m.value) });
  await b.bridge.flush();
  await a.exchange.publish({ message: new Message({ topic: 'auth/1', value: 'ok' }) });
  await waitFor(() => got.length === 1, 'the message');
  expect(got).toEqual(['ok']);
}

async function refused(options: NatsBridgeOptions): Promise<void> {
  const { SignalExchange } = await import('@sigx/core');
  const failure = await connectNats(new SignalExchange(), {
    servers: server!.url,
    ...options,
    natsOptions: { ...options.natsOptions, maxReconnectAttempts: 0 },
  }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(NatsConnectionError);
  expect(failure).toMatchObject({ reason: 'connect' });
}

describe('authentication passed through natsOptions', () => {
  it('user and password', async () => {
    server = await startNatsServer({ auth: { user: 'app', password: 's3cret' } });
    await exchangesMessages({ servers: server.url, natsOptions: { user: 'app', pass: 's3cret' } });
    await refused({ natsOptions: { user: 'app', pass: 'wrong' } });
    await refused({});
  });

  it('token', async () => {
    server = await startNatsServer({ auth: { token: 't0ken-value' } });
    await exchangesMessages({ servers: server.url, natsOptions: { token: 't0ken-value' } });
    await refused({});
  });

  it('nkey', async () => {
    const user = createUser();
    server = await startNatsServer({ auth: { nkey: user.getPublicKey() } });
    await exchangesMessages({
      servers: server.url,
      natsOptions: { authenticator: nkeyAuthenticator(user.getSeed()) },
    });
    await refused({ natsOptions: { authenticator: nkeyAuthenticator(createUser().getSeed()) } });
  });

  it('TLS', async () => {
    const certificates = await createTestCertificates();
    server = await startNatsServer({
      tls: { certFile: certificates.certFile, keyFile: certificates.keyFile },
    });
    await exchangesMessages({
      servers: server.url,
      natsOptions: { tls: { caFile: certificates.caFile } },
    });
    await refused({}); // without the CA the certificate is not trusted
  });
});
