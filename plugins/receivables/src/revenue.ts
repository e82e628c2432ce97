import { type Executor, sql } from '@kehu/core';
import type { Deps } from './context.js';
import type { RevenueQuery } from './contract.js';

/**
 * Net revenue per customer in one currency, in one grouped query: invoices issued in the window
 * (cancelled ones never count) less credit notes issued in it. Customers invoiced before the window
 * are listed too, with their in-window figure (0 or negative), so a caller tells "no revenue in the
 * window" from "never invoiced". Write-offs are bad debt, not reduced revenue, and do not count.
 */
export async function revenueByCustomer(
  deps: Deps,
  query: RevenueQuery,
  trx: Executor = deps.db,
): Promise<Map<string, number>> {
  const { from, to, currency } = query;
  const invoiced = trx
    .selectFrom('rcv_invoice')
    .select((eb) => [
      'customer_id',
      eb.case().when('issue_date', '>=', from).then(eb.ref('total')).else(sql.lit(0)).end().as('amount'),
    ])
    .where('currency', '=', currency)
    .where('issue_date', '<=', to)
    .where('status', '<>', 'cancelled');
  const credited = trx
    .selectFrom('rcv_credit_note')
    .select((eb) => ['customer_id', eb.neg(eb.ref('amount')).as('amount')])
    .where('currency', '=', currency)
    .where('issued_on', '>=', from)
    .where('issued_on', '<=', to);
  const rows = await trx
    .selectFrom(invoiced.unionAll(credited).as('r'))
    .select((eb) => ['r.customer_id', eb.fn.sum<string | number>('r.amount').as('revenue')])
    .groupBy('r.customer_id')
    .execute();
  return new Map(rows.map((r) => [r.customer_id as string, Number(r.revenue)]));
}
