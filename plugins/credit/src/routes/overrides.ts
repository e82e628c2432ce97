import { notFound, recordIn, z } from '@kehu/core';
import { Currency, CustomerParams, IdParams, Instant, PositiveAmount, Reason } from '../fields.js';
import { CreditOverrideSchema } from '../overrides.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';
import { customerRecordsRoute } from './customer-records.js';

/** One-off exceptions (特批) a credit manager grants for a single sale. */
export function overrideRoutes(rt: CreditRuntime): void {
  const { ctx, db, overrides } = rt;
  const { router, customers } = ctx;

  customerRecordsRoute(rt, {
    path: 'overrides',
    summary: "The customer's one-off exceptions",
    item: CreditOverrideSchema,
    list: (customerId) => overrides.list(db, customerId),
  });

  router.post(
    '/customers/:customerId/overrides',
    {
      summary: 'Grant a one-off exception: one sale up to a cap, before an expiry; the invoice references it',
      access: P.grantOverrides,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams,
      body: z.strictObject({
        amountCap: PositiveAmount,
        currency: Currency,
        expiresAt: Instant,
        reason: Reason,
      }),
      responses: { 201: CreditOverrideSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const created = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        return overrides.grant(trx, principal, { customerId: params.customerId, ...body });
      });
      return c.json(created, 201);
    },
  );

  router.post(
    '/overrides/:id/revoke',
    {
      summary: 'Revoke an unused exception',
      access: P.grantOverrides,
      customer: { param: 'id', access: 'change', record: recordIn(db, 'credit_override', 'Exception') },
      params: IdParams,
      body: z.strictObject({ reason: Reason }),
      responses: { 200: CreditOverrideSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const revoked = await ctx.transaction(async (trx) => {
        const o = await overrides.get(trx, params.id);
        if (!o) throw notFound('Exception', params.id);
        await customers.requireVisible(principal, o.customerId, trx);
        return overrides.revoke(trx, principal, o, body.reason);
      });
      return c.json(revoked);
    },
  );
}
