import { type KehuRouter, z } from '@kehu/core';
import type { Deps } from '../context.js';
import { AssessInput, assessIssue, closeIssue, listIssues } from '../systemic.js';
import { SystemicIssueListSchema, SystemicIssueSchema } from './response-schemas.js';
import { IdParams } from './shared.js';

/** Systemic issues (普遍性判断): the list, the manager's assessment and closing. */
export function systemicIssueRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/systemic-issues',
    {
      summary: 'Systemic issues (普遍性判断)',
      access: 'complaints.reports',
      query: z.strictObject({ status: z.enum(['open', 'assessed', 'closed']).optional() }),
      responses: { 200: SystemicIssueListSchema },
    },
    async (c, { query }) => c.json({ items: await listIssues(deps.db, { status: query.status }) }),
  );
  router.post(
    '/systemic-issues/:id/assess',
    {
      summary:
        'Assess a systemic issue: isolated closes it; widespread records the policy change and its owner',
      access: 'complaints.manage',
      params: IdParams,
      body: AssessInput,
      customer: false,
      responses: { 200: SystemicIssueSchema },
    },
    async (c, { params, body, principal }) => c.json(await assessIssue(deps, params.id, body, principal.id)),
  );
  router.post(
    '/systemic-issues/:id/close',
    {
      summary: 'Close a widespread issue once its policy change is done',
      access: 'complaints.manage',
      params: IdParams,
      customer: false,
      responses: { 200: SystemicIssueSchema },
    },
    async (c, { params, principal }) => c.json(await closeIssue(deps, params.id, principal.id)),
  );
}
