import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, SelectQueryNode } from 'kysely';
import type pg from 'pg';
import type { AnyDb, Executor } from './database.js';
import { isDatabaseBusy } from './database-busy.js';

type DirectReader = (query: CompiledQuery) => unknown[] | Promise<unknown[]> | undefined;

const readers = new WeakMap<object, DirectReader>();

/**
 * SQLite reads that need no queueing: a compiled `select` on the root connection, while no
 * transaction is open on it, runs synchronously on its cached prepared statement. Kysely's driver
 * otherwise queues every query behind a mutex and several promise hops (≈ the cost of the point read
 * itself). While a transaction is open the read waits its turn as usual, so it never sees another
 * request's uncommitted rows.
 */
export function enableSqliteDirectReads(
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

/**
 * PostgreSQL reads on the root pool as named statements, which each connection prepares once (as a
 * hand-written `pg` endpoint would): Kysely sends every query unnamed, so the server parses and plans
 * it again each time. A read on the pool sees only committed rows, as any query outside the caller's
 * transaction does.
 */
export function enablePostgresDirectReads(db: AnyDb, pool: pg.Pool): void {
  const names = new Map<string, string>();
  readers.set(db, async (query) => {
    let name = names.get(query.sql);
    if (!name) {
      name = `kehu_${createHash('sha1').update(query.sql).digest('hex').slice(0, 16)}`;
      names.set(query.sql, name);
    }
    return (await pool.query({ name, text: query.sql, values: query.parameters as unknown[] })).rows;
  });
}

/** The rows of a compiled query: a select directly when enabled for the executor, else through Kysely. */
export async function readRows<R = Record<string, unknown>>(
  executor: Executor,
  query: CompiledQuery,
): Promise<R[]> {
  const direct = SelectQueryNode.is(query.query) ? readers.get(executor)?.(query) : undefined;
  if (direct) return direct as R[];
  return (await executor.executeQuery(query)).rows as R[];
}
