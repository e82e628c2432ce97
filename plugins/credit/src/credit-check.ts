import {
  type Clock,
  conflict,
  type Executor,
  MoneyTotals,
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
import type { Standing } from './receivables-contract.js';
import type { CreditCheckInput, CreditCheckResult, CreditHold } from './types.js';

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
    const standing = await this.standing(trx, customerId);
    const active = await this.activeHolds(trx, customerId, standing, options.enforce);
    const temporary = profile
      ? ((await limits.activeTemporary(trx, [customerId])).get(customerId)?.total ?? 0)
      : 0;
    const exp = (await exposure.of(trx, [{ customerId, currency: creditCurrency }], options.principal)).get(
      customerId,
    )!;
    const overdue: OverdueState | null = standing && {
      hasOverdue: standing.hasOverdue,
      overdueAmounts: new MoneyTotals(
        standing.balances.map((b) => ({ currency: b.currency, amount: b.overdue })),
      )
        .toArray()
        .filter((a) => a.amount > 0),
      oldestOverdueDays: standing.oldestOverdueDays,
      deliveryBlocked: standing.deliveryBlocked,
    };
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

  /** The receivables standing, read in `trx`; null when receivables is disabled. */
  private async standing(trx: Executor, customerId: string): Promise<Standing | null> {
    const receivables = this.deps.ctx.service('receivables');
    return receivables ? receivables.standing(customerId, trx as Trx) : null;
  }

  /**
   * The holds that count. An `overdue` hold stands for a fact — something is overdue — so it is
   * re-derived here from the standing read in this transaction rather than trusted: whatever cleared
   * the overdue amount (a payment, an extension, a credit note, a cancellation, a write-off, a merge,
   * a correction nobody wrote a subscriber for) and however late its event is delivered, a customer
   * with nothing overdue is not held for it. When the check guards a write, the stale hold is also
   * released in that transaction; the event subscribers release it otherwise.
   */
  private async activeHolds(
    trx: Executor,
    customerId: string,
    standing: Standing | null,
    enforce: boolean,
  ): Promise<CreditHold[]> {
    const active = (await this.deps.holds.active(trx, [customerId])).get(customerId) ?? [];
    if (!standing || standing.hasOverdue) return active;
    const stale = active.filter((h) => h.reason === 'overdue');
    if (enforce)
      for (const hold of stale)
        await this.deps.holds.release(trx as Trx, hold, {
          actorId: null,
          note: 'Nothing overdue any more (found by the credit check)',
        });
    return active.filter((h) => h.reason !== 'overdue');
  }
}
