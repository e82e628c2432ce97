import { type Executor, MAX_MONEY_AMOUNT, newId, notFound, type Trx } from '@kehu/core';
import { lockCustomer, refreshCustomerBalance } from './balances.js';
import { type Actor, actorId, type Deps, inTransaction, nowIso, today } from './context.js';
import type { Payment, PaymentInput } from './contract.js';
import { changeInvoice, findInvoiceRow, type InvoiceRow } from './invoice-store.js';
import { assertCurrency, assertDate } from './invoices.js';
import { nextNumber } from './numbering.js';
import { assertPeriodOpen } from './periods.js';
import { refreshPlans } from './plans.js';
import { fieldProblem, stateConflict } from './problems.js';

type Requested = { invoiceId: string; amount: number }[] | undefined;

/**
 * Decides which invoices a sum settles: the chosen ones (each checked against the customer, the
 * currency, its state and its outstanding amount) or, when none are chosen, the open invoices in
 * order of due date, oldest first. Never allocates more than `available`.
 */
async function planAllocations(
  trx: Trx,
  customerId: string,
  currency: string,
  available: number,
  requested: Requested,
  path: string,
): Promise<{ invoice: InvoiceRow; amount: number }[]> {
  if (requested) {
    const seen = new Set<string>();
    let sum = 0;
    const out: { invoice: InvoiceRow; amount: number }[] = [];
    for (const [i, a] of requested.entries()) {
      const at = `${path}.${i}`;
      if (seen.has(a.invoiceId))
        throw fieldProblem(
          400,
          'duplicate_allocation',
          `Invoice ${a.invoiceId} is listed twice`,
          `${at}.invoiceId`,
        );
      seen.add(a.invoiceId);
      if (!Number.isInteger(a.amount) || a.amount <= 0)
        throw fieldProblem(
          400,
          'non_positive_amount',
          'An allocation must be a positive whole number of minor units',
          `${at}.amount`,
        );
      const inv = await findInvoiceRow(trx, a.invoiceId);
      if (!inv || inv.customer_id !== customerId)
        throw fieldProblem(
          422,
          'unknown_invoice',
          `Invoice ${a.invoiceId} is not an invoice of this customer`,
          `${at}.invoiceId`,
        );
      if (inv.currency !== currency) {
        throw fieldProblem(
          422,
          'currency_mismatch',
          `Invoice ${inv.number} is in ${inv.currency}; the payment is in ${currency}`,
          `${at}.invoiceId`,
          { invoiceCurrency: inv.currency, paymentCurrency: currency },
        );
      }
      if (inv.status === 'cancelled')
        throw fieldProblem(
          422,
          'invoice_cancelled',
          `Invoice ${inv.number} is cancelled and cannot be paid`,
          `${at}.invoiceId`,
        );
      if (inv.status === 'written_off')
        throw fieldProblem(
          422,
          'invoice_written_off',
          `Invoice ${inv.number} is written off`,
          `${at}.invoiceId`,
        );
      if (a.amount > inv.outstanding) {
        throw fieldProblem(
          422,
          'over_allocation',
          `Allocating ${a.amount} to invoice ${inv.number} exceeds its outstanding ${inv.outstanding}`,
          `${at}.amount`,
          {
            invoiceId: inv.id,
            outstanding: inv.outstanding,
            requested: a.amount,
          },
        );
      }
      sum += a.amount;
      out.push({ invoice: inv, amount: a.amount });
    }
    if (sum > available) {
      throw fieldProblem(
        422,
        'over_allocation',
        `The allocations (${sum}) exceed the amount available (${available})`,
        path,
        { allocated: sum, available },
      );
    }
    return out;
  }
  const open = (await trx
    .selectFrom('rcv_invoice')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('outstanding', '>', 0)
    .where('status', 'in', ['open', 'partially_paid'])
    .orderBy('due_date')
    .orderBy('issue_date')
    .orderBy('number')
    .execute()) as InvoiceRow[];
  const out: { invoice: InvoiceRow; amount: number }[] = [];
  let left = available;
  for (const inv of open) {
    if (left <= 0) break;
    const amount = Math.min(left, Number(inv.outstanding));
    out.push({ invoice: { ...inv, outstanding: Number(inv.outstanding) }, amount });
    left -= amount;
  }
  return out;
}

async function applyAllocations(
  deps: Deps,
  trx: Trx,
  paymentId: string,
  customerId: string,
  plan: { invoice: InvoiceRow; amount: number }[],
  appliedOn: string,
): Promise<void> {
  for (const { invoice, amount } of plan) {
    const before = (await findInvoiceRow(trx, invoice.id))!;
    await trx
      .insertInto('rcv_allocation')
      .values({
        id: newId(),
        payment_id: paymentId,
        invoice_id: invoice.id,
        customer_id: customerId,
        amount,
        // Money cannot settle an invoice before the invoice exists: historical ageing relies on it.
        applied_on: appliedOn > before.issue_date ? appliedOn : before.issue_date,
        reversed_on: null,
        created_at: nowIso(deps),
      })
      .execute();
    await changeInvoice(deps, trx, before, { paid_amount: Number(before.paid_amount) + amount });
  }
}

export async function loadPayment(db: Executor, id: string): Promise<Payment | undefined> {
  const p = await db.selectFrom('rcv_payment').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) return undefined;
  const allocations = await db
    .selectFrom('rcv_allocation')
    .selectAll()
    .where('payment_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return toPayment(p, allocations);
}

export function toPayment(p: Record<string, any>, allocations: Record<string, any>[]): Payment {
  return {
    id: p.id,
    number: p.number,
    customerId: p.customer_id,
    amount: Number(p.amount),
    currency: p.currency,
    date: p.received_on,
    method: p.method,
    reference: p.reference ?? null,
    unallocated: Number(p.unallocated),
    status: p.status,
    allocations: allocations.map((a) => ({
      id: a.id,
      invoiceId: a.invoice_id,
      amount: Number(a.amount),
      appliedOn: a.applied_on,
      reversedOn: a.reversed_on ?? null,
    })),
    reversedOn: p.reversed_on ?? null,
    reversalReason: p.reversal_reason ?? null,
    createdBy: p.created_by ?? null,
    createdAt: p.created_at,
  };
}

/** Records money received, allocates it, keeps the remainder as credit balance, and checks payment plans. */
export async function recordPayment(
  deps: Deps,
  input: PaymentInput,
  actor: Actor,
  trx?: Trx,
): Promise<Payment> {
  if (!Number.isInteger(input.amount) || input.amount <= 0)
    throw fieldProblem(
      400,
      'non_positive_amount',
      'The amount must be a positive whole number of minor units',
      'body.amount',
    );
  if (input.amount > MAX_MONEY_AMOUNT)
    throw fieldProblem(422, 'amount_too_large', 'The amount is too large', 'body.amount');
  assertCurrency(deps, input.currency, 'body.currency');
  assertDate(input.date, 'body.date');
  if (input.date > today(deps))
    throw fieldProblem(422, 'date_in_future', `The payment date ${input.date} is after today`, 'body.date');
  return inTransaction(deps, trx, async (trx) => {
    const customer = await deps.customers.get(input.customerId, trx);
    if (!customer)
      throw fieldProblem(
        422,
        'unknown_customer',
        `Customer ${input.customerId} does not exist`,
        'body.customerId',
      );
    await lockCustomer(deps, trx, customer.id);
    await assertPeriodOpen(trx, {
      customerId: customer.id,
      currency: input.currency,
      date: input.date,
      document: 'A payment',
      path: 'body.date',
    });
    const plan = await planAllocations(
      trx,
      customer.id,
      input.currency,
      input.amount,
      input.allocations,
      'body.allocations',
    );
    const allocated = plan.reduce((s, a) => s + a.amount, 0);
    const id = newId();
    await trx
      .insertInto('rcv_payment')
      .values({
        id,
        number: await nextNumber(trx, 'RC', input.date.slice(0, 4)),
        customer_id: customer.id,
        amount: input.amount,
        currency: input.currency,
        received_on: input.date,
        method: input.method,
        reference: input.reference ?? null,
        unallocated: input.amount - allocated,
        status: 'recorded',
        reversed_on: null,
        reversal_reason: null,
        reversed_by: null,
        created_by: actorId(actor),
        created_at: nowIso(deps),
      })
      .execute();
    await applyAllocations(deps, trx, id, customer.id, plan, input.date);
    await refreshCustomerBalance(deps, trx, customer.id, input.currency);
    await refreshPlans(deps, trx, customer.id, input.currency);
    await deps.audit.record(trx, {
      entityType: 'payment',
      entityId: id,
      customerId: customer.id,
      action: 'record',
      actor: actorId(actor),
      changes: {
        amount: { from: null, to: input.amount },
        unallocated: { from: null, to: input.amount - allocated },
      },
    });
    const payment = (await loadPayment(trx, id))!;
    await deps.hooks.emit(trx, 'receivables.payment.recorded', {
      paymentId: id,
      customerId: customer.id,
      amount: input.amount,
      currency: input.currency,
      allocations: payment.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: a.amount })),
      unallocated: payment.unallocated,
    });
    return payment;
  });
}

type Authorize = (customerId: string, trx: Trx) => Promise<void>;

async function loadPaymentForUpdate(deps: Deps, trx: Trx, id: string, authorize: Authorize) {
  const first = await trx
    .selectFrom('rcv_payment')
    .select(['customer_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!first) throw notFound('Payment', id);
  await authorize(first.customer_id, trx);
  await lockCustomer(deps, trx, first.customer_id);
  const p = await trx.selectFrom('rcv_payment').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { ...p, amount: Number(p.amount), unallocated: Number(p.unallocated) } as Record<string, any> & {
    amount: number;
    unallocated: number;
  };
}

/** Applies a payment's credit balance to invoices (chosen, or oldest due first). */
export async function allocateCredit(
  deps: Deps,
  id: string,
  requested: Requested,
  actor: Actor,
  authorize: Authorize,
): Promise<Payment> {
  return deps.transaction(async (trx) => {
    const p = await loadPaymentForUpdate(deps, trx, id, authorize);
    if (p.status !== 'recorded') throw stateConflict('payment_reversed', `Payment ${p.number} was reversed`);
    if (p.unallocated <= 0)
      throw stateConflict('nothing_unallocated', `Payment ${p.number} has no credit balance left`);
    const plan = await planAllocations(
      trx,
      p.customer_id,
      p.currency,
      p.unallocated,
      requested,
      'body.allocations',
    );
    const allocated = plan.reduce((s, a) => s + a.amount, 0);
    if (allocated === 0)
      throw stateConflict('nothing_to_settle', 'The customer has no open invoice in this currency');
    await trx
      .updateTable('rcv_payment')
      .set({ unallocated: p.unallocated - allocated })
      .where('id', '=', id)
      .execute();
    await applyAllocations(deps, trx, id, p.customer_id, plan, today(deps));
    await refreshCustomerBalance(deps, trx, p.customer_id, p.currency);
    await deps.audit.record(trx, {
      entityType: 'payment',
      entityId: id,
      customerId: p.customer_id,
      action: 'allocate',
      actor: actorId(actor),
      changes: { unallocated: { from: p.unallocated, to: p.unallocated - allocated } },
    });
    return (await loadPayment(trx, id))!;
  });
}

/** Undoes a payment (a bounced transfer, a mistake): every invoice it settled owes that part again. */
export async function reversePayment(
  deps: Deps,
  id: string,
  reason: string,
  actor: Actor,
  authorize: Authorize,
): Promise<Payment> {
  return deps.transaction(async (trx) => {
    const p = await loadPaymentForUpdate(deps, trx, id, authorize);
    if (p.status === 'reversed')
      throw stateConflict('payment_reversed', `Payment ${p.number} is already reversed`);
    const allocations = await trx
      .selectFrom('rcv_allocation')
      .selectAll()
      .where('payment_id', '=', id)
      .where('reversed_on', 'is', null)
      .execute();
    const on = today(deps);
    await assertPeriodOpen(trx, {
      customerId: p.customer_id,
      currency: p.currency,
      date: on,
      document: 'A payment reversal',
    });
    for (const a of allocations) {
      const before = (await findInvoiceRow(trx, a.invoice_id))!;
      if (before.status === 'written_off') {
        throw stateConflict(
          'invoice_written_off',
          `Invoice ${before.number} was written off after this payment; reverse the write-off first`,
        );
      }
      await trx.updateTable('rcv_allocation').set({ reversed_on: on }).where('id', '=', a.id).execute();
      await changeInvoice(deps, trx, before, { paid_amount: Number(before.paid_amount) - Number(a.amount) });
    }
    await trx
      .updateTable('rcv_payment')
      .set({ status: 'reversed', reversed_on: on, reversal_reason: reason, reversed_by: actorId(actor) })
      .where('id', '=', id)
      .execute();
    await refreshCustomerBalance(deps, trx, p.customer_id, p.currency);
    await refreshPlans(deps, trx, p.customer_id, p.currency);
    await deps.audit.record(trx, {
      entityType: 'payment',
      entityId: id,
      customerId: p.customer_id,
      action: 'reverse',
      actor: actorId(actor),
      changes: { status: { from: 'recorded', to: 'reversed' } },
      reason,
    });
    await deps.hooks.emit(trx, 'receivables.payment.reversed', {
      paymentId: id,
      customerId: p.customer_id,
      amount: p.amount,
      currency: p.currency,
    });
    return (await loadPayment(trx, id))!;
  });
}
