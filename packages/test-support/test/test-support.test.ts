// The shared test helpers themselves: waiting gives up with a message that names what it
// waited for, rejectionOf fails on a resolution, a fixture that hangs or exits fails the test
// instead of hanging it, and the vitest hooks start, hand out and stop what they own.
import { SignalExchange } from '@sigx/core';
import { describe, expect, it, vi } from 'vitest';
import {
  rejectionOf,
  startFixture,
  useBridges,
  useServer,
  waitFor,
  type FixtureProcess,
} from '../src/index.js';

const echo = (): FixtureProcess =>
  startFixture(new URL('fixtures/echo-lines.ts', import.meta.url), []);

describe('waitFor', () => {
  it('resolves once the condition holds, sync or async', async () => {
    let checks = 0;
    await waitFor(() => ++checks >= 3, 'three checks');
    expect(checks).toBe(3);
    await waitFor(async () => ++checks >= 5, 'five checks');
    expect(checks).toBe(5);
  });

  it('times out naming what it waited for, described at that moment', async () => {
    await expect(waitFor(() => false, 'the moon', 30)).rejects.toThrow(
      'timed out after 30 ms waiting for the moon',
    );
    let state = 'early';
    setTimeout(() => (state = 'late'), 5);
    await expect(
      waitFor(
        () => false,
        () => `a change (state ${state})`,
        40,
      ),
    ).rejects.toThrow('timed out after 40 ms waiting for a change (state late)');
  });
});

describe('rejectionOf', () => {
  it('gives the rejection reason', async () => {
    const reason = new TypeError('bad');
    expect(await rejectionOf(Promise.reject(reason))).toBe(reason);
  });

  it('fails when the promise resolves', async () => {
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow(
      'expected a rejection, but the promise resolved',
    );
  });
});

describe('startFixture', () => {
  it('reads the lines it prints and writes lines to it', async () => {
    const fixture = echo();
    expect(await fixture.nextLine()).toBe('ready');
    fixture.send('hello');
    expect(await fixture.nextLine()).toBe('HELLO');
    fixture.send('exit');
    await fixture.exited;
    expect(fixture.child.exitCode).toBe(0);
  });

  it('kills a fixture that prints nothing in time, and says so', async () => {
    const fixture = echo();
    expect(await fixture.nextLine()).toBe('ready');
    fixture.send('hang');
    await expect(fixture.nextLine(300)).rejects.toThrow(
      'echo-lines.ts printed nothing for 300 ms: it was killed',
    );
    await fixture.exited;
    expect(fixture.child.signalCode).toBe('SIGKILL');
  });

  it('fails when the fixture exits before a line', async () => {
    const fixture = echo();
    expect(await fixture.nextLine()).toBe('ready');
    fixture.send('exit');
    await expect(fixture.nextLine()).rejects.toThrow('echo-lines.ts exited (0) before a line');
  });

  it('kill() does nothing once it has exited', async () => {
    const fixture = echo();
    fixture.send('exit');
    await fixture.exited;
    const signal = vi.spyOn(fixture.child, 'kill');
    fixture.kill();
    expect(signal).not.toHaveBeenCalled();
  });
});

let stops = 0;

describe('useServer', () => {
  const server = useServer(async () => ({ id: 7, stop: async () => void stops++ }), 'fake-server');
  // Called while the file is collected, before any beforeAll has run.
  let early: unknown;
  try {
    server();
  } catch (error) {
    early = error;
  }

  it('hands out the server it started before the tests', () => {
    expect(server().id).toBe(7);
    expect(stops).toBe(0);
  });

  it('fails naming the program when asked before the server started', () => {
    expect(early).toBeInstanceOf(Error);
    expect((early as Error).message).toBe('fake-server did not start (see beforeAll)');
  });
});

describe('after useServer', () => {
  it('stopped the server after the tests of its suite', () => {
    expect(stops).toBe(1);
  });
});

describe('useBridges', () => {
  const closed: string[] = [];
  const bridged = useBridges(
    async (
      exchange: SignalExchange,
      options: { nodeId?: string; onError?: (error: Error) => void; extra?: number },
    ) => ({ exchange, options, close: async () => void closed.push(options.nodeId!) }),
  );

  it('bridges a new exchange with the node id, an onError that throws, and the options', async () => {
    const { exchange, bridge } = await bridged('a', { extra: 1 });
    expect(exchange).toBeInstanceOf(SignalExchange);
    expect(bridge.exchange).toBe(exchange);
    expect(bridge.options).toMatchObject({ nodeId: 'a', extra: 1 });
    expect(() => bridge.options.onError!(new Error('reported'))).toThrow('reported');
    const quiet = await bridged('b', { onError: () => {} });
    expect(() => quiet.bridge.options.onError!(new Error('x'))).not.toThrow();
  });

  it('closed the previous test’s bridges after it', () => {
    expect(closed.sort()).toEqual(['a', 'b']);
  });
});
