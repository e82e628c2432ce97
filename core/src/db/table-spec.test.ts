import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabases } from '../testing/index.js';
import { createTables, type TableSpec } from './table-spec.js';

const TABLES: TableSpec[] = [
  {
    name: 'spec_parent',
    columns: [
      ['id', 'varchar(32)', 'primaryKey'],
      ['code', 'varchar(20)', 'notNull', 'unique'],
      ['qty', 'integer', 'notNull', { default: 0 }],
      ['note', 'text', { default: '[]' }],
    ],
  },
  {
    name: 'spec_child',
    columns: [
      ['parent_id', 'varchar(32)', 'notNull', { references: 'spec_parent.id' }],
      ['seq', 'integer', 'notNull'],
      ['flag', 'integer', 'notNull', { default: 1 }],
      ['label', 'varchar(20)'],
    ],
    primaryKey: ['spec_child_pk', ['parent_id', 'seq']],
    unique: [['spec_child_label', ['parent_id', 'label']]],
    indexes: [
      ['spec_child_seq', ['seq', 'parent_id']],
      // At most one flagged, labelled child per parent.
      {
        name: 'spec_child_one_flag',
        columns: ['parent_id'],
        unique: true,
        where: [
          ['flag', '=', 1],
          ['label', 'is not', null],
        ],
      },
    ],
    withoutRowid: true,
  },
];

describe.each(testDatabases())('createTables on $name', (testDb) => {
  it('creates the columns, constraints and indexes the spec lists, and the database enforces them', async () => {
    const { db, dialect, close } = await testDb.open();
    try {
      await createTables(db, dialect, TABLES);
      const parent = (values: Record<string, unknown>) =>
        db.insertInto('spec_parent').values(values).execute();
      const child = (values: Record<string, unknown>) => db.insertInto('spec_child').values(values).execute();

      await parent({ id: 'p1', code: 'A' });
      await parent({ id: 'p2', code: 'B', qty: 5 });
      expect(await db.selectFrom('spec_parent').selectAll().orderBy('id').execute()).toEqual([
        { id: 'p1', code: 'A', qty: 0, note: '[]' },
        { id: 'p2', code: 'B', qty: 5, note: '[]' },
      ]);
      await expect(parent({ id: 'p3', code: 'A' })).rejects.toThrow(); // unique
      await expect(parent({ id: 'p3', code: null })).rejects.toThrow(); // not null
      await expect(parent({ id: 'p1', code: 'C' })).rejects.toThrow(); // primary key

      await child({ parent_id: 'p1', seq: 1, label: 'x' });
      await expect(child({ parent_id: 'p9', seq: 1 })).rejects.toThrow(); // references
      await expect(child({ parent_id: 'p1', seq: 1, flag: 0 })).rejects.toThrow(); // composite key
      await expect(child({ parent_id: 'p1', seq: 2, flag: 0, label: 'x' })).rejects.toThrow(); // unique pair
      // The partial unique index: a second flagged, labelled child is refused; outside its condition not.
      await expect(child({ parent_id: 'p1', seq: 3, label: 'y' })).rejects.toThrow();
      await child({ parent_id: 'p1', seq: 4, flag: 0, label: 'z' });
      await child({ parent_id: 'p1', seq: 5 });
      await child({ parent_id: 'p1', seq: 6 });
      expect(
        (await db.selectFrom('spec_child').select(['seq', 'flag']).orderBy('seq').execute()).map(
          (r) => `${r.seq}:${r.flag}`,
        ),
      ).toEqual(['1:1', '4:0', '5:1', '6:1']);

      if (dialect === 'sqlite') {
        const rows = await sql<{ type: string; name: string; sql: string | null }>`
          select type, name, sql from sqlite_master where tbl_name = 'spec_child' order by name`.execute(db);
        const ddl = Object.fromEntries(rows.rows.map((r) => [r.name, r.sql]));
        expect(ddl.spec_child).toMatch(/\) without rowid$/);
        expect(ddl.spec_child_seq).toBe('CREATE INDEX "spec_child_seq" on "spec_child" ("seq", "parent_id")');
        expect(ddl.spec_child_one_flag).toBe(
          'CREATE UNIQUE INDEX "spec_child_one_flag" on "spec_child" ("parent_id") where "flag" = 1 and "label" is not null',
        );
      } else {
        const rows = await sql<{ indexname: string; indexdef: string }>`
          select indexname, indexdef from pg_indexes
          where schemaname = current_schema() and tablename = 'spec_child' order by indexname`.execute(db);
        expect(rows.rows.map((r) => r.indexname)).toEqual([
          'spec_child_label',
          'spec_child_one_flag',
          'spec_child_pk',
          'spec_child_seq',
        ]);
        expect(rows.rows.find((r) => r.indexname === 'spec_child_one_flag')?.indexdef).toMatch(
          /WHERE \(\(flag = 1\) AND \(label IS NOT NULL\)\)$/,
        );
      }
    } finally {
      await close();
    }
  });
});
