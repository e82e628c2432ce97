import { type Executor, newId, type Trx, type z } from '@kehu/core';
import { type Actor, actorId, type Deps, inTransaction, nowIso, today } from './context.js';
import { changeInvoice, loadInvoiceForUpdate, unknownInvoiceInBody } from './invoice-store.js';
import { assertDate } from './invoices.js';
import { nextNumber } from './numbering.js';
import { assertPeriodOpen } from './periods.js';
import { fieldProblem } from './problems.js';
import type { CreditNoteSchema } from './routes/response-schemas.js';

export const CREDIT_NOTE_KINDS = ['return', 'discount', 'compensation', 'other'] as const;
export type CreditNoteKind = (typeof CREDIT_NOTE_KINDS)[number];

export type CreditNote = z.infer<typeof CreditNoteSchema>;

export const toCreditNote = (r: Record<string, any>): CreditNote => ({
  id: r.id,
  number: r.number,
  invoiceId: r.invoice_id,
  customerId: r.customer_id,
  currency: r.currency,
  amount: Number(r.amount),
  kind: r.kind,
  reason: r.reason,
  date: r.issued_on,
  createdBy: r.created_by ?? null,
  createdAt: r.created_at,
});

/** A credit note (returns 退货, discounts 折价, compensation) reduces what an invoice still owes. */
export async function issueCreditNote(
  deps: Deps,
  input: { invoiceId: string; amount: number; kind: CreditNoteKind; reason: string; date?: string },
  actor: Actor,
  authorize: (customerId: string, trx: Trx) => Promise<void>,
  outer?: Trx,
): Promise<CreditNote> {
  const date = input.date ?? today(deps);
  assertDate(date, 'body.date');
  if (date > today(deps))
    throw fieldProblem(422, 'date_in_future', `The credit note date ${date} is after today`, 'body.date');
  if (!Number.isInteger(input.amount) || input.amount <= 0)
    throw fieldProblem(
      400,
      'non_positive_amount',
      'The amount must be a positive whole number of minor units',
      'body.amount',
    );
  return inTransaction(deps, outer, async (trx) => {
    const inv = await loadInvoiceForUpdate(deps, trx, input.invoiceId, unknownInvoiceInBody);
    await authorize(inv.customer_id, trx);
    if (inv.status === 'cancelled' || inv.status === 'written_off') {
      throw fieldProblem(
        422,
        `invoice_${inv.status}`,
        `Invoice ${inv.number} is ${inv.status.replace('_', ' ')}`,
        'body.invoiceId',
      );
    }
    if (input.amount > inv.outstanding) {
      throw fieldProblem(
        422,
        'exceeds_outstanding',
        `A credit note of ${input.amount} exceeds the outstanding ${inv.outstanding} of invoice ${inv.number}`,
        'body.amount',
        {
          outstanding: inv.outstanding,
        },
      );
    }
    // Like a payment, a credit note cannot take effect before the invoice it reduces.
    const issuedOn = date > inv.issue_date ? date : inv.issue_date;
    await assertPeriodOpen(trx, {
      customerId: inv.customer_id,
      currency: inv.currency,
      date: issuedOn,
      document: 'A credit note',
      path: 'body.date',
    });
    const row = {
      id: newId(),
      number: await nextNumber(trx, 'CN', date.slice(0, 4)),
      invoice_id: inv.id,
      customer_id: inv.customer_id,
      currency: inv.currency,
      amount: input.amount,
      kind: input.kind,
      reason: input.reason,
      issued_on: issuedOn,
      created_by: actorId(actor),
      created_at: nowIso(deps),
    };
    await trx.insertInto('rcv_credit_note').values(row).execute();
    await changeInvoice(deps, trx, inv, { credited_amount: Number(inv.credited_amount) + input.amount });
    await deps.audit.record(trx, {
      entityType: 'credit_note',
      entityId: row.id,
      customerId: inv.customer_id,
      action: 'issue',
      actor: actorId(actor),
      changes: { amount: { from: null, to: input.amount }, invoice: { from: null, to: inv.number } },
      reason: input.reason,
    });
    await deps.hooks.emit(trx, 'receivables.creditNote.issued', {
      creditNoteId: row.id,
      invoiceId: inv.id,
      customerId: inv.customer_id,
      amount: input.amount,
      currency: inv.currency,
      kind: input.kind,
    });
    return toCreditNote(row);
  });
}

export async function listCreditNotes(
  db: Executor,
  filter: { customerId?: string; invoiceId?: string },
): Promise<CreditNote[]> {
  let q = db.selectFrom('rcv_credit_note').selectAll().orderBy('created_at').orderBy('id');
  if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
  if (filter.invoiceId) q = q.where('invoice_id', '=', filter.invoiceId);
  return (await q.limit(500).execute()).map(toCreditNote);
}
