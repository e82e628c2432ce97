import { addDays, addMonths, daysBetween, type Executor, sql } from '@kehu/core';
import { type Deps, today } from './context.js';
import type { Standing } from './contract.js';

/**
 * How a customer stands: per-currency outstanding, overdue and credit balance; the oldest overdue
 * invoice; whether anything is unpaid more than two calendar months after its due date (then no
 * further deliveries, 严控问题渠道发货); and reconciliation disputes open more than two months.
 */
export async function standingOf(deps: Deps, customerId: string, trx: Executor = deps.db): Promise<Standing> {
  const on = today(deps);
  const rows = await trx
    .selectFrom('rcv_invoice')
    .select((eb) => [
      'currency',
      eb.fn.sum('outstanding').as('outstanding'),
      eb.fn
        .coalesce(
          eb.fn.sum(eb.case().when('due_date', '<', on).then(eb.ref('outstanding')).else(sql.lit(0)).end()),
          sql.lit(0),
        )
        .as('overdue'),
      eb.fn.min(eb.case().when('due_date', '<', on).then(eb.ref('due_date')).end()).as('oldest_overdue'),
    ])
    .where('customer_id', '=', customerId)
    .where('outstanding', '>', 0)
    .where('status', 'in', ['open', 'partially_paid'])
    .groupBy('currency')
    .execute();
  const credits = await trx
    .selectFrom('rcv_customer_balance')
    .select(['currency', 'credit_balance'])
    .where('customer_id', '=', customerId)
    .where('credit_balance', '>', 0)
    .execute();
  const balances = new Map<string, Standing['balances'][number]>();
  let oldest: string | null = null;
  for (const r of rows) {
    balances.set(r.currency, {
      currency: r.currency,
      outstanding: Number(r.outstanding),
      overdue: Number(r.overdue),
      creditBalance: 0,
    });
    const o = r.oldest_overdue as string | null;
    if (o && (!oldest || o < oldest)) oldest = o;
  }
  for (const c of credits) {
    const b = balances.get(c.currency) ?? {
      currency: c.currency,
      outstanding: 0,
      overdue: 0,
      creditBalance: 0,
    };
    b.creditBalance = Number(c.credit_balance);
    balances.set(c.currency, b);
  }
  const twoMonthsAgo = addMonths(on, -2);
  const disputes = await trx
    .selectFrom('rcv_dispute_item')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .where('opened_on', '<', twoMonthsAgo)
    .executeTakeFirstOrThrow();
  const unpaidOverTwoMonths = !!oldest && oldest < twoMonthsAgo;
  return {
    customerId,
    balances: [...balances.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    hasOverdue: !!oldest,
    oldestOverdueDays: oldest ? daysBetween(oldest, on) : 0,
    unpaidOverTwoMonths,
    disputesOpenOverTwoMonths: Number(disputes.n),
    deliveryBlocked: unpaidOverTwoMonths,
  };
}

export async function openExposure(
  deps: Deps,
  customerId: string,
  currency: string,
  trx: Executor = deps.db,
): Promise<number> {
  const r = await trx
    .selectFrom('rcv_invoice')
    .select((eb) => eb.fn.coalesce(eb.fn.sum('outstanding'), sql.lit(0)).as('o'))
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('outstanding', '>', 0)
    .where('status', 'in', ['open', 'partially_paid'])
    .executeTakeFirstOrThrow();
  return Number(r.o);
}

export interface ReceivablesFacet {
  balances: { currency: string; outstanding: number; overdue: number; dso: number | null }[];
  hasOverdue: boolean;
  oldestOverdueDays: number;
}

/**
 * DSO (days sales outstanding) = outstanding ÷ credit sales of the window × window days; null when the
 * window had no sales (nothing to measure against).
 */
export const dso = (outstanding: number, sales: number, windowDays: number): number | null =>
  sales > 0 ? Math.round((outstanding / sales) * windowDays * 10) / 10 : outstanding > 0 ? null : 0;

/** The `receivables` customer facet for a page of customers: one grouped query, whatever the page size. */
export async function loadFacet(
  deps: Deps,
  ids: readonly string[],
  trx: Executor,
): Promise<Map<string, ReceivablesFacet>> {
  const on = today(deps);
  const from = addDays(on, -deps.config.dsoWindowDays);
  const rows = await trx
    .selectFrom('rcv_invoice')
    .select((eb) => [
      'customer_id',
      'currency',
      eb.fn
        .sum(
          eb
            .case()
            .when('status', 'in', ['open', 'partially_paid'])
            .then(eb.ref('outstanding'))
            .else(sql.lit(0))
            .end(),
        )
        .as('outstanding'),
      eb.fn
        .sum(
          eb
            .case()
            .when(eb.and([eb('due_date', '<', on), eb('status', 'in', ['open', 'partially_paid'])]))
            .then(eb.ref('outstanding'))
            .else(sql.lit(0))
            .end(),
        )
        .as('overdue'),
      eb.fn
        .min(
          eb
            .case()
            .when(
              eb.and([
                eb('due_date', '<', on),
                eb('outstanding', '>', 0),
                eb('status', 'in', ['open', 'partially_paid']),
              ]),
            )
            .then(eb.ref('due_date'))
            .end(),
        )
        .as('oldest'),
      eb.fn
        .sum(
          eb
            .case()
            .when(eb.and([eb('issue_date', '>', from), eb('status', '<>', 'cancelled')]))
            .then(eb.ref('total'))
            .else(sql.lit(0))
            .end(),
        )
        .as('sales'),
    ])
    .where('customer_id', 'in', [...ids])
    .where((eb) => eb.or([eb('outstanding', '>', 0), eb('issue_date', '>', from)]))
    .groupBy(['customer_id', 'currency'])
    .execute();
  const out = new Map<string, ReceivablesFacet>();
  for (const r of rows) {
    const f = out.get(r.customer_id) ?? { balances: [], hasOverdue: false, oldestOverdueDays: 0 };
    const outstanding = Number(r.outstanding);
    f.balances.push({
      currency: r.currency,
      outstanding,
      overdue: Number(r.overdue),
      dso: dso(outstanding, Number(r.sales), deps.config.dsoWindowDays),
    });
    if (r.oldest) {
      f.hasOverdue = true;
      f.oldestOverdueDays = Math.max(f.oldestOverdueDays, daysBetween(r.oldest as string, on));
    }
    out.set(r.customer_id, f);
  }
  for (const f of out.values()) f.balances.sort((a, b) => a.currency.localeCompare(b.currency));
  return out;
}
