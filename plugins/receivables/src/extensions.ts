import {
  ApprovalFlow,
  approvalTable,
  daysBetween,
  newId,
  type Principal,
  ProblemError,
  type Trx,
  type z,
} from '@kehu/core';
import { type Deps, today } from './context.js';
import { decideRequest, decisionFieldsOf, pendingColumns, pendingRequestOn } from './invoice-requests.js';
import { changeInvoice, loadInvoiceForUpdate, unknownInvoiceInBody } from './invoice-store.js';
import { assertDate } from './invoices.js';
import { fieldProblem, stateConflict } from './problems.js';
import type { ExtensionRequestSchema } from './routes/response-schemas.js';

export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>;

export const toExtension = (r: Record<string, any>): ExtensionRequest => ({
  id: r.id,
  invoiceId: r.invoice_id,
  customerId: r.customer_id,
  previousDueDate: r.previous_due_date,
  requestedDueDate: r.requested_due_date,
  reason: r.reason,
  ...decisionFieldsOf(r),
});

type Authorize = (customerId: string, trx: Trx) => Promise<void>;

/** Extension requests on the kernel's four-eyes flow; the rows stay in `rcv_extension`. */
const extensionFlow = (deps: Deps) =>
  new ApprovalFlow<ExtensionRequest>(deps, {
    type: 'extension_request',
    noun: 'extension request',
    permission: 'receivables.extensions.decide',
    codes: { notPending: 'already_decided' },
    ...approvalTable('rcv_extension', toExtension),
  });

/** 延期还款审批单: asks to move an invoice's due date; nothing changes until a manager approves. */
export async function requestExtension(
  deps: Deps,
  input: { invoiceId: string; requestedDueDate: string; reason: string },
  principal: Principal,
  authorize: Authorize,
): Promise<ExtensionRequest> {
  assertDate(input.requestedDueDate, 'body.requestedDueDate');
  return deps.transaction(async (trx) => {
    const inv = await loadInvoiceForUpdate(deps, trx, input.invoiceId, unknownInvoiceInBody);
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
    const pending = await pendingRequestOn(trx, 'rcv_extension', inv.id);
    if (pending)
      throw stateConflict(
        'extension_pending',
        `Invoice ${inv.number} already has a pending extension request`,
        { extensionId: pending },
      );
    const row = {
      id: newId(),
      invoice_id: inv.id,
      customer_id: inv.customer_id,
      previous_due_date: inv.due_date,
      requested_due_date: input.requestedDueDate,
      reason: input.reason,
      ...pendingColumns(deps, principal),
    };
    await trx.insertInto('rcv_extension').values(row).execute();
    const extension = toExtension(row);
    await extensionFlow(deps).opened(trx, extension, {
      by: principal,
      reason: input.reason,
      subject: `延期还款审批：发票 ${inv.number} 由 ${inv.due_date} 延至 ${input.requestedDueDate}`,
      data: { invoiceId: inv.id, invoiceNumber: inv.number, requestedDueDate: input.requestedDueDate },
    });
    return extension;
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
  return deps.transaction((trx) =>
    decideRequest(extensionFlow(deps), trx, id, decision, {
      by: principal,
      note,
      authorize: (ext) => authorize(ext.customerId, trx),
      apply: (t, ext) => moveDueDate(deps, t, ext, principal, options),
    }),
  );
}

/** An approved extension moves the invoice's due date, audited and announced. */
async function moveDueDate(
  deps: Deps,
  trx: Trx,
  ext: ExtensionRequest,
  principal: Principal,
  options: { aboveCeiling?: boolean },
): Promise<void> {
  const inv = await loadInvoiceForUpdate(deps, trx, ext.invoiceId);
  if (inv.status !== 'open' && inv.status !== 'partially_paid')
    throw stateConflict('invoice_not_open', `Invoice ${inv.number} is ${inv.status.replace('_', ' ')}`);
  const to = ext.requestedDueDate;
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
    reason: `Extension ${ext.id}: ${ext.reason}`,
  });
  await deps.hooks.emit(trx, 'receivables.invoice.dueDateMoved', {
    invoiceId: inv.id,
    customerId: inv.customer_id,
    number: inv.number,
    from: inv.due_date,
    to,
    extensionId: ext.id,
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
