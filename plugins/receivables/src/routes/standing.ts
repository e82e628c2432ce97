import { type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { standingOf } from '../standing.js';
import { StandingSchema } from './response-schemas.js';
import { Id } from './shared.js';

/** A customer's standing: balances per currency, overdue, disputes. */
export function standingRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/customers/:customerId/standing',
    {
      summary: "A customer's standing: overdue, oldest overdue days, unpaid over two months, stale disputes",
      access: 'receivables.read',
      params: z.object({ customerId: Id }),
      responses: { 200: StandingSchema },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.customerId);
      return c.json(await standingOf(deps, params.customerId));
    },
  );
}
