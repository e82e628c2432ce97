import { pageOf, z } from '@kehu/core';
import type { Evaluation } from '../evaluations.js';
import type { Investigation } from '../investigations.js';
import type { LimitRequest } from '../limits.js';
import type { CreditOverride } from '../overrides.js';
import { GradePolicySchema, LabelsSchema, ScoringFactorSchema } from '../policy.js';
import type { StoredPolicy } from '../policy-store.js';
import { CreditSummarySchema } from '../summaries.js';
import {
  type CreditCheckResult,
  type CreditHold,
  type CreditProfile,
  HOLD_REASONS,
  INVESTIGATION_SOURCES,
  REFUSAL_CODES,
} from '../types.js';
import { Amount, IsoDate, Status } from './schemas.js';

// What the credit routes answer, for the OpenAPI document and so the typed client (`@kehu/sdk/client`).
// Each schema is checked against the TypeScript type the handlers return (below), and
// test/response-schemas.test.ts parses real responses with the schemas the routes declare.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** `S` when its output and `T` are assignable both ways and have the same keys (optional ones too). */
type Exactly<S extends z.ZodType, T> =
  Same<z.output<S>, T> extends true ? (Same<keyof z.output<S>, keyof T> extends true ? S : never) : never;
/**
 * `schema` itself; a compile error ("not assignable to never") unless its output is exactly `T`, so a
 * field added to or dropped from the type cannot leave the documented response behind.
 */
const describing =
  <T>() =>
  <S extends z.ZodType>(schema: S & Exactly<S, T>): S =>
    schema;

/** An ISO-8601 UTC instant (`toISOString()`). */
const Timestamp = z.iso.datetime();
/** Integer minor units that can fall below zero (available credit). */
const SignedAmount = z.number().int();
const Score = z.number().min(0).max(100);

const list = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item) });

export const CreditProfileSchema = describing<CreditProfile>()(
  z.object({
    customerId: z.string(),
    grade: z.string().nullable().describe('Null until a first evaluation is approved'),
    score: Score.nullable(),
    fixedLimit: Amount.describe(
      'As approved, minor units of `currency`; the check caps it at the grade ceiling',
    ),
    currency: z.string(),
    maxTermDays: z.number().int(),
    status: z.enum(['normal', 'on_hold']),
    holdReasons: z.array(z.enum(HOLD_REASONS)),
    nextReviewDate: IsoDate.nullable(),
    evaluatedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: z.number().int(),
  }),
);
z.globalRegistry.add(CreditProfileSchema, { id: 'CreditProfile' });

export const CreditHoldSchema = describing<CreditHold>()(
  z.object({
    id: z.string(),
    customerId: z.string(),
    reason: z.enum(HOLD_REASONS),
    sourceRef: z.string().nullable().describe('The invoice, plan or other record that caused it'),
    note: z.string().nullable(),
    placedAt: Timestamp,
    placedBy: z.string().nullable().describe('Null when a subscriber placed it'),
    releasedAt: Timestamp.nullable(),
    releasedBy: z.string().nullable(),
    releaseNote: z.string().nullable(),
  }),
);
z.globalRegistry.add(CreditHoldSchema, { id: 'CreditHold' });

export const LimitRequestSchema = describing<LimitRequest>()(
  z.object({
    id: z.string(),
    kind: z.enum(['fixed', 'temporary', 'transfer']),
    customerId: z
      .string()
      .describe('The customer whose limit is set or rises; the receiving side of a transfer'),
    fromCustomerId: z.string().nullable().describe('The giving side of a transfer'),
    amount: Amount,
    currency: z.string(),
    previousLimit: Amount.nullable(),
    expiresAt: Timestamp.nullable(),
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    requestedBy: z.string(),
    requestedAt: Timestamp,
    decidedBy: z.string().nullable(),
    decidedAt: Timestamp.nullable(),
    decisionNote: z.string().nullable(),
  }),
);
z.globalRegistry.add(LimitRequestSchema, { id: 'CreditLimitRequest' });

export const InvestigationSchema = describing<Investigation>()(
  z.object({
    id: z.string(),
    customerId: z.string(),
    source: z.enum(INVESTIGATION_SOURCES),
    sourceName: z.string().nullable(),
    investigatedOn: IsoDate,
    findings: z.string(),
    createdBy: z.string(),
    createdAt: Timestamp,
  }),
);
z.globalRegistry.add(InvestigationSchema, { id: 'CreditInvestigation' });

export const EvaluationSchema = describing<Evaluation>()(
  z.object({
    id: z.string(),
    customerId: z.string(),
    origin: z.enum(['scoring', 'write_off']),
    sourceRef: z.string().nullable(),
    factors: z
      .array(z.object({ key: z.string(), weight: z.number(), score: Score }))
      .nullable()
      .describe('Null for a downgrade after a write-off'),
    score: Score.nullable(),
    proposedGrade: z.string(),
    previousGrade: z.string().nullable(),
    status: Status,
    note: z.string().nullable(),
    investigationIds: z.array(z.string()),
    createdBy: z.string().nullable(),
    createdAt: Timestamp,
    decidedBy: z.string().nullable(),
    decidedAt: Timestamp.nullable(),
    decisionNote: z.string().nullable(),
  }),
);
z.globalRegistry.add(EvaluationSchema, { id: 'CreditEvaluation' });

export const CreditOverrideSchema = describing<CreditOverride>()(
  z.object({
    id: z.string(),
    customerId: z.string(),
    amountCap: Amount,
    currency: z.string(),
    expiresAt: Timestamp,
    reason: z.string(),
    grantedBy: z.string(),
    grantedAt: Timestamp,
    usedAt: Timestamp.nullable(),
    usedAmount: Amount.nullable(),
    usedBy: z.string().nullable(),
    invoiceId: z.string().nullable(),
    revokedAt: Timestamp.nullable(),
    revokedBy: z.string().nullable(),
    status: z.enum(['active', 'used', 'expired', 'revoked']),
  }),
);
z.globalRegistry.add(CreditOverrideSchema, { id: 'CreditOverride' });

export const CreditCheckResultSchema = describing<CreditCheckResult>()(
  z.object({
    approved: z.boolean(),
    customerId: z.string(),
    amount: Amount,
    currency: z.string(),
    termDays: z.number().int().nullable(),
    grade: z.string().nullable(),
    status: z.enum(['normal', 'on_hold']),
    creditCurrency: z.string().describe("The profile's currency, or the requested one without a profile"),
    exposure: z.object({
      total: Amount,
      receivables: Amount,
      contributed: Amount,
      contributions: z.array(
        z.object({
          customerId: z.string(),
          source: z.string(),
          kind: z.string(),
          amount: Amount,
          currency: z.string(),
          detail: z.string().optional(),
        }),
      ),
    }),
    limit: z.object({ fixed: Amount, temporary: Amount, total: Amount }).nullable(),
    available: SignedAmount.nullable().describe('limit − exposure before this sale; null without a limit'),
    maxTermDays: z.number().int().nullable(),
    reasons: z.array(
      z.object({
        code: z.enum(REFUSAL_CODES),
        detail: z.string(),
        data: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    override: z.object({ id: z.string(), waived: z.array(z.enum(REFUSAL_CODES)) }).nullable(),
    checkedAt: Timestamp,
  }),
);
z.globalRegistry.add(CreditCheckResultSchema, { id: 'CreditCheckResult' });

type PolicyView = StoredPolicy & { gradeLabels: Record<string, z.output<typeof LabelsSchema>> };
export const CreditPolicySchema = describing<PolicyView>()(
  z.object({
    scale: z.enum(['AAA-D', 'A-D']),
    currency: z.string().describe('The currency of the grade ceilings'),
    otherCurrencies: z
      .union([z.literal('refuse'), z.record(z.string(), z.record(z.string(), z.number().int().nullable()))])
      .describe(
        'Profiles in another currency: refused, or capped per currency and grade (minor units; null: no ceiling)',
      ),
    grades: z.array(GradePolicySchema).describe('Best grade first'),
    factors: z.array(ScoringFactorSchema),
    version: z.number().int().describe('0 until a credit manager first changes the policy'),
    updatedAt: Timestamp.nullable(),
    updatedBy: z.string().nullable(),
    gradeLabels: z.record(z.string(), LabelsSchema),
  }),
);
z.globalRegistry.add(CreditPolicySchema, { id: 'CreditPolicy' });

/** `GET /customers/:customerId`: everything about one customer's credit. */
export const CreditOverviewSchema = z.object({
  customerId: z.string(),
  profile: CreditProfileSchema.nullable(),
  summary: CreditSummarySchema.nullable(),
  holds: z.array(CreditHoldSchema).describe('Active holds'),
  temporaryLimits: z.array(LimitRequestSchema).describe('Approved temporary limits that have not expired'),
});

/** `GET /customers/:customerId/limits`. */
export const CustomerLimitsSchema = z.object({
  customerId: z.string(),
  currency: z.string().nullable().describe('Null without a profile'),
  fixedLimit: Amount.nullable().describe('As approved; null without a profile'),
  temporaryLimit: Amount.describe('Sum of the active temporary limits'),
  temporaryLimits: z.array(LimitRequestSchema),
  requests: z.array(LimitRequestSchema).describe('Every request for or from the customer, newest first'),
});

/** One entry of the customer's credit history (also on the customer timeline). */
export const HistoryItemSchema = z.object({
  id: z.string(),
  at: Timestamp,
  type: z.string(),
  title: z.string(),
  data: z.record(z.string(), z.unknown()),
});
z.globalRegistry.add(HistoryItemSchema, { id: 'CreditHistoryItem' });

export const EvaluationApprovedSchema = z.object({
  evaluation: EvaluationSchema,
  profile: z
    .object({ grade: z.string(), score: Score.nullable(), nextReviewDate: IsoDate })
    .describe("The customer's credit after the approval"),
});
export const EvaluationRejectedSchema = z.object({ evaluation: EvaluationSchema });

export const ReviewDueSchema = z.object({
  customerId: z.string(),
  name: z.string(),
  grade: z.string().nullable(),
  nextReviewDate: IsoDate,
});
z.globalRegistry.add(ReviewDueSchema, { id: 'CreditReviewDue' });

export const HoldListSchema = list(CreditHoldSchema);
export const HistoryPageSchema = pageOf(HistoryItemSchema);
export const InvestigationListSchema = list(InvestigationSchema);
export const EvaluationListSchema = list(EvaluationSchema);
export const EvaluationPageSchema = pageOf(EvaluationSchema);
export const LimitRequestPageSchema = pageOf(LimitRequestSchema);
export const OverrideListSchema = list(CreditOverrideSchema);
export const ReviewDuePageSchema = pageOf(ReviewDueSchema);
