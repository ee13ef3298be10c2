import { defineConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

export default defineConfig({
  ...packageBuild,
  entry: ['src/index.ts', 'src/testing.ts'],
  platform: 'node',
  // .js and .d.ts like the other packages (tsdown defaults to .mjs on the node platform).
  fixedExtension: false,
});
