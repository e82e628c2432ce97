import { DomainError, type Executor, type Trx } from '@kehu/core';
import type { Deps } from './context.js';

export type RevenueSourceName = 'receivables' | 'imported';

export interface WindowRevenue {
  source: RevenueSourceName;
  /** Net revenue per customer; customers with revenue only before the window are listed with 0. */
  revenue: Map<string, bigint>;
}

/** Imported rows, with the same meaning as receivables' figures: in-window sums, earlier customers at 0. */
async function importedRevenue(
  trx: Executor,
  window: { from: string; to: string; currency: string },
): Promise<Map<string, bigint>> {
  const rows = await trx
    .selectFrom('ka_revenue')
    .select((eb) => [
      'customer_id',
      eb.fn
        .sum<string | number>(
          eb.case().when('revenue_on', '>=', window.from).then(eb.ref('amount')).else(0).end(),
        )
        .as('revenue'),
    ])
    .where('currency', '=', window.currency)
    .where('revenue_on', '<=', window.to)
    .groupBy('customer_id')
    .execute();
  return new Map(rows.map((r) => [r.customer_id as string, BigInt(r.revenue ?? 0)]));
}

/**
 * Revenue of the window in the reporting currency: receivables' invoices net of credit notes when
 * that plugin is enabled (and the source is `auto`), else imported rows; plus what other plugins
 * contribute through `keyAccounts.revenue`. Currencies are never mixed or converted.
 */
export async function windowRevenue(
  deps: Deps,
  trx: Trx,
  window: { from: string; to: string; currency: string },
): Promise<WindowRevenue> {
  const receivables = deps.config.revenueSource === 'auto' ? deps.receivables() : undefined;
  const revenue = receivables
    ? new Map(
        [...(await receivables.revenueByCustomer(window, trx))].map(([id, amount]) => [id, BigInt(amount)]),
      )
    : await importedRevenue(trx, window);
  const filtered = await deps.hooks.applyFilters(
    'keyAccounts.revenue',
    { ...window, contributions: [] },
    { trx, principal: null },
  );
  const foreign = filtered.contributions.filter((c) => c.currency !== window.currency);
  if (foreign.length > 0)
    throw new DomainError(
      'revenue_currency_mismatch',
      `The classification ranks in ${window.currency}; ${foreign[0]!.source} contributed revenue in ${foreign[0]!.currency}. Currencies are never mixed: convert before contributing`,
      { currency: window.currency, contributed: [...new Set(foreign.map((c) => c.currency))] },
    );
  for (const c of filtered.contributions)
    revenue.set(c.customerId, (revenue.get(c.customerId) ?? 0n) + BigInt(c.amount));
  return { source: receivables ? 'receivables' : 'imported', revenue };
}

/** Net revenue of each of `ids` in [from, to] (reporting currency), from the same source a run uses. */
export async function revenueOfCustomers(
  deps: Deps,
  db: Executor,
  ids: readonly string[],
  from: string,
  to: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const window = { from, to, currency: deps.config.reportingCurrency };
  const receivables = deps.config.revenueSource === 'auto' ? deps.receivables() : undefined;
  if (receivables) {
    const all = await receivables.revenueByCustomer(window, db as Trx);
    return ids.reduce((sum, id) => sum + (all.get(id) ?? 0), 0);
  }
  const row = await db
    .selectFrom('ka_revenue')
    .select((eb) => eb.fn.sum<string | number>('amount').as('total'))
    .where('customer_id', 'in', [...ids])
    .where('currency', '=', window.currency)
    .where('revenue_on', '>=', from)
    .where('revenue_on', '<=', to)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
