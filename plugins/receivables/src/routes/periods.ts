import { type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { closePeriod, listClosedPeriods } from '../periods.js';
import { ClosedPeriodListSchema, ClosedPeriodSchema } from './response-schemas.js';
import { Period, Reason } from './shared.js';

/** Closed accounting periods. */
export function periodRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/periods',
    {
      summary: 'Months finance closed for every customer (月结), newest first',
      access: 'receivables.read',
      responses: { 200: ClosedPeriodListSchema },
    },
    async (c) => c.json({ items: await listClosedPeriods(deps.db) }),
  );

  router.post(
    '/periods/:period/close',
    {
      summary: 'Close a month, and every month before it, for every customer',
      description:
        'After this no invoice, payment, credit note, cancellation, reversal or write-off may be dated in the month or before it (409 `period_closed`); corrections are dated in the open period. A confirmed statement closes its own account the same way.',
      access: 'receivables.periods.close',
      customer: false,
      params: z.object({ period: Period }),
      body: z.strictObject({ reason: Reason }),
      responses: { 200: ClosedPeriodSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await closePeriod(deps, { period: params.period, reason: body.reason }, principal)),
  );
}
