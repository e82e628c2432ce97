import { type KehuRouter, listQuery, whereEquals, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { decideWriteOff, requestWriteOff, toWriteOff } from '../write-offs.js';
import { DECISION_STATUSES, WriteOffPageSchema, WriteOffSchema } from './response-schemas.js';
import {
  Decision,
  Id,
  invoiceInBody,
  Reason,
  Rejection,
  recordKind,
  visiblePage,
  visibleTo,
} from './shared.js';

/** Bad-debt write-offs, decided four-eyes. */
export function writeOffRoutes(router: KehuRouter, deps: Deps): void {
  const writeOff = recordKind(deps, 'rcv_write_off', 'Write-off');
  router.post(
    '/write-offs',
    {
      summary: 'Request a bad-debt write-off; it takes effect only when approved',
      access: 'receivables.writeOffs.request',
      customer: invoiceInBody(deps),
      body: z.strictObject({ invoiceId: Id, reason: Reason }),
      responses: { 201: WriteOffSchema },
    },
    async (c, { body, principal }) =>
      c.json(
        await requestWriteOff(deps, body, principal, visibleTo(deps, principal, 'Invoice', body.invoiceId)),
        201,
      ),
  );

  router.get(
    '/write-offs',
    {
      summary: 'Write-offs; `chargedToId` lists bad debts charged to a predecessor after a handover',
      access: 'receivables.read',
      query: listQuery({
        status: z.enum(DECISION_STATUSES).optional(),
        customerId: Id.optional(),
        chargedToId: Id.optional(),
      }),
      responses: { 200: WriteOffPageSchema },
    },
    async (c, { query, principal }) => {
      let q = deps.db.selectFrom('rcv_write_off').selectAll();
      q = whereEquals(q, query, {
        status: 'status',
        customerId: 'customer_id',
        chargedToId: 'charged_to_id',
      });
      return c.json(await visiblePage(deps, principal, q, query, toWriteOff));
    },
  );

  // Approve and reject: the same four-eyes decision, a rejection with its reason.
  for (const decision of ['approved', 'rejected'] as const)
    router.post(
      decision === 'approved' ? '/write-offs/:id/approve' : '/write-offs/:id/reject',
      {
        summary:
          decision === 'approved' ? 'Approve a write-off (not by its requester)' : 'Reject a write-off',
        access: 'receivables.writeOffs.approve',
        ...writeOff.inPath,
        body: decision === 'approved' ? Decision : Rejection,
        responses: { 200: WriteOffSchema },
      },
      async (c, { params, body, principal }) =>
        c.json(
          await decideWriteOff(
            deps,
            params.id,
            decision,
            body.note ?? null,
            principal,
            writeOff.visibleTo(principal, params.id),
          ),
        ),
    );
}
