import type { BusinessDate, Executor } from '@kehu/core';
import { accountRows, tierOfRow } from './accounts.js';
import { kindsInForce } from './entitlements.js';

/** The `keyAccount` facet for a page of customers: four queries whatever the page size. */
export async function loadFacet(db: Executor, ids: readonly string[], today: BusinessDate) {
  const rows = await accountRows(db, ids);
  const gaps = await db
    .selectFrom('ka_gap')
    .select(['customer_id', 'gap'])
    .where('customer_id', 'in', [...ids])
    .where('closed_on', 'is', null)
    .orderBy('gap')
    .execute();
  const visits = await db
    .selectFrom('ka_visit')
    .select((eb) => ['customer_id', eb.fn.min('due_on').as('due')])
    .where('customer_id', 'in', [...ids])
    .where('status', '=', 'planned')
    .groupBy('customer_id')
    .execute();
  const entitlements = await kindsInForce(db, ids, today);
  const gapsOf = new Map<string, string[]>();
  for (const g of gaps) gapsOf.set(g.customer_id, [...(gapsOf.get(g.customer_id) ?? []), g.gap]);
  const next = new Map(visits.map((v) => [v.customer_id as string, v.due as string]));
  return new Map(
    ids.map((id) => {
      const row = rows.get(id);
      return [
        id,
        {
          ...tierOfRow(row, today),
          stage: row?.stage ?? null,
          relationship: row?.relationship ?? null,
          openGaps: gapsOf.get(id) ?? [],
          nextVisitDue: next.get(id) ?? null,
          entitlements: entitlements.get(id) ?? [],
        },
      ];
    }),
  );
}
