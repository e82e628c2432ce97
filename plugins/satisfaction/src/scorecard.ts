import type { PluginHooks } from '@kehu/core';
// Types only: the key-accounts filter this module fills when that plugin is enabled.
import type {} from '@kehu/plugin-key-accounts';
import type { Deps } from './context.js';

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The satisfaction part of a key-account manager's yearly scorecard (年度考核): the mean CSI of the
 * year's submitted responses of the manager's accounts; when none of them has a CSI (no published
 * indicator system), the CSAT share (% of 4–5 answers) instead. Years are the company's dates.
 */
export function scorecardSatisfaction(hooks: PluginHooks, deps: Deps): void {
  hooks.filter('keyAccounts.scorecardSatisfaction', async (q, { trx }) => {
    if (q.result || q.customerIds.length === 0) return;
    const db = trx ?? deps.db;
    let csiN = 0;
    let csiSum = 0;
    let csatN = 0;
    let csatTop = 0;
    for (let i = 0; i < q.customerIds.length; i += 500) {
      const row = await db
        .selectFrom('sat_response')
        .select((eb) => [
          eb.fn.count('csi').as('csi_n'),
          eb.fn.sum('csi').as('csi_sum'),
          eb.fn.count('csat').as('csat_n'),
          eb.fn.sum(eb.case().when('csat', '>=', 4).then(1).else(0).end()).as('csat_top'),
        ])
        .where('customer_id', 'in', q.customerIds.slice(i, i + 500))
        .where('status', '=', 'submitted')
        .where('submitted_on', '>=', `${q.year}-01-01`)
        .where('submitted_on', '<=', `${q.year}-12-31`)
        .executeTakeFirstOrThrow();
      csiN += Number(row.csi_n);
      csiSum += Number(row.csi_sum ?? 0);
      csatN += Number(row.csat_n);
      csatTop += Number(row.csat_top ?? 0);
    }
    if (csiN > 0) q.result = { score: round1(csiSum / csiN), measure: 'CSI', n: csiN };
    else if (csatN > 0) q.result = { score: round1((csatTop * 100) / csatN), measure: 'CSAT', n: csatN };
  });
}
