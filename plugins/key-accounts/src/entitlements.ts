import {
  addDays,
  type BusinessDate,
  conflict,
  DomainError,
  type Executor,
  newId,
  notFound,
  type Principal,
  type Trx,
} from '@kehu/core';
import { accountRow } from './accounts.js';
import type { Deps } from './context.js';
import { planVisit } from './visits.js';

/**
 * Privileges of a key account (大客户的特殊待遇): priority supply (优先供货), new products trialled first
 * (新产品优先试用), joint promotion plans (联合促销), senior-management visits with a cadence (高层拜访),
 * a green channel (绿色通道) and a dedicated team (专门团队).
 */
export const ENTITLEMENT_KINDS = [
  'priority_supply',
  'new_product_trial',
  'joint_promotion',
  'executive_visits',
  'green_channel',
  'dedicated_team',
] as const;
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number];
export type EntitlementStatus = 'upcoming' | 'active' | 'ended';

export interface Entitlement {
  id: string;
  customerId: string;
  kind: EntitlementKind;
  startsOn: string;
  /** The last day it holds: planned at the grant, or the day it was ended. */
  endsOn: string | null;
  /** Days between senior-management visits (`executive_visits` only). */
  cadenceDays: number | null;
  note: string | null;
  status: EntitlementStatus;
  grantedBy: string | null;
  grantedAt: string;
  endedBy: string | null;
  endedAt: string | null;
  endReason: string | null;
}

const LINK = 'key_account_entitlement';

export const entitlementStatus = (r: Record<string, any>, today: BusinessDate): EntitlementStatus =>
  r.ended_at || (r.ends_on && r.ends_on < today) ? 'ended' : r.starts_on > today ? 'upcoming' : 'active';

export const toEntitlement = (r: Record<string, any>, today: BusinessDate): Entitlement => ({
  id: r.id,
  customerId: r.customer_id,
  kind: r.kind,
  startsOn: r.starts_on,
  endsOn: r.ends_on ?? null,
  cadenceDays: r.cadence_days === null || r.cadence_days === undefined ? null : Number(r.cadence_days),
  note: r.note ?? null,
  status: entitlementStatus(r, today),
  grantedBy: r.granted_by ?? null,
  grantedAt: r.granted_at,
  endedBy: r.ended_by ?? null,
  endedAt: r.ended_at ?? null,
  endReason: r.end_reason ?? null,
});

/** A where-clause on `ka_entitlement`: the status on `today` (the SQL twin of {@link entitlementStatus}). */
export const entitlementStatusIs = (status: EntitlementStatus, today: BusinessDate) => (eb: any) => {
  // `ends_on < today` is null for an open-ended row: spelled out so `not` keeps it.
  const ended = eb.or([
    eb('ended_at', 'is not', null),
    eb.and([eb('ends_on', 'is not', null), eb('ends_on', '<', today)]),
  ]);
  if (status === 'ended') return ended;
  return eb.and([eb.not(ended), eb('starts_on', status === 'upcoming' ? '>' : '<=', today)]);
};

/** Not ended: in force now or later. */
const open = (today: BusinessDate) => (eb: any) =>
  eb.and([eb('ended_at', 'is', null), eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)])]);

export async function getEntitlement(db: Executor, id: string, today: BusinessDate) {
  const row = await db.selectFrom('ka_entitlement').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEntitlement(row, today) : undefined;
}

/** Kinds in force today per customer, for the facet: one query. */
export async function kindsInForce(
  db: Executor,
  ids: readonly string[],
  today: BusinessDate,
): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('ka_entitlement')
    .select(['customer_id', 'kind'])
    .where('customer_id', 'in', [...ids])
    .where(entitlementStatusIs('active', today))
    .orderBy('kind')
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.customer_id, [...(out.get(r.customer_id) ?? []), r.kind]);
  return out;
}

/**
 * Grants a privilege to a designated key account; one open entitlement per kind. Senior-management
 * visits come with their first executive visit, due one cadence after the start (or after the last
 * executive visit, when that is later).
 */
export async function grantEntitlement(
  deps: Deps,
  trx: Trx,
  input: {
    customerId: string;
    kind: EntitlementKind;
    startsOn?: string | undefined;
    endsOn?: string | null | undefined;
    cadenceDays?: number | null | undefined;
    note?: string | null | undefined;
  },
  actor: Principal,
): Promise<Entitlement> {
  const today = deps.clock.today();
  const account = await accountRow(trx, input.customerId);
  if (account?.designated !== 1)
    throw conflict('not_designated', 'Only a designated key account is granted entitlements');
  const startsOn = input.startsOn ?? today;
  if (input.endsOn && input.endsOn < startsOn)
    throw new DomainError('ends_before_start', `The entitlement cannot end before it starts (${startsOn})`, {
      field: 'body.endsOn',
      startsOn,
    });
  const same = await trx
    .selectFrom('ka_entitlement')
    .select('id')
    .where('customer_id', '=', input.customerId)
    .where('kind', '=', input.kind)
    .where(open(today))
    .executeTakeFirst();
  if (same)
    throw conflict('entitlement_open', `The account already has an open ${input.kind} entitlement`, {
      entitlementId: same.id,
    });
  const row = {
    id: newId(),
    customer_id: input.customerId,
    kind: input.kind,
    starts_on: startsOn,
    ends_on: input.endsOn ?? null,
    cadence_days: input.kind === 'executive_visits' ? (input.cadenceDays ?? null) : null,
    note: input.note ?? null,
    granted_by: actor.id,
    granted_at: deps.clock.now().toISOString(),
    ended_by: null,
    ended_at: null,
    end_reason: null,
  };
  await trx.insertInto('ka_entitlement').values(row).execute();
  await deps.audit.record(trx, {
    entityType: LINK,
    entityId: row.id,
    customerId: input.customerId,
    action: 'grant',
    actor,
    reason: row.note,
    changes: {
      kind: { from: null, to: row.kind },
      startsOn: { from: null, to: row.starts_on },
      endsOn: { from: null, to: row.ends_on },
      ...(row.cadence_days ? { cadenceDays: { from: null, to: row.cadence_days } } : {}),
    },
  });
  if (row.cadence_days) await keepExecutiveVisitPlanned(deps, trx, row, actor);
  return toEntitlement(row, today);
}

/**
 * Ends an open entitlement today: its planned executive visits are cancelled and their overdue
 * activities closed. An entitlement that has not started yet ends before it ever held.
 */
export async function endEntitlement(
  deps: Deps,
  trx: Trx,
  id: string,
  reason: string,
  actor: Principal | null,
): Promise<Entitlement> {
  const today = deps.clock.today();
  const row = await trx.selectFrom('ka_entitlement').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Entitlement', id);
  if (entitlementStatus(row, today) === 'ended')
    throw conflict('entitlement_ended', `Entitlement ${id} has already ended (${row.ends_on})`);
  const endedAt = deps.clock.now().toISOString();
  await trx
    .updateTable('ka_entitlement')
    .set({ ends_on: today, ended_by: actor?.id ?? null, ended_at: endedAt, end_reason: reason })
    .where('id', '=', id)
    .execute();
  const planned = await trx
    .selectFrom('ka_visit')
    .select('id')
    .where('entitlement_id', '=', id)
    .where('status', '=', 'planned')
    .execute();
  for (const v of planned) {
    await trx.updateTable('ka_visit').set({ status: 'cancelled' }).where('id', '=', v.id).execute();
    await deps.activities.closeFor(
      trx,
      { type: 'key_account_visit', id: v.id },
      { by: actor?.id ?? null, outcome: 'entitlement ended', status: 'cancelled' },
    );
  }
  await deps.audit.record(trx, {
    entityType: LINK,
    entityId: id,
    customerId: row.customer_id,
    action: 'end',
    actor,
    reason,
    changes: { endsOn: { from: row.ends_on ?? null, to: today } },
  });
  return toEntitlement(
    { ...row, ends_on: today, ended_by: actor?.id ?? null, ended_at: endedAt, end_reason: reason },
    today,
  );
}

/** De-designation ends every open entitlement of the account, with the date. */
export async function endOpenEntitlements(
  deps: Deps,
  trx: Trx,
  customerId: string,
  reason: string,
  actor: Principal | null,
): Promise<number> {
  const rows = await trx
    .selectFrom('ka_entitlement')
    .select('id')
    .where('customer_id', '=', customerId)
    .where(open(deps.clock.today()))
    .execute();
  for (const r of rows) await endEntitlement(deps, trx, r.id, reason, actor);
  return rows.length;
}

/**
 * The cadence of senior-management visits, kept by the visit plan: while the entitlement is open the
 * account has a planned executive visit due at most one cadence after the last one done (or after
 * the start). A missing visit is then overdue like any other, and doing it plans the next.
 */
async function keepExecutiveVisitPlanned(
  deps: Deps,
  trx: Trx,
  e: { id: string; customer_id: string; starts_on: string; cadence_days: number | null },
  actor: Principal | null,
): Promise<void> {
  const cadence = Number(e.cadence_days);
  const last = await trx
    .selectFrom('ka_visit')
    .select((eb) => eb.fn.max('done_on').as('done_on'))
    .where('customer_id', '=', e.customer_id)
    .where('type', '=', 'executive')
    .where('status', '=', 'done')
    .executeTakeFirst();
  const base = last?.done_on && last.done_on > e.starts_on ? (last.done_on as string) : e.starts_on;
  const dueBy = addDays(base, cadence);
  const planned = await trx
    .selectFrom('ka_visit')
    .select('id')
    .where('customer_id', '=', e.customer_id)
    .where('type', '=', 'executive')
    .where('status', '=', 'planned')
    .where('due_on', '<=', dueBy)
    .executeTakeFirst();
  if (planned) return;
  await planVisit(
    deps,
    trx,
    {
      customerId: e.customer_id,
      type: 'executive',
      dueOn: dueBy,
      participants: [],
      cadenceDays: cadence,
      note: null,
      entitlementId: e.id,
    },
    actor,
  );
}

/** Daily, before overdue visits are raised: every open executive-visit entitlement has its next visit planned. */
export async function planEntitlementVisits(deps: Deps, today: BusinessDate): Promise<void> {
  await deps.transaction(async (trx) => {
    const rows = await trx
      .selectFrom('ka_entitlement')
      .select(['id', 'customer_id', 'starts_on', 'cadence_days'])
      .where('kind', '=', 'executive_visits')
      .where('cadence_days', 'is not', null)
      .where(entitlementStatusIs('active', today))
      .execute();
    for (const r of rows)
      await keepExecutiveVisitPlanned(deps, trx, { ...r, cadence_days: Number(r.cadence_days) }, null);
  });
}
