import { type Executor, type RevenueYear, sql } from '@kehu/core';
import type { Deps } from './context.js';
import type { RevenueQuery } from './contract.js';

/**
 * Net revenue per customer in one currency: invoices issued in the window (cancelled ones never
 * count) less credit notes issued in it. Customers invoiced before the window are listed too, with
 * their in-window figure (0 or negative), so a caller tells "no revenue in the window" from "never
 * invoiced". Write-offs are bad debt, not reduced revenue, and do not count.
 *
 * Invoices and credit notes are grouped apart and merged here: the invoice query then streams
 * through the covering `rcv_invoice_revenue` index (currency, customer, date, status, total) in
 * customer order instead of sorting a million rows, which a union of both tables would force.
 */
export async function revenueByCustomer(
  deps: Deps,
  query: RevenueQuery,
  trx: Executor = deps.db,
): Promise<Map<string, number>> {
  const { from, to, currency } = query;
  const invoiced = await trx
    .selectFrom('rcv_invoice')
    .select((eb) => [
      'customer_id',
      eb.fn
        .sum<string | number>(
          eb.case().when('issue_date', '>=', from).then(eb.ref('total')).else(sql.lit(0)).end(),
        )
        .as('revenue'),
    ])
    .where('currency', '=', currency)
    .where('issue_date', '<=', to)
    .where('status', '<>', 'cancelled')
    .groupBy('customer_id')
    .execute();
  const credited = await trx
    .selectFrom('rcv_credit_note')
    .select((eb) => ['customer_id', eb.fn.sum<string | number>('amount').as('amount')])
    .where('currency', '=', currency)
    .where('issued_on', '>=', from)
    .where('issued_on', '<=', to)
    .groupBy('customer_id')
    .execute();
  const revenue = new Map(invoiced.map((r) => [r.customer_id as string, Number(r.revenue)]));
  for (const r of credited)
    revenue.set(r.customer_id as string, (revenue.get(r.customer_id as string) ?? 0) - Number(r.amount));
  return revenue;
}

/**
 * Net revenue per customer, year and currency (invoices by issue date, cancelled ones never, less
 * credit notes by their date) for the archive's value view: the `customer.revenueByYear` filter.
 */
export async function revenueByYear(
  trx: Executor,
  query: { customerIds: readonly string[] | null; toYear: number },
): Promise<RevenueYear[]> {
  const to = `${query.toYear}-12-31`;
  const out: RevenueYear[] = [];
  const parts = query.customerIds === null ? [null] : chunk(query.customerIds, 500);
  for (const ids of parts) {
    if (ids?.length === 0) continue;
    let invoiced = trx
      .selectFrom('rcv_invoice')
      .select([
        'customer_id',
        sql<string>`substr(issue_date, 1, 4)`.as('year'),
        'currency',
        'total as amount',
      ])
      .where('issue_date', '<=', to)
      .where('status', '<>', 'cancelled');
    let credited = trx
      .selectFrom('rcv_credit_note')
      .select((eb) => [
        'customer_id',
        sql<string>`substr(issued_on, 1, 4)`.as('year'),
        'currency',
        eb.neg(eb.ref('amount')).as('amount'),
      ])
      .where('issued_on', '<=', to);
    if (ids) {
      invoiced = invoiced.where('customer_id', 'in', ids);
      credited = credited.where('customer_id', 'in', ids);
    }
    const rows = await trx
      .selectFrom(invoiced.unionAll(credited as unknown as typeof invoiced).as('r'))
      .select((eb) => [
        'r.customer_id',
        'r.year',
        'r.currency',
        eb.fn.sum<string | number>('r.amount').as('revenue'),
      ])
      .groupBy(['r.customer_id', 'r.year', 'r.currency'])
      .execute();
    for (const r of rows)
      out.push({
        customerId: r.customer_id as string,
        year: Number(r.year),
        currency: r.currency as string,
        revenue: Number(r.revenue),
        source: 'receivables',
      });
  }
  return out;
}

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
