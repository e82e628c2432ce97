import { type ColumnDataType, sql } from 'kysely';
import type { AnyDb, Dialect } from './database.js';

/** What a column's definition adds to its name and type. */
export type ColumnOption =
  | 'primaryKey'
  | 'notNull'
  | 'unique'
  | { default: string | number }
  /** `table.column` this column points at (a foreign key). */
  | { references: string };

/** `[name, type, ...options]`: one column, in the order the table lists it. */
export type ColumnSpec = readonly [name: string, type: ColumnDataType, ...options: ColumnOption[]];

/** A named constraint or index over columns, in key order. */
export type NamedColumns = readonly [name: string, columns: readonly string[]];

export interface IndexSpec {
  name: string;
  columns: readonly string[];
  unique?: boolean;
  /** A partial index: only the rows where every condition holds. */
  where?: readonly IndexCondition[];
}

export type IndexCondition =
  | readonly [column: string, op: '>' | '>=' | '<' | '<=' | '=' | '<>', value: string | number]
  | readonly [column: string, op: 'is' | 'is not', value: null];

/** A table as a migration creates it: its columns, table constraints and indexes. */
export interface TableSpec {
  name: string;
  columns: readonly ColumnSpec[];
  /** A primary key over several columns (a one-column key is the column's `'primaryKey'`). */
  primaryKey?: NamedColumns;
  unique?: readonly NamedColumns[];
  /** Created after the table, in this order; `[name, columns]` is a plain index. */
  indexes?: readonly (NamedColumns | IndexSpec)[];
  /** SQLite stores the rows in the primary key's b-tree (`without rowid`); PostgreSQL ignores it. */
  withoutRowid?: boolean;
}

/**
 * Creates each table and then its indexes, in the order given, with the SQL the schema builder
 * writes for the same calls on either database. A migration that has run keeps its effect: a later
 * change to a table is a new migration (an `alterTable`), never an edit of the spec it created it by.
 */
export async function createTables(db: AnyDb, dialect: Dialect, tables: readonly TableSpec[]): Promise<void> {
  for (const table of tables) await createTable(db, dialect, table);
}

async function createTable(db: AnyDb, dialect: Dialect, t: TableSpec): Promise<void> {
  let q = db.schema.createTable(t.name);
  for (const [name, type, ...options] of t.columns)
    q = q.addColumn(name, type, (c) => {
      for (const o of options) {
        if (o === 'primaryKey') c = c.primaryKey();
        else if (o === 'notNull') c = c.notNull();
        else if (o === 'unique') c = c.unique();
        else if ('default' in o) c = c.defaultTo(o.default);
        else c = c.references(o.references);
      }
      return c;
    });
  // The builder types constraint columns by the columns it has seen; added in a loop it has seen none.
  if (t.primaryKey) q = q.addPrimaryKeyConstraint(t.primaryKey[0], t.primaryKey[1] as never[]);
  for (const [name, columns] of t.unique ?? []) q = q.addUniqueConstraint(name, columns as never[]);
  if (t.withoutRowid && dialect === 'sqlite') q = q.modifyEnd(sql`without rowid`);
  await q.execute();
  for (const index of t.indexes ?? []) {
    const spec: IndexSpec = 'name' in index ? index : { name: index[0], columns: index[1] };
    let i = db.schema
      .createIndex(spec.name)
      .on(t.name)
      .columns([...spec.columns]);
    if (spec.unique) i = i.unique();
    for (const [column, op, value] of spec.where ?? []) i = i.where(sql.ref(column), op, value);
    await i.execute();
  }
}
