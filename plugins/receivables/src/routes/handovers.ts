import { type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { handoverReport, recordHandover, toHandover } from '../handovers.js';
import { fieldProblem, stateConflict } from '../problems.js';
import { HandoverPageSchema, HandoverReportSchema, HandoverSchema } from './response-schemas.js';
import { customerInBody, Id, IdParams, Reason, visiblePage, visibleTo } from './shared.js';

/** Handovers of responsibility for a customer's balances (应收账款移交). */
export function handoverRoutes(router: KehuRouter, deps: Deps): void {
  router.post(
    '/handovers',
    {
      summary:
        'Hand over the open balances of a customer from one responsible person to another (应收账款移交)',
      access: 'receivables.handovers.write',
      customer: customerInBody,
      body: z.strictObject({ customerId: Id, fromId: Id.nullish(), toId: Id, reason: Reason }),
      responses: { 201: HandoverSchema },
    },
    async (c, { body, principal, customer: checked }) => {
      const customer = checked!;
      const fromId = body.fromId === undefined ? customer.ownerId : body.fromId;
      if (fromId === body.toId)
        throw stateConflict('same_person', 'The successor is the same person as the predecessor');
      const handover = await deps.transaction(async (trx) => {
        if (!(await deps.userExists(body.toId, trx)))
          throw fieldProblem(422, 'unknown_user', `User ${body.toId} does not exist`, 'body.toId');
        return recordHandover(
          deps,
          trx,
          {
            customerId: customer.id,
            fromId: fromId ?? null,
            toId: body.toId,
            source: 'request',
            reason: body.reason,
            always: true,
          },
          principal,
        );
      });
      return c.json(handover, 201);
    },
  );

  router.get(
    '/handovers',
    {
      summary: 'Handovers',
      access: 'receivables.read',
      query: listQuery({ customerId: Id.optional() }),
      responses: { 200: HandoverPageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_handover').selectAll();
      q = whereEquals(q, query, { customerId: 'customer_id' });
      return c.json(await visiblePage(deps, principal, q, query, toHandover));
    },
  );

  router.get(
    '/handovers/:id',
    {
      summary:
        'A handover with the bad debts written off within 90 days after it, charged to the predecessor',
      access: 'receivables.read',
      params: IdParams,
      responses: { 200: HandoverReportSchema },
    },
    async (c, { params, principal }) => {
      const report = await handoverReport(deps, deps.db, params.id);
      await visibleTo(deps, principal, 'Handover', params.id)(report.customerId);
      return c.json(report);
    },
  );
}
