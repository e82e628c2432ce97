import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

describe('a SQLite database file', () => {
  it('is opened in WAL mode with checkpoints every 10,000 pages, and keeps what was committed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kehu-db-'));
    try {
      const file = join(dir, 'kehu.db');
      const first = await openDatabase({ url: file });
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(first.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('wal_autocheckpoint')).toBe(10_000);
      await sql`create table t (v integer)`.execute(first.db);
      for (let i = 0; i < 50; i++) await sql`insert into t (v) values (${i})`.execute(first.db);
      await first.close();
      const again = await openDatabase({ url: file });
      const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(again.db);
      expect(rows).toEqual([{ n: 50 }]);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
