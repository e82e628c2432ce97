import { type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { decideExtension, requestExtension, toExtension } from '../extensions.js';
import { DECISION_STATUSES, ExtensionRequestPageSchema, ExtensionRequestSchema } from './response-schemas.js';
import {
  DateString,
  Decision,
  Id,
  invoiceInBody,
  Reason,
  Rejection,
  recordKind,
  visiblePage,
  visibleTo,
} from './shared.js';

const ExtensionApproval = Decision.extend({
  /** Explicitly approve a term above `maxExtendedTermDays` (needs `receivables.extensions.approveAboveCeiling`). */
  aboveCeiling: z.boolean().optional(),
});

/** Extension requests (延期还款审批单), decided four-eyes. */
export function extensionRoutes(router: KehuRouter, deps: Deps): void {
  const extension = recordKind(deps, 'rcv_extension', 'Extension request');
  router.post(
    '/extensions',
    {
      summary: 'Request an extension of an invoice (延期还款审批单)',
      access: 'receivables.extensions.request',
      customer: invoiceInBody(deps),
      body: z.strictObject({ invoiceId: Id, requestedDueDate: DateString, reason: Reason }),
      responses: { 201: ExtensionRequestSchema },
    },
    async (c, { body, principal }) =>
      c.json(
        await requestExtension(deps, body, principal, visibleTo(deps, principal, 'Invoice', body.invoiceId)),
        201,
      ),
  );

  router.get(
    '/extensions',
    {
      summary: 'Extension requests',
      access: 'receivables.read',
      query: listQuery({
        status: z.enum(DECISION_STATUSES).optional(),
        invoiceId: Id.optional(),
        customerId: Id.optional(),
      }),
      responses: { 200: ExtensionRequestPageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_extension').selectAll();
      q = whereEquals(q, query, { status: 'status', invoiceId: 'invoice_id', customerId: 'customer_id' });
      return c.json(await visiblePage(deps, principal, q, query, toExtension));
    },
  );

  // Approve and reject: the same four-eyes decision, a rejection with its reason.
  for (const decision of ['approved', 'rejected'] as const)
    router.post(
      decision === 'approved' ? '/extensions/:id/approve' : '/extensions/:id/reject',
      {
        ...(decision === 'approved'
          ? {
              summary: 'Approve: the due date moves (audited)',
              description:
                'A new due date more than `maxExtendedTermDays` after the issue date is refused (422 `term_exceeds_ceiling`) unless `aboveCeiling: true` is given by someone with `receivables.extensions.approveAboveCeiling`.',
            }
          : { summary: 'Reject an extension request' }),
        access: 'receivables.extensions.decide',
        ...extension.inPath,
        body: decision === 'approved' ? ExtensionApproval : Rejection,
        responses: { 200: ExtensionRequestSchema },
      },
      async (c, { params, body, principal }) =>
        c.json(
          await decideExtension(
            deps,
            params.id,
            decision,
            body.note ?? null,
            principal,
            extension.visibleTo(principal, params.id),
            { aboveCeiling: 'aboveCeiling' in body && body.aboveCeiling === true },
          ),
        ),
    );
}
