import type { Trx } from '@kehu/core';
import { addDays, addMonths, endOfMonth, formatMoney } from '@kehu/core';
import { type Deps, nowIso, today } from './context.js';
import { activityFor, responsibleFor } from './responsibility.js';
import { ensureWarningActivity } from './warning-activity.js';

/** The activity a reconciliation reminder gives the responsible person; overdue, the sales manager hears of it. */
export const RECONCILIATION_ACTIVITY_TYPE = 'receivables_reconciliation';

const BATCH = 200;

/** `YYYY-MM-10` of the month after `period`: the day by which its statement is reconciled. */
export const reconcileBy = (period: string): string => addMonths(`${period}-10`, 1);

/** The day by which a mid-month warning is answered: the end of its month, when the invoices fall overdue. */
export const answerBy = (period: string): string => endOfMonth(period);

/** Records that a reminder of this kind went out for this subject; false when it already had. */
async function once(trx: Trx, deps: Deps, kind: string, subjectId: string): Promise<boolean> {
  const res = await trx
    .insertInto('rcv_reminder')
    .values({ kind, subject_id: subjectId, raised_at: nowIso(deps) })
    .onConflict((oc) => oc.columns(['kind', 'subject_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Pages through rows not yet reminded of `kind`, in id order, so a run of any size stays short per query. */
async function eachUnreminded<R extends { id: string }>(
  fetch: (after: string) => Promise<R[]>,
  handle: (rows: R[]) => Promise<void>,
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await fetch(after);
    if (rows.length === 0) return;
    await handle(rows);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

/**
 * The daily reconciliation reminders, each raised once per subject whatever how often the job runs:
 * - `receivables.statement.unconfirmed`: a statement still not confirmed (draft or sent) after the
 *   10th of the following month;
 * - `receivables.dispute.overdue`: a dispute item open for more than two months;
 * - `receivables.warning.unanswered`: a mid-month warning nobody answered by the end of its month.
 *   A warning without anyone able to answer it is reassigned to the customer's owner.
 * Each names the responsible user (`responsibleId`) and becomes their activity (nobody responsible:
 * the managers'), due `reminderDueDays` later; overdue, the sales manager is told (the type's
 * escalation). Confirming the statement, resolving the dispute or answering the warning closes it.
 */
export async function raiseReminders(
  deps: Deps,
  on: string = today(deps),
): Promise<{ statements: number; disputes: number; warnings: number }> {
  const counts = { statements: 0, disputes: 0, warnings: 0 };
  const notReminded = (kind: string) => (eb: any) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('rcv_reminder as r')
          .select('r.subject_id')
          .where('r.kind', '=', kind)
          .whereRef('r.subject_id', '=', eb.ref('s.id')),
      ),
    );

  // Statements of months whose reconciliation day has passed: the period is before the month of
  // `on` less ten days, i.e. on ≥ the 11th of the month after it.
  const monthStart = `${on.slice(0, 7)}-01`;
  const previous = addMonths(monthStart, -1).slice(0, 7);
  const lastLatePeriod = on > reconcileBy(previous) ? previous : addMonths(monthStart, -2).slice(0, 7);
  await eachUnreminded(
    (after) =>
      deps.db
        .selectFrom('rcv_statement as s')
        .select(['s.id', 's.customer_id', 's.period', 's.currency', 's.closing', 's.status'])
        .where('s.status', 'in', ['draft', 'sent'])
        .where('s.period', '<=', lastLatePeriod)
        .where('s.id', '>', after)
        .where(notReminded('statement.unconfirmed'))
        .orderBy('s.id')
        .limit(BATCH)
        .execute(),
    (rows) =>
      deps.transaction(async (trx) => {
        for (const s of rows) {
          if (!(await once(trx, deps, 'statement.unconfirmed', s.id))) continue;
          counts.statements++;
          const responsibleId = await responsibleFor(deps, trx, s.customer_id, null);
          await deps.hooks.emit(trx, 'receivables.statement.unconfirmed', {
            statementId: s.id,
            customerId: s.customer_id,
            period: s.period,
            currency: s.currency,
            closing: Number(s.closing),
            status: s.status as 'draft' | 'sent',
            reconcileBy: reconcileBy(s.period),
            responsibleId,
          });
          await activityFor(deps, trx, responsibleId, {
            type: RECONCILIATION_ACTIVITY_TYPE,
            subject: `对账未确认：${s.period} 对账单（${formatMoney(Number(s.closing), s.currency, 'zh-CN')}）应于 ${reconcileBy(s.period)} 前由客户签回债权债务确认书`,
            customerId: s.customer_id,
            link: { type: 'statement', id: s.id },
            dueDate: addDays(on, deps.config.reminderDueDays),
            key: `reminder:statement:${s.id}`,
            closedBySource: true,
            data: { period: s.period, currency: s.currency, closing: Number(s.closing), status: s.status },
          });
        }
      }),
  );

  const twoMonthsAgo = addMonths(on, -2);
  await eachUnreminded(
    (after) =>
      deps.db
        .selectFrom('rcv_dispute_item as s')
        .innerJoin('rcv_statement as st', 'st.id', 's.statement_id')
        .select([
          's.id',
          's.statement_id',
          's.customer_id',
          's.amount',
          's.currency',
          's.reason',
          's.opened_on',
          'st.period',
        ])
        .where('s.status', '=', 'open')
        .where('s.opened_on', '<', twoMonthsAgo)
        .where('s.id', '>', after)
        .where(notReminded('dispute.overdue'))
        .orderBy('s.id')
        .limit(BATCH)
        .execute(),
    (rows) =>
      deps.transaction(async (trx) => {
        for (const d of rows) {
          if (!(await once(trx, deps, 'dispute.overdue', d.id))) continue;
          counts.disputes++;
          const responsibleId = await responsibleFor(deps, trx, d.customer_id, null);
          await deps.hooks.emit(trx, 'receivables.dispute.overdue', {
            disputeItemId: d.id,
            statementId: d.statement_id,
            customerId: d.customer_id,
            period: d.period,
            amount: Number(d.amount),
            currency: d.currency,
            reason: d.reason,
            openedOn: d.opened_on,
            responsibleId,
          });
          await activityFor(deps, trx, responsibleId, {
            type: RECONCILIATION_ACTIVITY_TYPE,
            subject: `对账争议超过两个月未解决：${d.period} ${formatMoney(Number(d.amount), d.currency, 'zh-CN')}（${d.reason}）`,
            customerId: d.customer_id,
            link: { type: 'dispute_item', id: d.id },
            dueDate: addDays(on, deps.config.reminderDueDays),
            key: `reminder:dispute:${d.id}`,
            closedBySource: true,
            data: {
              statementId: d.statement_id,
              period: d.period,
              amount: Number(d.amount),
              currency: d.currency,
            },
          });
        }
      }),
  );

  await eachUnreminded(
    (after) =>
      deps.db
        .selectFrom('rcv_warning as s')
        .select([
          's.id',
          's.invoice_id',
          's.customer_id',
          's.period',
          's.responsible_id',
          's.due_date',
          's.outstanding',
          's.currency',
        ])
        .where('s.answered_at', 'is', null)
        .where('s.period', '<', on.slice(0, 7))
        .where('s.id', '>', after)
        .where(notReminded('warning.unanswered'))
        .orderBy('s.id')
        .limit(BATCH)
        .execute(),
    (rows) =>
      deps.transaction(async (trx) => {
        for (const w of rows) {
          if (answerBy(w.period) >= on) continue;
          if (!(await once(trx, deps, 'warning.unanswered', w.id))) continue;
          counts.warnings++;
          const responsibleId = await responsibleFor(deps, trx, w.customer_id, w.responsible_id ?? null);
          if (responsibleId !== (w.responsible_id ?? null)) {
            await trx
              .updateTable('rcv_warning')
              .set({ responsible_id: responsibleId })
              .where('id', '=', w.id)
              .execute();
            await deps.audit.record(trx, {
              entityType: 'receivables_warning',
              entityId: w.id,
              customerId: w.customer_id,
              action: 'reassign',
              actor: null,
              changes: { responsibleId: { from: w.responsible_id ?? null, to: responsibleId } },
              reason: 'Unanswered, and its responsible person can no longer answer it',
            });
          }
          await ensureWarningActivity(deps, trx, { ...w, responsible_id: responsibleId }, answerBy(w.period));
          await deps.hooks.emit(trx, 'receivables.warning.unanswered', {
            warningId: w.id,
            invoiceId: w.invoice_id,
            customerId: w.customer_id,
            period: w.period,
            answerBy: answerBy(w.period),
            dueDate: w.due_date,
            outstanding: Number(w.outstanding),
            currency: w.currency,
            responsibleId,
          });
        }
      }),
  );
  return counts;
}
