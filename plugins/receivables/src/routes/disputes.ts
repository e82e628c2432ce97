import { addMonths, type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { resolveDisputeItem, toDisputeItem } from '../statements.js';
import { DISPUTE_STATUSES, DisputeItemPageSchema, DisputeItemSchema } from './response-schemas.js';
import { Bool, Id, Reason, recordKind, visiblePage } from './shared.js';

/** Dispute items raised on statements, and their resolution. */
export function disputeRoutes(router: KehuRouter, deps: Deps): void {
  const today = () => deps.clock.today();
  const item = recordKind(deps, 'rcv_dispute_item', 'Dispute item');
  router.get(
    '/disputes',
    {
      summary: 'Dispute items; `stale=true` lists those open more than two months',
      access: 'receivables.read',
      query: listQuery({
        status: z.enum(DISPUTE_STATUSES).optional(),
        stale: Bool.optional(),
        customerId: Id.optional(),
      }),
      responses: { 200: DisputeItemPageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_dispute_item').selectAll();
      q = whereEquals(q, query, { status: 'status', customerId: 'customer_id' });
      const cut = addMonths(today(), -2);
      if (query.stale === true) q = q.where('status', '=', 'open').where('opened_on', '<', cut);
      if (query.stale === false)
        q = q.where((eb) => eb.or([eb('status', '<>', 'open'), eb('opened_on', '>=', cut)]));
      return c.json(await visiblePage(deps, principal, q, query, (r) => toDisputeItem(r, today())));
    },
  );

  router.post(
    '/disputes/:id/resolve',
    {
      summary: 'Resolve a dispute item',
      access: 'receivables.statements.write',
      ...item.inPath,
      body: z.strictObject({ resolution: Reason }),
      responses: { 200: DisputeItemSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await resolveDisputeItem(
          deps,
          params.id,
          body.resolution,
          principal,
          item.visibleTo(principal, params.id),
        ),
      ),
  );
}
