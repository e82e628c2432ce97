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
    /** The manager's duty checklist per service stage (初期, 中期, 成熟期, 合作期). */
    stageDuties: z
      .object({
        initial: z
          .array(z.string().min(1).max(60))
          .default(['environment_scan', 'identify_buying_centre', 'first_visit']),
        middle: z
          .array(z.string().min(1).max(60))
          .default(['needs_analysis', 'regular_visits', 'service_review']),
        mature: z
          .array(z.string().min(1).max(60))
          .default(['joint_long_term_plan', 'executive_visit', 'joint_promotion']),
        partnership: z
          .array(z.string().min(1).max(60))
          .default(['strategic_review', 'co_development', 'green_channel']),
      })
      .prefault({}),
    /** A decision maker not contacted for this many days is a coverage gap. */
    decisionMakerContactDays: z.number().int().min(1).max(3650).default(90),
    /** Scorecard weights (any positive numbers; a component without data is left out and the rest re-weighted). */
    scorecardWeights: z
      .object({
        planCompletion: z.number().min(0).default(40),
        satisfaction: z.number().min(0).default(20),
        marketDevelopment: z.number().min(0).default(25),
        informationGathering: z.number().min(0).default(15),
      })
      .prefault({}),
    /** Optional territories: the first rule matching a new customer's region or industry sets its owner. */
    territories: z
      .array(
        z.object({
          region: z.string().min(1).optional(),
          industry: z.string().min(1).optional(),
          ownerId: z.string().min(1),
        }),
      )
      .default([]),
    /** Day of the month the classification job runs. */
    classificationDay: z.number().int().min(1).max(28).default(1),
  })
  .refine((c) => c.aThreshold < c.bThreshold, {
    message: 'aThreshold must be below bThreshold',
    path: ['bThreshold'],
  });

export type KeyAccountsConfig = z.output<typeof keyAccountsConfigSchema>;
