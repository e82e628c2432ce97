import { DomainError, notFound, type Principal, type Trx } from '@kehu/core';
import { auditAccount } from './account-audit.js';
import { ensureAccount } from './accounts.js';
import type { Deps } from './context.js';

/** Team roles; `manager` is the key-account manager (大客户经理), one per account. */
export const TEAM_ROLES = [
  'manager',
  'sales',
  'technical',
  'service',
  'finance',
  'executive_sponsor',
] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface TeamMember {
  userId: string;
  name: string;
  role: TeamRole;
  addedOn: string;
  addedBy: string | null;
}

async function requireActiveUser(deps: Deps, trx: Trx, userId: string, path: string) {
  const user = await deps.customers.users.get(userId, trx);
  if (!user?.active)
    throw new DomainError('unknown_user', `User ${userId} is not an active user`, { field: path, userId });
}

export async function team(deps: Deps, db: Trx | Deps['db'], customerId: string): Promise<TeamMember[]> {
  const rows = await db
    .selectFrom('ka_member')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('added_on')
    .orderBy('user_id')
    .execute();
  const out: TeamMember[] = [];
  for (const r of rows) {
    const user = await deps.customers.users.get(r.user_id as string, db);
    out.push({
      userId: r.user_id,
      name: user?.name ?? '',
      role: r.role,
      addedOn: r.added_on,
      addedBy: r.added_by ?? null,
    });
  }
  return out.sort((a, b) => (a.role === 'manager' ? -1 : b.role === 'manager' ? 1 : 0));
}

/** Adds a member or changes their role (not to `manager`: see {@link setManager}). */
export async function putMember(
  deps: Deps,
  trx: Trx,
  customerId: string,
  userId: string,
  role: Exclude<TeamRole, 'manager'>,
  actor: Principal,
): Promise<void> {
  await requireActiveUser(deps, trx, userId, 'params.userId');
  await ensureAccount(trx, customerId, deps.clock.now());
  const existing = await trx
    .selectFrom('ka_member')
    .select('role')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (existing?.role === 'manager')
    throw new DomainError(
      'member_is_manager',
      'The key-account manager keeps that role; appoint another manager first',
    );
  if (existing)
    await trx
      .updateTable('ka_member')
      .set({ role })
      .where('customer_id', '=', customerId)
      .where('user_id', '=', userId)
      .execute();
  else
    await trx
      .insertInto('ka_member')
      .values({
        customer_id: customerId,
        user_id: userId,
        role,
        added_on: deps.clock.today(),
        added_by: actor.id,
      })
      .execute();
  await auditAccount(deps.audit, trx, customerId, {
    action: 'team.member',
    actor,
    changes: { [`member.${userId}`]: { from: existing?.role ?? null, to: role } },
  });
}

export async function removeMember(
  deps: Deps,
  trx: Trx,
  customerId: string,
  userId: string,
  actor: Principal,
) {
  const res = await trx
    .deleteFrom('ka_member')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound('Team member', userId);
  await trx
    .updateTable('ka_account')
    .set({ manager_id: null })
    .where('customer_id', '=', customerId)
    .where('manager_id', '=', userId)
    .execute();
  await auditAccount(deps.audit, trx, customerId, {
    action: 'team.removed',
    actor,
    changes: { [`member.${userId}`]: { from: 'member', to: null } },
  });
}

/** Appoints the key-account manager: the previous one leaves the team, the new one joins as `manager`. */
export async function setManager(
  deps: Deps,
  trx: Trx,
  customerId: string,
  managerId: string,
  actor: Principal,
) {
  await requireActiveUser(deps, trx, managerId, 'body.managerId');
  const account = await ensureAccount(trx, customerId, deps.clock.now());
  await trx
    .deleteFrom('ka_member')
    .where('customer_id', '=', customerId)
    .where('role', '=', 'manager')
    .execute();
  await trx
    .deleteFrom('ka_member')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', managerId)
    .execute();
  await trx
    .insertInto('ka_member')
    .values({
      customer_id: customerId,
      user_id: managerId,
      role: 'manager',
      added_on: deps.clock.today(),
      added_by: actor.id,
    })
    .execute();
  await trx
    .updateTable('ka_account')
    .set({ manager_id: managerId, updated_at: deps.clock.now().toISOString() })
    .where('customer_id', '=', customerId)
    .execute();
  await auditAccount(deps.audit, trx, customerId, {
    action: 'manager.changed',
    actor,
    changes: { managerId: { from: account.manager_id, to: managerId } },
  });
}
