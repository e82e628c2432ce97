import type { Trx } from '@kehu/core';

declare module '@kehu/core' {
  interface KehuEvents {
    'satisfaction.responseSubmitted': {
      responseId: string;
      campaignId: string;
      customerId: string;
      contactId: string | null;
      csi: number | null;
      csat: number | null;
      nps: number | null;
    };
    'satisfaction.lowScore': { responseId: string; customerId: string; reasons: string[] };
    'satisfaction.campaignCompleted': { campaignId: string };
  }
  interface KehuFilters {
    /**
     * Invitation and reminder links to send, inside the transaction that created them. A host or a
     * mail plugin registers this filter to mail or text them: tokens are kept only as hashes, so
     * this is the one moment the links exist.
     */
    'satisfaction.deliverInvitations': { links: InvitationLink[] };
  }
  interface KehuServices {
    satisfaction: SatisfactionService;
  }
}

/** What other plugins may ask of satisfaction (`ctx.service('satisfaction')`). */
export interface SatisfactionService {
  /** The latest submitted response's scores per customer (customers without one are absent). */
  latestScores(
    customerIds: string[],
    trx?: Trx,
  ): Promise<Map<string, { csi: number | null; csat: number | null; nps: number | null; at: string }>>;
}

/** One link to deliver: an invitation or a reminder, with its single-use token in `url`. */
export interface InvitationLink {
  invitationId: string;
  campaignId: string;
  customerId: string;
  contactId: string;
  contactName: string | null;
  email: string | null;
  phone: string | null;
  lang: string;
  url: string;
  reminder: boolean;
  expiresAt: string;
}
