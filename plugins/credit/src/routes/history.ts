import { listQuery, pageOf } from '@kehu/core';
import { CustomerParams } from '../fields.js';
import { HistoryItemSchema } from '../history.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';

const HistoryPageSchema = pageOf(HistoryItemSchema);

/** The customer's credit history. */
export function historyRoutes(rt: CreditRuntime): void {
  const { ctx, db, history } = rt;
  const { router, customers } = ctx;

  router.get(
    '/customers/:customerId/history',
    {
      summary: "The customer's credit history, newest first",
      access: P.read,
      params: CustomerParams,
      query: listQuery({}, { maxLimit: 200 }),
      responses: { 200: HistoryPageSchema },
      tags: ['credit'],
    },
    async (c, { params, query, principal }) => {
      await customers.requireVisible(principal, params.customerId);
      return c.json(await history.page(db, params.customerId, query));
    },
  );
}
