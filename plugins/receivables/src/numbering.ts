import { sql, type Trx } from '@kehu/core';

/**
 * The next document number of a series (`INV-2026-000042`): a counter row per prefix and year,
 * incremented inside the writing transaction, so numbers are unique and gap-free per committed write
 * (the row lock serialises concurrent writers on PostgreSQL).
 */
export async function nextNumber(trx: Trx, prefix: string, year: string): Promise<string> {
  const name = `${prefix}-${year}`;
  await trx
    .insertInto('rcv_sequence')
    .values({ name, value: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await trx
    .updateTable('rcv_sequence')
    .set({ value: sql`value + 1` })
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return `${name}-${String(Number(row.value)).padStart(6, '0')}`;
}
