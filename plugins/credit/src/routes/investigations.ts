import { badRequest, z } from '@kehu/core';
import { CustomerParams, IsoDate } from '../fields.js';
import { INVESTIGATION_SOURCES, InvestigationSchema } from '../investigations.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';
import { customerRecordsRoute } from './customer-records.js';

/** Credit investigations (信用调查): what was learned about a customer, from where. */
export function investigationRoutes(rt: CreditRuntime): void {
  const { ctx, db, investigations } = rt;
  const { router, customers } = ctx;

  customerRecordsRoute(rt, {
    path: 'investigations',
    summary: "The customer's credit investigations",
    item: InvestigationSchema,
    list: (customerId) => investigations.list(db, customerId),
  });

  router.post(
    '/customers/:customerId/investigations',
    {
      summary: 'Record a credit investigation',
      access: P.investigate,
      customer: { param: 'customerId', access: 'change' },
      params: CustomerParams,
      body: z.strictObject({
        source: z.enum(INVESTIGATION_SOURCES),
        sourceName: z.string().trim().min(1).max(200).nullish(),
        investigatedOn: IsoDate,
        findings: z.string().trim().min(1).max(20_000),
      }),
      responses: { 201: InvestigationSchema },
      tags: ['credit'],
    },
    async (c, { params, body, principal }) => {
      const today = ctx.clock.today();
      if (body.investigatedOn > today) {
        throw badRequest('validation_failed', 'The request is invalid: body.investigatedOn', [
          { path: 'body.investigatedOn', message: 'An investigation cannot be dated after today' },
        ]);
      }
      const created = await ctx.transaction(async (trx) => {
        await customers.requireVisible(principal, params.customerId, trx);
        return investigations.create(trx, principal, { customerId: params.customerId, ...body });
      });
      return c.json(created, 201);
    },
  );
}
