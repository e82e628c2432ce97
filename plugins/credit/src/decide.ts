import { formatMoney, type MoneyAmount, MoneyTotals } from '@kehu/core';
import type { CreditCheckResult, CreditLimitFigures, RefusalReason } from './credit-check.js';
import type { Exposure } from './exposure.js';
import type { CreditHold } from './holds.js';
import { type CreditPolicy, coversCurrency, gradeCeiling, policyFor } from './policy.js';
import type { ProfileRow } from './profiles.js';

export interface OverdueState {
  hasOverdue: boolean;
  /** Per currency, never added across currencies. */
  overdueAmounts: MoneyAmount[];
  oldestOverdueDays: number;
  /** Something is unpaid more than two months after its due date: no further deliveries (严控问题渠道发货). */
  deliveryBlocked: boolean;
}

export interface OverrideState {
  id: string;
  /** Why the exception cannot be used for this sale; null when it can. */
  problem: string | null;
}

export interface DecisionInput {
  customerId: string;
  amount: number;
  currency: string;
  termDays: number | null;
  withoutProfile: 'refuse' | 'allow';
  profile: ProfileRow | undefined;
  policy: CreditPolicy;
  holds: readonly CreditHold[];
  /** Active temporary limits in the profile's currency. */
  temporaryLimit: number;
  exposure: Exposure;
  /** Null when receivables is disabled: nothing can be known to be overdue. */
  overdue: OverdueState | null;
  override: OverrideState | null;
  now: string;
}

/**
 * The fixed limit the check counts: the approved one, never above the grade's ceiling in the
 * profile's currency; none in a currency the policy refuses.
 */
export function effectiveFixedLimit(profile: ProfileRow, policy: CreditPolicy): number {
  if (!coversCurrency(policy, profile.currency)) return 0;
  const grade = policyFor(policy, profile.grade);
  const ceiling = grade ? gradeCeiling(policy, grade, profile.currency) : null;
  return ceiling === null ? profile.fixedLimit : Math.min(profile.fixedLimit, ceiling);
}

/** The longest term the customer may get: the profile's, never above the grade's. */
export function effectiveMaxTerm(profile: ProfileRow, policy: CreditPolicy): number {
  const grade = policyFor(policy, profile.grade);
  return grade ? Math.min(profile.maxTermDays, grade.maxTermDays) : profile.maxTermDays;
}

/**
 * The credit decision, free of I/O: every rule is evaluated so the answer lists all reasons at once.
 * A valid one-off override waives them; an unusable override is itself a reason.
 */
export function decide(input: DecisionInput): CreditCheckResult {
  const { profile, policy, exposure, amount, currency, termDays } = input;
  const reasons: RefusalReason[] = [];
  const creditCurrency = profile?.currency ?? currency;

  let limit: CreditLimitFigures | null = null;
  let maxTermDays: number | null = null;
  if (profile) {
    const fixed = effectiveFixedLimit(profile, policy);
    limit = { fixed, temporary: input.temporaryLimit, total: fixed + input.temporaryLimit };
    maxTermDays = effectiveMaxTerm(profile, policy);
  } else if (input.withoutProfile === 'refuse') {
    limit = { fixed: 0, temporary: 0, total: 0 };
    reasons.push({
      code: 'no_credit_profile',
      detail:
        'The customer has no credit profile; credit sales need one (open a profile and get an evaluation approved)',
    });
  }
  const available = limit ? limit.total - exposure.total : null;

  if (profile && profile.grade === null) {
    reasons.push({ code: 'not_graded', detail: 'The customer has no approved credit evaluation yet' });
  }
  if (input.holds.length > 0) {
    reasons.push({
      code: 'on_hold',
      detail: `Credit is on hold (${input.holds.map((h) => h.reason).join(', ')})`,
      data: {
        holds: input.holds.map((h) => ({
          id: h.id,
          reason: h.reason,
          since: h.placedAt,
          sourceRef: h.sourceRef,
        })),
      },
    });
  }
  const grade = profile ? policyFor(policy, profile.grade) : undefined;
  if (grade && !grade.creditSales) {
    reasons.push({
      code: 'credit_sales_not_allowed',
      detail: `Grade ${grade.grade} allows no credit sales`,
      data: { grade: grade.grade },
    });
  }
  if (input.overdue?.hasOverdue) {
    reasons.push({
      code: 'overdue',
      detail: `The customer has overdue receivables (超期不放): ${new MoneyTotals(input.overdue.overdueAmounts).format('en')}, ${input.overdue.oldestOverdueDays} days overdue at the oldest`,
      data: {
        overdueAmounts: input.overdue.overdueAmounts,
        oldestOverdueDays: input.overdue.oldestOverdueDays,
      },
    });
  }
  if (input.overdue?.deliveryBlocked) {
    reasons.push({
      code: 'delivery_blocked',
      detail:
        'Something has been unpaid for more than two months after its due date: no further deliveries (严控问题渠道发货)',
      data: { oldestOverdueDays: input.overdue.oldestOverdueDays },
    });
  }
  if (profile && !coversCurrency(policy, profile.currency)) {
    reasons.push({
      code: 'currency_not_in_policy',
      detail: `The credit policy sets grade ceilings in ${policy.currency} and refuses credit in ${profile.currency}`,
      data: { creditCurrency: profile.currency, policyCurrency: policy.currency },
    });
  }
  if (profile && currency !== profile.currency) {
    reasons.push({
      code: 'currency_mismatch',
      detail: `The credit limit is in ${profile.currency}, the sale in ${currency}`,
      data: { creditCurrency: profile.currency },
    });
  } else if (limit && available !== null && amount > available) {
    reasons.push({
      code: 'limit_exceeded',
      detail: `Exposure ${formatMoney(exposure.total, creditCurrency)} + this sale ${formatMoney(amount, creditCurrency)} exceeds the limit ${formatMoney(limit.total, creditCurrency)} (available ${formatMoney(available, creditCurrency)})`,
      data: {
        exposure: exposure.total,
        amount,
        limit: limit.total,
        available,
        shortfall: amount - available,
      },
    });
  }
  if (termDays !== null && maxTermDays !== null && termDays > maxTermDays) {
    reasons.push({
      code: 'term_exceeds_maximum',
      detail: `A ${termDays}-day term exceeds the maximum of ${maxTermDays} days`,
      data: { termDays, maxTermDays },
    });
  }

  let override: CreditCheckResult['override'] = null;
  let approved = reasons.length === 0;
  if (input.override) {
    if (input.override.problem) {
      reasons.push({
        code: 'override_invalid',
        detail: input.override.problem,
        data: { overrideId: input.override.id },
      });
      approved = false;
    } else {
      // 严控问题渠道发货 is not a credit judgement a manager can waive for one sale: the goods would not go out.
      const waivable = reasons.filter((r) => r.code !== 'delivery_blocked');
      override = { id: input.override.id, waived: waivable.map((r) => r.code) };
      approved = waivable.length === reasons.length;
    }
  }

  return {
    approved,
    customerId: input.customerId,
    amount,
    currency,
    termDays,
    grade: profile?.grade ?? null,
    status: input.holds.length > 0 ? 'on_hold' : 'normal',
    creditCurrency,
    exposure,
    limit,
    available,
    maxTermDays,
    reasons,
    override,
    checkedAt: input.now,
  };
}
