import { type AnyPlugin, definePlugin, type Kernel, type PermissionRegistry, sql } from '@kehu/core';
import { createTestKehu, json, type TestDatabase, type TestKehu } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { creditPlugin } from '../../src/index.js';

/**
 * `tester` holds every permission of the kernel and the enabled plugins except `customers.readAll`:
 * what such a user may do with a customer is decided by the customer access rule alone.
 */
export const testerRole = definePlugin({
  name: 'tester',
  version: '1.0.0',
  optional: ['receivables', 'credit'],
  setup(ctx) {
    ctx.role('tester', { en: 'Tester', 'zh-CN': '测试' });
    const permissions = ctx.container.resolve<PermissionRegistry>('permissions');
    for (const p of permissions.listPermissions())
      if (p.name !== 'customers.readAll') ctx.grant('tester', p.name);
  },
});

/**
 * A key-account team as a plugin would keep it: members see their accounts, and those with
 * `can_change` may also change them.
 */
export const teamPlugin = definePlugin({
  name: 'team',
  version: '1.0.0',
  migrations: [
    {
      name: '001_team',
      async up(db) {
        await db.schema
          .createTable('team_member')
          .addColumn('customer_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('user_id', 'varchar(32)', (c) => c.notNull())
          .addColumn('can_change', 'integer', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.registry.widenAccess({
      see: (principal, db) =>
        db
          .selectFrom('team_member')
          .select('team_member.customer_id')
          .where('team_member.user_id', '=', principal.id),
      change: (principal, db) =>
        db
          .selectFrom('team_member')
          .select('team_member.customer_id')
          .where('team_member.user_id', '=', principal.id)
          .where('team_member.can_change', '=', 1),
    });
  },
});

export async function bootAll(db: TestDatabase, extra: AnyPlugin[] = []): Promise<TestKehu> {
  return createTestKehu(db, {
    plugins: [receivablesPlugin, creditPlugin, testerRole, teamPlugin, ...extra],
    config: { credit: { withoutProfile: 'allow' } },
  });
}

export async function ok(res: Response, status: number): Promise<any> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return json(res);
}

/** Every row of every table, in a stable order: two equal snapshots mean nothing was written. */
export async function snapshot(kernel: Kernel): Promise<Record<string, string[]>> {
  const db = kernel.database.db;
  const out: Record<string, string[]> = {};
  // PostgreSQL: only this kernel's schema (the first on its search path). Kysely's introspection reads
  // every schema's columns, which on a shared test server with thousands of schemas takes seconds.
  const names =
    kernel.database.dialect === 'postgres'
      ? (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
            db,
          )
        ).rows.map((r) => r.name)
      : (await db.introspection.getTables()).map((t) => t.name);
  for (const name of names) {
    if (name.startsWith('kysely_') || name.startsWith('sqlite_')) continue;
    const rows = await db.selectFrom(name).selectAll().execute();
    out[name] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}
