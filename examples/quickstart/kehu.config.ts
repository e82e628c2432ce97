// The CLI's config for the quickstart: `pnpm exec kehu <command>` in this folder works on the same
// database as `pnpm start` (<checkout>/data/kehu.db, or DATABASE_URL).
import { quickstartConfig } from './src/config.js';

export default quickstartConfig();
