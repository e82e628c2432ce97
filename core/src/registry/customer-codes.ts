import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { QueryCache } from './query-cache.js';

const SEQUENCE = 'customer.code';
const GENERATED = /^C(\d{1,15})$/;

const format = (n: number): string => `C${String(n).padStart(6, '0')}`;

/**
 * `count` new customer codes from a counter row (C000001, C000002, …). A code typed in by hand in
 * the same shape moves the counter past it ({@link reserveCustomerCodes}), so a drawn code is never
 * taken and needs no check. The counter row stays locked until the transaction ends, so two writers
 * never draw the same number on PostgreSQL; SQLite serialises writers anyway.
 */
export async function nextCustomerCodes(trx: Executor, count: number, cache?: QueryCache): Promise<string[]> {
  if (count <= 0) return [];
  const build = () =>
    trx
      .insertInto('kehu_sequence')
      .values({ name: SEQUENCE, value: count })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`kehu_sequence.value + ${count}` }))
      .returning('value');
  const [row] = cache
    ? await cache.rows(trx, 'sequence:next', build, [SEQUENCE, count, count])
    : await build().execute();
  const last = Number(row!.value);
  return Array.from({ length: count }, (_, i) => format(last - count + 1 + i));
}

/** Moves the counter past hand-typed codes that look generated (C000123), so it never draws them. */
export async function reserveCustomerCodes(trx: Executor, codes: readonly string[]): Promise<void> {
  let max = 0;
  for (const code of codes) {
    const m = GENERATED.exec(code);
    if (m) max = Math.max(max, Number(m[1]));
  }
  if (max === 0) return;
  await trx
    .insertInto('kehu_sequence')
    .values({ name: SEQUENCE, value: max })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({
        value: sql`case when kehu_sequence.value < ${max} then ${max} else kehu_sequence.value end`,
      }),
    )
    .execute();
}
