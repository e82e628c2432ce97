import type { Principal, Trx } from '@kehu/core';
import { type AccountChange, changeAccountValue } from './account-changes.js';
import type { Deps } from './context.js';

/** 忠诚客户 / 品牌转移客户 / 无品牌忠诚客户. */
export const LOYALTY_ATTITUDES = ['loyal', 'brand_switching', 'no_loyalty'] as const;
export type LoyaltyAttitude = (typeof LOYALTY_ATTITUDES)[number];

export type LoyaltyChange = AccountChange<LoyaltyAttitude>;

/** Records the customer's loyalty attitude; the same attitude again changes nothing. */
export const recordLoyalty = (
  deps: Deps,
  trx: Trx,
  customerId: string,
  input: { attitude: LoyaltyAttitude; reason?: string | null | undefined },
  actor: Principal,
): Promise<LoyaltyChange | null> =>
  changeAccountValue(deps, trx, customerId, 'loyalty', input.attitude, input.reason ?? null, actor);
