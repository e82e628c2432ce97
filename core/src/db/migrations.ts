import { lockTransaction } from './advisory-lock.js';
import type { AnyDb, Database, Dialect } from './database.js';

/** One schema change of one namespace (the kernel or a plugin). Names are never renamed. */
export interface Migration {
  name: string;
  up(db: AnyDb, dialect: Dialect): Promise<void>;
}

const TABLE = 'kehu_migration';

/** `create table if not exists` is not safe against a concurrent one on PostgreSQL: hence the lock. */
export async function ensureMigrationTable(db: AnyDb, dialect: Dialect = 'sqlite'): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockTransaction(trx, dialect, TABLE);
    await trx.schema
      .createTable(TABLE)
      .ifNotExists()
      .addColumn('namespace', 'varchar(100)', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('applied_at', 'varchar(30)', (c) => c.notNull())
      .addPrimaryKeyConstraint('kehu_migration_pk', ['namespace', 'name'])
      .execute();
  });
}

export interface AppliedMigration {
  namespace: string;
  name: string;
  appliedAt: string;
}

export async function appliedMigrations(db: AnyDb): Promise<AppliedMigration[]> {
  await ensureMigrationTable(db);
  const rows = await db.selectFrom(TABLE).selectAll().orderBy('namespace').orderBy('name').execute();
  return rows.map((r) => ({ namespace: r.namespace, name: r.name, appliedAt: r.applied_at }));
}

/**
 * Applies the namespace's migrations that are not yet recorded, in order, each in its own
 * transaction together with its record. On PostgreSQL an advisory lock keeps two booting processes
 * from applying the same migration twice.
 */
export async function migrateNamespace(
  database: Database,
  namespace: string,
  migrations: readonly Migration[],
  now: () => Date,
): Promise<string[]> {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.name)) throw new Error(`Migration "${m.name}" of "${namespace}" is declared twice`);
    seen.add(m.name);
  }
  await ensureMigrationTable(database.db, database.dialect);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await database.db.transaction().execute(async (trx) => {
      await lockTransaction(trx, database.dialect, `${TABLE}:${namespace}`);
      const exists = await trx
        .selectFrom(TABLE)
        .select('name')
        .where('namespace', '=', namespace)
        .where('name', '=', migration.name)
        .executeTakeFirst();
      if (exists) return false;
      await migration.up(trx, database.dialect);
      await trx
        .insertInto(TABLE)
        .values({ namespace, name: migration.name, applied_at: now().toISOString() })
        .execute();
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}
