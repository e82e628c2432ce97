import { z } from '@kehu/core';
import { Currency } from './fields.js';
import { DEFAULT_GRADE_POLICIES, GRADE_SCALE_NAMES, GradePolicySchema, type GradeScale } from './grades.js';
import {
  type CreditPolicy,
  OtherCurrencyCeilingsInput,
  otherCurrencyProblems,
  policyProblems,
} from './policy.js';
import { FIVE_C, ScoringFactorSchema } from './scoring.js';

/** The plugin's boot configuration (`config.credit`). */
export const CreditConfigSchema = z
  .strictObject({
    /** The currency new profiles and the grade ceilings use. */
    currency: Currency.default('CNY'),
    scale: z.enum(GRADE_SCALE_NAMES as [GradeScale, ...GradeScale[]]).default('AAA-D'),
    /** What each grade allows and needs; defaults depend on the scale. */
    grades: z.array(GradePolicySchema).optional(),
    /**
     * A profile in another currency than `currency`: `refuse` (default) — no credit sale or limit in
     * it; or its own fixed-limit ceilings per grade, minor units, null for none:
     * `{ USD: { AAA: 20_000_000, AA: 10_000_000, …, D: 0 } }` (every grade of the scale).
     */
    otherCurrencies: OtherCurrencyCeilingsInput.default('refuse'),
    /** The scoring model; 5C by default. */
    factors: z.array(ScoringFactorSchema).optional(),
    /**
     * A customer without a credit profile: `refuse` (default) — no credit sale until someone opens a
     * profile; `allow` — credit sales are not limited by this plugin (holds and 超期不放 still apply).
     */
    withoutProfile: z.enum(['refuse', 'allow']).default('refuse'),
    /** How many grades a written-off invoice proposes to lower the customer's grade by. */
    writeOffDowngradeSteps: z.number().int().min(0).max(9).default(2),
    /** Days from an approved evaluation (or a new profile) to the next review. */
    reviewIntervalDays: z.number().int().min(1).max(3650).default(365),
    /** The maximum term a new profile starts with, before any grade caps it. */
    defaultMaxTermDays: z.number().int().min(0).max(3650).default(30),
  })
  .superRefine((c, ctx) => {
    const policy = initialPolicy(c);
    for (const p of [...policyProblems(policy), ...otherCurrencyProblems(policy)])
      ctx.addIssue({
        code: 'custom',
        path: p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
        message: p.message,
      });
  });

export type CreditConfig = z.output<typeof CreditConfigSchema>;

/** The policy a fresh database starts with. */
export function initialPolicy(
  c: Pick<CreditConfig, 'scale' | 'currency' | 'grades' | 'factors'> &
    Partial<Pick<CreditConfig, 'otherCurrencies'>>,
): CreditPolicy {
  return {
    scale: c.scale,
    currency: c.currency,
    otherCurrencies: c.otherCurrencies ?? 'refuse',
    grades: c.grades ?? DEFAULT_GRADE_POLICIES[c.scale].map((g) => ({ ...g })),
    factors: c.factors ?? FIVE_C.map((f) => ({ ...f, labels: { ...f.labels } })),
  };
}
