import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mqtt } from '@sigx/matcher';
import { formatDuration } from '../format.js';
import { scenarioResult, timedRow, type Row } from '../results.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { findRow } from '../table.js';
import { timingOf } from '../timing.js';

/** Topic templates of the generated map: 20 sites of these 10 each. */
const KINDS = [
  '+/temp',
  '+/humidity',
  '+/+/status',
  'events/created',
  'events/deleted',
  'logs/#',
  '+/name',
  'alerts/#',
  'alerts/+/fire',
  'config/+',
] as const;
const SITES = 20;
export const TEMPLATES: number = SITES * KINDS.length;
const TYPED = 'typed (200 templates)';
const UNTYPED = 'untyped';
const CHECK = 'check time';
const WALL = 'wall time';
/** A level no template has: stands for a `${string}` hole (fitted by `+` and `#` only). */
const HOLE = '\u0001hole';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const typescriptVersion = (
  createRequire(import.meta.url)('typescript/package.json') as { version: string }
).version;

/** The generated program: its two files and what they hold. */
interface Program {
  readonly typed: string;
  readonly untyped: string;
  readonly publishes: number;
  readonly subscribes: number;
  /** `@ts-expect-error` lines of the typed file: wrong values and topics it must refuse. */
  readonly refusals: number;
}

/** The templates, in order: site by site, kind by kind. */
function templates(): string[] {
  const all: string[] = [];
  for (let site = 0; site < SITES; site += 1) {
    for (const kind of KINDS) all.push(`site${site}/${kind}`);
  }
  return all;
}

/**
 * A value that fits every template the topic fits (their intersection): one field per
 * template, `f<i>`. The templates are found with `mqtt()` itself, which is the fits relation.
 */
function valueFor(all: readonly string[], topic: string): string {
  const fields = all.flatMap((template, i) => (mqtt(template).test(topic) ? [`f${i}: ${i}`] : []));
  if (fields.length === 0) throw new Error(`bench: ${topic} fits no template`);
  return `{ ${fields.join(', ')} }`;
}

/** A topic that fits `template`: `+` is `d<i>` (or a hole), `#` two levels or none. */
function topicOf(template: string, i: number, hole: boolean): { text: string; test: string } {
  const levels = template.split('/');
  const text: string[] = [];
  const test: string[] = [];
  for (const level of levels) {
    if (level === '+') {
      text.push(hole ? '${id}' : `d${i}`);
      test.push(hole ? HOLE : `d${i}`);
    } else if (level === '#') {
      if (i % 2 === 0) {
        text.push(hole ? '${id}' : `x${i}`, 'y');
        test.push(hole ? HOLE : `x${i}`, 'y');
      }
    } else {
      text.push(level);
      test.push(level);
    }
  }
  return { text: text.join('/'), test: test.join('/') };
}

/**
 * Writes the program: a map of 200 templates, then publishes (a literal topic per template, a
 * template literal topic for 100 of them) and subscribes (`mqtt()` of every template, broader
 * filters, literal prefixes, `stream()` and `next()`), all against one exchange. The untyped
 * file is the same code on `new SignalExchange()`, without the refusals.
 */
export function typeCheckProgram(): Program {
  const all = templates();
  const head = [
    "import { mqtt, SignalExchange } from '@sigx/core';",
    '',
    'declare const id: string;',
    'const sink = (value: unknown): void => void value;',
    '',
    'interface Topics {',
    ...all.map((template, i) => `  '${template}': { f${i}: number };`),
    '}',
    '',
  ];
  const body: string[] = [];
  let publishes = 0;
  let subscribes = 0;
  all.forEach((template, i) => {
    const topic = topicOf(template, i, false);
    body.push(`void exchange.publish('${topic.text}', ${valueFor(all, topic.test)});`);
    publishes += 1;
  });
  all
    .map((template, i) => ({ template, i }))
    .filter(({ template }) => template.includes('+'))
    .slice(0, 100)
    .forEach(({ template, i }) => {
      const topic = topicOf(template, i, true);
      body.push(`void exchange.publish(\`${topic.text}\`, ${valueFor(all, topic.test)});`);
      publishes += 1;
    });
  const handler = 'handler: (_id, _publisher, message) => sink(message.value)';
  for (const template of all) {
    body.push(`exchange.subscribe({ topicPattern: mqtt('${template}'), ${handler} });`);
    subscribes += 1;
  }
  for (let site = 0; site < SITES; site += 1) {
    for (const filter of [`site${site}/#`, `site${site}/+/+`, `+/d${site}/temp`]) {
      body.push(`exchange.subscribe({ topicPattern: mqtt('${filter}'), ${handler} });`);
      subscribes += 1;
    }
    for (const prefix of [`site${site}/`, `site${site}/events/`, `site${site}/alerts/d`]) {
      body.push(`exchange.subscribe({ topicPattern: '${prefix}', ${handler} });`);
      subscribes += 1;
    }
    body.push(`void exchange.stream({ topicPattern: mqtt('site${site}/logs/#') }).return();`);
    body.push(`void exchange.next({ topicPattern: mqtt('site${site}/+/temp') }).then(sink);`);
    subscribes += 2;
  }
  const refusals = [
    '// @ts-expect-error: a string is not { f0: number }',
    "void exchange.publish('site0/d0/temp', 'warm');",
    '// @ts-expect-error: `+` is one level',
    "void exchange.publish('site0/a/b/temp', { f0: 1 });",
    '// @ts-expect-error: no template',
    "void exchange.publish('nowhere', 1);",
    '// @ts-expect-error: site0/config/temp fits site0/+/temp and site0/config/+: needs both',
    "void exchange.publish('site0/config/temp', { f0: 1 });",
  ];
  const typed = [
    ...head,
    'const exchange = new SignalExchange<Topics>();',
    ...body,
    ...refusals,
    '',
  ].join('\n');
  const untyped = [...head.slice(0, 4), 'const exchange = new SignalExchange();', ...body, ''].join(
    '\n',
  );
  return { typed, untyped, publishes, subscribes, refusals: refusals.length / 2 };
}

/** One `tsc --noEmit --extendedDiagnostics` run. */
interface CheckRun {
  readonly wallMs: number;
  readonly checkMs: number;
  readonly instantiations: number;
  readonly types: number;
}

/** Runs tsc on one project and reads its diagnostics. @throws when tsc reports an error. */
function runTsc(project: string): Promise<CheckRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [tsc, '-p', project, '--extendedDiagnostics'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`bench: tsc -p ${project} failed (exit ${code}):\n${output}`));
        return;
      }
      const read = (label: string): number => {
        const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output);
        if (match === null) throw new Error(`bench: no "${label}" in tsc's output:\n${output}`);
        return Number(match[1]);
      };
      resolve({
        wallMs,
        checkMs: read('Check time') * 1000,
        instantiations: read('Instantiations'),
        types: read('Types'),
      });
    });
  });
}

/** Writes the two files and their projects where `@sigx/core` resolves to its build. */
function writeProjects(program: Program): { dir: string; typed: string; untyped: string } {
  // Under the bench's node_modules: `@sigx/core` is found there (the workspace link), through
  // its `types` condition, so the build's dist/index.d.ts is what is checked against.
  const dir = fileURLToPath(
    new URL(`../../node_modules/.cache/sigx-type-check-${process.pid}/`, import.meta.url),
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'typed.ts'), program.typed);
  writeFileSync(join(dir, 'untyped.ts'), program.untyped);
  const project = (file: string): string => {
    const path = join(dir, `tsconfig.${file}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['es2023', 'dom', 'esnext.disposable'],
          types: [],
          noEmit: true,
          skipLibCheck: true,
        },
        files: [`${file}.ts`],
      }),
    );
    return path;
  };
  return { dir, typed: project('typed'), untyped: project('untyped') };
}

function rowsOf(contender: string, runs: readonly CheckRun[]): Row[] {
  const facts = {
    instantiations: runs[0]!.instantiations,
    types: runs[0]!.types,
  };
  const timing = (values: readonly number[]) =>
    timingOf({ nsPerOp: values.map((ms) => ms * 1e6), opsPerSample: 1, calls: values.length });
  return [
    timedRow(CHECK, contender, TEMPLATES, timing(runs.map((run) => run.checkMs)), facts),
    timedRow(WALL, contender, TEMPLATES, timing(runs.map((run) => run.wallMs)), facts),
  ];
}

async function measure(
  context: ScenarioContext,
  projects: { typed: string; untyped: string },
): Promise<{ typed: CheckRun[]; untyped: CheckRun[] }> {
  const passes = context.quick ? 1 : 5;
  const typed: CheckRun[] = [];
  const untyped: CheckRun[] = [];
  // Alternated, so that a slow spell of the machine falls on both.
  for (let pass = 0; pass < passes; pass += 1) {
    context.log(`  tsc pass ${pass + 1}/${passes}: typed, untyped`);
    typed.push(await runTsc(projects.typed));
    untyped.push(await runTsc(projects.untyped));
  }
  return { typed, untyped };
}

/** 14. What typed topics cost the compiler. */
export const typeChecking: Scenario = {
  id: '14-type-checking',
  title: 'Type checking typed topics',
  question:
    'How long does `tsc` take to check a file of a few hundred publishes and subscribes against ' +
    'a `SignalExchange<Topics>` of 200 topic templates, next to the same file on an untyped ' +
    'exchange?',
  async run(context) {
    const program = typeCheckProgram();
    const projects = writeProjects(program);
    let runs: { typed: CheckRun[]; untyped: CheckRun[] };
    try {
      runs = await measure(context, projects);
    } finally {
      rmSync(projects.dir, { recursive: true, force: true });
    }
    const rows = [...rowsOf(TYPED, runs.typed), ...rowsOf(UNTYPED, runs.untyped)];
    const passes = runs.typed.length;
    return scenarioResult(this, {
      operation: 'check',
      sizeLabel: 'templates',
      subject: TYPED,
      baseline: UNTYPED,
      rows,
      notes: [
        `The generated file (\`typeCheckProgram()\` in this scenario): a map of ${TEMPLATES} templates (20 sites × ${KINDS.length} kinds such as \`site3/+/temp\`, \`site3/logs/#\`, \`site3/alerts/+/fire\`; each value \`{ f<i>: number }\`), ${program.publishes} short publishes (a literal topic per template, a template literal topic such as \`\` \`site3/\${id}/temp\` \`\` for 100, each value built to satisfy every template its topic fits, found with \`mqtt()\`) and ${program.subscribes} subscriptions (\`mqtt()\` of every template, 60 broader filters, 60 literal prefixes, 20 \`stream()\` and 20 \`next()\`), each handler reading \`message.value\`. The typed file also has ${program.refusals} \`@ts-expect-error\` lines (a wrong value, a topic with too many levels, one that fits no template, one whose value misses one of the two templates it fits): it compiles with no error only if they are refused.`,
        `The untyped file is the same code on \`new SignalExchange()\`, without those lines. Both are checked by \`tsc --noEmit --extendedDiagnostics\` (TypeScript ${typescriptVersion}; \`strict\`, \`exactOptionalPropertyTypes\`, \`nodenext\`, \`skipLibCheck\`) against the built \`@sigx/core\` (its \`dist/index.d.ts\`, resolved from the bench's node_modules), in a fresh process per run; ${passes} ${passes === 1 ? 'run' : 'runs'} each, alternated.`,
        "`check time` is what tsc reports as Check time (the type checker alone); `wall time` is the whole process (start-up, parsing, binding). The ratio columns compare runs per second; the headline states times. Instantiations and types are tsc's own counts.",
        'Goal: the typed file checks in under about 2 s on this kind of machine; the type-level walk is level by level, over unions of string literals, and never over the templates one by one.',
      ],
      headlineOf: (result) => {
        const time = (contender: string, series: string): number =>
          findRow(result, contender, TEMPLATES, series)?.timing?.nsPerOp ?? Number.NaN;
        const typedCheck = time(TYPED, CHECK);
        const untypedCheck = time(UNTYPED, CHECK);
        const typedWall = time(TYPED, WALL);
        const untypedWall = time(UNTYPED, WALL);
        return (
          `Checking ${program.publishes} publishes and ${program.subscribes} subscriptions against ${TEMPLATES} topic templates takes ${formatDuration(typedCheck)} of tsc check time, ` +
          `${(typedCheck / untypedCheck).toFixed(2)}× the untyped file's ${formatDuration(untypedCheck)}; ` +
          `the whole tsc run ${formatDuration(typedWall)} against ${formatDuration(untypedWall)} (${(typedWall / untypedWall).toFixed(2)}×).`
        );
      },
    });
  },
};
