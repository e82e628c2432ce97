import { CreditCheckInputSchema, CreditCheckResultSchema } from '../credit-check.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';

/** `POST /check`: would this sale on credit be approved, and why not. Changes nothing but the event. */
export function checkRoutes(rt: CreditRuntime): void {
  const { ctx, db, checker, refusals } = rt;
  ctx.router.post(
    '/check',
    {
      summary: 'Credit check: approved or not, with exposure, limit, available and every reason',
      access: P.check,
      customer: { body: 'customerId', access: 'see' },
      body: CreditCheckInputSchema,
      responses: { 200: CreditCheckResultSchema },
      tags: ['credit'],
    },
    async (c, { body, principal }) => {
      await ctx.customers.requireVisible(principal, body.customerId);
      const result = await checker.check(
        db,
        {
          customerId: body.customerId,
          amount: body.amount,
          currency: body.currency,
          termDays: body.termDays ?? null,
          overrideId: body.overrideId ?? null,
        },
        { enforce: false, principal },
      );
      if (!result.approved) await ctx.transaction((trx) => refusals.emit(trx, result, 'inquiry'));
      return c.json(result);
    },
  );
}
