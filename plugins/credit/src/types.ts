import type { Trx } from '@kehu/core';

/** Why a customer's credit is on hold. */
export const HOLD_REASONS = ['overdue', 'plan_broken', 'written_off', 'manual'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export type CreditStatus = 'normal' | 'on_hold';

/** Where an investigation's information came from (信用调查来源). */
export const INVESTIGATION_SOURCES = ['bank', 'agency', 'trade_association', 'customer', 'internal'] as const;
export type InvestigationSource = (typeof INVESTIGATION_SOURCES)[number];

export interface CreditProfile {
  customerId: string;
  /** Null until a credit manager approves a first evaluation. */
  grade: string | null;
  score: number | null;
  /** Minor units of `currency`, as approved; the check caps it at the grade's ceiling. */
  fixedLimit: number;
  currency: string;
  maxTermDays: number;
  status: CreditStatus;
  holdReasons: HoldReason[];
  /** YYYY-MM-DD */
  nextReviewDate: string | null;
  evaluatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface CreditHold {
  id: string;
  customerId: string;
  reason: HoldReason;
  /** The invoice, plan or other record that caused it. */
  sourceRef: string | null;
  note: string | null;
  placedAt: string;
  /** Null when a subscriber placed it. */
  placedBy: string | null;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseNote: string | null;
}

/** A pending amount another plugin adds to a customer's exposure (open orders, unbilled deliveries…). */
export interface ExposureContribution {
  customerId: string;
  /** The contributing plugin. */
  source: string;
  /** What the amount is, e.g. `pendingOrders`. */
  kind: string;
  /** Minor units. */
  amount: number;
  currency: string;
  detail?: string;
}

/**
 * Payload of the `credit.exposure` filter: a page of customers (one for a credit check) whose pending
 * amounts contributors append to `contributions`. Contributions in another currency than the
 * customer's credit currency are ignored.
 */
export interface CreditExposureQuery {
  customerIds: readonly string[];
  contributions: ExposureContribution[];
}

export interface Exposure {
  /** Minor units: receivables + contributed. */
  total: number;
  /** Open receivables from the receivables plugin; 0 when it is disabled. */
  receivables: number;
  contributed: number;
  contributions: ExposureContribution[];
}

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

export interface RefusalReason {
  code: RefusalCode;
  detail: string;
  /** The figures behind this reason. */
  data?: Record<string, unknown>;
}

export interface CreditLimitFigures {
  /** The approved fixed limit, capped at the grade's ceiling. */
  fixed: number;
  /** Approved temporary limits that have not expired. */
  temporary: number;
  total: number;
}

export interface CreditCheckInput {
  customerId: string;
  /** Minor units of the sale being asked about. */
  amount: number;
  currency: string;
  /** The payment term the sale would have. */
  termDays?: number | null;
  /** A one-off exception granted by a credit manager. */
  overrideId?: string | null;
}

export interface CreditCheckResult {
  approved: boolean;
  customerId: string;
  amount: number;
  currency: string;
  termDays: number | null;
  grade: string | null;
  status: CreditStatus;
  /** The profile's currency, or the requested one when there is no profile. */
  creditCurrency: string;
  exposure: Exposure;
  /** Null when the customer has no profile and the company lets such customers buy. */
  limit: CreditLimitFigures | null;
  /** limit − exposure (before this sale); null without a limit. */
  available: number | null;
  maxTermDays: number | null;
  /** Every rule the sale breaks; empty when approved without an override. */
  reasons: RefusalReason[];
  /** The override that let a refused sale through. */
  override: { id: string; waived: RefusalCode[] } | null;
  checkedAt: string;
}

/** The credit plugin's service: `ctx.service('credit')`. */
export interface CreditService {
  /**
   * Answers whether a sale on credit may go ahead; pass `trx` to read inside a transaction. With
   * `enforce` (needs `trx`) the profile stays locked until `trx` ends and a referenced exception is
   * used up: the mode for a plugin that writes the sale itself, as the invoice filter does.
   */
  check(input: CreditCheckInput, trx?: Trx, options?: { enforce?: boolean }): Promise<CreditCheckResult>;
  profile(customerId: string, trx?: Trx): Promise<CreditProfile | undefined>;
  /** The customer's active holds. */
  holds(customerId: string, trx?: Trx): Promise<CreditHold[]>;
}
