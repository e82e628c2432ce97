import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKehu, type TestKehu, testDatabases } from '../../testing/index.js';
import { insertRows } from '../bulk-insert.js';

describe.each(testDatabases())('bulk inserts on $name', (db) => {
  let t: TestKehu;
  beforeAll(async () => {
    t = await createTestKehu(db);
    const columns = Array.from({ length: 30 }, (_, i) => `c${i}`);
    let table = t.kernel.database.db.schema
      .createTable('bulk_probe')
      .addColumn('id', 'integer', (c) => c.primaryKey());
    for (const c of columns) table = table.addColumn(c, 'varchar(20)');
    await table.execute();
  });
  afterAll(() => t.close());

  it('writes every row, in more statements than one when the rows exceed a statement’s parameter limit', async () => {
    const { db: kysely, dialect } = t.kernel.database;
    const columns = ['id', ...Array.from({ length: 30 }, (_, i) => `c${i}`)];
    // 2,500 rows × 31 columns = 77,500 parameters: over SQLite's 32,766 and PostgreSQL's 65,535.
    const rows = Array.from({ length: 2500 }, (_, r) => [
      r,
      ...Array.from({ length: 30 }, (_, c) => (c === 3 && r % 7 === 0 ? null : `客户${r}-${c}`)),
    ]);
    await kysely.transaction().execute((trx) => insertRows(trx, dialect, 'bulk_probe', columns, rows));
    const stored = await kysely.selectFrom('bulk_probe').selectAll().orderBy('id').execute();
    expect(stored).toHaveLength(2500);
    expect(stored[0]).toMatchObject({ id: 0, c0: '客户0-0', c3: null, c29: '客户0-29' });
    expect(stored[2498]).toMatchObject({ id: 2498, c3: '客户2498-3', c29: '客户2498-29' });
    expect(stored[2499]).toMatchObject({ id: 2499, c3: null, c29: '客户2499-29' });
    expect(stored.filter((r) => r.c3 === null)).toHaveLength(Math.ceil(2500 / 7));
  });

  it('writes nothing for no rows', async () => {
    const { db: kysely, dialect } = t.kernel.database;
    await insertRows(kysely, dialect, 'bulk_probe', ['id', 'c0'], []);
    expect(await kysely.selectFrom('bulk_probe').select('id').where('id', '>=', 10_000).execute()).toEqual(
      [],
    );
  });
});
