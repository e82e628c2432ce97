import { conflict, notFound, z } from '@kehu/core';
import { CustomerParams, Id, Note, Reason } from '../fields.js';
import { CreditHoldSchema } from '../holds.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';
import { customerRecordsRoute } from './customer-records.js';

/** Holds: the customer's list, a manual hold, and releasing one. */
export function holdRoutes(rt: CreditRuntime): void {
  const { ctx, db, holds } = rt;
  const { router, customers } = ctx;

  customerRecordsRoute(rt, {
    path: 'holds',
    summary: "The customer's holds, newest first (active only unless all=true)",
    item: CreditHoldSchema,
    query: z.object({ all: z.enum(['true', 'false']).optional() }),
    list: (customerId, query) => holds.list(db, customerId, { activeOnly: query.all !== 'true' }),
  });

  router.post(
    '/customers/:customerId/holds',
    {
      summary: 'Put the customer on hold by hand',
      access: P.manageProfiles,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams,
      body: z.strictObject({ note: Reason }),
      responses: { 201: CreditHoldSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const hold = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        const placed = await holds.place(trx, {
          customerId: params.customerId,
          reason: 'manual',
          note: body.note,
          actorId: principal.id,
        });
        if (!placed) throw conflict('hold_exists', 'The customer already has an active manual hold');
        return placed;
      });
      return c.json(hold, 201);
    },
  );

  router.post(
    '/customers/:customerId/holds/:holdId/release',
    {
      summary: 'Release a hold',
      access: P.manageProfiles,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams.extend({ holdId: Id }),
      body: z.strictObject({ note: Note }).optional(),
      responses: { 200: CreditHoldSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const released = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        const hold = await holds.get(trx, params.holdId);
        if (!hold || hold.customerId !== params.customerId) throw notFound('Hold', params.holdId);
        const done = await holds.release(trx, hold, { actorId: principal.id, note: body?.note ?? null });
        if (!done) throw conflict('hold_not_active', `Hold ${hold.id} was already released`);
        return done;
      });
      return c.json(released);
    },
  );
}
