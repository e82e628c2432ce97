import type { KehuRouter } from '@kehu/core';
import { rebuildDerived } from '../balances.js';
import type { Deps } from '../context.js';
import { RebuildResultSchema } from './response-schemas.js';

/** Maintenance of the balances kept by the writes. */
export function balanceRoutes(router: KehuRouter, deps: Deps): void {
  router.post(
    '/admin/rebuild-balances',
    {
      summary: 'Recompute the maintained ageing cells and customer balances from the invoices',
      access: 'receivables.admin',
      customer: false,
      responses: { 200: RebuildResultSchema },
    },
    async (c) => c.json(await rebuildDerived(deps)),
  );
}
