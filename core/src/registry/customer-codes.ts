import { sql } from 'kysely';
import type { Executor } from '../db/database.js';

const SEQUENCE = 'customer.code';

const format = (n: number): string => `C${String(n).padStart(6, '0')}`;

/**
 * `count` unused customer codes from a counter row (C000001, C000002, …), skipping codes someone typed
 * in by hand. The counter row is locked until the transaction ends, so two writers never draw the same
 * number on PostgreSQL; SQLite serialises writers anyway.
 */
export async function nextCustomerCodes(trx: Executor, count: number): Promise<string[]> {
  const codes: string[] = [];
  while (codes.length < count) {
    const want = count - codes.length;
    const row = await trx
      .insertInto('kehu_sequence')
      .values({ name: SEQUENCE, value: want })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`kehu_sequence.value + ${want}` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    const last = Number(row.value);
    const drawn = Array.from({ length: want }, (_, i) => format(last - want + 1 + i));
    const taken = new Set<string>();
    for (let i = 0; i < drawn.length; i += 500) {
      const rows = await trx.selectFrom('customer').select('code').where('code', 'in', drawn.slice(i, i + 500)).execute();
      for (const r of rows) taken.add(r.code as string);
    }
    codes.push(...drawn.filter((c) => !taken.has(c)));
  }
  return codes;
}
