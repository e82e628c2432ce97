import { badRequest, newId, type Principal, type Trx } from '@kehu/core';
import { auditAccount } from './account-audit.js';
import { type AccountRow, effectiveClass, ensureAccount } from './accounts.js';
import type { Deps } from './context.js';
import type { AbcClass } from './contract.js';
import { clearedOverrideColumns } from './runs.js';

async function recordMove(deps: Deps, trx: Trx, customerId: string, from: AbcClass, to: AbcClass) {
  if (from === to) return;
  await trx
    .insertInto('ka_tier_change')
    .values({
      id: newId(),
      customer_id: customerId,
      from_class: from,
      to_class: to,
      source: 'override',
      run_id: null,
      changed_on: deps.clock.today(),
      created_at: deps.clock.now().toISOString(),
    })
    .execute();
}

/** A manual class (with reason, who, optional expiry) that beats the computed one. */
export async function setOverride(
  deps: Deps,
  trx: Trx,
  customerId: string,
  input: { class: AbcClass; reason: string; expiresOn?: string | null | undefined },
  actor: Principal,
): Promise<AccountRow> {
  const today = deps.clock.today();
  if (input.expiresOn && input.expiresOn < today)
    throw badRequest('expiry_in_past', `The override would expire before today (${today})`, [
      { path: 'body.expiresOn', message: 'Must be today or later' },
    ]);
  const row = await ensureAccount(trx, customerId, deps.clock.now());
  const before = effectiveClass(row, today);
  await trx
    .updateTable('ka_account')
    .set({
      override_class: input.class,
      override_reason: input.reason,
      override_by: actor.id,
      override_at: deps.clock.now().toISOString(),
      override_expires_on: input.expiresOn ?? null,
      updated_at: deps.clock.now().toISOString(),
    })
    .where('customer_id', '=', customerId)
    .execute();
  await recordMove(deps, trx, customerId, before, input.class);
  await auditAccount(deps.audit, trx, customerId, {
    action: 'override.set',
    actor,
    reason: input.reason,
    changes: {
      overrideClass: { from: row.override_class, to: input.class },
      overrideExpiresOn: { from: row.override_expires_on, to: input.expiresOn ?? null },
    },
  });
  return (await ensureAccount(trx, customerId, deps.clock.now())) as AccountRow;
}

export async function clearOverride(
  deps: Deps,
  trx: Trx,
  customerId: string,
  reason: string,
  actor: Principal,
): Promise<AccountRow> {
  const row = await ensureAccount(trx, customerId, deps.clock.now());
  const today = deps.clock.today();
  const before = effectiveClass(row, today);
  await trx
    .updateTable('ka_account')
    .set({ ...clearedOverrideColumns, updated_at: deps.clock.now().toISOString() })
    .where('customer_id', '=', customerId)
    .execute();
  await recordMove(deps, trx, customerId, before, row.class as AbcClass);
  await auditAccount(deps.audit, trx, customerId, {
    action: 'override.cleared',
    actor,
    reason,
    changes: { overrideClass: { from: row.override_class, to: null } },
  });
  return (await ensureAccount(trx, customerId, deps.clock.now())) as AccountRow;
}
