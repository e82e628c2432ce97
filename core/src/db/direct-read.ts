import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { AnyDb, Executor } from './database.js';
import { isDatabaseBusy } from './database-busy.js';

type DirectReader = (query: CompiledQuery) => unknown[] | undefined;

const readers = new WeakMap<object, DirectReader>();

/**
 * SQLite reads that need no queueing: a compiled `select` on the root connection, while no
 * transaction is open on it, runs synchronously on its cached prepared statement. Kysely's driver
 * otherwise queues every query behind a mutex and several promise hops (≈ the cost of the point read
 * itself). While a transaction is open the read waits its turn as usual, so it never sees another
 * request's uncommitted rows.
 */
export function enableDirectReads(
  db: AnyDb,
  raw: BetterSqlite3.Database,
  prepare: (sql: string) => BetterSqlite3.Statement,
): void {
  readers.set(db, (query) => {
    if (raw.inTransaction) return undefined;
    const stmt = prepare(query.sql);
    if (!stmt.reader) return undefined;
    try {
      return stmt.all(query.parameters as unknown[]);
    } catch (err) {
      // Another process holds the database: the queued path waits and retries.
      if (isDatabaseBusy(err)) return undefined;
      throw err;
    }
  });
}

/** The rows of a compiled select: directly when {@link enableDirectReads} allows, else through Kysely. */
export async function readRows<R = Record<string, unknown>>(
  executor: Executor,
  query: CompiledQuery,
): Promise<R[]> {
  const direct = readers.get(executor)?.(query);
  if (direct) return direct as R[];
  return (await executor.executeQuery(query)).rows as R[];
}
