import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_STATEMENTS = 1000;

/**
 * Kysely's SQLite driver prepares every statement on every query (≈48 µs a point read against ≈10 µs
 * with a prepared statement). better-sqlite3 statements are reusable and the driver runs one query at
 * a time, so caching them by SQL text is safe.
 */
export function cachingSqliteDatabase(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      raw.close();
    },
    prepare(sqlText: string): SqliteStatement {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = raw.prepare(sqlText);
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, stmt);
      }
      return stmt as unknown as SqliteStatement;
    },
  };
}
