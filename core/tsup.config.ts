import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/testing/index.ts',
    'src/testing/smtp.ts',
    'src/ui/index.ts',
    'src/ui/jsx-runtime.ts',
    'src/ui/jsx-dev-runtime.ts',
  ],
  format: ['esm'],
  // Declarations come from tsc (tsconfig.build.json): bundled ones would lose the archive's
  // `declare module` augmentation of the hook types, which names a relative module.
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest'],
});
