import type { PluginContext } from '@kehu/core';
import type { CreditConfig } from './config.js';
import type { CreditTrx } from './tables.js';

const CUSTOMER_TABLES = [
  'credit_investigation',
  'credit_evaluation',
  'credit_override',
  'credit_history',
] as const;

/**
 * Credit rows follow the customer archive: a merge moves them to the surviving customer, a purge
 * erases them with the customer, both inside the archive's transaction.
 */
export function followCustomerLifecycle(ctx: PluginContext<CreditConfig>): void {
  ctx.hooks.filter('customer.merge', async ({ source, target }, { trx, principal }) => {
    const kept = await mergeCredit(trx, source.id, target.id, ctx.clock.now().toISOString());
    await ctx.audit.record(trx, {
      entityType: 'credit_profile',
      entityId: target.id,
      customerId: target.id,
      action: 'merge',
      actor: principal,
      changes: kept ? { mergedProfile: { from: kept, to: null } } : null,
      reason: `Credit records of ${source.id} merged into ${target.id}`,
    });
  });

  ctx.hooks.filter('customer.purge', async ({ customerId }, meta) => {
    const trx: CreditTrx = meta.trx;
    for (const table of [...CUSTOMER_TABLES, 'credit_hold', 'credit_profile'] as const)
      await trx.deleteFrom(table).where('customer_id', '=', customerId).execute();
    await trx
      .deleteFrom('credit_limit_request')
      .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('from_customer_id', '=', customerId)]))
      .execute();
  });
}

/**
 * The surviving customer keeps its own profile (a duplicate's limit does not add to it: limits are
 * granted on an evaluation, not summed); without one it takes the duplicate's. A dropped profile's
 * grade and limit are returned for the audit entry. Holds active on both keep the survivor's.
 */
async function mergeCredit(
  trx: CreditTrx,
  sourceId: string,
  targetId: string,
  now: string,
): Promise<Record<string, unknown> | undefined> {
  const targetProfile = await trx
    .selectFrom('credit_profile')
    .select('customer_id')
    .where('customer_id', '=', targetId)
    .executeTakeFirst();
  let dropped: Record<string, unknown> | undefined;
  if (targetProfile) {
    const source = await trx
      .selectFrom('credit_profile')
      .select(['grade', 'fixed_limit', 'currency'])
      .where('customer_id', '=', sourceId)
      .executeTakeFirst();
    if (source)
      dropped = { grade: source.grade, fixedLimit: Number(source.fixed_limit), currency: source.currency };
    await trx.deleteFrom('credit_profile').where('customer_id', '=', sourceId).execute();
  } else
    await trx
      .updateTable('credit_profile')
      .set({ customer_id: targetId })
      .where('customer_id', '=', sourceId)
      .execute();

  const targetReasons = (
    await trx
      .selectFrom('credit_hold')
      .select('reason')
      .where('customer_id', '=', targetId)
      .where('released_at', 'is', null)
      .execute()
  ).map((r) => r.reason);
  if (targetReasons.length > 0) {
    await trx
      .updateTable('credit_hold')
      .set({ released_at: now, release_note: `merged into ${targetId}, which has the same hold` })
      .where('customer_id', '=', sourceId)
      .where('released_at', 'is', null)
      .where('reason', 'in', targetReasons)
      .execute();
  }
  await trx
    .updateTable('credit_hold')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .execute();
  for (const table of CUSTOMER_TABLES)
    await trx.updateTable(table).set({ customer_id: targetId }).where('customer_id', '=', sourceId).execute();

  // A pending transfer between the two would now move limit to itself.
  await trx
    .updateTable('credit_limit_request')
    .set({ status: 'rejected', decided_at: now, decision_note: 'customers merged' })
    .where('status', '=', 'pending')
    .where((eb) =>
      eb.or([
        eb.and([eb('customer_id', '=', sourceId), eb('from_customer_id', '=', targetId)]),
        eb.and([eb('customer_id', '=', targetId), eb('from_customer_id', '=', sourceId)]),
      ]),
    )
    .execute();
  await trx
    .updateTable('credit_limit_request')
    .set({ customer_id: targetId })
    .where('customer_id', '=', sourceId)
    .execute();
  await trx
    .updateTable('credit_limit_request')
    .set({ from_customer_id: targetId })
    .where('from_customer_id', '=', sourceId)
    .execute();
  return dropped;
}
