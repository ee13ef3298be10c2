// The scope check of `pnpm release` (scripts/registry-scope.mjs): it refuses to publish under a
// name or scope the registry says belongs to someone else, or when the registry cannot be
// reached, and a dry run only warns. The branches run against stubbed registry answers; the
// npm adapter and release.mjs run against a fake registry on localhost, never the network.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPublishScope,
  npmRegistry,
  RegistryAnswerError,
  RegistryUnreachableError,
  type Published,
  type Registry,
} from '../../scripts/registry-scope.mjs';

const OURS = ['@sigx/matcher', '@sigx/core', '@sigx/redis'];
const REGISTRY = 'https://registry.example/';

/** What a stubbed registry knows: who is logged in, and each published name's maintainers. */
interface World {
  user: string | null;
  packages: Record<string, string[]>;
  /** What the scope listing answers; by default, the published names of that scope. */
  listed?: string[] | null;
  /** Calls that fail with that error: viewing a name, listing a scope, or `whoami`. */
  failing?: Record<string, Error>;
}

function stub(world: World): Registry {
  const fail = (name: string): void => {
    const error = world.failing?.[name];
    if (error !== undefined) throw error;
  };
  return {
    url: REGISTRY,
    whoami: async () => {
      fail('whoami');
      return world.user;
    },
    view: async (name) => {
      fail(name);
      const maintainers = world.packages[name];
      return maintainers === undefined ? null : { name, maintainers };
    },
    scopePackages: async (scope) => {
      fail(scope);
      if (world.listed !== undefined) return world.listed;
      return Object.keys(world.packages).filter((name) => name.startsWith(`${scope}/`));
    },
  };
}

async function check(world: World, dryRun: boolean) {
  return checkPublishScope({ names: OURS, registry: stub(world), dryRun });
}

describe('checkPublishScope, with stubbed registry answers', () => {
  it('goes on when the names are ours', async () => {
    const world = {
      user: 'sigx-bot',
      packages: Object.fromEntries(OURS.map((n) => [n, ['sigx-bot']])),
    };
    for (const dryRun of [false, true]) {
      expect(await check(world, dryRun)).toEqual({ refuse: false, lines: [] });
    }
  });

  it('goes on for new names in a scope where we maintain a package', async () => {
    const world = { user: 'sigx-bot', packages: { '@sigx/old': ['someone', 'sigx-bot'] } };
    expect(await check(world, false)).toEqual({ refuse: false, lines: [] });
  });

  it('refuses a name published by someone else, naming it and its maintainers', async () => {
    const world = { user: 'sigx-bot', packages: { '@sigx/core': ['mallory', 'trent'] } };
    const real = await check(world, false);
    expect(real.refuse).toBe(true);
    expect(real.lines[0]).toBe(
      `release: refusing to publish: @sigx/core is already published on ${REGISTRY} by mallory, ` +
        'trent; you are sigx-bot.',
    );
    expect(real.lines.slice(1)).toEqual([
      expect.stringMatching(/^release: publish only once .* rename the packages to a scope/),
    ]);

    const dry = await check(world, true);
    expect(dry.refuse).toBe(false);
    expect(dry.lines[0]).toBe(
      `release: warning: @sigx/core is already published on ${REGISTRY} by mallory, trent; you ` +
        'are sigx-bot. Dry run: going on; a real release would stop here.',
    );
    expect(dry.lines.at(-1)).toBe(real.lines.at(-1));
  });

  it('refuses unpublished names in a scope that holds only others’ packages', async () => {
    const world = { user: null, packages: { '@sigx/reactivity': ['andreas'] } };
    const finding =
      `the @sigx scope on ${REGISTRY} belongs to someone else: it holds @sigx/reactivity ` +
      '(owners: andreas); you are not logged in (`npm whoami` fails), so @sigx/matcher, ' +
      '@sigx/core, @sigx/redis cannot be published under it';
    const real = await check(world, false);
    expect(real).toEqual({
      refuse: true,
      lines: [
        `release: refusing to publish: ${finding}.`,
        expect.stringMatching(/^release: publish only once/),
      ],
    });
    const dry = await check(world, true);
    expect(dry.refuse).toBe(false);
    expect(dry.lines[0]).toBe(
      `release: warning: ${finding}. Dry run: going on; a real release would stop here.`,
    );
  });

  it('finds a foreign scope through a known package when the registry lists no scope', async () => {
    // As on the machine this was written on: a mirror without search or access list, that
    // also strips the maintainers; the author and repository are all it tells.
    const registry: Registry = {
      ...stub({ user: null, packages: {}, listed: null }),
      view: async (name): Promise<Published | null> =>
        name === '@sigx/reactivity'
          ? { name, maintainers: [], author: 'A. Author', repository: 'git+https://x.test/r.git' }
          : null,
    };
    for (const dryRun of [false, true]) {
      const result = await checkPublishScope({
        names: OURS,
        registry,
        dryRun,
        knownScopePackages: ['@sigx/reactivity'],
      });
      expect(result.refuse).toBe(!dryRun);
      expect(result.lines[0]).toContain(
        'it holds @sigx/reactivity (owners: maintainers the registry does not list (author: ' +
          'A. Author; repository: git+https://x.test/r.git)); you are not logged in',
      );
    }
  });

  it('goes on for unpublished names in a free scope, saying so', async () => {
    for (const dryRun of [false, true]) {
      expect(await check({ user: 'sigx-bot', packages: { other: ['x'] } }, dryRun)).toEqual({
        refuse: false,
        lines: [
          'release: @sigx/matcher, @sigx/core, @sigx/redis and the @sigx scope have no packages ' +
            `on ${REGISTRY} yet.`,
        ],
      });
    }
  });

  it('goes on, saying the scope was not checked, when the registry does not list it', async () => {
    const result = await check({ user: null, packages: {}, listed: null }, false);
    expect(result.refuse).toBe(false);
    expect(result.lines).toEqual([
      `release: the registry ${REGISTRY} does not list the packages of @sigx (no search, no access ` +
        'list), so the owner of the scope was not checked; npm refuses the publish if it is not ' +
        'yours.',
    ]);
  });

  it('refuses when the registry cannot be reached; a dry run warns', async () => {
    const down = new RegistryUnreachableError('getaddrinfo ENOTFOUND registry.example');
    const world = { user: null, packages: {}, failing: { '@sigx/core': down } };
    const finding =
      `cannot reach the registry ${REGISTRY} (getaddrinfo ENOTFOUND registry.example), so the ` +
      'owners of @sigx/matcher, @sigx/core, @sigx/redis and of their scope were not checked';
    expect(await check(world, false)).toEqual({
      refuse: true,
      lines: [
        `release: refusing to publish: ${finding}.`,
        'release: a release needs the registry, to check and then to publish: run it again ' +
          'when it answers (`npm ping`).',
      ],
    });
    expect(await check(world, true)).toEqual({
      refuse: false,
      lines: [`release: warning: ${finding}. Dry run: going on; a real release would stop here.`],
    });
    // The scope listing or whoami failing alike counts as no registry.
    for (const where of ['@sigx', 'whoami']) {
      const result = await check({ user: null, packages: {}, failing: { [where]: down } }, false);
      expect(result.lines[0]).toBe(`release: refusing to publish: ${finding}.`);
    }
  });

  it('refuses when the registry will not say who owns a name (a 403); a dry run warns', async () => {
    const forbidden = new RegistryAnswerError(
      '403 Forbidden - GET https://registry.example/@sigx%2fcore',
    );
    const world = { user: 'sigx-bot', packages: {}, failing: { '@sigx/core': forbidden } };
    const finding = `the registry ${REGISTRY} did not say who owns @sigx/core (${forbidden.message})`;
    const real = await check(world, false);
    expect(real.refuse).toBe(true);
    expect(real.lines[0]).toBe(`release: refusing to publish: ${finding}.`);
    const dry = await check(world, true);
    expect(dry.refuse).toBe(false);
    expect(dry.lines[0]).toBe(
      `release: warning: ${finding}. Dry run: going on; a real release would stop here.`,
    );
  });

  it('lets a bug in the check through rather than calling it a finding', async () => {
    const world = { user: null, packages: {}, failing: { '@sigx/core': new TypeError('oops') } };
    await expect(check(world, true)).rejects.toThrow(TypeError);
  });
});

/** A registry on localhost that answers like npm's, from `state`; `cache-control` off. */
interface FakeState {
  packuments: Record<string, object>;
  /** `/-/org/<scope>/package`; absent: 404. */
  access?: Record<string, string>;
  /** `/-/v1/search` results; absent: 404 (as the mirror used here answers). */
  search?: string[];
}

function packument(name: string, maintainers: string[], author?: string): object {
  const people = maintainers.map((m) => ({ name: m, email: `${m}@example.com` }));
  return {
    name,
    'dist-tags': { latest: '1.0.0' },
    maintainers: people,
    time: {},
    versions: {
      '1.0.0': {
        name,
        version: '1.0.0',
        maintainers: people,
        ...(author === undefined ? {} : { author: { name: author } }),
        repository: { type: 'git', url: `git+https://example.com/${name}.git` },
      },
    },
  };
}

let server: Server;
let fakeUrl: string;
const state: FakeState = { packuments: {} };
// Each npm command starts a Node process: seconds each on a loaded machine.
const npmTimeout = 45_000;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    response.setHeader('content-type', 'application/json');
    response.setHeader('cache-control', 'no-store');
    const send = (status: number, body: unknown): void => {
      response.statusCode = status;
      response.end(JSON.stringify(body));
    };
    const found = state.packuments[path.slice(1)];
    if (found !== undefined) return send(200, found);
    if (path === '/-/org/sigx/package' && state.access) return send(200, state.access);
    if (path === '/-/v1/search' && state.search) {
      const objects = state.search.map((name) => ({
        package: { name, version: '1.0.0', maintainers: [{ username: 'someone' }] },
      }));
      return send(200, { objects, total: objects.length });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fakeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('npmRegistry, the npm CLI against a fake registry on localhost', () => {
  it(
    'reads maintainers, author and repository, a 404 as unpublished, and the scope',
    async () => {
      state.packuments = { '@sigx/core': packument('@sigx/core', ['alice', 'bob'], 'Alice A.') };
      state.access = { '@sigx/core': 'read-write', '@sigx/access-only': 'read-only' };
      state.search = ['@sigx/search-only', '@sigx/core', 'unscoped-hit'];
      const registry = await npmRegistry({ registry: fakeUrl });
      const [core, matcher, listed, user] = await Promise.all([
        registry.view('@sigx/core'),
        registry.view('@sigx/matcher'),
        registry.scopePackages('@sigx'),
        registry.whoami(),
      ]);
      expect(registry.url).toBe(fakeUrl);
      expect(core).toEqual({
        name: '@sigx/core',
        maintainers: ['alice', 'bob'],
        author: 'Alice A.',
        repository: 'git+https://example.com/@sigx/core.git',
      });
      expect(matcher).toBeNull();
      expect([...(listed ?? [])].sort()).toEqual([
        '@sigx/access-only',
        '@sigx/core',
        '@sigx/search-only',
      ]);
      expect(user).toBeNull(); // no login for this registry
    },
    npmTimeout,
  );

  it(
    'says nothing of a scope when the registry has neither access list nor search',
    async () => {
      state.packuments = {};
      delete state.access;
      delete state.search;
      const registry = await npmRegistry({ registry: fakeUrl });
      expect(await registry.scopePackages('@sigx')).toBeNull();
    },
    npmTimeout,
  );

  it(
    'rejects with RegistryUnreachableError when nothing listens',
    async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const registry = await npmRegistry({
        registry: `http://127.0.0.1:${port}/`,
        timeoutMs: 2000,
      });
      const error = await registry.view('@sigx/core').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegistryUnreachableError);
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
    },
    npmTimeout,
  );
});

describe('pnpm release', () => {
  it(
    'stops before building when the registry says a name is someone else’s',
    async () => {
      state.packuments = { '@sigx/core': packument('@sigx/core', ['mallory']) };
      state.access = {};
      delete state.search;
      const script = fileURLToPath(new URL('../../scripts/release.mjs', import.meta.url));
      const result = await promisify(execFile)(process.execPath, [script, '--registry', fakeUrl], {
        timeout: npmTimeout,
      }).then(
        () => ({ code: 0, stdout: '', stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `release: refusing to publish: @sigx/core is already published on ${fakeUrl} by mallory; ` +
          'you are not logged in (`npm whoami` fails).',
      );
      expect(result.stdout).not.toContain('$ pnpm build');
    },
    npmTimeout,
  );
});
