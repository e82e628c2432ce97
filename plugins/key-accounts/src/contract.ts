/**
 * The public contract of the key-accounts plugin: what other plugins (satisfaction, custom ones) may
 * rely on. Import these *types* only; reach the plugin through `ctx.service('key-accounts')`, its
 * events and its filter, never its tables.
 */
import type { Trx } from '@kehu/core';

declare module '@kehu/core' {
  interface KehuEvents {
    'keyAccounts.classified': {
      runId: string;
      currency: string;
      counts: { A: number; B: number; C: number; none: number };
    };
    'keyAccounts.tierChanged': { customerId: string; from: AbcClass | null; to: AbcClass; runId: string };
    'keyAccounts.designated': { customerId: string; managerId: string | null };
    'keyAccounts.undesignated': { customerId: string };
    'keyAccounts.visitOverdue': { customerId: string; visitId: string; dueOn: string };
    'keyAccounts.coverageGap': { customerId: string; gap: string };
    'keyAccounts.stageChanged': { customerId: string; from: string | null; to: string };
  }
  interface KehuFilters {
    /** Filled by satisfaction when enabled: the satisfaction component of a manager's scorecard. */
    'keyAccounts.scorecardSatisfaction': {
      managerId: string;
      year: number;
      customerIds: string[];
      result: null | { score: number /* 0–100 */; measure: string; n: number };
    };
  }
  interface KehuServices {
    'key-accounts': KeyAccountsService;
  }
}
export type AbcClass = 'A' | 'B' | 'C' | 'none';
export interface KeyAccountTier {
  class: AbcClass;
  designated: boolean;
  managerId: string | null;
}
export interface KeyAccountsService {
  isKeyAccount(customerId: string, trx?: Trx): Promise<boolean>; // designated
  tierOf(customerIds: string[], trx?: Trx): Promise<Map<string, KeyAccountTier>>;
}

/** Revenue another plugin (an order or ERP sync) contributes to a classification run. */
export interface RevenueContribution {
  customerId: string;
  /** Minor units of `currency` in the run's window; credit notes as negative amounts. */
  amount: number;
  currency: string;
  source: string;
}

declare module '@kehu/core' {
  interface KehuFilters {
    /**
     * Runs inside a classification run: push revenue for the window [from, to] in `currency`. A
     * contribution in another currency refuses the run (422 `revenue_currency_mismatch`).
     */
    'keyAccounts.revenue': {
      from: string;
      to: string;
      currency: string;
      contributions: RevenueContribution[];
    };
  }
}
