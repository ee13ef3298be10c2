// The build every package shares (tsdown): one ESM entry, typed, for ES2022 runtimes. Each
// package's tsdown.config.ts spreads it and adds what is its own.
import type { UserConfig } from 'tsdown';

/** What every package builds alike. */
export const packageBuild = {
  entry: ['src/index.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: true,
} satisfies UserConfig;
