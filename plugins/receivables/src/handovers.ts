import { type Executor, endOfMonth, newId, notFound, type Trx, type z } from '@kehu/core';
import { lockCustomer } from './balances.js';
import { type Actor, actorId, type Deps, nowIso, today } from './context.js';
import { changeInvoice, type InvoiceRow } from './invoice-store.js';
import type { HandoverSchema } from './routes/response-schemas.js';
import { toWriteOff, type WriteOff } from './write-offs.js';

export type HandoverBalance = Handover['balances'][number];

export type Handover = z.infer<typeof HandoverSchema>;

export const toHandover = (r: Record<string, any>): Handover => ({
  id: r.id,
  customerId: r.customer_id,
  fromId: r.from_id ?? null,
  toId: r.to_id ?? null,
  date: r.handed_over_on,
  source: r.source,
  reason: r.reason,
  balances: JSON.parse(r.balances),
  unconfirmedBalances: JSON.parse(r.unconfirmed_balances ?? '[]'),
  createdBy: r.created_by ?? null,
  createdAt: r.created_at,
});

/**
 * 应收账款移交: records the open balances a predecessor hands to a successor on a date and makes the
 * successor responsible for those invoices. Returns undefined when the predecessor had nothing open
 * for the customer and `always` is not set. `sourceEventId` makes a redelivered owner-change event a no-op.
 */
export async function recordHandover(
  deps: Deps,
  trx: Trx,
  input: {
    customerId: string;
    fromId: string | null;
    toId: string | null;
    source: Handover['source'];
    reason: string;
    sourceEventId?: string;
    always?: boolean;
  },
  actor: Actor,
): Promise<Handover | undefined> {
  if (input.sourceEventId) {
    const seen = await trx
      .selectFrom('rcv_handover')
      .select('id')
      .where('source_event_id', '=', input.sourceEventId)
      .executeTakeFirst();
    if (seen) return undefined;
  }
  await lockCustomer(deps, trx, input.customerId);
  let q = trx
    .selectFrom('rcv_invoice')
    .selectAll()
    .where('customer_id', '=', input.customerId)
    .where('outstanding', '>', 0)
    .where('status', 'in', ['open', 'partially_paid']);
  q = input.fromId ? q.where('responsible_id', '=', input.fromId) : q.where('responsible_id', 'is', null);
  const open = (await q.orderBy('due_date').execute()) as InvoiceRow[];
  if (open.length === 0 && !input.always) return undefined;
  const on = today(deps);
  // Only what the customer confirmed passes: an invoice issued by the end of the last confirmed
  // statement month is in a balance the customer signed for.
  const confirmedThrough = await confirmedThroughByCurrency(trx, input.customerId);
  const isConfirmed = (inv: InvoiceRow) => {
    const through = confirmedThrough.get(inv.currency);
    return !!through && inv.issue_date <= endOfMonth(through);
  };
  const passed = open.filter(isConfirmed);
  const kept = open.filter((inv) => !isConfirmed(inv));
  const totals = (invoices: InvoiceRow[]): HandoverBalance[] => {
    const byCurrency = new Map<string, HandoverBalance>();
    for (const inv of invoices) {
      const b = byCurrency.get(inv.currency) ?? {
        currency: inv.currency,
        outstanding: 0,
        overdue: 0,
        invoices: 0,
      };
      b.outstanding += Number(inv.outstanding);
      if (inv.due_date < on) b.overdue += Number(inv.outstanding);
      b.invoices++;
      byCurrency.set(inv.currency, b);
    }
    return [...byCurrency.values()];
  };
  const row = {
    id: newId(),
    customer_id: input.customerId,
    from_id: input.fromId,
    to_id: input.toId,
    handed_over_on: on,
    source: input.source,
    source_event_id: input.sourceEventId ?? null,
    reason: input.reason,
    balances: JSON.stringify(totals(passed)),
    unconfirmed_balances: JSON.stringify(totals(kept)),
    created_by: actorId(actor),
    created_at: nowIso(deps),
  };
  await trx.insertInto('rcv_handover').values(row).execute();
  for (const inv of passed) {
    await trx
      .insertInto('rcv_handover_item')
      .values({
        handover_id: row.id,
        invoice_id: inv.id,
        currency: inv.currency,
        outstanding: Number(inv.outstanding),
      })
      .execute();
    await changeInvoice(
      deps,
      trx,
      { ...inv, outstanding: Number(inv.outstanding) },
      { responsible_id: input.toId },
    );
  }
  await deps.audit.record(trx, {
    entityType: 'receivables_handover',
    entityId: row.id,
    customerId: input.customerId,
    action: 'handover',
    actor: actorId(actor),
    changes: { responsibleId: { from: input.fromId, to: input.toId } },
    reason: input.reason,
  });
  await deps.hooks.emit(trx, 'receivables.handover.recorded', {
    handoverId: row.id,
    customerId: input.customerId,
    fromId: input.fromId,
    toId: input.toId,
    on,
  });
  return toHandover(row);
}

/** The last month with a confirmed statement, per currency, of one customer. */
async function confirmedThroughByCurrency(trx: Executor, customerId: string): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom('rcv_statement')
    .select((eb) => ['currency', eb.fn.max('period').as('period')])
    .where('customer_id', '=', customerId)
    .where('status', '=', 'confirmed')
    .groupBy('currency')
    .execute();
  return new Map(rows.map((r) => [r.currency as string, r.period as string]));
}

/**
 * A handover with the bad debts charged to the predecessor: those discovered (the write-off
 * requested) within the liability window after it, decided when the write-off was approved.
 */
export async function handoverReport(
  deps: Deps,
  db: Executor,
  id: string,
): Promise<
  Handover & {
    invoices: { invoiceId: string; currency: string; outstanding: number }[];
    writeOffsChargedToPredecessor: WriteOff[];
  }
> {
  const h = await db.selectFrom('rcv_handover').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw notFound('Handover', id);
  const items = await db.selectFrom('rcv_handover_item').selectAll().where('handover_id', '=', id).execute();
  const writeOffs = await db
    .selectFrom('rcv_write_off')
    .selectAll()
    .where('handover_id', '=', id)
    .where('status', '=', 'approved')
    .orderBy('decided_at')
    .execute();
  return {
    ...toHandover(h),
    invoices: items.map((i) => ({
      invoiceId: i.invoice_id,
      currency: i.currency,
      outstanding: Number(i.outstanding),
    })),
    writeOffsChargedToPredecessor: writeOffs.map(toWriteOff),
  };
}
