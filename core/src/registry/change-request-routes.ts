import { z } from 'zod';
import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { APPROVAL_GROUPS, DECIDE_CHANGE_REQUESTS } from './change-requests.js';
import {
  ApprovalNoteBody,
  approvalFields,
  IdParams,
  PageQuery,
  RejectionNoteBody,
} from './customer-schemas.js';

const STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

export const ChangeRequestSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  kind: z.enum(['update', 'owner', 'delete']),
  groups: z.array(z.enum(APPROVAL_GROUPS)),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  reason: z.string(),
  baseVersion: z.number().int(),
  ...approvalFields(STATUSES),
});
z.globalRegistry.add(ChangeRequestSchema, { id: 'ChangeRequest' });

/** What a write under the approval rules answers: 202 with the pending request. */
export const PendingChangeSchema = z.object({ changeRequest: ChangeRequestSchema });

const ListSchema = z.object({ items: z.array(ChangeRequestSchema), nextCursor: z.string().nullable() });
const RequestParams = z.object({ requestId: z.string().min(1).max(64) });
const ListQuery = PageQuery.extend({ status: z.enum(STATUSES).optional() });

/**
 * Change requests (档案的修改需审批): the inbox of pending edits, owner changes and deletions, each
 * approved or rejected by a sales or general manager who did not make it.
 */
export function changeRequestRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { changeRequests } = kernel;

  router.get(
    '/change-requests',
    {
      summary: 'Change requests: every one for deciders, your own otherwise; newest first',
      access: 'customers.read',
      customer: false,
      query: ListQuery,
      responses: { 200: ListSchema },
    },
    async (c, { query, principal }) =>
      c.json(await changeRequests.list(principal, { status: query.status }, query)),
  );

  router.get(
    '/change-requests/:requestId',
    {
      summary: 'One change request',
      access: 'customers.read',
      customer: false,
      params: RequestParams,
      responses: { 200: ChangeRequestSchema },
    },
    async (c, { params, principal }) =>
      c.json(await changeRequests.requireVisible(principal, params.requestId)),
  );

  router.post(
    '/change-requests/:requestId/approve',
    {
      summary: 'Approve a change request: it is applied to the version it was made on',
      description:
        'Only a user other than the requester (403 `four_eyes`). A customer changed since the request is a 409 `stale_version`; the request stays pending.',
      access: DECIDE_CHANGE_REQUESTS,
      customer: false,
      params: RequestParams,
      body: ApprovalNoteBody,
      responses: { 200: ChangeRequestSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await changeRequests.approve(params.requestId, principal, body?.note)),
  );

  router.post(
    '/change-requests/:requestId/reject',
    {
      summary: 'Reject a change request, with a note; the record stays as it is',
      access: DECIDE_CHANGE_REQUESTS,
      customer: false,
      params: RequestParams,
      body: RejectionNoteBody,
      responses: { 200: ChangeRequestSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await changeRequests.reject(params.requestId, principal, body.note)),
  );

  router.post(
    '/change-requests/:requestId/withdraw',
    {
      summary: 'Withdraw your own pending change request',
      access: 'customers.read',
      customer: false,
      params: RequestParams,
      responses: { 200: ChangeRequestSchema },
    },
    async (c, { params, principal }) => c.json(await changeRequests.withdraw(params.requestId, principal)),
  );
}

/** `GET /customers/:id/change-requests`: the requests of one customer, shown on it. */
export function customerChangeRequestRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  router.get(
    '/:id/change-requests',
    {
      summary: "A customer's change requests, newest first",
      access: 'customers.read',
      customer: { param: 'id', access: 'see', withDeleted: true },
      params: IdParams,
      query: ListQuery,
      responses: { 200: ListSchema },
    },
    async (c, { params, query, principal }) =>
      c.json(
        await kernel.changeRequests.list(principal, { status: query.status, customerId: params.id }, query),
      ),
  );
}
