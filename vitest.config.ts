import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One vitest project per package that has a test/ folder, plus the examples. Workspace
// packages are resolved through the `@sigx/source` export condition, so tests need no build.
const projectRoots = [
  ...readdirSync('packages').map((name) => `packages/${name}`),
  'examples',
].filter((root) => existsSync(`${root}/test`));
const conditions = ['@sigx/source', 'node', 'import', 'default'];

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    projects: projectRoots.map((root) => ({
      resolve: { conditions },
      ssr: { resolve: { conditions } },
      test: {
        name: root.replace(/^packages\//, ''),
        root,
        include: ['test/**/*.test.ts'],
        // Guards against a hang, not a speed check: `pnpm test` runs vitest beside the other
        // checks on two cores, where a property test that takes 4 s alone can take 10.
        testTimeout: 30_000,
      },
    })),
  },
});
