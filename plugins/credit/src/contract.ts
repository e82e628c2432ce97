/**
 * The public contract of the credit plugin: its service, the `credit.exposure` filter and its events.
 * Other plugins import these *types* only and reach credit through `ctx.service('credit')` and its
 * events, never its tables.
 */
import type { EventName, Trx } from '@kehu/core';
import type { CreditCheckInput, CreditCheckResult, RefusalCode } from './credit-check.js';
import type { ExposureContribution } from './exposure.js';
import type { CreditHold, HoldReason } from './holds.js';
import type { CreditProfile } from './profiles.js';

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

/**
 * Payload of the `credit.exposure` filter: a page of customers (one for a credit check) whose pending
 * amounts contributors append to `contributions`. Contributions in another currency than the
 * customer's credit currency are ignored.
 */
export interface CreditExposureQuery {
  customerIds: readonly string[];
  contributions: ExposureContribution[];
}

export interface CreditGradeChanged {
  customerId: string;
  from: string | null;
  to: string;
  score: number | null;
  evaluationId: string;
  approvedBy: string;
  at: string;
}

export interface CreditHoldPlaced {
  customerId: string;
  holdId: string;
  reason: HoldReason;
  sourceRef: string | null;
  note: string | null;
  placedBy: string | null;
  at: string;
}

export interface CreditHoldReleased {
  customerId: string;
  holdId: string;
  reason: HoldReason;
  releasedBy: string | null;
  /** Other holds are still active. */
  stillOnHold: boolean;
  at: string;
}

export interface CreditLimitChanged {
  customerId: string;
  kind: 'fixed' | 'temporary' | 'transfer';
  currency: string;
  /** The fixed limit before and after (unchanged for a temporary limit). */
  fixedLimit: { from: number; to: number };
  /** The temporary limit granted, for `temporary`. */
  temporary: { amount: number; expiresAt: string } | null;
  requestId: string;
  approvedBy: string;
  at: string;
}

export interface CreditCheckRefused {
  customerId: string;
  amount: number;
  currency: string;
  /** `invoice`: the receivables plugin's invoice was refused; `inquiry`: an explicit credit check. */
  context: 'invoice' | 'inquiry';
  reasons: RefusalCode[];
  exposure: number;
  limit: number | null;
  available: number | null;
  at: string;
}

export interface CreditEvaluationSubmitted {
  evaluationId: string;
  customerId: string;
  origin: 'scoring' | 'write_off';
  proposedGrade: string;
  previousGrade: string | null;
  score: number | null;
}

export interface CreditReviewDue {
  customerId: string;
  grade: string | null;
  nextReviewDate: string;
}

declare module '@kehu/core' {
  interface KehuServices {
    credit: CreditService;
  }

  interface KehuFilters {
    /** Plugins append pending amounts (orders, deliveries) that count towards a customer's exposure. */
    'credit.exposure': CreditExposureQuery;
  }

  interface KehuEvents {
    'credit.gradeChanged': CreditGradeChanged;
    'credit.holdPlaced': CreditHoldPlaced;
    'credit.holdReleased': CreditHoldReleased;
    'credit.limitChanged': CreditLimitChanged;
    'credit.checkRefused': CreditCheckRefused;
    'credit.evaluationSubmitted': CreditEvaluationSubmitted;
    'credit.reviewDue': CreditReviewDue;
  }
}

/** Every event credit emits, for `definePlugin({ events })` and for subscribers that want them all. */
export const CREDIT_EVENTS = [
  'credit.gradeChanged',
  'credit.holdPlaced',
  'credit.holdReleased',
  'credit.limitChanged',
  'credit.checkRefused',
  'credit.evaluationSubmitted',
  'credit.reviewDue',
] as const satisfies readonly EventName[];
