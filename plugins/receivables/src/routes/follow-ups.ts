import type { KehuRouter } from '@kehu/core';
import { z } from '@kehu/core';
import { noticeByToken } from '../collection-notice.js';
import type { Deps } from '../context.js';
import { FOLLOW_UP_OUTCOMES, followUpsOf, overdueAccounts, recordOutcome } from '../dunning.js';
import {
  CollectionNoticeViewSchema,
  FollowUpListSchema,
  FollowUpSchema,
  OverdueAccountListSchema,
} from './response-schemas.js';
import { DateString, Id, IdParams, LinkTokenParams, recordInPath } from './shared.js';

/** Collection follow-up (催收): the overdue list with next steps, history per customer, outcomes. */
export function followUpRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/collection/overdue',
    {
      summary:
        'Overdue accounts (customer × currency) the caller may see, most overdue first, with the last follow-up and the next step',
      access: 'receivables.read',
      responses: { 200: OverdueAccountListSchema },
    },
    async (c, { principal }) => c.json({ items: await overdueAccounts(deps, principal) }),
  );

  router.get(
    '/customers/:customerId/follow-ups',
    {
      summary: "A customer's collection history (催收记录), newest first",
      access: 'receivables.read',
      params: z.object({ customerId: Id }),
      responses: { 200: FollowUpListSchema },
    },
    async (c, { params, principal }) => {
      await deps.customers.requireVisible(principal, params.customerId);
      return c.json({ items: await followUpsOf(deps.db, params.customerId) });
    },
  );

  router.post(
    '/follow-ups/:id/outcome',
    {
      summary:
        'Record what a follow-up achieved; a promise to pay needs its date and holds dunning until then, breaking it raises the next level',
      access: 'receivables.followUps.record',
      customer: recordInPath(deps, 'rcv_follow_up', 'Follow-up'),
      params: IdParams,
      body: z.strictObject({
        outcome: z.enum(FOLLOW_UP_OUTCOMES),
        promisedDate: DateString.optional(),
        note: z.string().trim().min(1).max(2000).optional(),
      }),
      responses: { 200: FollowUpSchema },
    },
    async (c, { params, body, principal }) => c.json(await recordOutcome(deps, params.id, body, principal)),
  );

  router.get(
    '/public/collection-notices/:token',
    {
      summary:
        "The customer's contact opens a collection notice's link (no login): the invoices overdue today and the latest statement",
      access: 'public',
      params: LinkTokenParams,
      responses: { 200: CollectionNoticeViewSchema },
    },
    async (c, { params }) => c.json(await noticeByToken(deps, params.token)),
  );
}
