import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Shared test config: workspace packages resolve to their sources, so a test always runs against the
 * code beside it, whatever state the other packages' dist folders are in.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@kehu\/core\/testing$/, replacement: src('./core/src/testing/index.ts') },
      // A testing subpath export (`@kehu/core/testing/smtp`) is the file of that name in core/src/testing.
      { find: /^@kehu\/core\/testing\/([\w-]+)$/, replacement: `${src('./core/src/testing/')}$1.ts` },
      { find: /^@kehu\/core\/ui$/, replacement: src('./core/src/ui/index.ts') },
      { find: /^@kehu\/core\/jsx-runtime$/, replacement: src('./core/src/ui/jsx-runtime.ts') },
      { find: /^@kehu\/core\/jsx-dev-runtime$/, replacement: src('./core/src/ui/jsx-dev-runtime.ts') },
      { find: /^@kehu\/core$/, replacement: src('./core/src/index.ts') },
      { find: /^@kehu\/sdk\/client$/, replacement: src('./sdk/src/client/index.ts') },
      { find: /^@kehu\/sdk$/, replacement: src('./sdk/src/index.ts') },
      { find: /^@kehu\/plugin-receivables$/, replacement: src('./plugins/receivables/src/index.ts') },
      { find: /^@kehu\/plugin-credit$/, replacement: src('./plugins/credit/src/index.ts') },
      {
        find: /^@kehu\/plugin-satisfaction$/,
        replacement: src('./plugins/satisfaction/src/index.ts'),
      },
      { find: /^@kehu\/plugin-complaints$/, replacement: src('./plugins/complaints/src/index.ts') },
      { find: /^@kehu\/plugin-key-accounts$/, replacement: src('./plugins/key-accounts/src/index.ts') },
      { find: /^@kehu\/plugin-console$/, replacement: src('./plugins/console/src/index.ts') },
      { find: /^@kehu\/example-custom-plugin$/, replacement: src('./examples/custom-plugin/src/index.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
