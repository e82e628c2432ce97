import { type KehuRouter, keysetPage, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { answerWarning, toWarning } from '../warnings.js';
import { WarningPageSchema, WarningSchema } from './response-schemas.js';
import { Bool, DateString, Id, IdParams, Period, Reason, recordInPath } from './shared.js';

/** Mid-month warnings (预警) and their answers. */
export function warningRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/warnings',
    {
      summary: 'Mid-month warnings (预警); `answered=false` lists the unanswered ones',
      access: 'receivables.read',
      query: listQuery({
        answered: Bool.optional(),
        responsibleId: Id.optional(),
        customerId: Id.optional(),
        period: Period.optional(),
      }),
      responses: { 200: WarningPageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db
        .selectFrom('rcv_warning as w')
        .innerJoin('rcv_invoice as i', 'i.id', 'w.invoice_id')
        .selectAll('w')
        .select('i.number');
      if (query.answered !== undefined) q = q.where('w.answered_at', query.answered ? 'is not' : 'is', null);
      q = whereEquals(q, query, {
        responsibleId: 'w.responsible_id',
        customerId: 'w.customer_id',
        period: 'w.period',
      });
      const visible = deps.customers.rowsVisibleTo(principal, 'w.customer_id');
      // The responsible person always sees the warnings addressed to them.
      if (visible) q = q.where((eb: any) => eb.or([eb('w.responsible_id', '=', principal.id), visible(eb)]));
      return c.json(
        await keysetPage(q, query, {
          order: ['-w.id'],
          map: (r) => ({ ...toWarning(r), invoiceNumber: String(r.number) }),
        }),
      );
    },
  );

  router.post(
    '/warnings/:id/answer',
    {
      summary: 'The responsible person answers a warning: reason, collection measures, expected payment date',
      access: 'receivables.warnings.answer',
      customer: { ...recordInPath(deps, 'rcv_warning', 'Warning'), access: 'handler' },
      params: IdParams,
      body: z.strictObject({ reason: Reason, measures: Reason, expectedPaymentDate: DateString }),
      responses: { 200: WarningSchema },
    },
    async (c, { params, body, principal }) => c.json(await answerWarning(deps, params.id, body, principal)),
  );
}
