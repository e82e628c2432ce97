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
