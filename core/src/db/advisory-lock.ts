import { sql } from 'kysely';
import type { Dialect, Trx } from './database.js';

/**
 * Serialises the rest of `trx` with every other transaction that takes the same key in the same
 * schema, so two processes booting one PostgreSQL database do not race on DDL or first-boot rows.
 * On SQLite the database-wide write lock already does this, so it is a no-op there.
 */
export async function lockTransaction(trx: Trx, dialect: Dialect, key: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':' || ${key}))`.execute(trx);
}
