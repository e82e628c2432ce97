import { daysBetween } from '@kehu/core';
import { type Deps, today } from './context.js';

const BATCH = 200;

/**
 * The daily overdue sweep: marks open invoices past their due date as overdue and announces each one
 * with `receivables.invoice.overdue` exactly once per due date (an approved extension gives the
 * invoice a new due date, and missing that one is news again). Safe to run any number of times.
 */
export async function sweepOverdue(deps: Deps, on: string = today(deps)): Promise<{ notified: number }> {
  let notified = 0;
  for (;;) {
    const rows = await deps.db
      .selectFrom('rcv_invoice')
      .selectAll()
      .where('outstanding', '>', 0)
      .where('due_date', '<', on)
      .where('status', 'in', ['open', 'partially_paid'])
      .where((eb) =>
        eb.or([
          eb('overdue_notified_due', 'is', null),
          eb('overdue_notified_due', '<>', eb.ref('due_date')),
          eb('overdue_since', 'is', null),
        ]),
      )
      .orderBy('due_date')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return { notified };
    await deps.transaction(async (trx) => {
      for (const r of rows) {
        const announce = r.overdue_notified_due !== r.due_date;
        const res = await trx
          .updateTable('rcv_invoice')
          .set({ overdue_since: r.overdue_since ?? on, overdue_notified_due: r.due_date })
          .where('id', '=', r.id)
          .where('due_date', '=', r.due_date)
          .executeTakeFirst();
        if (!announce || Number(res.numUpdatedRows) === 0) continue;
        notified++;
        await deps.hooks.emit(trx, 'receivables.invoice.overdue', {
          invoiceId: r.id,
          customerId: r.customer_id,
          number: r.number,
          dueDate: r.due_date,
          daysOverdue: daysBetween(r.due_date, on),
          outstanding: Number(r.outstanding),
          currency: r.currency,
        });
      }
    });
    if (rows.length < BATCH) return { notified };
  }
}
