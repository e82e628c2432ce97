import { newId, type Principal, type Trx } from '@kehu/core';
import { auditAccount } from './account-audit.js';
import { ensureAccount } from './accounts.js';
import type { Deps } from './context.js';

// The account values kept with their history: each change is a row of who, when, from what and why,
// the account row holds the current value, and the audit log the change.

const HISTORY = {
  stage: { table: 'ka_stage_change', from: 'from_value', to: 'to_value' },
  relationship: { table: 'ka_relationship_change', from: 'from_value', to: 'to_value' },
  loyalty: { table: 'ka_loyalty_change', from: 'from_attitude', to: 'to_attitude' },
} as const;

/** A column of `ka_account` whose changes are kept. */
export type TrackedValue = keyof typeof HISTORY;

export interface AccountChange<V extends string = string> {
  id: string;
  from: V | null;
  to: V;
  reason: string | null;
  changedOn: string;
  changedBy: string | null;
}

/** The mapper of a value's history rows. */
export const changeOf =
  <V extends string = string>(what: TrackedValue) =>
  (r: Record<string, any>): AccountChange<V> => ({
    id: r.id,
    from: r[HISTORY[what].from] ?? null,
    to: r[HISTORY[what].to],
    reason: r.reason ?? null,
    changedOn: r.changed_on,
    changedBy: r.changed_by ?? null,
  });

/** A customer's changes of a value (unordered; the list route pages them newest first). */
export const changeHistory = (deps: Deps, what: TrackedValue, customerId: string) =>
  deps.db.selectFrom(HISTORY[what].table).selectAll().where('customer_id', '=', customerId);

/** Sets the value with its history row and audit entry; the same value again changes nothing (null). */
export async function changeAccountValue<V extends string>(
  deps: Deps,
  trx: Trx,
  customerId: string,
  what: TrackedValue,
  to: V,
  reason: string | null,
  actor: Principal,
): Promise<AccountChange<V> | null> {
  const row = await ensureAccount(trx, customerId, deps.clock.now());
  const from = row[what] as V | null;
  if (from === to) return null;
  const { table, from: fromColumn, to: toColumn } = HISTORY[what];
  const change = {
    id: newId(),
    customer_id: customerId,
    [fromColumn]: from,
    [toColumn]: to,
    reason,
    changed_on: deps.clock.today(),
    changed_by: actor.id,
    created_at: deps.clock.now().toISOString(),
  };
  await trx.insertInto(table).values(change).execute();
  await trx
    .updateTable('ka_account')
    .set({ [what]: to, updated_at: change.created_at })
    .where('customer_id', '=', customerId)
    .execute();
  await auditAccount(deps.audit, trx, customerId, {
    action: `${what}.changed`,
    actor,
    reason,
    changes: { [what]: { from, to } },
  });
  return changeOf<V>(what)(change);
}
