import { type KehuRouter, notFound, z } from '@kehu/core';
import { type Deps, parseJson } from '../context.js';
import type { Ports } from '../integrations.js';
import { GROUPINGS, gapsFor, PERIODS, scoresBySegment, serviceMeasures } from '../reports.js';
import { npsCategoryOf } from '../responses.js';
import { DateString, Id, IdParams } from './schemas.js';

const tags = ['satisfaction'];
const Fig = z.object({ value: z.number().nullable(), n: z.number().int() });
export const FiguresSchema = z.object({
  responses: z.number().int(),
  nps: Fig,
  csat: Fig,
  ces: Fig.extend({ topTwoBox: z.number().nullable() }),
  csi: Fig,
});
const Change = z.object({
  nps: z.number().nullable(),
  csat: z.number().nullable(),
  ces: z.number().nullable(),
  csi: z.number().nullable(),
});
const ScoreRowSchema = FiguresSchema.extend({
  segment: z.string().nullable(),
  period: z.string(),
  change: Change,
});
const ServiceSchema = z
  .object({
    complaints: z.number().int(),
    customers: z.number().int(),
    avgResponseMinutes: z.number().nullable(),
    avgResolutionMinutes: z.number().nullable(),
  })
  .nullable();
export const ResponseSummarySchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  questionnaireId: z.string(),
  systemId: z.string().nullable(),
  customerId: z.string(),
  contactId: z.string().nullable(),
  status: z.enum(['partial', 'submitted']),
  submittedAt: z.string().nullable(),
  csi: z.number().nullable(),
  csat: z.number().nullable(),
  nps: z.number().int().nullable(),
  npsCategory: z.enum(['promoter', 'passive', 'detractor']).nullable(),
  ces: z.number().nullable(),
  lowScore: z.array(z.string()),
});
const GapsSchema = z.object({
  systemId: z.string(),
  items: z.array(
    z.object({ indicatorId: z.string(), dimensionId: z.string(), gap: z.number(), n: z.number().int() }),
  ),
  dimensions: z.array(
    z.object({ dimensionId: z.string(), gap: z.number(), items: z.number().int(), n: z.number().int() }),
  ),
  overall: z.number().nullable(),
  weighted: z.number().nullable(),
  n: z.number().int(),
});

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
export const toResponseSummary = (r: Record<string, any>) => ({
  id: r.id,
  campaignId: r.campaign_id,
  questionnaireId: r.questionnaire_id,
  systemId: r.system_id ?? null,
  customerId: r.customer_id,
  contactId: r.contact_id ?? null,
  status: r.status,
  submittedAt: r.submitted_at ?? null,
  csi: round(r.csi == null ? null : Number(r.csi)),
  csat: r.csat == null ? null : Number(r.csat),
  nps: r.nps == null ? null : Number(r.nps),
  npsCategory: npsCategoryOf(r.nps == null ? null : Number(r.nps)),
  ces: r.ces == null ? null : Number(r.ces),
  lowScore: parseJson<string[]>(r.low_reasons, []),
});

/** Scores per segment and period, gaps, a customer's responses, one response. */
export function scoreRoutes(router: KehuRouter, deps: Deps, ports: Ports): void {
  router.get(
    '/scores',
    {
      summary:
        'NPS, CSAT, CES and CSI per segment (kind, region, owner, key-account tier, campaign) and period, each with its n and the change from the previous period',
      access: 'satisfaction.read',
      query: z.object({
        groupBy: z.enum(GROUPINGS).default('none'),
        period: z.enum(PERIODS).default('quarter'),
        from: DateString.optional(),
        to: DateString.optional(),
        campaignId: Id.optional(),
      }),
      responses: { 200: z.object({ rows: z.array(ScoreRowSchema), service: ServiceSchema }) },
      tags,
    },
    async (c, { query }) =>
      c.json({
        rows: await scoresBySegment(deps.db, query),
        service: await serviceMeasures(ports, query.from, query.to),
      }),
  );
  router.get(
    '/gaps',
    {
      summary:
        'SERVQUAL gaps (perception − expectation) per item and dimension, overall unweighted and weighted',
      access: 'satisfaction.read',
      query: z.object({
        systemId: Id,
        campaignId: Id.optional(),
        from: DateString.optional(),
        to: DateString.optional(),
      }),
      responses: { 200: GapsSchema },
      tags,
    },
    async (c, { query }) => c.json(await gapsFor(deps, query)),
  );
  router.get(
    '/customers/:id/responses',
    {
      summary: 'A customer’s submitted responses, newest first, with their scores',
      access: 'satisfaction.read',
      params: IdParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      responses: { 200: z.object({ items: z.array(ResponseSummarySchema) }) },
      tags,
    },
    async (c, { params, query, principal }) => {
      await deps.customers.requireVisible(principal, params.id);
      const rows = await deps.db
        .selectFrom('sat_response')
        .selectAll()
        .where('customer_id', '=', params.id)
        .where('status', '=', 'submitted')
        .orderBy('submitted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return c.json({ items: rows.map(toResponseSummary) });
    },
  );
  router.get(
    '/responses/:id',
    {
      summary: 'One response with its answers',
      access: 'satisfaction.read',
      params: IdParams,
      responses: {
        200: ResponseSummarySchema.extend({
          answers: z.array(
            z.object({
              questionId: z.string(),
              value: z.number().nullable(),
              expectation: z.number().nullable(),
              choices: z.array(z.string()).nullable(),
              text: z.string().nullable(),
            }),
          ),
        }),
      },
      tags,
    },
    async (c, { params, principal }) => {
      const r = await deps.db
        .selectFrom('sat_response')
        .selectAll()
        .where('id', '=', params.id)
        .executeTakeFirst();
      if (!r) throw notFound('Response', params.id);
      try {
        await deps.customers.requireVisible(principal, r.customer_id);
      } catch {
        throw notFound('Response', params.id);
      }
      const answers = await deps.db
        .selectFrom('sat_answer')
        .selectAll()
        .where('response_id', '=', r.id)
        .execute();
      return c.json({
        ...toResponseSummary(r),
        answers: answers.map((a) => ({
          questionId: a.question_id,
          value: a.value == null ? null : Number(a.value),
          expectation: a.expectation == null ? null : Number(a.expectation),
          choices: parseJson<string[] | null>(a.choices, null),
          text: a.text ?? null,
        })),
      });
    },
  );
}
