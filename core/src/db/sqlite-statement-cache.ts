import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_STATEMENTS = 1000;

/**
 * Kysely's SQLite driver prepares every statement on every query (≈48 µs a point read against ≈10 µs
 * with a prepared statement). better-sqlite3 statements are reusable and the driver runs one query at
 * a time, so caching them by SQL text is safe.
 */
export function cachingSqliteDatabase(
  raw: BetterSqlite3.Database,
): SqliteDatabase & { cachedStatement(sqlText: string): BetterSqlite3.Statement } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const cachedStatement = (sqlText: string): BetterSqlite3.Statement => {
    let stmt = cache.get(sqlText);
    if (!stmt) {
      stmt = raw.prepare(sqlText);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sqlText, stmt);
    }
    return stmt;
  };
  return {
    close: () => {
      cache.clear();
      raw.close();
    },
    cachedStatement,
    prepare: (sqlText: string): SqliteStatement => cachedStatement(sqlText) as unknown as SqliteStatement,
  };
}
