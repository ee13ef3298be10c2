/**
 * A queue group across a NATS cluster: two worker processes on different servers, both in
 * the group `workers`, and a main process on a third server that publishes jobs. NATS hands
 * each job to one worker of the whole cluster (not one per process), which answers with a
 * receipt. Run it with `pnpm --filter @sigx/examples example:nats-cluster`: it starts a
 * throwaway three-server cluster on loopback (it needs `nats-server`).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Message, SignalExchange } from '@sigx/core';
import { connectNats, RemotePublisher } from '@sigx/nats';
import { startNatsCluster } from '@sigx/nats/testing';

const JOBS = 8;

if (process.argv[2] === 'worker') {
  // A worker: one member of the group `workers`, connected to the server it is given (the
  // client learns the cluster's other servers from it, and would reconnect to them).
  const [name, server] = process.argv.slice(3) as [string, string];
  const exchange = new SignalExchange();
  const bridge = await connectNats(exchange, { servers: server, nodeId: name });
  exchange.subscribe({
    topicPattern: 'jobs/.*',
    group: 'workers', // NATS queue group: one member in the whole cluster takes each job
    handler: async (_id, _publisher, message) => {
      console.log(`${name}: took ${message.topic} (${String(message.value)})`);
      await exchange.publish({
        message: new Message({
          publisherName: name,
          topic: message.topic.replace('jobs/', 'receipts/'),
          value: { job: message.messageId, at: new Date() },
        }),
      });
    },
  });
  await bridge.flush(); // this worker's server has the queue subscription
  // Say hello through the cluster until main has heard it. A server passes a client's
  // subscriptions and then its messages on to the other servers in order, so once main's
  // server hands main this hello, it also knows this worker is in the group.
  const hello = () =>
    exchange.publish({ message: new Message({ topic: `hello/${name}`, value: server }) });
  const helloTimer = setInterval(() => void hello(), 100);
  process.once('message', () => clearInterval(helloTimer)); // main heard it
  process.once('disconnect', () => {
    clearInterval(helloTimer);
    void bridge.close();
  });
} else {
  const cluster = await startNatsCluster({ size: 3 });
  const [serverA, serverB, serverC] = cluster.urls as [string, string, string];
  const exchange = new SignalExchange();
  const bridge = await connectNats(exchange, { servers: serverA, nodeId: 'main' });
  const workers = new Map<string, ReturnType<typeof fork>>();
  const nodeOf = (publisher: unknown): string =>
    publisher instanceof RemotePublisher ? publisher.nodeId : 'main';

  // Each worker says hello once it is in the group.
  let bothReady!: () => void;
  const ready = new Promise<void>((resolve) => (bothReady = resolve));
  const heard = new Set<string>();
  exchange.subscribe({
    topicPattern: 'hello/.*',
    handler: (_id, publisher, message) => {
      const name = nodeOf(publisher);
      if (heard.has(name)) return;
      heard.add(name);
      workers.get(name)!.send('heard');
      console.log(
        `main: ${name} is ready, on server ${cluster.urls.indexOf(message.value as string) + 1}`,
      );
      if (heard.size === workers.size) bothReady();
    },
  });
  // Each receipt names the worker that took the job.
  const receipts: string[] = [];
  let allReceipts!: () => void;
  const done = new Promise<void>((resolve) => (allReceipts = resolve));
  exchange.subscribe({
    topicPattern: 'receipts/.*',
    handler: (_id, publisher, message) => {
      const job = message.topic.replace('receipts/', 'jobs/');
      const { at } = message.value as { at: Date };
      console.log(
        `main: receipt for ${job} from ${nodeOf(publisher)}, at is a Date: ${at instanceof Date}`,
      );
      receipts.push(nodeOf(publisher));
      if (receipts.length === JOBS) allReceipts();
    },
  });
  await bridge.flush(); // server A has main's subscriptions

  // Two worker processes (this file again; fork keeps the tsx loader), on servers B and C.
  for (const [name, server] of [
    ['worker-1', serverB],
    ['worker-2', serverC],
  ] as const) {
    workers.set(name, fork(fileURLToPath(import.meta.url), ['worker', name, server]));
  }
  await ready;

  // The jobs, published on server A: NATS picks one worker for each, on B or C.
  for (let n = 1; n <= JOBS; n += 1) {
    await exchange.publish({
      message: new Message({ publisherName: 'main', topic: `jobs/${n}`, value: `photo-${n}.jpg` }),
    });
  }
  await done;
  const tally = [...workers.keys()].map((w) => `${w} ${receipts.filter((r) => r === w).length}`);
  console.log(`main: ${JOBS} jobs, ${receipts.length} receipts (${tally.join(', ')})`);

  for (const worker of workers.values()) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.disconnect(); // the worker closes its bridge and exits
    await exited;
  }
  await bridge.close();
  await cluster.stop();
  console.log('main: done');
}
