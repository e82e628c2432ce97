/**
 * The public contract of the complaints plugin: what other plugins (key-accounts, satisfaction,
 * custom ones) may rely on. They import these *types* only and reach the plugin through its service
 * (`ctx.service('complaints')`), its events and its `complaints.identify` filter, never its tables.
 */
import type { Trx } from '@kehu/core';

declare module '@kehu/core' {
  interface KehuEvents {
    'complaints.received': ComplaintEvent;
    'complaints.accepted': ComplaintEvent;
    'complaints.natureChanged': ComplaintEvent & {
      from: ComplaintNature | null;
      to: ComplaintNature;
      reason: string;
    };
    /** A level of the SLA escalation of one target: 1 the warning, 2 the breach, 3… the levels after. */
    'complaints.escalated': ComplaintEvent & {
      target: 'response' | 'resolution';
      level: number;
      role: string;
    };
    'complaints.slaBreached': ComplaintEvent & { target: 'response' | 'resolution' };
    'complaints.replied': ComplaintEvent & { returnVisitDueOn: string /* YYYY-MM-DD */ };
    'complaints.reopened': ComplaintEvent & { reopenCount: number };
    'complaints.closed': ComplaintEvent & { closedAt: string; satisfied: boolean | null };
    'complaints.systemicIssueOpened': {
      issueId: string;
      category: string;
      reference: string;
      complaintIds: string[];
      customerCount: number;
    };
  }
  interface KehuFilters {
    /** At intake and at identification; a plugin pushes a reason to make the complaint key (关键). */
    'complaints.identify': {
      complaintId: string | null;
      customerId: string;
      emotion: 'calm' | 'upset' | 'extreme';
      keyReasons: string[];
    };
  }
  interface KehuServices {
    complaints: ComplaintsService;
  }
}

export type ComplaintNature = 'key' | 'general' | 'false' | 'malicious';

export interface ComplaintEvent {
  complaintId: string;
  customerId: string;
  contactId: string | null;
  handlerId: string;
  nature: ComplaintNature | null;
  severity: 'critical' | 'high' | 'normal' | 'low';
  category: string;
}

export interface ComplaintsService {
  /** The return visit's outcome from another channel (a survey answer): satisfied closes, not satisfied reopens to accepted (a closed complaint too). */
  recordReturnVisit(
    complaintId: string,
    input: { satisfied: boolean; note?: string; source: string; reference: string },
    trx?: Trx,
  ): Promise<{ outcome: 'closed' | 'reopened' | 'ignored' }>;
  /** Service measures for satisfaction's reports: complaints received in [from, to], per customer id when given. */
  statsFor(
    input: { from: string; to: string; customerIds?: string[] },
    trx?: Trx,
  ): Promise<{
    complaints: number;
    customers: number;
    avgResponseMinutes: number | null;
    avgResolutionMinutes: number | null;
  }>;
  openCount(customerId: string, trx?: Trx): Promise<number>;
}
