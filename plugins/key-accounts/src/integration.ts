import {
  type Executor,
  type PluginContext,
  type TimelineItem,
  type TimelinePageRequest,
  timelineKeyset,
} from '@kehu/core';
// Types only: brings complaints' events and filter into `KehuEvents`/`KehuFilters`.
import type {} from '@kehu/plugin-complaints';
import { auditAccount } from './account-audit.js';
import type { KeyAccountsConfig } from './config.js';

type Page = TimelinePageRequest;

function rowsBefore(db: Executor, table: string, customerId: string, p: Page, at = 'created_at') {
  const q = db.selectFrom(table).selectAll().where('customer_id', '=', customerId).where(at, 'is not', null);
  return timelineKeyset(q, p, { at }).execute();
}

/** Tier moves, stage and relationship changes, entitlements granted and ended on the customer's timeline. */
export async function loadTimeline(db: Executor, customerId: string, p: Page): Promise<TimelineItem[]> {
  const [tiers, stages, relationships, granted, ended] = await Promise.all([
    rowsBefore(db, 'ka_tier_change', customerId, p),
    rowsBefore(db, 'ka_stage_change', customerId, p),
    rowsBefore(db, 'ka_relationship_change', customerId, p),
    rowsBefore(db, 'ka_entitlement', customerId, p, 'granted_at'),
    rowsBefore(db, 'ka_entitlement', customerId, p, 'ended_at'),
  ]);
  const items: TimelineItem[] = [
    ...tiers.map((r) => ({
      id: r.id,
      at: r.created_at,
      type: 'keyAccounts.tier',
      title: `ABC class ${r.from_class ?? '—'} → ${r.to_class}`,
      data: { from: r.from_class, to: r.to_class, source: r.source, runId: r.run_id },
    })),
    ...stages.map((r) => ({
      id: r.id,
      at: r.created_at,
      type: 'keyAccounts.stage',
      title: `Service stage ${r.from_value ?? '—'} → ${r.to_value}`,
      data: { from: r.from_value, to: r.to_value },
    })),
    ...relationships.map((r) => ({
      id: r.id,
      at: r.created_at,
      type: 'keyAccounts.relationship',
      title: `Relationship ${r.from_value ?? '—'} → ${r.to_value}`,
      data: { from: r.from_value, to: r.to_value },
    })),
    ...granted.map((r) => ({
      id: r.id,
      at: r.granted_at,
      type: 'keyAccounts.entitlementGranted',
      title: `Entitlement granted: ${r.kind} from ${r.starts_on}${r.ends_on && !r.ended_at ? ` to ${r.ends_on}` : ''}`,
      data: { entitlementId: r.id, kind: r.kind, startsOn: r.starts_on, grantedBy: r.granted_by },
    })),
    ...ended.map((r) => ({
      id: r.id,
      at: r.ended_at,
      type: 'keyAccounts.entitlementEnded',
      title: `Entitlement ended: ${r.kind} on ${r.ends_on}`,
      data: {
        entitlementId: r.id,
        kind: r.kind,
        endsOn: r.ends_on,
        reason: r.end_reason,
        endedBy: r.ended_by,
      },
    })),
  ];
  return items
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
    .slice(0, p.limit);
}

const CUSTOMER_TABLES = [
  'ka_run_entry',
  'ka_tier_change',
  'ka_revenue',
  'ka_loyalty_change',
  'ka_designation',
  'ka_stage_change',
  'ka_relationship_change',
  'ka_duty',
  'ka_buying_role',
  'ka_gap',
  'ka_visit',
  'ka_plan',
  'ka_entitlement',
] as const;

/** Merge, purge, termination, territories and the cooperation with complaints. */
export function registerCustomerHooks(ctx: PluginContext<KeyAccountsConfig>): void {
  // A merge moves every row; of the two one-per-customer rows (account, team) the target's wins and
  // the duplicate's is recorded, a judgement (class, designation) not being additive.
  ctx.hooks.filter('customer.merge', async ({ source, target }, { trx }) => {
    const plans = await trx
      .selectFrom('ka_plan')
      .select('year')
      .where('customer_id', 'in', [source.id, target.id])
      .execute();
    const years = plans.map((p) => Number(p.year));
    if (new Set(years).size !== years.length)
      await trx
        .deleteFrom('ka_plan')
        .where('customer_id', '=', source.id)
        .where('year', 'in', years)
        .execute();
    for (const table of ['ka_duty', 'ka_buying_role', 'ka_gap'])
      await trx.deleteFrom(table).where('customer_id', '=', source.id).execute();
    for (const table of CUSTOMER_TABLES)
      await trx
        .updateTable(table)
        .set({ customer_id: target.id })
        .where('customer_id', '=', source.id)
        .execute();
    const members = await trx
      .selectFrom('ka_member')
      .select('user_id')
      .where('customer_id', '=', target.id)
      .execute();
    const taken = members.map((m) => m.user_id as string);
    let moving = trx
      .updateTable('ka_member')
      .set({ customer_id: target.id, role: 'sales' })
      .where('customer_id', '=', source.id)
      .where('role', '<>', 'manager');
    if (taken.length) moving = moving.where('user_id', 'not in', taken);
    await moving.execute();
    await trx.deleteFrom('ka_member').where('customer_id', '=', source.id).execute();
    const dropped = await trx
      .selectFrom('ka_account')
      .selectAll()
      .where('customer_id', '=', source.id)
      .executeTakeFirst();
    if (dropped) {
      const kept = await trx
        .selectFrom('ka_account')
        .select('customer_id')
        .where('customer_id', '=', target.id)
        .executeTakeFirst();
      if (kept) await trx.deleteFrom('ka_account').where('customer_id', '=', source.id).execute();
      else
        await trx
          .updateTable('ka_account')
          .set({ customer_id: target.id })
          .where('customer_id', '=', source.id)
          .execute();
      if (kept)
        await auditAccount(ctx.audit, trx, target.id, {
          action: 'merge.dropped',
          actor: null,
          changes: {
            mergedAccount: {
              from: {
                customerId: source.id,
                class: dropped.class,
                designated: dropped.designated === 1,
                managerId: dropped.manager_id,
              },
              to: null,
            },
          },
        });
    }
  });
  ctx.hooks.filter('customer.purge', async ({ customerId }, { trx }) => {
    const plans = await trx
      .selectFrom('ka_plan')
      .select('id')
      .where('customer_id', '=', customerId)
      .execute();
    if (plans.length) {
      const ids = plans.map((p) => p.id as string);
      await trx.deleteFrom('ka_objective').where('plan_id', 'in', ids).execute();
      await trx.deleteFrom('ka_measure').where('plan_id', 'in', ids).execute();
    }
    for (const table of [...CUSTOMER_TABLES, 'ka_member', 'ka_account'])
      await trx.deleteFrom(table).where('customer_id', '=', customerId).execute();
  });
  // An active account plan is a commitment to the customer: end it before ending the relationship.
  ctx.hooks.filter('customer.beforeTerminate', async (input, { trx }) => {
    const active = await trx
      .selectFrom('ka_plan')
      .select(['id', 'year'])
      .where('customer_id', '=', input.customer.id)
      .where('status', '=', 'active')
      .execute();
    if (active.length > 0)
      input.openItems.push({
        plugin: 'key-accounts',
        kind: 'account_plan',
        count: active.length,
        detail: `Active account plan ${active.map((p) => p.year).join(', ')}: close it first`,
      });
    return input;
  });
  // Territories: the first matching rule sets the owner of a new customer that names none (an
  // explicit `ownerId: null` stays unowned).
  if (ctx.config.territories.length > 0)
    ctx.hooks.filter('customer.beforeCreate', (input) => {
      if (input.ownerId !== undefined) return input;
      const rule = ctx.config.territories.find(
        (r) =>
          (r.region === undefined || r.region === input.region) &&
          (r.industry === undefined || r.industry === input.industry),
      );
      return rule ? { ...input, ownerId: rule.ownerId } : input;
    });

  // With complaints enabled: a designated account's complaint is key (关键), and its manager hears of it.
  ctx.hooks.filter('complaints.identify', async (payload, { trx }) => {
    const row = await trx
      .selectFrom('ka_account')
      .select('designated')
      .where('customer_id', '=', payload.customerId)
      .executeTakeFirst();
    if (row?.designated === 1 && !payload.keyReasons.includes('key_account'))
      payload.keyReasons.push('key_account');
    return payload;
  });
  ctx.hooks.on('complaints.received', 'notify-key-account-manager', async (complaint, meta) => {
    await ctx.transaction(async (trx) => {
      const row = await trx
        .selectFrom('ka_account')
        .select(['designated', 'manager_id'])
        .where('customer_id', '=', complaint.customerId)
        .executeTakeFirst();
      if (row?.designated !== 1 || !row.manager_id) return;
      await ctx.notifications.notify(trx, row.manager_id, {
        kind: 'keyAccounts.complaint',
        title: `Complaint from key account (${complaint.severity}, ${complaint.category})`,
        customerId: complaint.customerId,
        data: { complaintId: complaint.complaintId, nature: complaint.nature },
        dedupeKey: `ka-complaint:${meta.eventId}`,
      });
    });
  });
}
