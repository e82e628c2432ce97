import { CompiledQuery } from 'kysely';
import type { Dialect, Executor } from '../db/database.js';

/**
 * Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535, so one chunk fits
 * either database.
 */
const MAX_PARAMETERS = 30_000;

const texts = new Map<string, string>();

/** `insert into "table" (…) values (…), (…)` for `count` rows, built once per shape and dialect. */
function insertText(dialect: Dialect, table: string, columns: readonly string[], count: number): string {
  const key = `${dialect}:${table}:${columns.length}:${count}:${columns.join(',')}`;
  let text = texts.get(key);
  if (!text) {
    const tuples: string[] = [];
    let n = 0;
    for (let r = 0; r < count; r++) {
      const marks: string[] = [];
      for (let c = 0; c < columns.length; c++) marks.push(dialect === 'postgres' ? `$${++n}` : '?');
      tuples.push(`(${marks.join(', ')})`);
    }
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
    // Few shapes occur (a full chunk and the rest of a batch), but an import of odd batch sizes
    // must not grow this without bound.
    if (texts.size >= 200) texts.delete(texts.keys().next().value!);
    texts.set(key, text);
  }
  return text;
}

/**
 * Inserts rows given as value arrays in `columns` order, as few multi-row statements as the
 * parameter limits allow. For bulk writes (imports), where building each row through Kysely's insert
 * builder costs more than SQLite takes to store it. The statement text repeats for full chunks, so
 * the SQLite statement cache prepares it once.
 */
export async function insertRows(
  trx: Executor,
  dialect: Dialect,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) for (const v of row) parameters.push(v);
    await trx.executeQuery(CompiledQuery.raw(insertText(dialect, table, columns, chunk.length), parameters));
  }
}
