// The scope check of `pnpm release` (scripts/release.mjs): before anything is built, asks the
// registry who owns each public package's name and its scope, and refuses to publish under a
// name or scope that belongs to someone other than the publishing user. A dry run reports the
// same finding as a warning and goes on. The registry calls are injected (`npmRegistry` is the
// real one, through the npm CLI), so that examples/test/release-scope.test.ts can stub them.
import { execFile } from 'node:child_process';

/**
 * A package the registry has: its name and who the registry says owns it.
 *
 * @typedef {object} Published
 * @property {string} name - the package name.
 * @property {string[]} maintainers - the user names of its maintainers; empty when the
 *   registry does not list them (some mirrors strip them).
 * @property {string} [author] - its `author`, as a hint when the maintainers are not listed.
 * @property {string} [repository] - its `repository.url`, likewise.
 */

/**
 * What the check asks the registry.
 *
 * @typedef {object} Registry
 * @property {string} url - the registry's address, for the messages.
 * @property {() => Promise<string | null>} whoami - the logged-in user, or `null` when not
 *   logged in.
 * @property {(name: string) => Promise<Published | null>} view - a published package, or
 *   `null` when the name is not published (404).
 * @property {(scope: string) => Promise<string[] | null>} scopePackages - the names published
 *   in a scope (`@sigx`), or `null` when the registry does not say (no search, no access list).
 */

/** The registry did not answer: no network, a timeout, a 5xx from a proxy. */
export class RegistryUnreachableError extends Error {
  name = 'RegistryUnreachableError';
}

/** The registry answered, but not with something the check can read (a 403, a bad body). */
export class RegistryAnswerError extends Error {
  name = 'RegistryAnswerError';
}

/** How many of a scope's other packages are looked at: enough to name owners, few calls. */
const MAX_SCOPE_PACKAGES = 5;

/**
 * Checks that the publishing user may publish `names` under their names and scopes.
 *
 * @param {object} options - what to check.
 * @param {string[]} options.names - the public packages about to be published.
 * @param {Registry} options.registry - how to ask the registry.
 * @param {boolean} options.dryRun - whether this is a dry run: findings are warnings then.
 * @param {string[]} [options.knownScopePackages] - packages known to be in the scopes of
 *   `names`, looked at as well: the evidence when the registry does not list a scope's
 *   packages (a mirror without search).
 * @returns {Promise<{ refuse: boolean, lines: string[] }>} whether to stop, and what to print
 *   (each line ready for the terminal; warnings in a dry run, errors otherwise).
 */
export async function checkPublishScope({ names, registry, dryRun, knownScopePackages = [] }) {
  let answers;
  try {
    answers = await ask(registry, names, knownScopePackages);
  } catch (error) {
    if (!(error instanceof RegistryUnreachableError)) throw error;
    const finding =
      `cannot reach the registry ${registry.url} (${error.message}), so the owners of ` +
      `${list(names)} and of their scope were not checked`;
    if (dryRun) return { refuse: false, lines: [warning(finding)] };
    return {
      refuse: true,
      lines: [
        refusal(finding),
        'release: a release needs the registry, to check and then to publish: run it again ' +
          'when it answers (`npm ping`).',
      ],
    };
  }

  const { user, ours, scopes } = answers;
  const findings = [];
  const notes = [];
  const you = user === null ? 'you are not logged in (`npm whoami` fails)' : `you are ${user}`;
  const mine = (/** @type {Published} */ p) => user !== null && p.maintainers.includes(user);
  for (const entry of ours) {
    if (entry.error !== undefined) {
      findings.push(
        `the registry ${registry.url} did not say who owns ${entry.name} (${entry.error})`,
      );
    } else if (entry.published !== null && !mine(entry.published)) {
      findings.push(
        `${entry.name} is already published on ${registry.url} by ${owners(entry.published)}; ${you}`,
      );
    }
  }
  for (const { scope, listed, theirs, error } of scopes) {
    const ourEntries = ours.filter((entry) => scopeOf(entry.name) === scope);
    const ourPublished = ourEntries.flatMap((entry) => entry.published ?? []);
    if (error !== undefined) {
      findings.push(`the registry ${registry.url} did not say who owns ${scope} (${error})`);
    } else if ([...ourPublished, ...theirs].some(mine)) {
      // You maintain a package of the scope: it is yours (or your organisation's).
    } else if (theirs.length > 0) {
      findings.push(
        `the ${scope} scope on ${registry.url} belongs to someone else: it holds ` +
          `${theirs.map((p) => `${p.name} (owners: ${owners(p)})`).join(', ')}; ${you}, ` +
          `so ${list(ourEntries.map((entry) => entry.name))} cannot be published under it`,
      );
    } else if (ourEntries.every((entry) => entry.published === null && entry.error === undefined)) {
      notes.push(
        listed === null
          ? `the registry ${registry.url} does not list the packages of ${scope} (no search, ` +
              'no access list), so the owner of the scope was not checked; npm refuses the ' +
              'publish if it is not yours'
          : `${list(ourEntries.map((entry) => entry.name))} and the ${scope} scope have no ` +
              `packages on ${registry.url} yet`,
      );
    }
  }

  const lines = notes.map((note) => `release: ${note}.`);
  if (findings.length === 0) return { refuse: false, lines };
  const advice =
    'release: publish only once the registry says the names and their scope are yours (log in as ' +
    'their owner, or as a member of the organisation that owns the scope), or rename the ' +
    'packages to a scope you own: see docs/decisions.md, "Packaging and release".';
  return dryRun
    ? { refuse: false, lines: [...lines, ...findings.map(warning), advice] }
    : { refuse: true, lines: [...lines, ...findings.map(refusal), advice] };
}

/**
 * Everything the check needs from the registry, asked at once. An unreadable answer about
 * one name or scope becomes an `error` (a finding); an unreachable registry throws.
 */
async function ask(registry, names, knownScopePackages) {
  const scopeNames = [...new Set(names.map(scopeOf).filter((scope) => scope !== null))];
  const [user, ours, scopes] = await Promise.all([
    registry.whoami(),
    Promise.all(
      names.map((name) =>
        registry.view(name).then(
          (published) => ({ name, published }),
          (error) => ({ name, published: null, error: answerError(error) }),
        ),
      ),
    ),
    Promise.all(
      scopeNames.map(async (scope) => {
        try {
          const listed = await registry.scopePackages(scope);
          const others = [...new Set([...(listed ?? []), ...knownScopePackages])]
            .filter((name) => scopeOf(name) === scope && !names.includes(name))
            .slice(0, MAX_SCOPE_PACKAGES);
          const viewed = await Promise.all(others.map((name) => registry.view(name)));
          return { scope, listed, theirs: viewed.filter((p) => p !== null) };
        } catch (error) {
          return { scope, listed: null, theirs: [], error: answerError(error) };
        }
      }),
    ),
  ]);
  return { user, ours, scopes };
}

/** An unreadable answer's message; anything else (an unreachable registry, a bug) rethrown. */
function answerError(error) {
  if (error instanceof RegistryAnswerError) return error.message;
  throw error;
}

function scopeOf(name) {
  return name.startsWith('@') && name.includes('/') ? name.slice(0, name.indexOf('/')) : null;
}

function owners(/** @type {Published} */ p) {
  if (p.maintainers.length > 0) return p.maintainers.join(', ');
  const hints = [
    p.author === undefined ? null : `author: ${p.author}`,
    p.repository === undefined ? null : `repository: ${p.repository}`,
  ].filter((hint) => hint !== null);
  return `maintainers the registry does not list${hints.length > 0 ? ` (${hints.join('; ')})` : ''}`;
}

function list(names) {
  return names.join(', ');
}

function warning(finding) {
  return `release: warning: ${finding}. Dry run: going on; a real release would stop here.`;
}

function refusal(finding) {
  return `release: refusing to publish: ${finding}.`;
}

/** npm error codes that mean no answer came back (rather than an answer we dislike). */
const UNREACHABLE =
  /^(?:E5\d\d|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|EPIPE|ESOCKETTIMEDOUT|ERR_SOCKET_TIMEOUT|ERR_SOCKET_CONNECTION_TIMEOUT|FETCH_ERROR)$/;

/**
 * The registry as the npm CLI sees it (the project's `.npmrc`, the user's login).
 *
 * @param {object} [options] - how to run npm.
 * @param {string} [options.cwd] - where npm runs, so that the project's `.npmrc` applies.
 * @param {string} [options.registry] - a registry address, instead of npm's configured one.
 * @param {number} [options.timeoutMs] - how long one request may take (npm's
 *   `--fetch-timeout`, no retries); a command is killed after three times that.
 * @param {string} [options.npm] - the npm executable.
 * @returns {Promise<Registry>} the registry, its address read from npm's configuration.
 */
export async function npmRegistry({ cwd, registry, timeoutMs = 5000, npm = 'npm' } = {}) {
  const common = [
    `--fetch-timeout=${timeoutMs}`,
    '--fetch-retries=0',
    ...(registry === undefined ? [] : [`--registry=${registry}`]),
  ];
  /** Runs npm; resolves with stdout, rejects with its error code (E404, ENEEDAUTH, …). */
  const run = (args) =>
    new Promise((resolve, reject) => {
      execFile(
        npm,
        [...args, ...common],
        { cwd, encoding: 'utf8', timeout: timeoutMs * 3, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error === null) return resolve(stdout);
          if (error.killed) {
            return reject(new RegistryUnreachableError(`no answer within ${timeoutMs * 3} ms`));
          }
          const code = errorCode(stdout, stderr) ?? 'unknown error';
          const summary = errorSummary(stdout) ?? `npm ${args[0]} failed with ${code}`;
          const failure = UNREACHABLE.test(code)
            ? // `FetchError: request to <url> failed, reason: connect ECONNREFUSED …`: the reason
              new RegistryUnreachableError(/reason: (.*)$/.exec(summary)?.[1] ?? summary)
            : new RegistryAnswerError(summary);
          reject(Object.assign(failure, { code }));
        },
      );
    });
  const url =
    registry ??
    ((await run(['config', 'get', 'registry']).catch(() => '')).trim() ||
      'https://registry.npmjs.org/');

  return {
    url,
    async whoami() {
      try {
        return (await run(['whoami'])).trim() || null;
      } catch (error) {
        if (error instanceof RegistryUnreachableError) throw error;
        return null; // ENEEDAUTH, E401: not logged in
      }
    },
    async view(name) {
      let stdout;
      try {
        stdout = await run([
          'view',
          name,
          'name',
          'maintainers',
          'author',
          'repository.url',
          '--json',
        ]);
      } catch (error) {
        if (error.code === 'E404') return null;
        throw error;
      }
      const fields = parseJson(stdout);
      // With one field present (only `name`), npm prints its value rather than an object.
      const info = typeof fields === 'object' && fields !== null ? fields : { name: fields };
      if (info.name !== name) {
        throw new RegistryAnswerError(`npm view ${name} answered ${stdout.slice(0, 80)}`);
      }
      return {
        name,
        maintainers: [info.maintainers ?? []].flat().map(userName),
        ...(info.author === undefined ? {} : { author: personName(info.author) }),
        ...(info['repository.url'] === undefined ? {} : { repository: info['repository.url'] }),
      };
    },
    async scopePackages(scope) {
      // Two sources, as registries and mirrors offer different ones; the names of either.
      const answers = await Promise.all([
        run(['access', 'list', 'packages', scope, '--json']).then(
          (stdout) => Object.keys(parseJson(stdout) ?? {}),
          quietly,
        ),
        run(['search', `scope:${scope.slice(1)}`, '--json', '--searchlimit=50']).then(
          (stdout) => [parseJson(stdout) ?? []].flat().map((entry) => entry.name),
          quietly,
        ),
      ]);
      if (answers.every((answer) => answer === null)) return null;
      return [...new Set(answers.flatMap((answer) => answer ?? []))].filter(
        (name) => typeof name === 'string' && name.startsWith(`${scope}/`),
      );
    },
  };
}

/** A source of scope names that failed says nothing, unless nothing answered at all. */
function quietly(error) {
  if (error instanceof RegistryUnreachableError) throw error;
  return null;
}

function parseJson(text) {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new RegistryAnswerError(`unreadable answer: ${text.slice(0, 80)}`);
  }
}

function errorCode(stdout, stderr) {
  try {
    const code = JSON.parse(stdout)?.error?.code;
    if (typeof code === 'string') return code;
  } catch {
    // not JSON: read npm's `npm error code X` line instead
  }
  return /npm (?:error|ERR!) code (\S+)/.exec(stderr)?.[1] ?? null;
}

function errorSummary(stdout) {
  try {
    const summary = JSON.parse(stdout)?.error?.summary;
    return typeof summary === 'string' && summary !== '' ? summary : null;
  } catch {
    return null;
  }
}

/** `"isaacs <i@izs.me>"` or `{ name: "isaacs" }` (npm versions differ): `isaacs`. */
function userName(maintainer) {
  if (typeof maintainer === 'string') return maintainer.replace(/\s*<.*$/, '').trim();
  return String(maintainer?.name ?? maintainer?.username ?? maintainer);
}

function personName(person) {
  return typeof person === 'string' ? person : String(person?.name ?? JSON.stringify(person));
}
