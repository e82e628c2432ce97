/**
 * The database could not take this write right now (another process holds SQLite's write lock past
 * the busy timeout, or PostgreSQL aborted the transaction to break a deadlock). Nothing was written;
 * the same request may succeed a moment later, so HTTP answers 503 with `Retry-After`, never 500.
 */
export class DatabaseBusyError extends Error {
  constructor(cause: unknown) {
    super('The database is busy; try again shortly', { cause });
    this.name = 'DatabaseBusyError';
  }
}

/** SQLite's SQLITE_BUSY family, PostgreSQL's deadlock and serialization failures. */
const TRANSIENT_CODES = /^(SQLITE_BUSY(_\w+)?|40001|40P01|55P03)$/;

export function isDatabaseBusy(err: unknown): boolean {
  if (err instanceof DatabaseBusyError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.test(code);
}
