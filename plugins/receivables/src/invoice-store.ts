import type { Executor, Trx } from '@kehu/core';
import { notFound } from '@kehu/core';
import { contributionOf, lockCustomer, moveCellContribution, refreshCustomerBalance } from './balances.js';
import type { Deps } from './context.js';
import { nowIso } from './context.js';
import type { Invoice, InvoiceStatus, StoredInvoiceLine } from './contract.js';
import { fieldProblem } from './problems.js';

/** An `rcv_invoice` row as both databases return it (money columns may arrive as strings or numbers). */
export type InvoiceRow = Record<string, any> & {
  id: string;
  customer_id: string;
  currency: string;
  due_date: string;
  responsible_id: string | null;
  status: InvoiceStatus;
  outstanding: number;
};

export function toInvoice(r: Record<string, any>): Invoice {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    issueDate: r.issue_date,
    termDays: Number(r.term_days),
    dueDate: r.due_date,
    currency: r.currency,
    lines: JSON.parse(r.lines) as StoredInvoiceLine[],
    total: Number(r.total),
    paidAmount: Number(r.paid_amount),
    creditedAmount: Number(r.credited_amount),
    writtenOffAmount: Number(r.written_off_amount),
    outstanding: Number(r.outstanding),
    status: r.status,
    responsibleId: r.responsible_id ?? null,
    reference: r.reference ?? null,
    correctionOf: r.correction_of ?? null,
    overdueSince: r.overdue_since ?? null,
    creditOverrideId: r.credit_override_id ?? null,
    cancelledAt: r.cancelled_at ?? null,
    cancelReason: r.cancel_reason ?? null,
    createdBy: r.created_by ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

const normalise = (r: Record<string, any>): InvoiceRow =>
  ({
    ...r,
    total: Number(r.total),
    paid_amount: Number(r.paid_amount),
    credited_amount: Number(r.credited_amount),
    written_off_amount: Number(r.written_off_amount),
    outstanding: Number(r.outstanding),
  }) as unknown as InvoiceRow;

export async function findInvoiceRow(trx: Executor, id: string): Promise<InvoiceRow | undefined> {
  const r = await trx.selectFrom('rcv_invoice').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? normalise(r) : undefined;
}

/** The invoice, read again after its customer's write lock is held, or a 404. */
export async function loadInvoiceForUpdate(
  deps: Deps,
  trx: Trx,
  id: string,
  missing: (id: string) => Error = (id) => notFound('Invoice', id),
): Promise<InvoiceRow> {
  const first = await findInvoiceRow(trx, id);
  if (!first) throw missing(id);
  await lockCustomer(deps, trx, first.customer_id);
  return (await findInvoiceRow(trx, id))!;
}

/** For {@link loadInvoiceForUpdate}: the invoice a request's body names does not exist (422 on `body.invoiceId`). */
export const unknownInvoiceInBody = (id: string): Error =>
  fieldProblem(422, 'unknown_invoice', `Invoice ${id} does not exist`, 'body.invoiceId');

/** Status follows the amounts, except the two terminal states a person decides. */
export function statusFor(row: { status: string; total: number; outstanding: number }): InvoiceStatus {
  if (row.status === 'cancelled' || row.status === 'written_off') return row.status;
  if (row.outstanding <= 0) return 'paid';
  return row.outstanding < row.total ? 'partially_paid' : 'open';
}

export interface InvoicePatch {
  paid_amount?: number;
  credited_amount?: number;
  written_off_amount?: number;
  status?: InvoiceStatus;
  due_date?: string;
  responsible_id?: string | null;
  overdue_since?: string | null;
  overdue_notified_due?: string | null;
  cancelled_at?: string;
  cancel_reason?: string;
}

/**
 * The one way an invoice changes after creation: recomputes outstanding and status, keeps the ageing
 * cells and the customer's balance in step, and announces an invoice that became paid. Call under
 * {@link lockCustomer} (see {@link loadInvoiceForUpdate}).
 */
export async function changeInvoice(
  deps: Deps,
  trx: Trx,
  before: InvoiceRow,
  patch: InvoicePatch,
): Promise<InvoiceRow> {
  const merged = normalise({ ...before, ...patch });
  // A cancelled invoice owes nothing; otherwise outstanding is what is left of the total.
  const cancelled = (patch.status ?? before.status) === 'cancelled';
  merged.outstanding = cancelled
    ? 0
    : merged.total - merged.paid_amount - merged.credited_amount - merged.written_off_amount;
  if (merged.outstanding < 0) throw new Error(`invoice ${before.id} would be over-settled`);
  merged.status =
    patch.status ??
    statusFor({ status: before.status, total: merged.total, outstanding: merged.outstanding });
  merged.updated_at = nowIso(deps);
  merged.version = Number(before.version) + 1;
  await trx
    .updateTable('rcv_invoice')
    .set({
      paid_amount: merged.paid_amount,
      credited_amount: merged.credited_amount,
      written_off_amount: merged.written_off_amount,
      outstanding: merged.outstanding,
      status: merged.status,
      due_date: merged.due_date,
      responsible_id: merged.responsible_id,
      overdue_since: merged.overdue_since,
      overdue_notified_due: merged.overdue_notified_due,
      cancelled_at: merged.cancelled_at ?? null,
      cancel_reason: merged.cancel_reason ?? null,
      updated_at: merged.updated_at,
      version: merged.version,
    })
    .where('id', '=', before.id)
    .execute();
  await moveCellContribution(trx, contributionOf(before), contributionOf(merged));
  await refreshCustomerBalance(deps, trx, before.customer_id, before.currency);
  if (merged.status === 'paid' && before.status !== 'paid') {
    await deps.hooks.emit(trx, 'receivables.invoice.paid', {
      invoiceId: before.id,
      customerId: before.customer_id,
      number: before.number,
      paidAt: merged.updated_at,
    });
  }
  return merged;
}
