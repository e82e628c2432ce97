import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { DatabaseBusyError, isDatabaseBusy } from './database-busy.js';

export interface BusyPolicy {
  /** How long a statement or `BEGIN IMMEDIATE` keeps retrying a locked database before giving up. */
  timeoutMs: number;
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kysely's SQLite driver opens transactions with a plain (deferred) `BEGIN`: a transaction that reads
 * and then writes while another process writes fails at once with "database is locked", whatever
 * the busy timeout, because SQLite cannot upgrade its stale read snapshot. This driver takes the
 * write lock up front (`BEGIN IMMEDIATE`), where waiting is safe, and waits for a busy database
 * asynchronously — better-sqlite3's own busy handler sleeps on the event loop, stalling every request
 * of the process. Only statements outside a transaction are retried (a failed one changed nothing);
 * past the timeout the caller gets a {@link DatabaseBusyError}.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  private connection: DatabaseConnection | undefined;

  constructor(
    config: SqliteDialectConfig,
    private readonly raw: BetterSqlite3.Database,
    private readonly busy: BusyPolicy,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    this.connection ??= this.retrying(inner);
    return this.connection;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  private retrying(inner: DatabaseConnection): DatabaseConnection {
    const raw = this.raw;
    const busy = this.busy;
    const wait = busy.wait ?? sleep;
    return {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        const started = Date.now();
        for (let attempt = 0; ; attempt++) {
          try {
            return await inner.executeQuery<R>(query);
          } catch (err) {
            if (!isDatabaseBusy(err)) throw err;
            if (raw.inTransaction || Date.now() - started >= busy.timeoutMs) throw new DatabaseBusyError(err);
            await wait(Math.min(5 * 2 ** attempt, 100));
          }
        }
      },
      streamQuery: (query, chunkSize) => inner.streamQuery(query, chunkSize),
    };
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly raw: BetterSqlite3.Database,
    private readonly busy: BusyPolicy,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config, this.raw, this.busy);
  }
}
