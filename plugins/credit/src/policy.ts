import { currencyExponent, type FieldError, isCurrency, MAX_MONEY_AMOUNT, z } from '@kehu/core';
import { Amount } from './fields.js';
import {
  GRADE_SCALE_NAMES,
  GRADE_SCALES,
  type GradePolicy,
  GradePolicySchema,
  type GradeScale,
} from './grades.js';
import { ScoringFactorSchema, weightsSumToOne } from './scoring.js';

/** How many other currencies a policy may cap. */
const MAX_OTHER_CURRENCIES = 50;

/**
 * What the grade ceilings mean for a profile in a currency other than the policy's: `refuse` — no
 * credit in it; or each such currency's own ceiling per grade (null: no ceiling for that grade).
 */
const ceilingsTable = (ceiling: z.ZodNumber) =>
  z
    .union([
      z.literal('refuse'),
      z
        .record(z.string(), z.record(z.string(), ceiling.nullable()))
        .refine((o) => Object.keys(o).length <= MAX_OTHER_CURRENCIES, {
          message: `At most ${MAX_OTHER_CURRENCIES} other currencies`,
        }),
    ])
    .describe(
      'Profiles in another currency: refused, or capped per currency and grade (minor units; null: no ceiling)',
    );
export const OtherCurrencyCeilingsSchema = ceilingsTable(Amount);
/**
 * The table as a client sends it: any number, so that a ceiling that is no whole count of the
 * currency's minor unit is refused by `otherCurrencyProblems` beside it, as a rule (422).
 */
export const OtherCurrencyCeilingsInput = ceilingsTable(z.number());
export type OtherCurrencyCeilings = z.output<typeof OtherCurrencyCeilingsSchema>;

/**
 * The company's credit policy: the grade scale, what each grade allows and how scores map to grades,
 * and the scoring model. Boot config gives the first version; credit managers change it at runtime.
 */
export const CreditPolicyRulesSchema = z.object({
  scale: z.enum(GRADE_SCALE_NAMES as [GradeScale, ...GradeScale[]]),
  /** The currency of the grade ceilings (`maxLimit`). */
  currency: z.string().describe('The currency of the grade ceilings'),
  /** Profiles in other currencies: refused, or capped by their own ceilings. */
  otherCurrencies: OtherCurrencyCeilingsSchema,
  grades: z.array(GradePolicySchema).describe('Best grade first'),
  factors: z.array(ScoringFactorSchema),
});
export type CreditPolicy = z.output<typeof CreditPolicyRulesSchema>;

/**
 * The rules a policy must satisfy beyond its shape: every grade of the scale once, in order, with
 * strictly falling thresholds ending at 0 (every score earns a grade); factor keys unique and weights
 * summing to 1.
 */
export function policyProblems(
  policy: Pick<CreditPolicy, 'scale' | 'grades' | 'factors'>,
  at = '',
): FieldError[] {
  const problems: FieldError[] = [];
  const expected = GRADE_SCALES[policy.scale];
  const got = policy.grades.map((g) => g.grade);
  if (got.join(',') !== expected.join(',')) {
    problems.push({
      path: `${at}grades`,
      code: 'grades_do_not_match_scale',
      message: `The ${policy.scale} scale needs the grades ${expected.join(', ')} in this order`,
    });
  } else {
    for (let i = 1; i < policy.grades.length; i++) {
      if (policy.grades[i]!.minScore >= policy.grades[i - 1]!.minScore) {
        problems.push({
          path: `${at}grades.${i}.minScore`,
          code: 'thresholds_not_descending',
          message: `${policy.grades[i]!.grade} must need a lower score than ${policy.grades[i - 1]!.grade}`,
        });
      }
    }
    if (policy.grades.at(-1)!.minScore !== 0) {
      problems.push({
        path: `${at}grades.${policy.grades.length - 1}.minScore`,
        code: 'lowest_threshold_not_zero',
        message: 'The lowest grade must start at score 0 so every score earns a grade',
      });
    }
  }
  if (policy.factors.length === 0)
    problems.push({
      path: `${at}factors`,
      code: 'no_factors',
      message: 'The scoring model needs at least one factor',
    });
  const keys = policy.factors.map((f) => f.key);
  const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (dup.length > 0)
    problems.push({
      path: `${at}factors`,
      code: 'duplicate_factor',
      message: `Factor keys must be unique: ${[...new Set(dup)].join(', ')}`,
    });
  if (policy.factors.length > 0 && !weightsSumToOne(policy.factors)) {
    const sum = policy.factors.reduce((s, f) => s + f.weight, 0);
    problems.push({
      path: `${at}factors`,
      code: 'weights_must_sum_to_one',
      message: `The factor weights sum to ${Math.round(sum * 1e6) / 1e6}, not 1`,
    });
  }
  return problems;
}

export function policyFor(policy: CreditPolicy, grade: string | null): GradePolicy | undefined {
  return grade === null ? undefined : policy.grades.find((g) => g.grade === grade);
}

/** Whether the policy says what credit in `currency` may be: its own currency, or one with its ceilings. */
export const coversCurrency = (policy: CreditPolicy, currency: string): boolean =>
  currency === policy.currency || (policy.otherCurrencies !== 'refuse' && currency in policy.otherCurrencies);

/**
 * The fixed-limit ceiling of `grade` for a profile in `currency`, in that currency's minor units:
 * null when the grade has none. Only for a currency the policy covers.
 */
export function gradeCeiling(policy: CreditPolicy, grade: GradePolicy, currency: string): number | null {
  if (currency === policy.currency) return grade.maxLimit;
  if (policy.otherCurrencies === 'refuse') return 0;
  return policy.otherCurrencies[currency]?.[grade.grade] ?? null;
}

/**
 * The problems of an `otherCurrencies` table: each an ISO 4217 currency with a minor unit, not the
 * policy's own, listing every grade of the scale, each ceiling a whole count of that currency's minor
 * unit (cents for USD, yen for JPY).
 */
export function otherCurrencyProblems(
  policy: Pick<CreditPolicy, 'scale' | 'currency' | 'otherCurrencies'>,
  at = '',
): FieldError[] {
  if (policy.otherCurrencies === 'refuse') return [];
  const problems: FieldError[] = [];
  const grades = GRADE_SCALES[policy.scale];
  for (const [currency, ceilings] of Object.entries(policy.otherCurrencies)) {
    const path = `${at}otherCurrencies.${currency}`;
    if (!isCurrency(currency)) {
      problems.push({
        path,
        code: 'unknown_currency',
        message: `${currency} is not an ISO 4217 currency code with a minor unit (such as USD)`,
      });
      continue;
    }
    if (currency === policy.currency)
      problems.push({
        path,
        code: 'policy_currency_listed',
        message: `${currency} is the policy's own currency: its ceilings are the grades' maxLimit`,
      });
    const listed = Object.keys(ceilings);
    const missing = grades.filter((g) => !listed.includes(g));
    const unknown = listed.filter((g) => !(grades as readonly string[]).includes(g));
    if (missing.length > 0 || unknown.length > 0)
      problems.push({
        path,
        code: 'grades_do_not_match_scale',
        message: `The ceilings in ${currency} must name every grade of the ${policy.scale} scale (${grades.join(', ')})${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`,
      });
    for (const [grade, ceiling] of Object.entries(ceilings)) {
      if (ceiling === null || (Number.isSafeInteger(ceiling) && ceiling >= 0 && ceiling <= MAX_MONEY_AMOUNT))
        continue;
      problems.push({
        path: `${path}.${grade}`,
        code: 'not_minor_units',
        message: `A ceiling in ${currency} is a whole count of its minor unit (${currency} has ${currencyExponent(currency)} decimals), 0 or more: ${ceiling} is not`,
      });
    }
  }
  return problems;
}
