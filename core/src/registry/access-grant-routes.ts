import { z } from 'zod';
import { conflict, notFound, ProblemError } from '../errors.js';
import { pageOf } from '../http/list.js';
import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import {
  AccessRequestBody,
  ApproveBody,
  DecisionNoteBody,
  GrantListQuery,
  GrantParams,
  GrantSchema,
  IdParams,
} from './customer-schemas.js';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const MAX_DAYS = 365;

/**
 * Access requests (档案的查阅): staff of other departments ask for a customer they cannot see; a
 * sales or general manager approves with an expiry. Until then — and after — the customer is a 404.
 */
export function accessGrantRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { customers } = kernel;
  const { grants } = customers;
  const decider = (p: { can(x: string): boolean }) => p.can('customers.grants.decide');

  router.get(
    '/access-requests',
    {
      summary: 'Access requests: all for managers, your own otherwise',
      access: 'customers.grants.request',
      query: GrantListQuery,
      responses: { 200: pageOf(GrantSchema) },
    },
    async (c, { query, principal }) =>
      c.json(await grants.list({ ...query, granteeId: decider(principal) ? undefined : principal.id })),
  );

  router.post(
    '/access-requests/:grantId/approve',
    {
      summary: 'Approve an access request, with an expiry (default 30 days)',
      access: 'customers.grants.decide',
      customer: false,
      params: GrantParams,
      body: ApproveBody,
      responses: { 200: GrantSchema },
    },
    async (c, { params, body, principal }) => {
      const now = kernel.clock.now().getTime();
      const expiresAt = body.expiresAt
        ? new Date(body.expiresAt)
        : new Date(now + (body.days ?? DEFAULT_DAYS) * DAY_MS);
      if (expiresAt.getTime() <= now || expiresAt.getTime() > now + MAX_DAYS * DAY_MS) {
        throw new ProblemError({
          status: 422,
          code: 'invalid_expiry',
          detail: `The expiry must be in the future and at most ${MAX_DAYS} days ahead`,
          errors: [{ path: 'body.expiresAt', message: 'Out of range' }],
        });
      }
      return c.json(
        await kernel.transaction((trx) =>
          grants.decide(
            trx,
            params.grantId,
            { approve: true, expiresAt: expiresAt.toISOString() },
            principal,
            body.note,
          ),
        ),
      );
    },
  );

  router.post(
    '/access-requests/:grantId/reject',
    {
      summary: 'Reject an access request',
      access: 'customers.grants.decide',
      customer: false,
      params: GrantParams,
      body: DecisionNoteBody.optional(),
      responses: { 200: GrantSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await kernel.transaction((trx) =>
          grants.decide(trx, params.grantId, { approve: false }, principal, body?.note),
        ),
      ),
  );

  router.post(
    '/access-requests/:grantId/revoke',
    {
      summary: 'End an approved access early',
      access: 'customers.grants.decide',
      customer: false,
      params: GrantParams,
      body: DecisionNoteBody.optional(),
      responses: { 200: GrantSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await kernel.transaction((trx) => grants.revoke(trx, params.grantId, principal, body?.note))),
  );

  router.post(
    '/:id/access-requests',
    {
      summary: 'Ask for read access to a customer you do not own',
      description:
        'Answers 404 only when the customer does not exist; the request reveals nothing of the customer.',
      access: 'customers.grants.request',
      customer: { param: 'id', access: 'handler' },
      params: IdParams,
      body: AccessRequestBody,
      responses: { 201: GrantSchema },
    },
    async (c, { params, body, principal }) => {
      const grant = await kernel.transaction(async (trx) => {
        const customer = await customers.get(params.id, trx);
        if (!customer) throw notFound('Customer', params.id);
        if (await customers.canSee(principal, customer, trx))
          throw conflict('already_visible', 'You can already see this customer');
        return grants.request(trx, customer.id, principal.id, body.reason);
      });
      return c.json(grant, 201);
    },
  );

  // Kept for symmetry with the decide routes: a requester may look at one of their own requests.
  router.get(
    '/access-requests/:grantId',
    {
      summary: 'One access request',
      access: 'customers.grants.request',
      params: GrantParams,
      responses: { 200: GrantSchema },
    },
    async (c, { params, principal }) => {
      const grant = await grants.get(params.grantId);
      if (!grant || (!decider(principal) && grant.granteeId !== principal.id))
        throw notFound('Access request', params.grantId);
      return c.json(grant);
    },
  );
}
