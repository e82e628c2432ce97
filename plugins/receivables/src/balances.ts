import { type Executor, sql, type Trx } from '@kehu/core';
import { addToCells, CELL_TABLES, rebuildCells } from './ageing-cells.js';
import type { Deps } from './context.js';
import { nowIso } from './context.js';

/**
 * Serialises writes to one customer's receivables (allocation oldest-first, balance refresh) across
 * concurrent transactions. SQLite already runs one writer at a time.
 */
export async function lockCustomer(deps: Pick<Deps, 'dialect'>, trx: Trx, customerId: string): Promise<void> {
  if (deps.dialect === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ${':receivables:' + customerId}))`.execute(
      trx,
    );
}

/** What one invoice adds to the ageing cells; nothing when it has nothing outstanding. */
export interface CellContribution {
  currency: string;
  responsibleKey: string;
  dueDate: string;
  amount: number;
}

export const responsibleKey = (id: string | null): string => id ?? '';

export function contributionOf(row: {
  currency: string;
  responsible_id: string | null;
  due_date: string;
  outstanding: number;
  status: string;
}): CellContribution | null {
  if (!(Number(row.outstanding) > 0) || (row.status !== 'open' && row.status !== 'partially_paid'))
    return null;
  return {
    currency: row.currency,
    responsibleKey: responsibleKey(row.responsible_id),
    dueDate: row.due_date,
    amount: Number(row.outstanding),
  };
}

const sameCell = (a: CellContribution, b: CellContribution) =>
  a.currency === b.currency && a.responsibleKey === b.responsibleKey && a.dueDate === b.dueDate;

/**
 * Moves an invoice's contribution in the ageing cells from its old state to its new one, as a delta
 * (`amount = amount + Δ`) so concurrent writers on other invoices of the same cell never overwrite
 * each other.
 */
export async function moveCellContribution(
  trx: Trx,
  before: CellContribution | null,
  after: CellContribution | null,
): Promise<void> {
  if (before && after && sameCell(before, after)) {
    await addToCells(trx, after, after.amount - before.amount, 0);
    return;
  }
  if (before) await addToCells(trx, before, -before.amount, -1);
  if (after) await addToCells(trx, after, after.amount, 1);
}

/**
 * Recomputes a customer's balance row in one currency from its open invoices and unallocated
 * payments. Runs under {@link lockCustomer}, so the figures read are the ones committed with it.
 */
export async function refreshCustomerBalance(
  deps: Pick<Deps, 'clock'>,
  trx: Executor,
  customerId: string,
  currency: string,
): Promise<void> {
  const inv = await trx
    .selectFrom('rcv_invoice')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum('outstanding'), sql.lit(0)).as('outstanding'),
      eb.fn.countAll().as('n'),
      eb.fn.min('due_date').as('oldest'),
    ])
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('outstanding', '>', 0)
    .executeTakeFirstOrThrow();
  const pay = await trx
    .selectFrom('rcv_payment')
    .select((eb) => eb.fn.coalesce(eb.fn.sum('unallocated'), sql.lit(0)).as('credit'))
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'recorded')
    .where('unallocated', '>', 0)
    .executeTakeFirstOrThrow();
  const outstanding = Number(inv.outstanding);
  const credit = Number(pay.credit);
  if (outstanding === 0 && credit === 0) {
    await trx
      .deleteFrom('rcv_customer_balance')
      .where('customer_id', '=', customerId)
      .where('currency', '=', currency)
      .execute();
    return;
  }
  const row = {
    customer_id: customerId,
    currency,
    outstanding,
    open_invoices: Number(inv.n),
    oldest_due: (inv.oldest as string | null) ?? null,
    credit_balance: credit,
    updated_at: nowIso(deps),
  };
  await trx
    .insertInto('rcv_customer_balance')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['customer_id', 'currency']).doUpdateSet({
        outstanding: row.outstanding,
        open_invoices: row.open_invoices,
        oldest_due: row.oldest_due,
        credit_balance: row.credit_balance,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/**
 * Rebuilds the ageing cells and customer balances from the invoices and payments: after a bulk
 * import, or to repair derived data. Chunked by customer so it never holds the event loop long.
 */
export async function rebuildDerived(
  deps: Pick<Deps, 'db' | 'clock'>,
): Promise<{ cells: number; balances: number }> {
  const { db } = deps;
  await db.transaction().execute(async (trx) => {
    await rebuildCells(trx);
    await trx.deleteFrom('rcv_customer_balance').execute();
    const at = nowIso(deps);
    await sql`insert into rcv_customer_balance (customer_id, currency, outstanding, open_invoices, oldest_due, credit_balance, updated_at)
      select customer_id, currency, sum(outstanding), sum(n), min(oldest), sum(credit), ${at} from (
        select customer_id, currency, outstanding, 1 as n, due_date as oldest, 0 as credit from rcv_invoice where outstanding > 0
        union all
        select customer_id, currency, 0, 0, null, unallocated from rcv_payment where status = 'recorded' and unallocated > 0
      ) m group by customer_id, currency`.execute(trx);
  });
  const cells = await db
    .selectFrom(CELL_TABLES[CELL_TABLES.length - 1]!)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const balances = await db
    .selectFrom('rcv_customer_balance')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { cells: Number(cells.n), balances: Number(balances.n) };
}
