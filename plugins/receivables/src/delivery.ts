import type { Executor } from '@kehu/core';
import { addMonths, daysBetween } from '@kehu/core';
import { type Deps, today } from './context.js';
import type { DeliveryCheck } from './contract.js';

/**
 * 严控问题渠道发货: may goods go out to this customer? Not while anything is unpaid more than two
 * calendar months after its due date; the answer names the invoices that hold the delivery, so the
 * warehouse or ERP can tell the salesperson what has to be paid first.
 */
export async function deliveryCheck(
  deps: Deps,
  customerId: string,
  trx: Executor = deps.db,
): Promise<DeliveryCheck> {
  const on = today(deps);
  const limit = addMonths(on, -2);
  const rows = await trx
    .selectFrom('rcv_invoice')
    .select(['id', 'number', 'due_date', 'outstanding', 'currency'])
    .where('customer_id', '=', customerId)
    .where('outstanding', '>', 0)
    .where('status', 'in', ['open', 'partially_paid'])
    .where('due_date', '<', limit)
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  const blocking = rows.map((r) => ({
    invoiceId: r.id,
    number: r.number,
    dueDate: r.due_date,
    daysOverdue: daysBetween(r.due_date, on),
    outstanding: Number(r.outstanding),
    currency: r.currency,
  }));
  return {
    customerId,
    allowed: blocking.length === 0,
    reasons:
      blocking.length === 0
        ? []
        : [
            {
              code: 'unpaid_over_two_months',
              detail: `${blocking.length} invoice(s) unpaid more than two months after their due date (the oldest due ${blocking[0]!.dueDate}): no further deliveries until they are paid (严控问题渠道发货)`,
            },
          ],
    blockingInvoices: blocking,
    checkedOn: on,
  };
}
