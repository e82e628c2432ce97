import { type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import {
  APPROVE_COMPENSATION,
  CLAIM_STATES,
  decideRemedy,
  pendingRemedies,
  updateClaim,
} from '../remedies.js';
import { PendingRemedyListSchema, RemedySchema } from './response-schemas.js';
import { IdParams } from './shared.js';

/** Remedies across complaints: what awaits approval, the four-eyes decision, a claim's progress. */
export function remedyRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/remedies',
    {
      summary: 'Remedies awaiting approval (four eyes), oldest first, of complaints the caller sees',
      access: APPROVE_COMPENSATION,
      query: z.strictObject({ status: z.enum(['pending_approval']).default('pending_approval') }),
      responses: { 200: PendingRemedyListSchema },
    },
    async (c, { query, principal }) =>
      c.json({ items: await pendingRemedies(deps, principal, query.status) }),
  );
  const decisions = [
    {
      path: 'approve',
      decision: 'approved',
      summary: 'Approve a compensation above the threshold (not your own request)',
    },
    {
      path: 'reject',
      decision: 'rejected',
      summary: 'Reject a compensation above the threshold, with the reason in note',
    },
  ] as const;
  for (const d of decisions)
    router.post(
      `/remedies/:id/${d.path}`,
      {
        summary: d.summary,
        access: APPROVE_COMPENSATION,
        params: IdParams,
        body: z.strictObject({ note: z.string().trim().max(2000).optional() }),
        customer: { param: 'id', access: 'handler' },
        responses: { 200: RemedySchema },
      },
      async (c, { params, body, principal }) =>
        c.json(await decideRemedy(deps, principal, params.id, d.decision, body.note)),
    );
  router.post(
    '/remedies/:id/claim',
    {
      summary: 'Move a claim against a third party (索赔) on',
      access: 'complaints.handle',
      params: IdParams,
      body: z.strictObject({ status: z.enum(CLAIM_STATES) }),
      customer: { param: 'id', access: 'handler' },
      responses: { 200: RemedySchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await updateClaim(deps, principal, params.id, body.status)),
  );
}
