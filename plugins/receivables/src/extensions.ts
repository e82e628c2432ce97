import {
  assertNotOwnRequest,
  daysBetween,
  type Executor,
  newId,
  notFound,
  type Principal,
  ProblemError,
  type Trx,
} from '@kehu/core';
import { closeApproval, openApproval } from './approvals.js';
import { actorId, type Deps, nowIso, today } from './context.js';
import { changeInvoice, loadInvoiceForUpdate } from './invoice-store.js';
import { assertDate } from './invoices.js';
import { fieldProblem, stateConflict } from './problems.js';

export interface ExtensionRequest {
  id: string;
  invoiceId: string;
  customerId: string;
  previousDueDate: string;
  requestedDueDate: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  requestedBy: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export const toExtension = (r: Record<string, any>): ExtensionRequest => ({
  id: r.id,
  invoiceId: r.invoice_id,
  customerId: r.customer_id,
  previousDueDate: r.previous_due_date,
  requestedDueDate: r.requested_due_date,
  reason: r.reason,
  status: r.status,
  requestedBy: r.requested_by ?? null,
  requestedAt: r.requested_at,
  decidedBy: r.decided_by ?? null,
  decidedAt: r.decided_at ?? null,
  decisionNote: r.decision_note ?? null,
});

type Authorize = (customerId: string, trx: Trx) => Promise<void>;

/** 延期还款审批单: asks to move an invoice's due date; nothing changes until a manager approves. */
export async function requestExtension(
  deps: Deps,
  input: { invoiceId: string; requestedDueDate: string; reason: string },
  principal: Principal,
  authorize: Authorize,
): Promise<ExtensionRequest> {
  assertDate(input.requestedDueDate, 'body.requestedDueDate');
  return deps.transaction(async (trx) => {
    const inv = await loadInvoiceForUpdate(deps, trx, input.invoiceId).catch(() => {
      throw fieldProblem(
        422,
        'unknown_invoice',
        `Invoice ${input.invoiceId} does not exist`,
        'body.invoiceId',
      );
    });
    await authorize(inv.customer_id, trx);
    if (inv.status !== 'open' && inv.status !== 'partially_paid') {
      throw fieldProblem(
        422,
        'invoice_not_open',
        `Invoice ${inv.number} is ${inv.status.replace('_', ' ')}`,
        'body.invoiceId',
      );
    }
    if (input.requestedDueDate <= inv.due_date) {
      throw fieldProblem(
        422,
        'not_later',
        `The new due date must be after the current one (${inv.due_date})`,
        'body.requestedDueDate',
      );
    }
    const pending = await trx
      .selectFrom('rcv_extension')
      .select('id')
      .where('invoice_id', '=', inv.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending)
      throw stateConflict(
        'extension_pending',
        `Invoice ${inv.number} already has a pending extension request`,
        { extensionId: pending.id },
      );
    const row = {
      id: newId(),
      invoice_id: inv.id,
      customer_id: inv.customer_id,
      previous_due_date: inv.due_date,
      requested_due_date: input.requestedDueDate,
      reason: input.reason,
      status: 'pending',
      requested_by: principal.id,
      requested_at: nowIso(deps),
      decided_by: null,
      decided_at: null,
      decision_note: null,
    };
    await trx.insertInto('rcv_extension').values(row).execute();
    await deps.audit.record(trx, {
      entityType: 'extension_request',
      entityId: row.id,
      customerId: inv.customer_id,
      action: 'request',
      actor: principal,
      reason: input.reason,
    });
    await openApproval(deps, trx, {
      type: 'extension_request',
      id: row.id,
      customerId: inv.customer_id,
      permission: 'receivables.extensions.decide',
      subject: `延期还款审批：发票 ${inv.number} 由 ${inv.due_date} 延至 ${input.requestedDueDate}`,
      requestedBy: principal.id,
      data: { invoiceId: inv.id, invoiceNumber: inv.number, requestedDueDate: input.requestedDueDate },
    });
    return toExtension(row);
  });
}

/** A finance or sales manager decides; approval moves the due date, audited with the reason. */
export async function decideExtension(
  deps: Deps,
  id: string,
  decision: 'approved' | 'rejected',
  note: string | null,
  principal: Principal,
  authorize: Authorize,
  options: { aboveCeiling?: boolean } = {},
): Promise<ExtensionRequest> {
  return deps.transaction(async (trx) => {
    const ext = await trx.selectFrom('rcv_extension').selectAll().where('id', '=', id).executeTakeFirst();
    if (!ext) throw notFound('Extension request', id);
    await authorize(ext.customer_id, trx);
    if (ext.status !== 'pending') throw stateConflict('already_decided', `The request is ${ext.status}`);
    assertNotOwnRequest(ext.requested_by, principal.id, 'extension request');
    const patch = {
      status: decision,
      decided_by: principal.id,
      decided_at: nowIso(deps),
      decision_note: note,
    };
    if (decision === 'approved') {
      const inv = await loadInvoiceForUpdate(deps, trx, ext.invoice_id);
      if (inv.status !== 'open' && inv.status !== 'partially_paid')
        throw stateConflict('invoice_not_open', `Invoice ${inv.number} is ${inv.status.replace('_', ' ')}`);
      const to = ext.requested_due_date;
      assertWithinCeiling(deps, inv, to, principal, options.aboveCeiling === true);
      const stillOverdue = to < today(deps);
      await changeInvoice(deps, trx, inv, {
        due_date: to,
        overdue_since: stillOverdue ? inv.overdue_since : null,
      });
      await deps.audit.record(trx, {
        entityType: 'invoice',
        entityId: inv.id,
        customerId: inv.customer_id,
        action: 'due_date_moved',
        actor: principal,
        changes: { dueDate: { from: inv.due_date, to } },
        reason: `Extension ${id}: ${ext.reason}`,
      });
      await deps.hooks.emit(trx, 'receivables.invoice.dueDateMoved', {
        invoiceId: inv.id,
        customerId: inv.customer_id,
        number: inv.number,
        from: inv.due_date,
        to,
        extensionId: id,
      });
    }
    await trx.updateTable('rcv_extension').set(patch).where('id', '=', id).execute();
    await closeApproval(deps, trx, 'extension_request', id, decision, principal.id);
    await deps.audit.record(trx, {
      entityType: 'extension_request',
      entityId: id,
      customerId: ext.customer_id,
      action: decision === 'approved' ? 'approve' : 'reject',
      actor: actorId(principal),
      reason: note,
    });
    return toExtension({ ...ext, ...patch });
  });
}

/**
 * An extension may give at most `maxExtendedTermDays` from the issue date. Beyond that it needs an
 * explicit approval above the ceiling (`aboveCeiling: true`) by someone allowed to give one.
 */
function assertWithinCeiling(
  deps: Deps,
  inv: Record<string, any>,
  to: string,
  principal: Principal,
  aboveCeiling: boolean,
): void {
  const max = deps.config.maxExtendedTermDays;
  const termDays = daysBetween(inv.issue_date, to);
  if (termDays <= max) return;
  const data = { termDays, maxExtendedTermDays: max, invoiceNumber: inv.number };
  if (!aboveCeiling)
    throw fieldProblem(
      422,
      'term_exceeds_ceiling',
      `Moving invoice ${inv.number} to ${to} gives a term of ${termDays} days, above the ceiling of ${max} days; approve it explicitly above the ceiling (aboveCeiling: true) if that is intended`,
      'body.aboveCeiling',
      data,
    );
  if (!principal.can('receivables.extensions.approveAboveCeiling'))
    throw new ProblemError({
      status: 403,
      code: 'forbidden',
      detail: `Approving a term above ${max} days needs the permission receivables.extensions.approveAboveCeiling`,
      data,
    });
}

export async function listExtensions(db: Executor, filter: { status?: string; invoiceId?: string }) {
  let q = db
    .selectFrom('rcv_extension')
    .selectAll()
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.invoiceId) q = q.where('invoice_id', '=', filter.invoiceId);
  return (await q.execute()).map(toExtension);
}
