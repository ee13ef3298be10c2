import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One vitest project per package that has a test/ folder. Workspace packages are
// resolved through the `@sigx/source` export condition, so tests need no build.
const packageNames = readdirSync('packages').filter((name) => existsSync(`packages/${name}/test`));
const conditions = ['@sigx/source', 'node', 'import', 'default'];

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    projects: packageNames.map((name) => ({
      resolve: { conditions },
      ssr: { resolve: { conditions } },
      test: {
        name,
        root: `packages/${name}`,
        include: ['test/**/*.test.ts'],
      },
    })),
  },
});
