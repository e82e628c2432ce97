import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { enablePostgresDirectReads, enableSqliteDirectReads } from './direct-read.js';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.js';
import { cachingSqliteDatabase } from './sqlite-statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';
export type AnyDb = Kysely<any>;
export type Trx = Transaction<any>;
/** Either the root connection or a transaction: whatever a query may run on. */
export type Executor = AnyDb | Trx;

export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL, a file path or `:memory:` for SQLite. Default `./data/kehu.db`. */
  url?: string;
  /** PostgreSQL only: every table lives in this schema (created when missing). Used by tests. */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * SQLite only: how long a write waits for another process's write lock before the request is
   * answered 503 (`database_busy`). Default 5000.
   */
  busyTimeoutMs?: number;
  /** SQLite only: waits between retries of a busy database (tests replace it to control the wait). */
  busyWait?: (ms: number) => Promise<void>;
}

export interface Database {
  readonly db: AnyDb;
  readonly dialect: Dialect;
  readonly url: string;
  /** Fails when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? './data/kehu.db';
  return isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url, options);
}

/** better-sqlite3's busy handler blocks the event loop, so it only covers short waits; longer ones are retried asynchronously. */
const SYNC_BUSY_TIMEOUT_MS = 20;

function openSqlite(url: string, options: DatabaseOptions): Database {
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${SYNC_BUSY_TIMEOUT_MS}`);
  raw.pragma('synchronous = NORMAL');
  // Deleted and overwritten content is zeroed, so a purged customer's data does not linger in free pages.
  raw.pragma('secure_delete = ON');
  // A checkpoint every 10,000 WAL pages (≈ 40 MB) rather than SQLite's 1,000: a customer write
  // touches ≈ 20 pages (table, indexes, search index, audit), so the default checkpointed — copying
  // back and syncing — every ≈ 50 writes, which was a third of a POST's time; pages written again
  // between checkpoints are now copied back once.
  raw.pragma('wal_autocheckpoint = 10000');
  const statements = cachingSqliteDatabase(raw);
  const dialect = new ImmediateSqliteDialect({ database: statements }, raw, {
    timeoutMs: options.busyTimeoutMs ?? 5000,
    ...(options.busyWait ? { wait: options.busyWait } : {}),
  });
  const db = new Kysely<any>({ dialect });
  enableSqliteDirectReads(db, raw, statements.cachedStatement);
  return {
    db,
    dialect: 'sqlite',
    url: file,
    async ping() {
      raw.prepare('select 1').get();
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Money is integer minor units: int8 fits a JS number far beyond any real balance.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  if (options.schema) {
    const client = await pool.connect();
    try {
      await client.query(`create schema if not exists "${options.schema}"`);
    } finally {
      client.release();
    }
  }
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  enablePostgresDirectReads(db, pool);
  return {
    db,
    dialect: 'postgres',
    url,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
