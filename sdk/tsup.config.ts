import { defineConfig } from 'tsup';
import { packageBuild } from '../tsup.preset.js';

export default defineConfig(
  packageBuild({
    entry: { index: 'src/index.ts', 'client/index': 'src/client/index.ts', cli: 'src/cli/bin.ts' },
  }),
);
