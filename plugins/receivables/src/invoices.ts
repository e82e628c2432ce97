import {
  addDays,
  daysBetween,
  type Executor,
  isBusinessDate,
  isCurrency,
  MAX_MONEY_AMOUNT,
  multiplyMoney,
  newId,
  type Trx,
  type z,
} from '@kehu/core';
import { contributionOf, lockCustomer, moveCellContribution, refreshCustomerBalance } from './balances.js';
import { type Actor, actorId, type Deps, inTransaction, nowIso, principalOf, today } from './context.js';
import type { Invoice, InvoiceDraft, InvoiceInput } from './contract.js';
import { changeInvoice, findInvoiceRow, loadInvoiceForUpdate, toInvoice } from './invoice-store.js';
import { nextNumber } from './numbering.js';
import { assertPeriodOpen } from './periods.js';
import { fieldProblem, stateConflict } from './problems.js';
import type { InvoiceHistorySchema } from './routes/response-schemas.js';

/** Refuses a currency that is not ISO 4217, or not among the configured ones. */
export function assertCurrency(deps: Deps, currency: string, path: string): void {
  if (!isCurrency(currency))
    throw fieldProblem(422, 'unknown_currency', `${currency} is not an ISO 4217 currency code`, path);
  const allowed = deps.config.currencies;
  if (allowed && !allowed.includes(currency)) {
    throw fieldProblem(
      422,
      'currency_not_accepted',
      `${currency} is not accepted; accepted: ${allowed.join(', ')}`,
      path,
    );
  }
}

/** quantity × unit price, exact (BigInt in core), rounded half away from zero to the minor unit. */
function lineAmount(line: { quantity: number; unitPrice: number }): number {
  try {
    return multiplyMoney(line.quantity, line.unitPrice);
  } catch (err) {
    if (err instanceof RangeError)
      throw fieldProblem(422, 'amount_too_large', `A line amount is too large: ${err.message}`, 'body.lines');
    throw err;
  }
}

function invoiceTotal(lines: readonly { quantity: number; unitPrice: number }[]): number {
  return lines.reduce((sum, l) => sum + lineAmount(l), 0);
}

export function assertDate(date: string, path: string): void {
  if (!isBusinessDate(date))
    throw fieldProblem(400, 'invalid_date', `${date} is not a date that exists`, path);
}

/** Checks the draft after filters ran too: another plugin may adjust it, but not into something invalid. */
function assertDraft(deps: Deps, draft: InvoiceDraft, prefix: string): void {
  const max = deps.config.maxTermDays;
  if (!Number.isInteger(draft.termDays) || draft.termDays < 0)
    throw fieldProblem(400, 'invalid_term', 'termDays must be a whole number of days', `${prefix}termDays`);
  if (draft.termDays > max) {
    throw fieldProblem(
      422,
      'term_exceeds_ceiling',
      `A credit term of ${draft.termDays} days exceeds the ceiling of ${max} days`,
      `${prefix}termDays`,
      {
        termDays: draft.termDays,
        maxTermDays: max,
      },
    );
  }
  assertCurrency(deps, draft.currency, `${prefix}currency`);
  if (!(draft.total > 0))
    throw fieldProblem(
      422,
      'non_positive_total',
      'The invoice total must be more than zero',
      `${prefix}lines`,
    );
  if (draft.total > MAX_MONEY_AMOUNT)
    throw fieldProblem(422, 'amount_too_large', 'The invoice total is too large', `${prefix}lines`);
}

/**
 * Creates an invoice: numbers it, derives the due date from the term, defaults the responsible person
 * to the customer's owner, runs `receivables.invoice.beforeCreate` inside the transaction (credit may
 * refuse or adjust it), and records audit, ageing and balance in the same transaction.
 */
export async function createInvoice(
  deps: Deps,
  input: InvoiceInput,
  actor: Actor,
  trx?: Trx,
): Promise<Invoice> {
  const issueDate = input.issueDate ?? today(deps);
  assertDate(issueDate, 'body.issueDate');
  if (issueDate > today(deps))
    throw fieldProblem(422, 'date_in_future', `The issue date ${issueDate} is after today`, 'body.issueDate');
  const currency = input.currency ?? deps.config.defaultCurrency;
  const termDays = input.termDays ?? deps.config.defaultTermDays;
  const lines = input.lines.map((l) => ({
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    amount: lineAmount(l),
  }));
  const initial: InvoiceDraft = {
    customerId: input.customerId,
    issueDate,
    termDays,
    dueDate: addDays(issueDate, termDays),
    currency,
    lines,
    total: invoiceTotal(lines),
    responsibleId: input.responsibleId ?? null,
    creditOverrideId: input.creditOverrideId ?? null,
  };
  assertDraft(deps, initial, 'body.');

  return inTransaction(deps, trx, async (trx) => {
    const customer = await deps.customers.get(input.customerId, trx);
    if (!customer)
      throw fieldProblem(
        422,
        'unknown_customer',
        `Customer ${input.customerId} does not exist`,
        'body.customerId',
      );
    if (customer.status === 'terminated') {
      throw fieldProblem(
        422,
        'customer_terminated',
        'The relationship with this customer has ended',
        'body.customerId',
      );
    }
    if (input.responsibleId === undefined) initial.responsibleId = customer.ownerId;
    if (initial.responsibleId && !(await deps.userExists(initial.responsibleId, trx))) {
      throw fieldProblem(
        422,
        'unknown_user',
        `User ${initial.responsibleId} does not exist`,
        'body.responsibleId',
      );
    }
    await lockCustomer(deps, trx, customer.id);

    const filtered = await deps.hooks.applyFilters(
      'receivables.invoice.beforeCreate',
      { ...initial, lines: initial.lines.map((l) => ({ ...l })) },
      { trx, principal: principalOf(actor) },
    );
    const draft: InvoiceDraft = { ...filtered };
    draft.lines = draft.lines.map((l) => ({ ...l, amount: lineAmount(l) }));
    draft.total = invoiceTotal(draft.lines);
    // The term is what the customer gets: from the issue date to the due date. A filter may change
    // either; the other follows, and the result is held to the same ceiling as the request.
    if (draft.dueDate === initial.dueDate) draft.dueDate = addDays(draft.issueDate, draft.termDays);
    else {
      assertDate(draft.dueDate, 'body.dueDate');
      draft.termDays = daysBetween(draft.issueDate, draft.dueDate);
    }
    if (draft.customerId !== customer.id)
      throw new Error('a receivables.invoice.beforeCreate filter changed the customer');
    assertDraft(deps, draft, 'body.');
    await assertPeriodOpen(trx, {
      customerId: customer.id,
      currency: draft.currency,
      date: draft.issueDate,
      document: 'An invoice',
      path: 'body.issueDate',
    });
    const correctionOf = input.correctionOf ?? null;
    if (correctionOf) {
      const original = await findInvoiceRow(trx, correctionOf);
      if (!original || original.customer_id !== customer.id)
        throw fieldProblem(
          422,
          'unknown_invoice',
          `Invoice ${correctionOf} is not an invoice of this customer`,
          'body.correctionOf',
        );
    }

    const now = nowIso(deps);
    const row = {
      id: newId(),
      number: await nextNumber(trx, deps.config.invoicePrefix, draft.issueDate.slice(0, 4)),
      customer_id: customer.id,
      issue_date: draft.issueDate,
      term_days: draft.termDays,
      due_date: draft.dueDate,
      currency: draft.currency,
      lines: JSON.stringify(draft.lines),
      total: draft.total,
      paid_amount: 0,
      credited_amount: 0,
      written_off_amount: 0,
      outstanding: draft.total,
      status: 'open' as const,
      responsible_id: draft.responsibleId,
      reference: input.reference ?? null,
      correction_of: correctionOf,
      overdue_since: null,
      overdue_notified_due: null,
      credit_override_id: draft.creditOverrideId,
      cancelled_at: null,
      cancel_reason: null,
      created_by: actorId(actor),
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await trx.insertInto('rcv_invoice').values(row).execute();
    await moveCellContribution(trx, null, contributionOf(row));
    await refreshCustomerBalance(deps, trx, customer.id, row.currency);
    const invoice = toInvoice(row);
    await deps.audit.record(trx, {
      entityType: 'invoice',
      entityId: row.id,
      customerId: customer.id,
      action: 'create',
      actor: actorId(actor),
      changes: {
        number: { from: null, to: row.number },
        total: { from: null, to: row.total },
        dueDate: { from: null, to: row.due_date },
      },
    });
    await deps.hooks.emit(trx, 'receivables.invoice.created', { invoice });
    return invoice;
  });
}

/** Cancels an invoice nothing has been paid, credited or written off against. */
export async function cancelInvoice(
  deps: Deps,
  id: string,
  reason: string,
  actor: Actor,
  authorize: (customerId: string, trx: Trx) => Promise<void>,
): Promise<Invoice> {
  return deps.transaction(async (trx) => {
    const before = await loadInvoiceForUpdate(deps, trx, id);
    await authorize(before.customer_id, trx);
    await assertPeriodOpen(trx, {
      customerId: before.customer_id,
      currency: before.currency,
      date: today(deps),
      document: 'A cancellation',
    });
    if (before.status === 'cancelled')
      throw stateConflict('invoice_cancelled', `Invoice ${before.number} is already cancelled`);
    if (
      before.paid_amount > 0 ||
      before.credited_amount > 0 ||
      before.written_off_amount > 0 ||
      before.status !== 'open'
    ) {
      throw stateConflict(
        'invoice_not_unpaid',
        `Invoice ${before.number} has payments, credit notes or a write-off; only unpaid invoices can be cancelled`,
        {
          paidAmount: before.paid_amount,
          creditedAmount: before.credited_amount,
        },
      );
    }
    const after = await changeInvoice(deps, trx, before, {
      status: 'cancelled',
      credited_amount: 0,
      written_off_amount: 0,
      paid_amount: 0,
      cancelled_at: nowIso(deps),
      cancel_reason: reason,
    });
    await trx
      .updateTable('rcv_extension')
      .set({ status: 'withdrawn', decided_at: nowIso(deps), decision_note: 'invoice cancelled' })
      .where('invoice_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await trx
      .updateTable('rcv_write_off')
      .set({ status: 'withdrawn', decided_at: nowIso(deps), decision_note: 'invoice cancelled' })
      .where('invoice_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await deps.audit.record(trx, {
      entityType: 'invoice',
      entityId: id,
      customerId: before.customer_id,
      action: 'cancel',
      actor: actorId(actor),
      changes: { status: { from: before.status, to: 'cancelled' } },
      reason,
    });
    await deps.hooks.emit(trx, 'receivables.invoice.cancelled', {
      invoiceId: id,
      customerId: before.customer_id,
      number: before.number,
      total: before.total,
      currency: before.currency,
      reason,
    });
    return toInvoice(after);
  });
}

export async function getInvoice(
  deps: Pick<Deps, 'db'>,
  id: string,
  trx?: Executor,
): Promise<Invoice | undefined> {
  const row = await findInvoiceRow(trx ?? deps.db, id);
  return row ? toInvoice(row) : undefined;
}

/** What happened to one invoice after it was issued, as its detail view shows it. */
export type InvoiceHistory = z.infer<typeof InvoiceHistorySchema>;

/** Payments, credit notes, write-offs and extensions of one invoice, for its detail view. */
export async function invoiceHistory(deps: Pick<Deps, 'db'>, id: string): Promise<InvoiceHistory> {
  const { db } = deps;
  const [allocations, creditNotes, writeOffs, extensions] = await Promise.all([
    db
      .selectFrom('rcv_allocation as a')
      .innerJoin('rcv_payment as p', 'p.id', 'a.payment_id')
      .select(['a.id', 'a.payment_id', 'p.number', 'a.amount', 'a.applied_on', 'a.reversed_on'])
      .where('a.invoice_id', '=', id)
      .orderBy('a.created_at')
      .execute(),
    db.selectFrom('rcv_credit_note').selectAll().where('invoice_id', '=', id).orderBy('created_at').execute(),
    db.selectFrom('rcv_write_off').selectAll().where('invoice_id', '=', id).orderBy('requested_at').execute(),
    db.selectFrom('rcv_extension').selectAll().where('invoice_id', '=', id).orderBy('requested_at').execute(),
  ]);
  return {
    allocations: allocations.map((a) => ({
      id: a.id,
      paymentId: a.payment_id,
      paymentNumber: a.number,
      amount: Number(a.amount),
      appliedOn: a.applied_on,
      reversedOn: a.reversed_on ?? null,
    })),
    creditNotes: creditNotes.map((c) => ({
      id: c.id,
      number: c.number,
      amount: Number(c.amount),
      kind: c.kind,
      reason: c.reason,
      issuedOn: c.issued_on,
    })),
    writeOffs: writeOffs.map((w) => ({
      id: w.id,
      amount: Number(w.amount),
      status: w.status,
      reason: w.reason,
    })),
    extensions: extensions.map((e) => ({
      id: e.id,
      from: e.previous_due_date,
      to: e.requested_due_date,
      status: e.status,
    })),
  };
}
