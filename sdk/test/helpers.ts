import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@kehu/core';
import { type CliIo, runCli } from '../src/index.js';

/** A database the CLI opens by URL, as a user would: a SQLite file, or a fresh PostgreSQL schema. */
export interface CliDatabase {
  name: 'sqlite' | 'postgres';
  /** A new, empty database and the `--database` value that reaches it. */
  create(): Promise<string>;
}

export function cliDatabases(): CliDatabase[] {
  const pgUrl = process.env.KEHU_TEST_DATABASE_URL;
  if (!pgUrl)
    return [
      { name: 'sqlite', create: async () => join(mkdtempSync(join(tmpdir(), 'kehu-cli-')), 'kehu.db') },
    ];
  return [
    {
      name: 'postgres',
      async create() {
        const schema = `t_cli_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
        const db = await openDatabase({ url: pgUrl, schema, poolSize: 1 });
        await db.close();
        // libpq's `options` startup parameter: every connection of the pool uses the fresh schema.
        const url = new URL(pgUrl);
        url.searchParams.set('options', `-c search_path=${schema}`);
        return url.toString();
      },
    },
  ];
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function kehu(argv: string[], io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd: io.cwd ?? mkdtempSync(join(tmpdir(), 'kehu-cwd-')),
    env: io.env ?? {},
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.stdin ? { stdin: io.stdin } : {}),
  });
  return { code, stdout, stderr };
}

/** A directory holding `kehu.config.mjs` with the given source. */
export function configDir(source: string, file = 'kehu.config.mjs'): string {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-config-'));
  writeFileSync(join(dir, file), source);
  return dir;
}

/**
 * A config with one plugin, written as plain JavaScript with no imports (a config file is loaded by
 * jiti outside the test's module graph): a migration, a filter, a subscriber, jobs, a role and demo data.
 */
export const visitsConfig = (options: { brokenJob?: boolean } = {}): string => `
export default {
  plugins: [{
    name: 'visits',
    version: '1.2.0',
    migrations: [
      { name: '001_visit_plan', async up(db) { await db.schema.createTable('visit_plan').addColumn('id', 'varchar(32)', (c) => c.primaryKey()).addColumn('customer_id', 'varchar(32)', (c) => c.notNull()).execute(); } },
      { name: '002_visit_note', async up(db) { await db.schema.alterTable('visit_plan').addColumn('note', 'text').execute(); } },
    ],
    setup(ctx) {
      ctx.role('field_rep', { en: 'Field representative', 'zh-CN': '外勤代表' });
      ctx.hooks.filter('customer.beforeCreate', (input) => input, { priority: 50 });
      ctx.hooks.on('customer.created', 'plan-first-visit', async ({ customer }) => {
        await ctx.db.insertInto('visit_plan').values({ id: customer.id, customer_id: customer.id, note: 'first visit' }).execute();
      });
      ctx.scheduler.define({ name: 'overdue-visits', period: 'day', due: (_at, today) => Number(today.slice(8, 10)) >= 15, run: ({ today }) => ({ checked: today }) });
      ${options.brokenJob ? '' : '//'} ctx.scheduler.define({ name: 'broken', period: 'month', run: () => { throw new Error('the ERP is down'); } });
    },
    async seedDemo(ctx) {
      ctx.progress('planning visits for ' + ctx.customers.length + ' customers; roles ' + Object.keys(ctx.users).sort().join(','));
    },
  }],
};
`;
