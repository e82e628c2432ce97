import type { EventName, KehuEvents, PluginContext, Trx } from '@kehu/core';
import type { CreditConfig } from './config.js';
import type { Evaluations } from './evaluations.js';
import type { Holds } from './holds.js';
import type { Overrides } from './overrides.js';
import './receivables-contract.js';
import type { CreditTrx } from './tables.js';

/**
 * How credit follows receivables (超期不放): an overdue invoice puts the customer on hold; the hold
 * lifts by itself once nothing is overdue, whatever made it so; a broken payment plan and a written-off bad debt put the
 * customer on hold until a credit manager releases it, and a write-off also proposes a downgrade.
 *
 * Delivery is at least once. Each handler records the event id in the same transaction as its
 * effect, so a redelivered event does nothing; and the overdue rules re-read the receivables
 * standing, so a late event cannot hold a customer who has paid meanwhile.
 */
export function subscribeToReceivables(
  ctx: PluginContext<CreditConfig>,
  deps: { holds: Holds; evaluations: Evaluations; overrides: Overrides },
): void {
  const { holds, evaluations, overrides } = deps;
  const receivables = () => ctx.service('receivables')!;

  const once = <K extends EventName>(
    event: K,
    subscriber: string,
    effect: (payload: KehuEvents[K], trx: Trx) => Promise<void>,
  ) =>
    ctx.hooks.on(event, subscriber, async (payload, meta) => {
      await ctx.transaction(async (trx) => {
        const credit: CreditTrx = trx;
        const receipt = await credit
          .insertInto('credit_event_receipt')
          .values({ subscriber, event_id: meta.eventId, processed_at: ctx.clock.now().toISOString() })
          .onConflict((oc) => oc.columns(['subscriber', 'event_id']).doNothing())
          .executeTakeFirst();
        if (Number(receipt.numInsertedOrUpdatedRows ?? 0) === 0) return;
        await effect(payload, trx);
      });
    });

  once('receivables.invoice.overdue', 'hold-on-overdue', async (e, trx) => {
    const standing = await receivables().standing(e.customerId, trx);
    if (!standing.hasOverdue) return;
    await holds.place(trx, {
      customerId: e.customerId,
      reason: 'overdue',
      sourceRef: e.invoiceId,
      note: `Invoice ${e.number} is ${e.daysOverdue} days overdue`,
      actorId: null,
    });
  });

  const releaseWhenSettled = async (customerId: string, trx: Trx, why: string) => {
    const hold = await holds.activeByReason(trx, customerId, 'overdue');
    if (!hold) return;
    const standing = await receivables().standing(customerId, trx);
    if (standing.hasOverdue) return;
    await holds.release(trx, hold, { actorId: null, note: `Nothing overdue any more (${why})` });
  };
  // Every receivables event that can leave the customer with less overdue. The credit check does not
  // depend on these (it re-derives the overdue hold from the standing); they keep the hold record,
  // the credit history and `credit.holdReleased` in step with the truth.
  once('receivables.payment.recorded', 'release-on-payment', (e, trx) =>
    releaseWhenSettled(e.customerId, trx, `payment ${e.paymentId}`),
  );
  once('receivables.invoice.paid', 'release-on-paid', (e, trx) =>
    releaseWhenSettled(e.customerId, trx, `invoice ${e.number} paid`),
  );
  once('receivables.invoice.dueDateMoved', 'release-on-extension', (e, trx) =>
    releaseWhenSettled(e.customerId, trx, `invoice ${e.number} now due ${e.to}`),
  );
  once('receivables.creditNote.issued', 'release-on-credit-note', (e, trx) =>
    releaseWhenSettled(e.customerId, trx, `credit note ${e.creditNoteId}`),
  );
  once('receivables.invoice.cancelled', 'release-on-cancellation', (e, trx) =>
    releaseWhenSettled(e.customerId, trx, `invoice ${e.number} cancelled`),
  );
  once('receivables.invoice.writtenOff', 'release-on-write-off', (e, trx) =>
    releaseWhenSettled(e.customerId, trx, `invoice ${e.number} written off`),
  );

  once('receivables.plan.broken', 'hold-on-broken-plan', async (e, trx) => {
    await holds.place(trx, {
      customerId: e.customerId,
      reason: 'plan_broken',
      sourceRef: e.planId,
      note: `Payment plan instalment due ${e.instalmentDueDate} was missed`,
      actorId: null,
    });
  });

  once('receivables.invoice.writtenOff', 'downgrade-on-write-off', async (e, trx) => {
    const note = `Invoice ${e.number} written off as bad debt: ${e.reason}`;
    await holds.place(trx, {
      customerId: e.customerId,
      reason: 'written_off',
      sourceRef: e.invoiceId,
      note,
      actorId: null,
    });
    await evaluations.proposeDowngrade(
      trx,
      e.customerId,
      e.invoiceId,
      ctx.config.writeOffDowngradeSteps,
      note,
    );
  });

  ctx.hooks.on('receivables.invoice.created', 'link-override', async ({ invoice }) => {
    if (invoice.creditOverrideId) await overrides.linkInvoice(ctx.db, invoice.creditOverrideId, invoice.id);
  });
}
