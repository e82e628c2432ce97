import { defineConfig } from 'tsup';
import { packageBuild } from '../tsup.preset.js';

export default defineConfig(
  packageBuild({
    entry: [
      'src/index.ts',
      'src/testing/index.ts',
      'src/testing/smtp.ts',
      'src/ui/index.ts',
      'src/ui/jsx-runtime.ts',
      'src/ui/jsx-dev-runtime.ts',
      // A worker_threads entry, loaded by path (`@kehu/core/import-worker`), never imported.
      'src/registry/customer-import-worker.ts',
    ],
    // Declarations come from tsc (tsconfig.build.json): bundled ones would lose the archive's
    // `declare module` augmentation of the hook types, which names a relative module.
    dts: false,
    external: ['vitest'],
  }),
);
