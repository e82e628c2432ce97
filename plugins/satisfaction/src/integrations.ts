import type { Trx } from '@kehu/core';

/**
 * The parts of the complaints and key-accounts services this plugin uses, when those plugins are
 * enabled. Typed structurally, so the plugin works (and builds) without them.
 */
export interface ComplaintsPort {
  recordReturnVisit(
    complaintId: string,
    input: { satisfied: boolean; note?: string; source: string; reference: string },
    trx?: Trx,
  ): Promise<{ outcome: 'closed' | 'reopened' | 'ignored' }>;
  statsFor(
    input: { from: string; to: string; customerIds?: string[] },
    trx?: Trx,
  ): Promise<{
    complaints: number;
    customers: number;
    avgResponseMinutes: number | null;
    avgResolutionMinutes: number | null;
  }>;
}

export interface KeyAccountsPort {
  tierOf(
    customerIds: string[],
    trx?: Trx,
  ): Promise<Map<string, { class: 'A' | 'B' | 'C' | 'none'; designated: boolean; managerId: string | null }>>;
}

export interface Ports {
  complaints(): ComplaintsPort | undefined;
  keyAccounts(): KeyAccountsPort | undefined;
}
