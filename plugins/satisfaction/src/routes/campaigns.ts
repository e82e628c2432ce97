import { type KehuRouter, z } from '@kehu/core';
import {
  CAMPAIGN_SCHEDULES,
  CAMPAIGN_STATUSES,
  CAMPAIGN_TRIGGERS,
  CampaignInput,
  ContactRuleInput,
  closeCampaign,
  createCampaign,
  requireCampaign,
  startCampaign,
  TargetInput,
  toCampaign,
} from '../campaigns.js';
import type { Deps } from '../context.js';
import { INVITATION_STATUSES, toInvitation } from '../invitations.js';
import { figuresOf, scoresBySegment } from '../reports.js';
import { Id, IdParams } from './schemas.js';
import { FiguresSchema } from './scores.js';

const tags = ['satisfaction'];
const write = 'satisfaction.campaigns.write';

export const CampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  questionnaireId: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  schedule: z.enum(CAMPAIGN_SCHEDULES),
  trigger: z.enum(CAMPAIGN_TRIGGERS).nullable(),
  target: TargetInput,
  contacts: ContactRuleInput,
  language: z.enum(['zh-CN', 'en']),
  lastRun: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
const RunSchema = z.object({
  runKey: z.string(),
  customers: z.number().int(),
  invited: z.number().int(),
  skipped: z.object({
    doNotContact: z.number().int(),
    optedOut: z.number().int(),
    fatigue: z.number().int(),
    noContact: z.number().int(),
    alreadyInvited: z.number().int(),
  }),
});
export const InvitationSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  customerId: z.string(),
  contactId: z.string(),
  complaintId: z.string().nullable(),
  status: z.enum(INVITATION_STATUSES),
  lang: z.string(),
  invitedAt: z.string(),
  expiresAt: z.string(),
  remindersSent: z.number().int(),
  openedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
});

/** Campaigns: a questionnaire, a target, a schedule; their invitations and results. */
export function campaignRoutes(router: KehuRouter, deps: Deps): void {
  router.get(
    '/campaigns',
    {
      summary: 'Campaigns, newest first',
      access: 'satisfaction.read',
      responses: { 200: z.object({ items: z.array(CampaignSchema) }) },
      tags,
    },
    async (c) => {
      const rows = await deps.db
        .selectFrom('sat_campaign')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return c.json({ items: rows.map(toCampaign) });
    },
  );
  router.post(
    '/campaigns',
    {
      summary:
        'Create a campaign (a draft): questionnaire, customer target, contact rule, schedule or trigger, language',
      access: write,
      customer: false,
      body: CampaignInput,
      responses: { 201: CampaignSchema },
      tags,
    },
    async (c, { body, principal }) => c.json(await createCampaign(deps, body, principal), 201),
  );
  router.get(
    '/campaigns/:id',
    {
      summary: 'A campaign',
      access: 'satisfaction.read',
      params: IdParams,
      responses: { 200: CampaignSchema },
      tags,
    },
    async (c, { params }) => c.json(await requireCampaign(deps.db, params.id)),
  );
  router.post(
    '/campaigns/:id/start',
    {
      summary: 'Start a draft campaign: a one-off or quarterly campaign invites its contacts now',
      access: write,
      customer: false,
      params: IdParams,
      responses: { 200: z.object({ campaign: CampaignSchema, run: RunSchema.nullable() }) },
      tags,
    },
    async (c, { params, principal }) => c.json(await startCampaign(deps, params.id, principal)),
  );
  router.post(
    '/campaigns/:id/close',
    {
      summary: 'Close a campaign: open invitations expire',
      access: write,
      customer: false,
      params: IdParams,
      responses: { 200: CampaignSchema },
      tags,
    },
    async (c, { params, principal }) => c.json(await closeCampaign(deps, params.id, principal)),
  );
  router.get(
    '/campaigns/:id/invitations',
    {
      summary: 'Invitations of a campaign with their status (of customers the caller may see)',
      access: 'satisfaction.read',
      params: IdParams,
      query: z.object({
        status: z.enum(INVITATION_STATUSES).optional(),
        cursor: Id.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
      responses: { 200: z.object({ items: z.array(InvitationSchema), nextCursor: z.string().nullable() }) },
      tags,
    },
    async (c, { params, query, principal }) => {
      await requireCampaign(deps.db, params.id);
      let q = deps.db
        .selectFrom('sat_invitation')
        .selectAll()
        .where('campaign_id', '=', params.id)
        .where(deps.customers.rowsOfCustomers('sat_invitation.customer_id', { visibleTo: principal }))
        .orderBy('id')
        .limit(query.limit);
      if (query.status) q = q.where('status', '=', query.status);
      if (query.cursor) q = q.where('id', '>', query.cursor);
      const rows = await q.execute();
      return c.json({
        items: rows.map(toInvitation),
        nextCursor: rows.length === query.limit ? rows.at(-1)!.id : null,
      });
    },
  );
  router.get(
    '/campaigns/:id/results',
    {
      summary: 'A campaign’s invitations by status, response rate and scores',
      access: 'satisfaction.read',
      params: IdParams,
      responses: {
        200: z.object({
          campaignId: z.string(),
          invitations: z.record(z.string(), z.number().int()),
          responseRate: z.number().nullable(),
          scores: FiguresSchema,
        }),
      },
      tags,
    },
    async (c, { params }) => {
      await requireCampaign(deps.db, params.id);
      const counts = await deps.db
        .selectFrom('sat_invitation')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('campaign_id', '=', params.id)
        .groupBy('status')
        .execute();
      const invitations: Record<string, number> = Object.fromEntries(INVITATION_STATUSES.map((s) => [s, 0]));
      for (const r of counts) invitations[r.status] = Number(r.n);
      const total = Object.values(invitations).reduce((a, b) => a + b, 0);
      const [row] = await scoresBySegment(deps.db, { groupBy: 'none', period: 'all', campaignId: params.id });
      const empty = figuresOf({
        responses: 0,
        nps_n: 0,
        promoters: 0,
        detractors: 0,
        csat_n: 0,
        csat_top: 0,
        ces_n: 0,
        ces_sum: 0,
        ces_top: 0,
        csi_n: 0,
        csi_sum: 0,
      });
      const {
        segment: _s,
        period: _p,
        change: _c,
        ...scores
      } = row ?? { segment: null, period: 'all', change: null, ...empty };
      return c.json({
        campaignId: params.id,
        invitations,
        responseRate: total === 0 ? null : invitations.submitted! / total,
        scores,
      });
    },
  );
}
