import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts'],
  format: 'esm',
  platform: 'node',
  // .js and .d.ts like the other packages (tsdown defaults to .mjs on the node platform).
  fixedExtension: false,
  target: 'es2022',
  dts: true,
  sourcemap: true,
});
