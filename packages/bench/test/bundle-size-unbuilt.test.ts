// A package without its build makes the size check fail, saying to run `pnpm build`, rather
// than measure nothing or skip.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtEntryOf } from '../src/bundle-size.js';

const directory = mkdtempSync(join(tmpdir(), 'sigx-unbuilt-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('builtEntryOf', () => {
  it('fails with `pnpm build` in the message when dist/ is missing', () => {
    const manifest = { name: '@sigx/fake', exports: { '.': { default: './dist/index.js' } } };
    writeFileSync(join(directory, 'package.json'), JSON.stringify(manifest));
    expect(() => builtEntryOf('@sigx/fake', directory)).toThrow(
      /@sigx\/fake is not built: .*dist\/index\.js is missing\. Run `pnpm build`/,
    );
    mkdirSync(join(directory, 'dist'));
    writeFileSync(join(directory, 'dist', 'index.js'), 'export {};');
    expect(builtEntryOf('@sigx/fake', directory)).toBe(join(directory, 'dist', 'index.js'));
  });
});
