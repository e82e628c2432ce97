import { ApprovalFlow, addDays, approvalTable, newId, type Principal, type Trx, type z } from '@kehu/core';
import { type Deps, today } from './context.js';
import { decideRequest, decisionFieldsOf, pendingColumns, pendingRequestOn } from './invoice-requests.js';
import { changeInvoice, loadInvoiceForUpdate, unknownInvoiceInBody } from './invoice-store.js';
import { assertPeriodOpen } from './periods.js';
import { fieldProblem, stateConflict } from './problems.js';
import type { WriteOffSchema } from './routes/response-schemas.js';

export type WriteOff = z.infer<typeof WriteOffSchema>;

export const toWriteOff = (r: Record<string, any>): WriteOff => ({
  id: r.id,
  invoiceId: r.invoice_id,
  customerId: r.customer_id,
  currency: r.currency,
  amount: Number(r.amount),
  reason: r.reason,
  ...decisionFieldsOf(r),
  handoverId: r.handover_id ?? null,
  discoveredOn: r.discovered_on,
  chargedToId: r.charged_to_id ?? null,
});

type Authorize = (customerId: string, trx: Trx) => Promise<void>;

/** Write-offs on the kernel's four-eyes flow; the rows stay in `rcv_write_off`. */
const writeOffFlow = (deps: Deps) =>
  new ApprovalFlow<WriteOff>(deps, {
    type: 'write_off',
    noun: 'write-off',
    permission: 'receivables.writeOffs.approve',
    codes: { notPending: 'already_decided' },
    // decided_on: the company's day of the decision, the period it is booked in.
    ...approvalTable('rcv_write_off', toWriteOff, () => ({ decided_on: today(deps) })),
  });

/** Asks to write off an invoice's outstanding amount as a bad debt; nothing moves until approved. */
export async function requestWriteOff(
  deps: Deps,
  input: { invoiceId: string; reason: string },
  principal: Principal,
  authorize: Authorize,
): Promise<WriteOff> {
  return deps.transaction(async (trx) => {
    const inv = await loadInvoiceForUpdate(deps, trx, input.invoiceId, unknownInvoiceInBody);
    await authorize(inv.customer_id, trx);
    if ((inv.status !== 'open' && inv.status !== 'partially_paid') || inv.outstanding <= 0) {
      throw fieldProblem(
        422,
        'invoice_not_open',
        `Invoice ${inv.number} has nothing outstanding to write off`,
        'body.invoiceId',
      );
    }
    const pending = await pendingRequestOn(trx, 'rcv_write_off', inv.id);
    if (pending)
      throw stateConflict('write_off_pending', `Invoice ${inv.number} already has a pending write-off`, {
        writeOffId: pending,
      });
    const row = {
      id: newId(),
      invoice_id: inv.id,
      customer_id: inv.customer_id,
      currency: inv.currency,
      amount: inv.outstanding,
      reason: input.reason,
      ...pendingColumns(deps, principal),
      // The company's day of the request, not the UTC one: at 07:30 in Beijing it is already today.
      discovered_on: today(deps),
      decided_on: null,
      handover_id: null,
      charged_to_id: null,
    };
    await trx.insertInto('rcv_write_off').values(row).execute();
    const writeOff = toWriteOff(row);
    await writeOffFlow(deps).opened(trx, writeOff, {
      by: principal,
      reason: input.reason,
      subject: `坏账核销审批：发票 ${inv.number}`,
      data: { invoiceId: inv.id, invoiceNumber: inv.number, amount: inv.outstanding, currency: inv.currency },
    });
    return writeOff;
  });
}

/**
 * Approval (by someone other than the requester) writes the invoice off, charges the bad debt to the
 * predecessor when it falls within the liability window after a handover of that invoice, and
 * announces `receivables.invoice.writtenOff`.
 */
export async function decideWriteOff(
  deps: Deps,
  id: string,
  decision: 'approved' | 'rejected',
  note: string | null,
  principal: Principal,
  authorize: Authorize,
): Promise<WriteOff> {
  return deps.transaction((trx) =>
    decideRequest(writeOffFlow(deps), trx, id, decision, {
      by: principal,
      note,
      authorize: (w) => authorize(w.customerId, trx),
      apply: (t, w) => writeOffInvoice(deps, t, w, principal),
    }),
  );
}

/**
 * An approved write-off writes the invoice's outstanding amount off, charged to the predecessor when
 * it falls within the liability window after a handover of that invoice, and announced.
 */
async function writeOffInvoice(
  deps: Deps,
  trx: Trx,
  w: WriteOff,
  principal: Principal,
): Promise<Pick<WriteOff, 'amount' | 'handoverId' | 'chargedToId'>> {
  const inv = await loadInvoiceForUpdate(deps, trx, w.invoiceId);
  if ((inv.status !== 'open' && inv.status !== 'partially_paid') || inv.outstanding <= 0)
    throw stateConflict('invoice_not_open', `Invoice ${inv.number} has nothing outstanding`);
  await assertPeriodOpen(trx, {
    customerId: inv.customer_id,
    currency: inv.currency,
    date: today(deps),
    document: 'A write-off',
  });
  const amount = inv.outstanding;
  // 应收账款移交: a bad debt discovered within the liability window after a handover of this
  // invoice is the predecessor's. Discovered is when the write-off was asked for, not when
  // someone got round to approving it.
  const discovered = w.discoveredOn;
  const handover = await trx
    .selectFrom('rcv_handover_item as hi')
    .innerJoin('rcv_handover as h', 'h.id', 'hi.handover_id')
    .select(['h.id', 'h.from_id'])
    .where('hi.invoice_id', '=', inv.id)
    .where('h.handed_over_on', '<=', discovered)
    .where('h.handed_over_on', '>=', addDays(discovered, -deps.config.handoverLiabilityDays))
    .orderBy('h.handed_over_on', 'desc')
    .orderBy('h.id', 'desc')
    .executeTakeFirst();
  const charged = { amount, handoverId: handover?.id ?? null, chargedToId: handover?.from_id ?? null };
  await trx
    .updateTable('rcv_write_off')
    .set({ amount, handover_id: charged.handoverId, charged_to_id: charged.chargedToId })
    .where('id', '=', w.id)
    .execute();
  await changeInvoice(deps, trx, inv, {
    written_off_amount: Number(inv.written_off_amount) + amount,
    status: 'written_off',
  });
  await deps.audit.record(trx, {
    entityType: 'invoice',
    entityId: inv.id,
    customerId: inv.customer_id,
    action: 'write_off',
    actor: principal,
    changes: {
      status: { from: inv.status, to: 'written_off' },
      writtenOffAmount: {
        from: Number(inv.written_off_amount),
        to: Number(inv.written_off_amount) + amount,
      },
    },
    reason: w.reason,
  });
  await deps.hooks.emit(trx, 'receivables.invoice.writtenOff', {
    invoiceId: inv.id,
    customerId: inv.customer_id,
    number: inv.number,
    amount,
    currency: inv.currency,
    reason: w.reason,
    approvedBy: principal.id,
  });
  return charged;
}
