import { type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { cancelPlan, createPlan, loadPlan } from '../plans.js';
import { PaymentPlanPageSchema, PaymentPlanSchema, PLAN_STATUSES } from './response-schemas.js';
import {
  Amount,
  Currency,
  customerInBody,
  DateString,
  Id,
  IdParams,
  Reason,
  recordKind,
  visiblePage,
} from './shared.js';

/** Repayment plans (还款计划). */
export function planRoutes(router: KehuRouter, deps: Deps): void {
  const plan = recordKind(deps, 'rcv_plan', 'Payment plan');
  router.post(
    '/plans',
    {
      summary: 'Agree a repayment plan (还款计划) of instalments for overdue debt',
      access: 'receivables.plans.write',
      customer: customerInBody,
      body: z.strictObject({
        customerId: Id,
        currency: Currency,
        reason: Reason,
        instalments: z
          .array(z.strictObject({ dueDate: DateString, amount: Amount }))
          .min(1)
          .max(60),
      }),
      responses: { 201: PaymentPlanSchema },
    },
    async (c, { body, principal }) => c.json(await createPlan(deps, body, principal), 201),
  );

  router.get(
    '/plans',
    {
      summary: 'Repayment plans',
      access: 'receivables.read',
      query: listQuery({
        customerId: Id.optional(),
        status: z.enum(PLAN_STATUSES).optional(),
      }),
      responses: { 200: PaymentPlanPageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_plan').select('id');
      q = whereEquals(q, query, { customerId: 'customer_id', status: 'status' });
      const page = await visiblePage(deps, principal, q, query);
      const items = await Promise.all(page.items.map(async (r) => (await loadPlan(deps.db, r.id))!));
      return c.json({ items, nextCursor: page.nextCursor });
    },
  );

  router.get(
    '/plans/:id',
    {
      summary: 'One repayment plan',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: PaymentPlanSchema },
    },
    async (c, { params, principal }) =>
      c.json(await plan.visible(principal, params.id, await loadPlan(deps.db, params.id))),
  );

  router.post(
    '/plans/:id/cancel',
    {
      summary: 'Cancel an active plan',
      access: 'receivables.plans.write',
      ...plan.inPath,
      body: z.strictObject({ reason: Reason }),
      responses: { 200: PaymentPlanSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await cancelPlan(deps, params.id, body.reason, principal, plan.visibleTo(principal, params.id))),
  );
}
