import type { Executor, Trx } from '@kehu/core';
import type { SatisfactionService } from './contract.js';

type Latest = { csi: number | null; csat: number | null; nps: number | null; at: string };

/** The latest submitted response per customer, 500 ids per query. */
export async function latestScores(
  db: Executor,
  customerIds: readonly string[],
): Promise<Map<string, Latest>> {
  const out = new Map<string, Latest>();
  const ids = [...new Set(customerIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('sat_response')
      .select(['customer_id', 'csi', 'csat', 'nps', 'submitted_at', 'id'])
      .where('customer_id', 'in', ids.slice(i, i + 500))
      .where('status', '=', 'submitted')
      .orderBy('customer_id')
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    for (const r of rows)
      if (!out.has(r.customer_id))
        out.set(r.customer_id, {
          csi: r.csi == null ? null : Number(r.csi),
          csat: r.csat == null ? null : Number(r.csat),
          nps: r.nps == null ? null : Number(r.nps),
          at: r.submitted_at,
        });
  }
  return out;
}

/** The service other plugins get as `ctx.service('satisfaction')`. */
export function createSatisfactionService(db: Executor): SatisfactionService {
  return {
    latestScores: (customerIds: string[], trx?: Trx) => latestScores(trx ?? db, customerIds),
  };
}
