// The README's claim that @sigx/core runs in browsers, tested in a real one: the page in
// fixtures/browser-page.ts is bundled from the packages' build (what users install) for the
// browser platform, served over loopback and run in headless Chromium (the system's, found by
// scripts/provision.mjs; nothing is downloaded), and what it records is checked here.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findProgram, REQUIREMENTS } from '../../scripts/provision.mjs';
import type { BrowserResults } from './fixtures/browser-page.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const entry = fileURLToPath(new URL('fixtures/browser-page.ts', import.meta.url));
const builds = ['matcher', 'core'].map((name) => join(repo, 'packages', name, 'dist', 'index.js'));
// Without the background-networking flags Chromium keeps calling Google's services, which
// floods a closed network; playwright adds a fresh temporary profile (--user-data-dir) itself.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const html =
  '<!doctype html><html><head><meta charset="utf-8"><title>sigx</title>' +
  '<script type="module" src="/page.js"></script></head><body></body></html>';
const hex32 = /^[0-9a-f]{32}$/;

/** Why there is no Chromium, and the ways to get one (the words of scripts/provision.mjs). */
function chromiumMissing(): string {
  const requirement = REQUIREMENTS.find((r) => r.program === 'chromium')!;
  const override = process.env[requirement.env];
  const looked = override
    ? `${requirement.env}=${override} is not an executable`
    : `looked for ${requirement.candidates.join(', ')} on PATH`;
  return (
    `chromium was not found (${looked}): it is needed by ${requirement.neededBy}. ` +
    `\`pnpm test\` installs it (scripts/provision.mjs, with apt-get); otherwise install it ` +
    `(${requirement.hint}), or set ${requirement.env} to its path.`
  );
}

/** The page as a browser ES module, and the files it was made of (relative to the repo). */
async function bundlePage(): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: repo,
    bundle: true,
    format: 'esm',
    // `browser`: a Node built-in anywhere in the graph fails the build instead of being left
    // as an import. No `@sigx/source` condition, and no tsconfig (whose customConditions name
    // it), so @sigx/* resolve through their `default` export: dist/.
    platform: 'browser',
    tsconfigRaw: {},
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    code: result.outputFiles[0]!.text,
    inputs: Object.keys(result.metafile.inputs).map((input) => input.split(sep).join('/')),
  };
}

/** Serves the page and its bundle on a free loopback port; anything else is a 404. */
async function serve(code: string, requested: string[]): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    requested.push(request.url ?? '');
    const body = request.url === '/' ? html : request.url === '/page.js' ? code : undefined;
    if (body === undefined) {
      response.writeHead(request.url === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    response
      .writeHead(200, {
        'content-type': request.url === '/' ? 'text/html' : 'text/javascript',
        // Scripts from this origin only, and no eval: what a strict site allows a library.
        'content-security-policy': "default-src 'none'; script-src 'self'",
      })
      .end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** What the test reads back: the bundle's inputs, the page's results and what went wrong. */
interface Run {
  /** The files the bundle was made of, relative to the repository. */
  readonly inputs: string[];
  /** The paths the page requested from the server. */
  readonly requested: string[];
  /** Console errors and uncaught page errors: any of them fails the test. */
  readonly problems: string[];
  readonly results: BrowserResults;
}

describe('@sigx/core in a real browser (headless Chromium)', { timeout: 60_000 }, () => {
  let browser: Browser | undefined;
  let server: Server | undefined;

  async function openPage(): Promise<Run> {
    const missing = builds.filter((file) => !existsSync(file));
    if (missing.length > 0) {
      throw new Error(
        `the browser test bundles the packages' build, and ${missing.map((file) => relative(repo, file)).join(', ')} is missing: run \`pnpm build\` first`,
      );
    }
    const executablePath = findProgram('chromium');
    if (executablePath === null) throw new Error(chromiumMissing());
    const { code, inputs } = await bundlePage();
    const requested: string[] = [];
    const problems: string[] = [];
    let url: string;
    ({ server, url } = await serve(code, requested));
    browser = await chromium.launch({ executablePath, args: chromiumArgs, timeout: 30_000 });
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
    await page.goto(url);
    const results = await page
      .evaluate(() => window.sigxRun())
      .catch((error: unknown) => {
        throw new Error(`the page failed (${problems.join('; ') || 'no console error'})`, {
          cause: error,
        });
      });
    return { inputs, requested, problems, results };
  }

  // Opened once, by the first test; every test awaits it, so a failure to bundle, launch or
  // run fails each test (a failing beforeAll would only mark them skipped).
  let opened: Promise<Run> | undefined;
  const open = (): Promise<Run> => (opened ??= openPage());

  afterAll(async () => {
    // Both, even if the other fails; closing the browser ends its processes and profile.
    await Promise.allSettled([
      browser?.close(),
      new Promise((resolve) => {
        server?.closeAllConnections();
        if (server === undefined) resolve(undefined);
        else server.close(resolve);
      }),
    ]);
  }, 30_000);

  it('bundles for the browser from dist/, with no Node built-in and no source file', async () => {
    const run = await open();
    const packageFiles = run.inputs.filter((input) => input.startsWith('packages/'));
    expect(packageFiles).toEqual(
      expect.arrayContaining(['packages/core/dist/index.js', 'packages/matcher/dist/index.js']),
    );
    expect(packageFiles.filter((input) => !/^packages\/[^/]+\/dist\//.test(input))).toEqual([]);
    expect(run.inputs).toContain('examples/test/fixtures/browser-page.ts');
  });

  it('runs in Chromium, not in Node, with no console or page error', async () => {
    const run = await open();
    expect(run.results.environment.userAgent).toMatch(/HeadlessChrome\/\d+/);
    expect(run.results.environment.hasProcess).toBe(false);
    expect(run.problems).toEqual([]);
    expect(run.requested.filter((path) => path !== '/favicon.ico')).toEqual(['/', '/page.js']);
  });

  it('delivers to regex and mqtt() subscriptions in order, awaiting the async handler', async () => {
    const { results } = await open();
    expect(results.log).toEqual([
      'regex parent/child',
      'slow starts parent/child',
      'slow parent/child',
      'last parent/child',
      'regex parent/chipmunk',
      'last parent/chipmunk',
      'mqtt sensors/a/temp',
    ]);
    expect(results.handlerArguments).toEqual({
      idsMatch: true,
      // Every handler call, the one after `unsubscribe` included, got the publisher passed.
      publishers: [true, true, true, true, true, true, true],
    });
  });

  it('resolves publish with its PublishResult', async () => {
    const { results } = await open();
    expect(results.publishes).toEqual([
      { topic: 'parent/child', result: { matched: 3, delivered: 3, failed: 0 } },
      { topic: 'parent/chipmunk', result: { matched: 2, delivered: 2, failed: 0 } },
      { topic: 'sensors/a/temp', result: { matched: 1, delivered: 1, failed: 0 } },
      { topic: 'sensors/a/b/temp', result: { matched: 0, delivered: 0, failed: 0 } },
      { topic: 'other', result: { matched: 0, delivered: 0, failed: 0 } },
    ]);
  });

  it('compiles mqtt() filters that match one level per +', async () => {
    const { results } = await open();
    expect(results.mqtt).toEqual({
      source: '^sensors\\/[^/]*\\/temp$',
      matches: {
        'sensors/a/temp': true,
        'sensors//temp': true,
        'sensors/a/b/temp': false,
        'sensors/a/temps': false,
      },
    });
  });

  it('buffers a stream() until it is read with for await, and break unsubscribes it', async () => {
    const { results } = await open();
    expect(results.stream).toEqual({
      subscriptionId: expect.stringMatching(hex32),
      bufferedBeforeReading: 4,
      seen: [
        { topic: 'ticks/1', value: 1 },
        { topic: 'ticks/2', value: 2 },
        { topic: 'ticks/stop', value: 'stop' },
      ],
      // The four subscriptions made first are left; the stream's is gone.
      sizeAfterBreak: 4,
    });
  });

  it('resolves next() with the next matching message, then unsubscribes it', async () => {
    const { results } = await open();
    expect(results.next).toEqual({ topic: 'alerts/fire', value: 'hot', sizes: [4, 5, 4] });
  });

  it('unsubscribes once: true, then false, and the subscription receives nothing more', async () => {
    const { results } = await open();
    expect(results.unsubscribe).toEqual({
      first: true,
      second: false,
      logAfter: ['last parent/chipmunk'],
    });
  });

  it('throws and rejects with the named errors, and reports a handler timeout', async () => {
    const { results } = await open();
    expect(results.errors).toEqual({
      invalidPattern: {
        name: 'PatternSyntaxError',
        code: 'ERR_SIGX_PATTERN_SYNTAX',
        message: 'Invalid topic pattern "parent/(": Unterminated group',
        isSyntaxError: true,
      },
      invalidFilter: {
        name: 'FilterSyntaxError',
        code: 'ERR_SIGX_FILTER_SYNTAX',
        message:
          'Invalid MQTT topic filter "sensors/#/temp" at index 8: `#` must be the last level',
        isSyntaxError: true,
      },
      // U+0000 breaks every topic rule this package has had as its default.
      invalidTopic: { name: 'InvalidTopicError', topic: 'bad\0topic' },
      reported: ['handler: HandlerTimeoutError', 'handler: LateSettlementError'],
      timeoutResult: { matched: 1, delivered: 1, failed: 1 },
    });
  });

  it('publishes with a traceparent and counts, without diagnostics_channel', async () => {
    const { results } = await open();
    expect(results.observed).toEqual({
      result: { matched: 2, delivered: 2, failed: 1 },
      stats: { publishes: 1, matched: 2, delivered: 2, failed: 1 },
      channels: { publish: 'sigx:publish', handler: 'sigx:handler' },
    });
  });

  it('makes 32-hex ids, message ids strictly increasing', async () => {
    const { results } = await open();
    const { messageIds, subscriptionIds } = results.ids;
    for (const id of [...messageIds, ...subscriptionIds]) expect(id).toMatch(hex32);
    expect(new Set(subscriptionIds).size).toBe(subscriptionIds.length);
    // One id per message, however many handlers it reached; handlers saw the messages in the
    // order they were made, so their ids are strictly increasing in that order.
    const distinct = [...new Set(messageIds)];
    expect(messageIds).toHaveLength(11);
    expect(distinct).toHaveLength(8);
    expect(distinct).toEqual([...distinct].sort());
  });
});
