import type { OpenItem, PluginHooks, Trx } from '@kehu/core';
import { lockCustomer, refreshCustomerBalance } from './balances.js';
import type { Deps } from './context.js';
import { recordHandover } from './handovers.js';
import { revenueByYear } from './revenue.js';

/** What this plugin still has open for a customer: termination and purge wait until it is settled. */
export async function openItemsOf(trx: Trx, customerId: string): Promise<OpenItem[]> {
  const items: OpenItem[] = [];
  const inv = await trx
    .selectFrom('rcv_invoice')
    .select((eb) => [eb.fn.countAll().as('n'), 'currency', eb.fn.sum('outstanding').as('o')])
    .where('customer_id', '=', customerId)
    .where('outstanding', '>', 0)
    .where('status', 'in', ['open', 'partially_paid'])
    .groupBy('currency')
    .execute();
  for (const r of inv)
    items.push({
      plugin: 'receivables',
      kind: 'open_invoices',
      count: Number(r.n),
      detail: `${Number(r.n)} open invoice(s), ${Number(r.o)} ${r.currency} (minor units) outstanding`,
    });
  const credit = await trx
    .selectFrom('rcv_payment')
    .select((eb) => [eb.fn.countAll().as('n'), 'currency', eb.fn.sum('unallocated').as('u')])
    .where('customer_id', '=', customerId)
    .where('status', '=', 'recorded')
    .where('unallocated', '>', 0)
    .groupBy('currency')
    .execute();
  for (const r of credit)
    items.push({
      plugin: 'receivables',
      kind: 'credit_balance',
      count: Number(r.n),
      detail: `${Number(r.u)} ${r.currency} (minor units) of unallocated payments to refund or apply`,
    });
  const disputes = await trx
    .selectFrom('rcv_dispute_item')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  if (Number(disputes.n) > 0)
    items.push({
      plugin: 'receivables',
      kind: 'open_disputes',
      count: Number(disputes.n),
      detail: `${Number(disputes.n)} open reconciliation dispute item(s)`,
    });
  const plans = await trx
    .selectFrom('rcv_plan')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('customer_id', '=', customerId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  if (Number(plans.n) > 0)
    items.push({
      plugin: 'receivables',
      kind: 'active_plans',
      count: Number(plans.n),
      detail: `${Number(plans.n)} active repayment plan(s)`,
    });
  return items;
}

/** Tables whose rows belong to a customer: they move with it on a merge and go with it on a purge. */
const CUSTOMER_TABLES = [
  'rcv_invoice',
  'rcv_payment',
  'rcv_allocation',
  'rcv_credit_note',
  'rcv_write_off',
  'rcv_extension',
  'rcv_warning',
  'rcv_statement',
  'rcv_dispute_item',
  'rcv_plan',
  'rcv_handover',
  'rcv_follow_up',
];

/**
 * The survivor's dunning goes on where the further of the two accounts stood in each currency, so the
 * source's follow-ups (moved with it) are not raised a second time: a currency only the source was
 * dunned in keeps its stage and promise; in one both were, the survivor keeps its cycle and promise
 * at the higher level.
 */
async function mergeDunningState(trx: Trx, sourceId: string, targetId: string): Promise<void> {
  const rows = await trx
    .selectFrom('rcv_dunning_state')
    .selectAll()
    .where('customer_id', 'in', [sourceId, targetId])
    .execute();
  for (const from of rows.filter((r) => r.customer_id === sourceId)) {
    const into = rows.find((r) => r.customer_id === targetId && r.currency === from.currency);
    if (!into)
      await trx
        .updateTable('rcv_dunning_state')
        .set({ customer_id: targetId })
        .where('customer_id', '=', sourceId)
        .where('currency', '=', from.currency)
        .execute();
    else if (Number(from.level) > Number(into.level))
      await trx
        .updateTable('rcv_dunning_state')
        .set({ level: Number(from.level) })
        .where('customer_id', '=', targetId)
        .where('currency', '=', from.currency)
        .execute();
  }
  await trx.deleteFrom('rcv_dunning_state').where('customer_id', '=', sourceId).execute();
}

/**
 * Hooks into the customer archive: open receivables hold termination and purge; a merge moves this
 * plugin's rows to the customer that stays; a purge erases them; an owner change hands the open
 * balances over.
 */
export function registerCustomerHooks(deps: Deps, hooks: PluginHooks): void {
  // The archive's value view: each customer's net revenue per year.
  hooks.filter('customer.revenueByYear', async (p, { trx }) => {
    p.rows.push(...(await revenueByYear(trx, p)));
    return p;
  });
  hooks.filter('customer.beforeTerminate', async (p, { trx }) => {
    p.openItems.push(...(await openItemsOf(trx, p.customer.id)));
    return p;
  });
  hooks.filter('customer.beforePurge', async (p, { trx }) => {
    p.openItems.push(...(await openItemsOf(trx, p.customerId)));
    return p;
  });
  hooks.filter('customer.purge', async ({ customerId }, { trx }) => {
    // Nothing is open (customer.beforePurge held it otherwise), so no ageing cell holds an amount of it.
    const plans = trx.selectFrom('rcv_plan').select('id').where('customer_id', '=', customerId);
    await trx.deleteFrom('rcv_instalment').where('plan_id', 'in', plans).execute();
    const handovers = trx.selectFrom('rcv_handover').select('id').where('customer_id', '=', customerId);
    await trx.deleteFrom('rcv_handover_item').where('handover_id', 'in', handovers).execute();
    for (const table of [...CUSTOMER_TABLES, 'rcv_customer_balance', 'rcv_dunning_state'])
      await trx.deleteFrom(table).where('customer_id', '=', customerId).execute();
  });
  hooks.filter('customer.merge', async ({ source, target }, { trx }) => {
    await lockCustomer(deps, trx, source.id);
    await lockCustomer(deps, trx, target.id);
    for (const table of CUSTOMER_TABLES)
      await trx
        .updateTable(table)
        .set({ customer_id: target.id })
        .where('customer_id', '=', source.id)
        .execute();
    const currencies = await trx
      .selectFrom('rcv_customer_balance')
      .select('currency')
      .where('customer_id', 'in', [source.id, target.id])
      .execute();
    await trx.deleteFrom('rcv_customer_balance').where('customer_id', '=', source.id).execute();
    await mergeDunningState(trx, source.id, target.id);
    for (const c of new Set(currencies.map((r) => r.currency as string)))
      await refreshCustomerBalance(deps, trx, target.id, c);
  });
  hooks.on('customer.ownerChanged', 'handover', async (p, meta) => {
    await deps.transaction((trx) =>
      recordHandover(
        deps,
        trx,
        {
          customerId: p.customerId,
          fromId: p.fromOwnerId,
          toId: p.toOwnerId,
          source: 'owner_change',
          reason: p.reason,
          sourceEventId: meta.eventId,
        },
        p.actorId ? { id: p.actorId } : null,
      ),
    );
  });
}
