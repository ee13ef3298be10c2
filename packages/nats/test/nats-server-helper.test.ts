// @sigx/nats/testing: startNatsServer runs a real nats-server on a free loopback port (with
// JetStream, authentication, TLS when asked), can stop and start it again as it was;
// startNatsCluster runs a full mesh that survives a server going away and rejoins it; both
// fail clearly when nats-server is missing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createUser } from '@nats-io/nkeys';
import {
  connect,
  nkeyAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createTestCertificates,
  NatsServerNotFoundError,
  startNatsCluster,
  startNatsServer,
  type NatsCluster,
  type NatsServer,
} from '../src/testing.js';
import { rejectionOf } from './support/bridges.js';

// What each test started, stopped (and closed) after it whatever happened.
const servers: (NatsServer | NatsCluster)[] = [];
const connections: NatsConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((nc) => nc.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop('SIGKILL')));
});

async function started<T extends NatsServer | NatsCluster>(server: Promise<T>): Promise<T> {
  const s = await server;
  servers.push(s);
  return s;
}

/** A client that does not reconnect (a test sees a refused connection at once). */
async function client(options: NodeConnectionOptions): Promise<NatsConnection> {
  const nc = await connect({ reconnect: false, ...options });
  connections.push(nc);
  return nc;
}

/** A monitoring endpoint's JSON document. */
async function monitor(server: NatsServer, path: string): Promise<unknown> {
  const response = await fetch(`${server.monitorUrl!}${path}`);
  expect(response.ok).toBe(true);
  return response.json();
}

/** How many messages `server`'s own replica of `stream` holds (its `/jsz`). */
async function storedOn(server: NatsServer, stream: string): Promise<number | undefined> {
  const jsz = (await monitor(server, '/jsz?accounts=true&streams=true')) as {
    account_details?: { stream_detail?: { name: string; state: { messages: number } }[] }[];
  };
  return (jsz.account_details ?? [])
    .flatMap((account) => account.stream_detail ?? [])
    .find((detail) => detail.name === stream)?.state.messages;
}

/**
 * Publishes on `from` until a subscriber on `to` gets the message (interest reaches the other
 * servers of a cluster a moment after the subscription), at most 10 s.
 */
async function deliveredAcross(from: NatsConnection, to: NatsConnection): Promise<string> {
  const subject = `probe.${Math.random().toString(36).slice(2)}`;
  const sub = to.subscribe(subject, { max: 1 });
  await to.flush();
  const received = (async () => {
    for await (const msg of sub) return msg.string();
    throw new Error('subscription closed');
  })();
  const deadline = Date.now() + 10_000;
  let got: string | undefined;
  let failure: unknown;
  void received.then(
    (text) => (got = text),
    (error: unknown) => (failure = error ?? 'failed'),
  );
  while (got === undefined) {
    if (failure !== undefined) throw failure;
    if (Date.now() > deadline) throw new Error(`nothing arrived on ${subject}`);
    from.publish(subject, 'hello');
    await from.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return got;
}

describe('startNatsServer', () => {
  it('starts a server, stops it, starts it again on the same port', async () => {
    const server = await started(startNatsServer());
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(server.running).toBe(true);
    expect(server.clusterPort).toBeUndefined();
    expect(server.storeDir).toBeUndefined();
    expect(server.monitorUrl).toBeUndefined();
    expect(readFileSync(server.configFile, 'utf8')).toContain(`listen: "127.0.0.1:${server.port}"`);
    const nc = await client({ servers: server.url });
    expect(nc.info?.port).toBe(server.port);
    await nc.close();

    await server.stop();
    expect(server.running).toBe(false);
    expect(existsSync(dirname(server.configFile))).toBe(false); // nothing left behind
    await server.stop(); // stopping a stopped server does nothing
    await expect(client({ servers: server.url })).rejects.toThrow();

    await server.start();
    expect(server.running).toBe(true);
    const again = await client({ servers: server.url });
    const sub = again.subscribe('greeting', { max: 1 });
    again.publish('greeting', 'hi');
    for await (const msg of sub) expect(msg.string()).toBe('hi');

    await server.stop('SIGKILL');
    expect(server.running).toBe(false);
    await expect(client({ servers: server.url })).rejects.toThrow();
  });

  it('keeps the JetStream store across a restart, even after a crash', async () => {
    const server = await started(startNatsServer({ jetstream: true }));
    expect(server.storeDir).toEqual(expect.any(String));
    const nc = await client({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
    await jetstream(nc).publish('orders.1', 'first');
    await jetstream(nc).publish('orders.2', 'second');
    await nc.close();

    await server.stop();
    expect(existsSync(join(server.storeDir!, 'jetstream'))).toBe(true);
    await server.start();
    const after = await client({ servers: server.url });
    const jsmAfter = await jetstreamManager(after);
    expect((await jsmAfter.streams.info('ORDERS')).state.messages).toBe(2);
    expect((await jsmAfter.streams.getMessage('ORDERS', { seq: 2 }))?.string()).toBe('second');
    await after.close();

    await server.stop('SIGKILL');
    await server.start();
    const crashed = await client({ servers: server.url });
    const jsmCrashed = await jetstreamManager(crashed);
    expect((await jsmCrashed.streams.getMessage('ORDERS', { seq: 1 }))?.string()).toBe('first');
  });

  it('puts the JetStream store in the given directory, and leaves it there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigx-nats-store-'));
    try {
      const server = await started(startNatsServer({ jetstream: { storeDir: dir } }));
      expect(server.storeDir).toBe(dir);
      const nc = await client({ servers: server.url });
      await (await jetstreamManager(nc)).streams.add({ name: 'KEPT', subjects: ['kept'] });
      await server.stop();
      expect(existsSync(join(dir, 'jetstream'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires the user and password when given them', async () => {
    const password = 'p@ss "w0rd" \\ $HOME #';
    const server = await started(startNatsServer({ auth: { user: 'alice', password } }));
    await expect(client({ servers: server.url })).rejects.toThrow(/authorization/i);
    await expect(client({ servers: server.url, user: 'alice', pass: 'nope' })).rejects.toThrow(
      /authorization/i,
    );
    const nc = await client({ servers: server.url, user: 'alice', pass: password });
    await nc.flush();
  });

  it('requires the token when given one', async () => {
    const server = await started(startNatsServer({ auth: { token: 's3cret' } }));
    await expect(client({ servers: server.url })).rejects.toThrow(/authorization/i);
    await expect(client({ servers: server.url, token: 'wrong' })).rejects.toThrow(/authorization/i);
    await (await client({ servers: server.url, token: 's3cret' })).flush();
  });

  it('requires a signature with the NKey when given one', async () => {
    const user = createUser();
    const server = await started(startNatsServer({ auth: { nkey: user.getPublicKey() } }));
    await expect(client({ servers: server.url })).rejects.toThrow(/authorization/i);
    const stranger = createUser();
    await expect(
      client({ servers: server.url, authenticator: nkeyAuthenticator(stranger.getSeed()) }),
    ).rejects.toThrow(/authorization/i);
    const nc = await client({
      servers: server.url,
      authenticator: nkeyAuthenticator(user.getSeed()),
    });
    await nc.flush();
  });

  it('serves TLS with test certificates, refusing a client that does not trust the CA', async () => {
    const certs = await createTestCertificates();
    const server = await started(
      startNatsServer({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } }),
    );
    await expect(client({ servers: server.url })).rejects.toThrow();
    const nc = await client({ servers: server.url, tls: { caFile: certs.caFile } });
    expect(nc.info?.tls_required).toBe(true);
    await nc.flush();
  });

  it('with TLS verify, requires a client certificate signed by the CA', async () => {
    const certs = await createTestCertificates();
    const server = await started(startNatsServer({ tls: { ...certs, verify: true } }));
    await expect(client({ servers: server.url, tls: { caFile: certs.caFile } })).rejects.toThrow();
    const nc = await client({
      servers: server.url,
      tls: { caFile: certs.caFile, certFile: certs.certFile, keyFile: certs.keyFile },
    });
    await nc.flush();
  });

  it('sets the maximum payload, the server name, monitoring and extra configuration', async () => {
    const server = await started(
      startNatsServer({
        maxPayload: 4096,
        serverName: 'helper-test',
        monitor: true,
        extraConfig: 'max_connections: 7',
      }),
    );
    expect(server.monitorUrl).toBe(`http://127.0.0.1:${server.monitorPort}`);
    const nc = await client({ servers: server.url });
    expect(nc.info?.max_payload).toBe(4096);
    const varz = (await (await fetch(`${server.monitorUrl}/varz`)).json()) as Record<
      string,
      unknown
    >;
    expect(varz).toMatchObject({
      server_name: 'helper-test',
      max_payload: 4096,
      max_connections: 7,
      port: server.port,
    });
    const connz = (await (await fetch(`${server.monitorUrl}/connz`)).json()) as {
      num_connections: number;
    };
    expect(connz.num_connections).toBe(1);
  });

  it('fails with NatsServerNotFoundError, which says how to install it, when nats-server is missing', async () => {
    const error = await rejectionOf(startNatsServer({ command: '/nonexistent/nats-server' }));
    expect(error).toBeInstanceOf(NatsServerNotFoundError);
    expect(error).toMatchObject({
      name: 'NatsServerNotFoundError',
      code: 'ERR_SIGX_NATS_SERVER_NOT_FOUND',
      command: '/nonexistent/nats-server',
    });
    const { message } = error as Error;
    expect(message).toContain('apt-get update && apt-get install -y nats-server');
    expect(message).toContain('brew install nats-server');
    expect(message).toContain('SIGX_NATS_SERVER');
  });

  it('reports a server that exits before it is ready, with its output', async () => {
    const taken = await started(startNatsServer());
    await expect(startNatsServer({ port: taken.port })).rejects.toThrow(
      /exited \(1\) before it was ready:[\s\S]*address already in use/,
    );
    await expect(startNatsServer({ extraConfig: 'no_such_block {' })).rejects.toThrow(
      /exited \(1\) before it was ready:[\s\S]*[Pp]arse error/,
    );
  });

  it('removes the temporary directories that a killed process left behind', async () => {
    // A process id above Linux's largest (2^22) belongs to no process.
    const stale = join(tmpdir(), `sigx-nats-${2 ** 22 + 1}-AbC123`);
    mkdirSync(join(stale, 'store'), { recursive: true });
    const mine = join(tmpdir(), `sigx-nats-${process.pid}-AbC123`);
    mkdirSync(mine, { recursive: true });
    try {
      vi.resetModules(); // the sweep runs once per process (per module instance)
      const fresh = await import('../src/testing.js');
      await started(fresh.startNatsServer());
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(mine)).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(mine, { recursive: true, force: true });
    }
  });
});

describe('startNatsCluster', () => {
  it('routes messages between its servers, without one of them, and rejoins it', async () => {
    const cluster = await started(startNatsCluster());
    expect(cluster.servers).toHaveLength(3);
    expect(cluster.urls).toEqual(cluster.servers.map((s) => s.url));
    const [a, b, c] = cluster.servers as [NatsServer, NatsServer, NatsServer];
    expect(new Set(cluster.servers.map((s) => s.clusterPort)).size).toBe(3);

    const onA = await client({ servers: a.url });
    const onC = await client({ servers: c.url });
    expect(onA.info?.port).toBe(a.port);
    expect(onC.info?.port).toBe(c.port);
    expect(await deliveredAcross(onA, onC)).toBe('hello');

    await b.stop();
    expect(await deliveredAcross(onA, onC)).toBe('hello');

    await b.start(); // resolves once the routes are up again
    const routez = (await (await fetch(`${b.monitorUrl}/routez`)).json()) as {
      num_routes: number;
    };
    expect(routez.num_routes).toBe(2);
    const onB = await client({ servers: b.url });
    expect(await deliveredAcross(onA, onB)).toBe('hello');
    expect(await deliveredAcross(onB, onC)).toBe('hello');
  });

  it('runs clustered JetStream, whose servers rejoin with their store', async () => {
    const cluster = await started(startNatsCluster({ jetstream: true, name: 'js' }));
    expect(cluster.servers.every((s) => s.storeDir !== undefined)).toBe(true);
    const names = await Promise.all(
      cluster.servers.map(async (s) => (await monitor(s, '/varz')) as { server_name: string }),
    );
    expect(names.map((n) => n.server_name)).toEqual(['js-1', 'js-2', 'js-3']);
    expect(await monitor(cluster.servers[0]!, '/varz')).toMatchObject({ cluster: { name: 'js' } });

    const onA = await client({ servers: cluster.urls[0]! });
    const info = await (
      await jetstreamManager(onA)
    ).streams.add({ name: 'EVENTS', subjects: ['events.>'], num_replicas: 3 });
    expect(info.config.num_replicas).toBe(3);
    await jetstream(onA).publish('events.1', 'one');
    await expect.poll(() => storedOn(cluster.servers[2]!, 'EVENTS'), { timeout: 10_000 }).toBe(1);

    // A follower (neither the meta leader nor the stream's leader) goes away: the other two
    // still make a quorum.
    const { meta_cluster } = (await monitor(cluster.servers[0]!, '/jsz')) as {
      meta_cluster: { leader: string };
    };
    const leaders = [meta_cluster.leader, info.cluster?.leader];
    const i = names.findIndex((n) => !leaders.includes(n.server_name));
    const follower = cluster.servers[i]!;
    const other = await client({ servers: cluster.urls[(i + 1) % 3]! });
    await follower.stop();
    await jetstream(other).publish('events.2', 'two');

    await follower.start(); // resolves once it is back in the cluster
    // Its replica then catches up with the message it missed, from its own store on.
    await expect.poll(() => storedOn(follower, 'EVENTS'), { timeout: 10_000 }).toBe(2);
    const again = await client({ servers: follower.url });
    expect(
      (await (await jetstreamManager(again)).streams.getMessage('EVENTS', { seq: 2 }))?.string(),
    ).toBe('two');
  });

  it('fails with NatsServerNotFoundError when nats-server is missing', async () => {
    await expect(startNatsCluster({ command: '/nonexistent/nats-server' })).rejects.toThrow(
      NatsServerNotFoundError,
    );
  });
});
