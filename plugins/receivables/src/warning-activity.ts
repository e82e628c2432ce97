import type { Trx } from '@kehu/core';
import type { Deps } from './context.js';
import { activityFor } from './responsibility.js';

export interface WarningForActivity {
  id: string;
  customer_id: string;
  responsible_id: string | null;
  outstanding: number;
  currency: string;
  due_date: string;
  period: string;
  invoice_id: string;
}

const keyOf = (warningId: string) => `warning:${warningId}`;

/**
 * The warning as an activity of the responsible person (nobody responsible: the managers'), due at
 * the end of the month (when the invoice would be overdue). Answering the warning completes it; left
 * unanswered, the kernel's `answer_required` escalation tells the sales manager.
 */
export async function warningActivity(
  deps: Deps,
  trx: Trx,
  w: WarningForActivity,
  number: string,
  answerBy: string,
): Promise<void> {
  try {
    await activityFor(deps, trx, w.responsible_id, {
      type: 'answer_required',
      subject: `应收预警：发票 ${number} 将于月底前逾期，请说明原因、催收措施和预计回款日期`,
      customerId: w.customer_id,
      link: { type: 'receivables_warning', id: w.id },
      dueDate: answerBy,
      key: keyOf(w.id),
      closedBySource: true,
      data: {
        invoiceId: w.invoice_id,
        invoiceNumber: number,
        dueDate: w.due_date,
        outstanding: w.outstanding,
        currency: w.currency,
        period: w.period,
      },
    });
  } catch (err) {
    // A responsible person who left keeps the warning on the list; the unanswered reminder reassigns it.
    if ((err as { code?: string }).code !== 'unknown_assignee') throw err;
  }
}

/**
 * An unanswered warning's activity is with its (possibly new) responsible person: reassigned when
 * someone else held it, created when nobody could be given one when it was raised.
 */
export async function ensureWarningActivity(
  deps: Deps,
  trx: Trx,
  w: WarningForActivity,
  answerBy: string,
): Promise<void> {
  const existing = await deps.activities.getByKey(keyOf(w.id), trx);
  if (existing) {
    if (existing.status === 'open' && w.responsible_id && existing.assigneeId !== w.responsible_id)
      await deps.activities.reassign(trx, existing.id, w.responsible_id, null);
    return;
  }
  const invoice = await trx
    .selectFrom('rcv_invoice')
    .select('number')
    .where('id', '=', w.invoice_id)
    .executeTakeFirst();
  await warningActivity(deps, trx, w, invoice?.number ?? w.invoice_id, answerBy);
}
