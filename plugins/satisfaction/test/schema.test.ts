import { sql } from '@kehu/core';
import { createTestKehu, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { satisfactionPlugin } from '../src/index.js';

// The plugin's tables as the database has them after its migrations: on SQLite the DDL text itself,
// on PostgreSQL every column, constraint and index. The snapshot was taken from the migration as it
// was first written; a rewrite of the migration's code must leave the schema exactly as it was.
// One file per database: a shared snapshot file would list the other database's entry as obsolete,
// which fails a CI run.
const schemaFile = (dialect: string) => `./__snapshots__/schema.${dialect}.json`;
const asText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe.each(testDatabases())('the satisfaction schema on $name', (db) => {
  it('is the one the first migration created', async () => {
    const t = await createTestKehu(db, { plugins: [satisfactionPlugin] });
    try {
      const { db: k, dialect } = t.kernel.database;
      if (dialect === 'sqlite') {
        const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
          select type, name, sql from sqlite_master where name like 'sat\\_%' escape '\\' order by name`.execute(
          k,
        );
        await expect(asText(rows)).toMatchFileSnapshot(schemaFile(dialect));
        return;
      }
      const { rows: columns } = await sql`
        select table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
        from information_schema.columns
        where table_schema = current_schema() and table_name like 'sat\\_%'
        order by table_name, ordinal_position`.execute(k);
      const { rows: constraints } = await sql`
        select cl.relname as table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) as def
        from pg_constraint c join pg_class cl on cl.oid = c.conrelid
        where cl.relnamespace = current_schema()::regnamespace and cl.relname like 'sat\\_%'
        order by cl.relname, c.conname`.execute(k);
      const { rows: indexes } = await sql<{ tablename: string; indexname: string; indexdef: string }>`
        select tablename, indexname, indexdef from pg_indexes
        where schemaname = current_schema() and tablename like 'sat\\_%'
        order by tablename, indexname`.execute(k);
      const { rows: schema } = await sql<{ s: string }>`select current_schema() as s`.execute(k);
      const here = schema[0]!.s;
      const described = {
        columns,
        constraints,
        indexes: indexes.map((i) => ({ ...i, indexdef: i.indexdef.replaceAll(here, '<schema>') })),
      };
      await expect(asText(described)).toMatchFileSnapshot(schemaFile(dialect));
    } finally {
      await t.close();
    }
  });
});
