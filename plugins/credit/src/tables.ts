import type { ColumnType, Kysely, Transaction } from '@kehu/core';
import type { EvaluationOrigin, EvaluationStatus } from './evaluations.js';
import type { HoldReason } from './holds.js';
import type { InvestigationSource } from './investigations.js';
import type { LimitRequestKind, RequestStatus } from './limits.js';

// The credit plugin's tables as its queries see them (migrations.ts creates them). Rows are read
// through these types, so a renamed column or a wrong value type is a compile error.

/** A `bigint` column: PostgreSQL answers it as a string, SQLite as a number; it is written as a number. */
type Bigint = ColumnType<number | string, number, number>;
type NullableBigint = ColumnType<number | string | null, number | null, number | null>;

export interface CreditProfileTable {
  customer_id: string;
  grade: string | null;
  score: number | null;
  fixed_limit: Bigint;
  currency: string;
  max_term_days: number;
  /** YYYY-MM-DD */
  next_review_date: string | null;
  /** The review date last announced by the review job. */
  review_notified_for: string | null;
  evaluated_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CreditHoldTable {
  id: string;
  customer_id: string;
  reason: HoldReason;
  source_ref: string | null;
  note: string | null;
  placed_at: string;
  placed_by: string | null;
  released_at: string | null;
  released_by: string | null;
  release_note: string | null;
}

export interface CreditInvestigationTable {
  id: string;
  customer_id: string;
  source: InvestigationSource;
  source_name: string | null;
  investigated_on: string;
  findings: string;
  created_by: string;
  created_at: string;
}

export interface CreditEvaluationTable {
  id: string;
  customer_id: string;
  origin: EvaluationOrigin;
  source_ref: string | null;
  /** JSON: the factor scores. */
  factors: string | null;
  score: number | null;
  proposed_grade: string;
  previous_grade: string | null;
  status: EvaluationStatus;
  note: string | null;
  /** JSON: an array of investigation ids. */
  investigation_ids: string;
  created_by: string | null;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface CreditLimitRequestTable {
  id: string;
  kind: LimitRequestKind;
  customer_id: string;
  from_customer_id: string | null;
  amount: Bigint;
  currency: string;
  previous_limit: NullableBigint;
  expires_at: string | null;
  reason: string;
  status: RequestStatus;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface CreditOverrideTable {
  id: string;
  customer_id: string;
  amount_cap: Bigint;
  currency: string;
  expires_at: string;
  reason: string;
  granted_by: string;
  granted_at: string;
  used_at: string | null;
  used_amount: NullableBigint;
  used_by: string | null;
  invoice_id: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface CreditHistoryTable {
  id: string;
  customer_id: string;
  at: string;
  type: string;
  title: string;
  /** JSON object. */
  data: string;
}

export interface CreditPolicyTable {
  id: string;
  /** JSON: the grades and factors in force. */
  document: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface CreditEventReceiptTable {
  subscriber: string;
  event_id: string;
  processed_at: string;
}

export interface CreditTables {
  credit_profile: CreditProfileTable;
  credit_hold: CreditHoldTable;
  credit_investigation: CreditInvestigationTable;
  credit_evaluation: CreditEvaluationTable;
  credit_limit_request: CreditLimitRequestTable;
  credit_override: CreditOverrideTable;
  credit_history: CreditHistoryTable;
  credit_policy: CreditPolicyTable;
  credit_event_receipt: CreditEventReceiptTable;
}

/** `ctx.db` and the kernel's transactions, typed with credit's tables. */
export type CreditDb = Kysely<CreditTables>;
export type CreditTrx = Transaction<CreditTables>;
export type CreditExecutor = CreditDb | CreditTrx;
