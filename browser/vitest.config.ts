import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// One chromium per test file; files run one after another so a 2-core machine is not swamped.
export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 90_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
);
