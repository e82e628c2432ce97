import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { complaintsPlugin } from '@kehu/plugin-complaints';
import { consolePlugin } from '@kehu/plugin-console';
import { creditPlugin } from '@kehu/plugin-credit';
import { keyAccountsPlugin } from '@kehu/plugin-key-accounts';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { satisfactionPlugin } from '@kehu/plugin-satisfaction';
import { defineConfig, type KehuConfig } from '@kehu/sdk';

/** The checkout's root (the folder with pnpm-workspace.yaml) above `from`, or `from` itself outside one. */
export function workspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/**
 * Every plugin in the repository on SQLite at `<checkout>/data/kehu.db`, wherever `pnpm start` or the
 * CLI runs from; `DATABASE_URL` picks another database (PostgreSQL included), `HOST` the address to
 * listen on (all by default). The company keeps Beijing time (`KEHU_TIME_ZONE` names another zone).
 */
export function quickstartConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): KehuConfig {
  return defineConfig({
    database: env.DATABASE_URL?.trim() || join(workspaceRoot(cwd), 'data', 'kehu.db'),
    plugins: [
      receivablesPlugin,
      creditPlugin,
      complaintsPlugin,
      keyAccountsPlugin,
      satisfactionPlugin,
      consolePlugin,
    ],
    timeZone: env.KEHU_TIME_ZONE?.trim() || 'Asia/Shanghai',
    ...(env.HOST?.trim() ? { host: env.HOST.trim() } : {}),
    ...(env.KEHU_ADMIN_TOKEN ? { auth: { adminToken: env.KEHU_ADMIN_TOKEN } } : {}),
  });
}
