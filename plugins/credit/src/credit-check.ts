import { type Clock, conflict, MoneyTotals, type PluginContext, type Principal, z } from '@kehu/core';
import type { CreditConfig } from './config.js';
import { decide, type OverdueState, type OverrideState } from './decide.js';
import { type ExposureReader, ExposureSchema } from './exposure.js';
import { Amount, Currency, Id, SignedAmount, Timestamp } from './fields.js';
import { type CreditHold, CreditStatusSchema, type Holds } from './holds.js';
import type { Limits } from './limits.js';
import type { Overrides } from './overrides.js';
import type { PolicyStore } from './policy-store.js';
import type { Profiles } from './profiles.js';
import type { Standing } from './receivables-contract.js';
import type { CreditExecutor, CreditTrx } from './tables.js';

/** A sale on credit to ask about: the body of `POST /check`, and what `credit.check()` takes. */
export const CreditCheckInputSchema = z.strictObject({
  customerId: Id,
  /** Minor units of the sale being asked about. */
  amount: Amount,
  currency: Currency,
  /** The payment term the sale would have. */
  termDays: z.number().int().min(0).max(3650).nullish(),
  /** A one-off exception granted by a credit manager. */
  overrideId: Id.nullish(),
});
export type CreditCheckInput = z.input<typeof CreditCheckInputSchema>;

export const REFUSAL_CODES = [
  'no_credit_profile',
  'not_graded',
  'on_hold',
  'credit_sales_not_allowed',
  'overdue',
  'delivery_blocked',
  'currency_mismatch',
  'currency_not_in_policy',
  'limit_exceeded',
  'term_exceeds_maximum',
  'override_invalid',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export const RefusalReasonSchema = z.object({
  code: z.enum(REFUSAL_CODES),
  detail: z.string(),
  /** The figures behind this reason. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type RefusalReason = z.output<typeof RefusalReasonSchema>;

export const CreditLimitFiguresSchema = z.object({
  /** The approved fixed limit, capped at the grade's ceiling. */
  fixed: Amount,
  /** Approved temporary limits that have not expired. */
  temporary: Amount,
  total: Amount,
});
export type CreditLimitFigures = z.output<typeof CreditLimitFiguresSchema>;

/** The answer of a credit check: approved or not, the figures, and every reason at once. */
export const CreditCheckResultSchema = z.object({
  approved: z.boolean(),
  customerId: z.string(),
  amount: Amount,
  currency: z.string(),
  termDays: z.number().int().nullable(),
  grade: z.string().nullable(),
  status: CreditStatusSchema,
  creditCurrency: z.string().describe("The profile's currency, or the requested one without a profile"),
  exposure: ExposureSchema,
  /** Null when the customer has no profile and the company lets such customers buy. */
  limit: CreditLimitFiguresSchema.nullable(),
  available: SignedAmount.nullable().describe('limit − exposure before this sale; null without a limit'),
  maxTermDays: z.number().int().nullable(),
  /** Every rule the sale breaks; empty when approved without an override. */
  reasons: z.array(RefusalReasonSchema),
  /** The override that let a refused sale through. */
  override: z.object({ id: z.string(), waived: z.array(z.enum(REFUSAL_CODES)) }).nullable(),
  checkedAt: Timestamp,
});
z.globalRegistry.add(CreditCheckResultSchema, { id: 'CreditCheckResult' });
export type CreditCheckResult = z.output<typeof CreditCheckResultSchema>;

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

  async check(
    trx: CreditExecutor,
    input: CreditCheckInput,
    options: CheckOptions,
  ): Promise<CreditCheckResult> {
    const { profiles, policies, limits, exposure, overrides, ctx } = this.deps;
    const { customerId } = input;
    // The lock comes first: everything read after it reflects every invoice committed before us.
    const profile = options.enforce
      ? await profiles.lock(trx as CreditTrx, customerId)
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
      if (
        !(await overrides.consume(trx as CreditTrx, result.override.id, sale, options.principal?.id ?? null))
      ) {
        throw conflict(
          'override_not_active',
          `Exception ${result.override.id} was used or revoked meanwhile`,
        );
      }
    }
    return result;
  }

  /** The receivables standing, read in `trx`; null when receivables is disabled. */
  private async standing(trx: CreditExecutor, customerId: string): Promise<Standing | null> {
    const receivables = this.deps.ctx.service('receivables');
    return receivables ? receivables.standing(customerId, trx as CreditTrx) : null;
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
    trx: CreditExecutor,
    customerId: string,
    standing: Standing | null,
    enforce: boolean,
  ): Promise<CreditHold[]> {
    const active = (await this.deps.holds.active(trx, [customerId])).get(customerId) ?? [];
    if (!standing || standing.hasOverdue) return active;
    const stale = active.filter((h) => h.reason === 'overdue');
    if (enforce)
      for (const hold of stale)
        await this.deps.holds.release(trx as CreditTrx, hold, {
          actorId: null,
          note: 'Nothing overdue any more (found by the credit check)',
        });
    return active.filter((h) => h.reason !== 'overdue');
  }
}
