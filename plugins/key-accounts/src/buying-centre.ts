import { addDays, DomainError, type Executor, type Trx } from '@kehu/core';
import type { Deps } from './context.js';

/** Buying-centre roles (找对人): 决策者, 使用者, 影响者, 采购者, 发起人. */
export const BUYING_ROLES = ['decision_maker', 'user', 'influencer', 'purchaser', 'initiator'] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export interface Coverage {
  customerId: string;
  roles: {
    role: BuyingRole;
    contacts: { contactId: string; name: string; lastContactedOn: string | null }[];
  }[];
  /** `missing:<role>` or `stale:decision_maker`. */
  gaps: string[];
}

export async function rolesOf(db: Executor, customerId: string): Promise<Map<string, BuyingRole[]>> {
  const rows = await db
    .selectFrom('ka_buying_role')
    .selectAll()
    .where('customer_id', '=', customerId)
    .execute();
  const out = new Map<string, BuyingRole[]>();
  for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), r.role]);
  return out;
}

/** Replaces a contact's roles (one contact may hold several). */
export async function setRoles(
  deps: Deps,
  trx: Trx,
  customerId: string,
  contactId: string,
  roles: BuyingRole[],
) {
  await deps.customers.contacts.require(customerId, contactId, trx);
  await trx
    .deleteFrom('ka_buying_role')
    .where('customer_id', '=', customerId)
    .where('contact_id', '=', contactId)
    .execute();
  const now = deps.clock.now().toISOString();
  for (const role of new Set(roles))
    await trx
      .insertInto('ka_buying_role')
      .values({ customer_id: customerId, contact_id: contactId, role, created_at: now })
      .execute();
}

/** Last day each contact was spoken with, from the kernel's communications (newest 500). */
async function lastContacted(deps: Deps, db: Executor, customerId: string): Promise<Map<string, string>> {
  const { items } = await deps.customers.communications.list(customerId, { limit: 500 }, db);
  const out = new Map<string, string>();
  for (const c of items)
    if (c.contactId && !out.has(c.contactId)) out.set(c.contactId, deps.clock.dateOf(c.occurredAt));
  return out;
}

/** Which roles are held by whom, and the gaps: a role nobody holds, a decision maker not contacted lately. */
export async function coverage(deps: Deps, db: Executor, customerId: string): Promise<Coverage> {
  const [roles, contacts, contacted] = await Promise.all([
    rolesOf(db, customerId),
    deps.customers.contacts.list(customerId, db),
    lastContacted(deps, db, customerId),
  ]);
  const names = new Map(contacts.map((c) => [c.id, c.name]));
  const since = addDays(deps.clock.today(), -deps.config.decisionMakerContactDays);
  const out: Coverage = { customerId, roles: [], gaps: [] };
  for (const role of BUYING_ROLES) {
    const holders = [...roles].filter(([id, rs]) => rs.includes(role) && names.has(id)).map(([id]) => id);
    out.roles.push({
      role,
      contacts: holders.map((id) => ({
        contactId: id,
        name: names.get(id)!,
        lastContactedOn: contacted.get(id) ?? null,
      })),
    });
    if (holders.length === 0) out.gaps.push(`missing:${role}`);
    else if (role === 'decision_maker' && !holders.some((id) => (contacted.get(id) ?? '') >= since))
      out.gaps.push('stale:decision_maker');
  }
  return out;
}

/**
 * Raises each new gap of a designated account once: an activity for the key-account manager and
 * `keyAccounts.coverageGap`; a gap that is covered is closed (and its activity done).
 */
export async function raiseGaps(
  deps: Deps,
  trx: Trx,
  customerId: string,
  managerId: string | null,
): Promise<string[]> {
  const { gaps } = await coverage(deps, trx, customerId);
  const rows = await trx.selectFrom('ka_gap').selectAll().where('customer_id', '=', customerId).execute();
  const known = new Map(rows.map((r) => [r.gap as string, r]));
  const today = deps.clock.today();
  const raised: string[] = [];
  for (const gap of gaps) {
    const row = known.get(gap);
    if (row && row.closed_on === null) continue;
    let activityId: string | null = null;
    if (managerId) {
      const activity = await deps.activities.create(trx, {
        type: 'key_account_gap',
        subject: `Buying-centre gap: ${gap}`,
        customerId,
        assigneeId: managerId,
        link: { type: 'key_account_gap', id: `${customerId}:${gap}` },
        key: `gap:${customerId}:${gap}:${today}`,
        data: { gap },
      });
      activityId = activity.id;
    }
    if (row)
      await trx
        .updateTable('ka_gap')
        .set({ raised_on: today, closed_on: null, activity_id: activityId })
        .where('customer_id', '=', customerId)
        .where('gap', '=', gap)
        .execute();
    else
      await trx
        .insertInto('ka_gap')
        .values({ customer_id: customerId, gap, raised_on: today, activity_id: activityId, closed_on: null })
        .execute();
    await deps.hooks.emit(trx, 'keyAccounts.coverageGap', { customerId, gap });
    raised.push(gap);
  }
  for (const [gap, row] of known)
    if (row.closed_on === null && !gaps.includes(gap)) {
      await trx
        .updateTable('ka_gap')
        .set({ closed_on: today })
        .where('customer_id', '=', customerId)
        .where('gap', '=', gap)
        .execute();
      await deps.activities.closeFor(
        trx,
        { type: 'key_account_gap', id: `${customerId}:${gap}` },
        { outcome: 'covered' },
      );
    }
  return raised;
}

export function assertRoles(roles: string[]): asserts roles is BuyingRole[] {
  const bad = roles.filter((r) => !(BUYING_ROLES as readonly string[]).includes(r));
  if (bad.length) throw new DomainError('unknown_role', `Unknown buying-centre role ${bad.join(', ')}`);
}
