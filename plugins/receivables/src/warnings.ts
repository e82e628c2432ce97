import { endOfMonth, monthKey, newId, notFound, type Principal, ProblemError, type z } from '@kehu/core';
import { type Deps, nowIso, today } from './context.js';
import { assertDate } from './invoices.js';
import { fieldProblem, stateConflict } from './problems.js';
import { answerBy } from './reminders.js';
import { responsibleFor } from './responsibility.js';
import type { WarningSchema } from './routes/response-schemas.js';
import { warningActivity } from './warning-activity.js';

export type Warning = z.infer<typeof WarningSchema>;

export const toWarning = (r: Record<string, any>): Warning => ({
  id: r.id,
  invoiceId: r.invoice_id,
  ...(r.number ? { invoiceNumber: r.number } : {}),
  customerId: r.customer_id,
  period: r.period,
  responsibleId: r.responsible_id ?? null,
  dueDate: r.due_date,
  outstanding: Number(r.outstanding),
  currency: r.currency,
  raisedAt: r.raised_at,
  answerBy: answerBy(r.period),
  answered: !!r.answered_at,
  answeredAt: r.answered_at ?? null,
  answeredBy: r.answered_by ?? null,
  reason: r.reason ?? null,
  measures: r.measures ?? null,
  expectedPaymentDate: r.expected_payment_date ?? null,
});

const BATCH = 200;

/**
 * The mid-month warning (预警): every open invoice that will be overdue by the end of this month gets
 * one warning for the month, assigned to its responsible person (else the customer's owner). Raising
 * twice in a month adds nothing: one warning per invoice and month.
 */
export async function raiseWarnings(
  deps: Deps,
  on: string = today(deps),
): Promise<{ raised: number; period: string }> {
  const period = monthKey(on);
  const monthEnd = endOfMonth(period);
  let raised = 0;
  for (;;) {
    const rows = await deps.db
      .selectFrom('rcv_invoice as i')
      .leftJoin('rcv_warning as w', (j) => j.onRef('w.invoice_id', '=', 'i.id').on('w.period', '=', period))
      .select([
        'i.id',
        'i.customer_id',
        'i.number',
        'i.due_date',
        'i.outstanding',
        'i.currency',
        'i.responsible_id',
      ])
      .where('i.outstanding', '>', 0)
      .where('i.status', 'in', ['open', 'partially_paid'])
      // Overdue on the last day of the month: due before it.
      .where('i.due_date', '<', monthEnd)
      .where('w.id', 'is', null)
      .orderBy('i.due_date')
      .orderBy('i.id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    // Owners of the batch's customers in one read: a warning without a responsible person goes to the owner.
    const customers = await deps.customers.summaries(rows.map((r) => r.customer_id as string));
    await deps.transaction(async (trx) => {
      for (const r of rows) {
        // The invoice's responsible person while they can answer, else the customer's owner.
        const responsibleId = await responsibleFor(
          deps,
          trx,
          r.customer_id,
          r.responsible_id ?? customers.get(r.customer_id as string)?.ownerId ?? null,
        );
        const w = {
          id: newId(),
          invoice_id: r.id,
          customer_id: r.customer_id,
          period,
          responsible_id: responsibleId,
          due_date: r.due_date,
          outstanding: Number(r.outstanding),
          currency: r.currency,
          raised_at: nowIso(deps),
          answered_at: null,
          answered_by: null,
          reason: null,
          measures: null,
          expected_payment_date: null,
        };
        const res = await trx
          .insertInto('rcv_warning')
          .values(w)
          .onConflict((oc) => oc.columns(['invoice_id', 'period']).doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) continue;
        raised++;
        await deps.hooks.emit(trx, 'receivables.warning.raised', {
          warningId: w.id,
          invoiceId: r.id,
          customerId: r.customer_id,
          responsibleId: w.responsible_id,
          period,
          dueDate: r.due_date,
          outstanding: w.outstanding,
          currency: r.currency,
        });
        await warningActivity(deps, trx, w, r.number, monthEnd);
      }
    });
    if (rows.length < BATCH) break;
  }
  return { raised, period };
}

/** The responsible person's answer: why it is late, what they do about it, when the money comes. */
export async function answerWarning(
  deps: Deps,
  id: string,
  answer: { reason: string; measures: string; expectedPaymentDate: string },
  principal: Principal,
): Promise<Warning> {
  assertDate(answer.expectedPaymentDate, 'body.expectedPaymentDate');
  if (answer.expectedPaymentDate < today(deps)) {
    throw fieldProblem(
      422,
      'date_in_past',
      'The expected payment date is before today',
      'body.expectedPaymentDate',
    );
  }
  return deps.transaction(async (trx) => {
    const w = await trx.selectFrom('rcv_warning').selectAll().where('id', '=', id).executeTakeFirst();
    // Someone who may not see the warning learns no more than from a warning that does not exist.
    const responsible = !!w && w.responsible_id === principal.id;
    const customer =
      w && !responsible ? await deps.customers.get(w.customer_id, trx, { withDeleted: true }) : undefined;
    const visible = responsible || (!!customer && (await deps.customers.canSee(principal, customer, trx)));
    if (!w || !visible) throw notFound('Warning', id);
    // Addressed to nobody who can answer it (no responsible person, or one who left): the customer's
    // owner answers; with no owner either, the managers who were given its activity.
    const answerer = responsible
      ? principal.id
      : await responsibleFor(deps, trx, w.customer_id, w.responsible_id ?? null);
    const managerTakesIt = answerer === null && principal.can('activities.team');
    if (w.responsible_id !== principal.id && answerer !== principal.id && !managerTakesIt) {
      throw new ProblemError({
        status: 403,
        code: 'not_responsible',
        detail: 'Only the responsible person answers this warning',
        data: { responsibleId: w.responsible_id },
      });
    }
    if (w.answered_at) throw stateConflict('already_answered', 'This warning has been answered');
    const patch = {
      answered_at: nowIso(deps),
      answered_by: principal.id,
      reason: answer.reason,
      measures: answer.measures,
      expected_payment_date: answer.expectedPaymentDate,
    };
    await trx.updateTable('rcv_warning').set(patch).where('id', '=', id).execute();
    await deps.activities.closeFor(
      trx,
      { type: 'receivables_warning', id },
      { by: principal.id, outcome: 'answered', note: answer.reason },
    );
    await deps.audit.record(trx, {
      entityType: 'receivables_warning',
      entityId: id,
      customerId: w.customer_id,
      action: 'answer',
      actor: principal,
      changes: { expectedPaymentDate: { from: null, to: answer.expectedPaymentDate } },
      reason: answer.reason,
    });
    return toWarning({ ...w, ...patch });
  });
}
