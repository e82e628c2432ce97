import { quickstartConfig } from './config.js';
import { startQuickstart } from './start.js';

// `pnpm start` at the repository root runs this (after `pnpm build`).
startQuickstart(quickstartConfig()).catch((err: unknown) => {
  process.stderr.write(`quickstart: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
