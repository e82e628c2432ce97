import {
  type Clock,
  conflict,
  type Executor,
  type PluginContext,
  type Principal,
  type Trx,
} from '@kehu/core';
import type { CreditConfig } from './config.js';
import { decide, type OverdueState, type OverrideState } from './decide.js';
import type { ExposureReader } from './exposure.js';
import type { Holds } from './holds.js';
import type { Limits } from './limits.js';
import type { Overrides } from './overrides.js';
import type { PolicyStore } from './policy-store.js';
import type { Profiles } from './profiles.js';
import type { CreditCheckInput, CreditCheckResult } from './types.js';
import './receivables-contract.js';

export interface CheckOptions {
  /**
   * Lock the profile for the rest of `trx` and use up the referenced exception: the mode of the
   * invoice filter, where the check guards a write. Plain checks only read.
   */
  enforce: boolean;
  principal: Principal | null;
}

/** Gathers everything the decision needs (inside one transaction) and decides. */
export class CreditChecker {
  constructor(
    private readonly deps: {
      ctx: Pick<PluginContext<CreditConfig>, 'service' | 'config'>;
      clock: Clock;
      profiles: Profiles;
      policies: PolicyStore;
      holds: Holds;
      limits: Limits;
      exposure: ExposureReader;
      overrides: Overrides;
    },
  ) {}

  async check(trx: Executor, input: CreditCheckInput, options: CheckOptions): Promise<CreditCheckResult> {
    const { profiles, policies, holds, limits, exposure, overrides, ctx } = this.deps;
    const { customerId } = input;
    // The lock comes first: everything read after it reflects every invoice committed before us.
    const profile = options.enforce
      ? await profiles.lock(trx as Trx, customerId)
      : await profiles.get(trx, customerId);
    const creditCurrency = profile?.currency ?? input.currency;
    const policy = await policies.current(trx);
    const active = (await holds.active(trx, [customerId])).get(customerId) ?? [];
    const temporary = profile
      ? ((await limits.activeTemporary(trx, [customerId])).get(customerId)?.total ?? 0)
      : 0;
    const exp = (await exposure.of(trx, [{ customerId, currency: creditCurrency }], options.principal)).get(
      customerId,
    )!;
    const overdue = await this.overdue(trx, customerId);
    const sale = { customerId, amount: input.amount, currency: input.currency };
    const override: OverrideState | null = input.overrideId
      ? await overrides.state(trx, input.overrideId, sale)
      : null;

    const result = decide({
      customerId,
      amount: input.amount,
      currency: input.currency,
      termDays: input.termDays ?? null,
      withoutProfile: ctx.config.withoutProfile,
      profile,
      policy,
      holds: active,
      temporaryLimit: temporary,
      exposure: exp,
      overdue,
      override,
      now: this.deps.clock.now().toISOString(),
    });

    if (options.enforce && result.approved && result.override) {
      if (!(await overrides.consume(trx as Trx, result.override.id, sale, options.principal?.id ?? null))) {
        throw conflict(
          'override_not_active',
          `Exception ${result.override.id} was used or revoked meanwhile`,
        );
      }
    }
    return result;
  }

  private async overdue(trx: Executor, customerId: string): Promise<OverdueState | null> {
    const receivables = this.deps.ctx.service('receivables');
    if (!receivables) return null;
    const standing = await receivables.standing(customerId, trx as Trx);
    return {
      hasOverdue: standing.hasOverdue,
      overdueAmount: standing.balances.reduce((s, b) => s + b.overdue, 0),
      oldestOverdueDays: standing.oldestOverdueDays,
    };
  }
}
