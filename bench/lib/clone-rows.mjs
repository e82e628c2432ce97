import { newId } from '@kehu/core';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Bulk data for the benchmarks: rows the kernel wrote once through its API are cloned straight into
 * the SQLite file, so the data follows the kernel's schema whatever columns it grows.
 */

/** The SQLite file opened for bulk writes (WAL, no fsync): close it before a kernel opens it again. */
export function openForBulk(file) {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  return raw;
}

/** A prepared insert into `table` of every column `template` has, as named parameters. */
export function insertLike(raw, table, template) {
  const columns = Object.keys(template);
  return raw.prepare(
    `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
  );
}

/**
 * The `i`th clone of a template customer row: a new id, code `<prefix><i, 7 digits>`, name
 * `Customer <i>` (its match key to go with it) and no phone or email key, so no two clones are
 * duplicates of each other.
 */
export function customerClone(template, i, prefix) {
  return {
    ...template,
    id: newId(),
    code: `${prefix}${String(i).padStart(7, '0')}`,
    name: `Customer ${i}`,
    name_key: `customer${i}`,
    phone_key: null,
    email_key: null,
  };
}
