import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestKehu, json, type TestDatabase } from '../testing/index.js';
import { type Database, openDatabase } from './database.js';
import { DatabaseBusyError } from './database-busy.js';

// SQLite's write lock is shared between processes through the file; a second better-sqlite3
// connection to the same file stands for another process (a `kehu jobs run`, a second server).
describe('SQLite write lock across processes', () => {
  let dir: string;
  let file: string;
  let other: BetterSqlite3.Database;
  const opened: Database[] = [];
  const open = async (options: Parameters<typeof openDatabase>[0] = {}) => {
    const database = await openDatabase({ url: file, ...options });
    opened.push(database);
    return database;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kehu-lock-'));
    file = join(dir, 'kehu.db');
    const setup = new BetterSqlite3(file);
    setup.pragma('journal_mode = WAL');
    setup.exec('create table note (id integer primary key, title text not null)');
    setup.close();
    other = new BetterSqlite3(file);
    other.pragma('busy_timeout = 0');
  });

  afterEach(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    for (const d of opened.splice(0)) await d.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a transaction that reads, then writes while another process writes, commits (it took the write lock first)', async () => {
    const { db } = await open();
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('note').selectAll().execute();
      // With a deferred BEGIN the other process would write here and this transaction's insert
      // would fail with "database is locked" at once, whatever the busy timeout.
      expect(() => other.prepare("insert into note (title) values ('other')").run()).toThrow(
        /database is locked/,
      );
      await trx.insertInto('note').values({ title: 'ours' }).execute();
    });
    expect(other.prepare('select title from note').all()).toEqual([{ title: 'ours' }]);
  });

  it('waits for another process to release the write lock instead of failing', async () => {
    const waits: number[] = [];
    const { db } = await open({
      busyWait: async (ms) => {
        waits.push(ms);
        if (waits.length === 3) other.exec('commit');
      },
    });
    other.exec("begin immediate; insert into note (title) values ('job')");
    await db.transaction().execute((trx) => trx.insertInto('note').values({ title: 'request' }).execute());
    await db.insertInto('note').values({ title: 'single statement' }).execute();
    expect(waits).toHaveLength(3);
    expect((await db.selectFrom('note').select('title').orderBy('id').execute()).map((r) => r.title)).toEqual(
      ['job', 'request', 'single statement'],
    );
  });

  it('gives up with DatabaseBusyError after the busy timeout and writes nothing', async () => {
    const { db } = await open({ busyTimeoutMs: 0 });
    other.exec('begin immediate');
    await expect(
      db.transaction().execute((trx) => trx.insertInto('note').values({ title: 'x' }).execute()),
    ).rejects.toBeInstanceOf(DatabaseBusyError);
    await expect(db.insertInto('note').values({ title: 'y' }).execute()).rejects.toBeInstanceOf(
      DatabaseBusyError,
    );
    other.exec('rollback');
    expect(await db.selectFrom('note').selectAll().execute()).toEqual([]);
  });

  it('answers a write the busy database cannot take with 503 database_busy and Retry-After, and changes nothing', async () => {
    const database = await open({ busyTimeoutMs: 0 });
    const persistent: TestDatabase = {
      name: 'sqlite',
      open: async () => database,
      persistent: () => Promise.reject(new Error('unused')),
    };
    const t = await createTestKehu(persistent, { database });
    try {
      other.exec('begin immediate');
      const res = await t.request('/api/v1/customers', { body: { name: '成都锦江宾馆有限责任公司' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await json(res)).toMatchObject({ status: 503, code: 'database_busy' });
      other.exec('rollback');
      const list = await json(await t.request('/api/v1/customers'));
      expect(list.items).toEqual([]);
      const again = await t.request('/api/v1/customers', { body: { name: '成都锦江宾馆有限责任公司' } });
      expect(again.status).toBe(201);
    } finally {
      await t.close();
      opened.splice(opened.indexOf(database), 1);
    }
  });
});
