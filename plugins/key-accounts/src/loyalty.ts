import { newId, type Principal, type Trx } from '@kehu/core';
import { auditAccount } from './account-audit.js';
import { ensureAccount } from './accounts.js';
import type { Deps } from './context.js';

/** 忠诚客户 / 品牌转移客户 / 无品牌忠诚客户. */
export const LOYALTY_ATTITUDES = ['loyal', 'brand_switching', 'no_loyalty'] as const;
export type LoyaltyAttitude = (typeof LOYALTY_ATTITUDES)[number];

export interface LoyaltyChange {
  id: string;
  from: LoyaltyAttitude | null;
  to: LoyaltyAttitude;
  reason: string | null;
  changedOn: string;
  changedBy: string | null;
}

export const toLoyaltyChange = (r: Record<string, any>): LoyaltyChange => ({
  id: r.id,
  from: r.from_attitude ?? null,
  to: r.to_attitude,
  reason: r.reason ?? null,
  changedOn: r.changed_on,
  changedBy: r.changed_by ?? null,
});

/** Records the customer's loyalty attitude; the same attitude again changes nothing. */
export async function recordLoyalty(
  deps: Deps,
  trx: Trx,
  customerId: string,
  input: { attitude: LoyaltyAttitude; reason?: string | null | undefined },
  actor: Principal,
): Promise<LoyaltyChange | null> {
  const row = await ensureAccount(trx, customerId, deps.clock.now());
  if (row.loyalty === input.attitude) return null;
  const change = {
    id: newId(),
    customer_id: customerId,
    from_attitude: row.loyalty,
    to_attitude: input.attitude,
    reason: input.reason ?? null,
    changed_on: deps.clock.today(),
    changed_by: actor.id,
    created_at: deps.clock.now().toISOString(),
  };
  await trx.insertInto('ka_loyalty_change').values(change).execute();
  await trx
    .updateTable('ka_account')
    .set({ loyalty: input.attitude, updated_at: change.created_at })
    .where('customer_id', '=', customerId)
    .execute();
  await auditAccount(deps.audit, trx, customerId, {
    action: 'loyalty.changed',
    actor,
    reason: input.reason ?? null,
    changes: { loyalty: { from: row.loyalty, to: input.attitude } },
  });
  return toLoyaltyChange(change);
}
