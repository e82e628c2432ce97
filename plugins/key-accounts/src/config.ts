import { isCurrency, z } from '@kehu/core';

/** Basis points (1/100 of a percent): 8000 = 80 %. Integers, so class boundaries never drift. */
const BasisPoints = z.number().int().min(1).max(10_000);

export const keyAccountsConfigSchema = z
  .object({
    /** The one currency a classification run ranks in; revenue in other currencies is refused, never converted. */
    reportingCurrency: z.string().length(3).refine(isCurrency, 'an ISO 4217 currency code').default('CNY'),
    /** Days of revenue a run looks back over, ending the day before it runs. */
    windowDays: z.number().int().min(1).max(3660).default(365),
    /** Cumulative share (basis points) below which a customer is still A; the customer crossing it is A too. */
    aThreshold: BasisPoints.default(8_000),
    /** Cumulative share (basis points) up to which a customer is B. */
    bThreshold: BasisPoints.default(9_500),
    /** Whether a run replaces a manual class override (true) or leaves it standing (false). */
    runOverwritesOverrides: z.boolean().default(false),
    /** Where revenue comes from: receivables' invoices when enabled (`auto`), or only imported and contributed rows. */
    revenueSource: z.enum(['auto', 'imported']).default('auto'),
    /** Criteria (of five) a designation proposal must meet. */
    minCriteriaMet: z.number().int().min(0).max(5).default(3),
    /** Day of the month the classification job runs. */
    classificationDay: z.number().int().min(1).max(28).default(1),
  })
  .refine((c) => c.aThreshold < c.bThreshold, {
    message: 'aThreshold must be below bThreshold',
    path: ['bThreshold'],
  });

export type KeyAccountsConfig = z.output<typeof keyAccountsConfigSchema>;
