import { type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { CREDIT_NOTE_KINDS, issueCreditNote, toCreditNote } from '../credit-notes.js';
import { CreditNotePageSchema, CreditNoteSchema } from './response-schemas.js';
import { Amount, DateString, Id, invoiceInBody, Reason, visiblePage, visibleTo } from './shared.js';

/** Credit notes against invoices. */
export function creditNoteRoutes(router: KehuRouter, deps: Deps): void {
  router.post(
    '/credit-notes',
    {
      summary: 'Issue a credit note (return 退货, discount 折价, compensation) against an invoice',
      access: 'receivables.creditNotes.write',
      customer: invoiceInBody(deps),
      body: z.strictObject({
        invoiceId: Id,
        amount: Amount,
        kind: z.enum(CREDIT_NOTE_KINDS),
        reason: Reason,
        date: DateString.optional(),
      }),
      responses: { 201: CreditNoteSchema },
    },
    async (c, { body, principal }) =>
      c.json(
        await issueCreditNote(deps, body, principal, visibleTo(deps, principal, 'Invoice', body.invoiceId)),
        201,
      ),
  );

  router.get(
    '/credit-notes',
    {
      summary: 'Credit notes, newest first',
      access: 'receivables.read',
      query: listQuery({
        customerId: Id.optional(),
        invoiceId: Id.optional(),
      }),
      responses: { 200: CreditNotePageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_credit_note').selectAll();
      q = whereEquals(q, query, { customerId: 'customer_id', invoiceId: 'invoice_id' });
      return c.json(await visiblePage(deps, principal, q, query, toCreditNote));
    },
  );
}
