import { CompiledQuery, sql } from 'kysely';
import type { Dialect, Executor } from '../db/database.js';
import type { QueryCache } from './query-cache.js';

const SEQUENCE = 'customer.code';
/** PostgreSQL: the sequence customer codes are drawn from (see {@link nextCustomerCodes}). */
export const CODE_SEQUENCE = 'kehu_customer_code_seq';
const GENERATED = /^C(\d{1,15})$/;

/** The generated code of counter value `n`: C000001, … */
export const generatedCode = (n: number): string => `C${String(n).padStart(6, '0')}`;

const drawFromSequence = (count: number) =>
  CompiledQuery.raw(`select nextval('${CODE_SEQUENCE}') as value from generate_series(1, $1::int)`, [count]);

/**
 * `count` new customer codes (C000001, C000002, …). A code typed in by hand in the same shape moves
 * the counter past it ({@link reserveCustomerCodes}), so a drawn code is never taken and needs no
 * check.
 *
 * PostgreSQL draws from a sequence, which locks nothing until the transaction ends: concurrent
 * creates do not wait for each other. A transaction that rolls back leaves its numbers unused
 * (gaps); codes stay unique and increase in the order they are drawn. SQLite counts in the
 * `kehu_sequence` row, without gaps: its writers are serialised anyway.
 */
export async function nextCustomerCodes(
  trx: Executor,
  dialect: Dialect,
  count: number,
  cache?: QueryCache,
): Promise<string[]> {
  if (count <= 0) return [];
  if (dialect === 'postgres') {
    const { rows } = await trx.executeQuery<{ value: string | number }>(drawFromSequence(count));
    return rows
      .map((r) => Number(r.value))
      .sort((x, y) => x - y)
      .map(generatedCode);
  }
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
  return Array.from({ length: count }, (_, i) => generatedCode(last - count + 1 + i));
}

/** Moves the counter past hand-typed codes that look generated (C000123), so it never draws them. */
export async function reserveCustomerCodes(
  trx: Executor,
  dialect: Dialect,
  codes: readonly string[],
): Promise<void> {
  let max = 0;
  for (const code of codes) {
    const m = GENERATED.exec(code);
    if (m) max = Math.max(max, Number(m[1]));
  }
  if (max === 0) return;
  if (dialect === 'postgres') return reserveInSequence(trx, max);
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

/**
 * The sequence only ever moves forward, so a counter already past `max` needs nothing. Otherwise
 * `setval` must not race a concurrent `nextval` (it could move the sequence back below a number
 * just drawn): `alter sequence` takes the lock that `nextval` waits for, until this transaction
 * ends (and waits itself for transactions that have drawn). `owned by none` changes nothing for
 * this sequence and does not rewrite it.
 */
async function reserveInSequence(trx: Executor, max: number): Promise<void> {
  const passed = async () => {
    const { rows } = await trx.executeQuery<{ last: string | number }>(
      CompiledQuery.raw(
        `select case when is_called then last_value else last_value - 1 end as last from ${CODE_SEQUENCE}`,
      ),
    );
    return Number(rows[0]!.last) >= max;
  };
  if (await passed()) return;
  await trx.executeQuery(CompiledQuery.raw(`alter sequence ${CODE_SEQUENCE} owned by none`));
  if (await passed()) return;
  await trx.executeQuery(CompiledQuery.raw(`select setval('${CODE_SEQUENCE}', $1::bigint)`, [max]));
}
