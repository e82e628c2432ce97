import { type KehuRouter, newId, z } from '@kehu/core';
import { auditRecord } from '../audit.js';
import { type Deps, nowIso, parseJson } from '../context.js';
import { fieldProblem } from '../problems.js';
import { DateString, Id } from './schemas.js';

const tags = ['satisfaction'];
const InterviewSchema = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  heldOn: z.string(),
  title: z.string(),
  participants: z.array(
    z.object({ name: z.string(), role: z.string().nullable(), contactId: z.string().nullable() }),
  ),
  findings: z.string(),
  indicatorIds: z.array(z.string()),
  createdAt: z.string(),
});
const toInterview = (r: Record<string, any>): z.infer<typeof InterviewSchema> => ({
  id: r.id,
  customerId: r.customer_id ?? null,
  heldOn: r.held_on,
  title: r.title,
  participants: parseJson(r.participants, []),
  findings: r.findings,
  indicatorIds: parseJson(r.indicator_ids, []),
  createdAt: r.created_at,
});

/** Group interviews (小组会谈): who took part, what was found, which indicators it bears on. */
export function interviewRoutes(router: KehuRouter, deps: Deps): void {
  router.post(
    '/interviews',
    {
      summary: 'Record a group interview with its participants, findings and linked indicators',
      access: 'satisfaction.interviews.write',
      // About one customer (anyone who may see it may record one), or market-wide without `customerId`.
      customer: { body: 'customerId', access: 'see' },
      body: z.strictObject({
        customerId: Id.optional(),
        heldOn: DateString,
        title: z.string().trim().min(1).max(200),
        participants: z
          .array(
            z.strictObject({
              name: z.string().trim().min(1).max(100),
              role: z.string().trim().max(100).nullable().default(null),
              contactId: Id.nullable().default(null),
            }),
          )
          .min(1)
          .max(50),
        findings: z.string().trim().min(1).max(20_000),
        indicatorIds: z.array(Id).max(100).default([]),
      }),
      responses: { 201: InterviewSchema },
      tags,
    },
    async (c, { body, principal }) => {
      if (body.indicatorIds.length > 0) {
        const found = await deps.db
          .selectFrom('sat_indicator')
          .select('id')
          .where('id', 'in', body.indicatorIds)
          .execute();
        const missing = body.indicatorIds.filter((id) => !found.some((f) => f.id === id));
        if (missing.length > 0)
          throw fieldProblem(
            422,
            'unknown_indicator',
            `Unknown indicator(s): ${missing.join(', ')}`,
            'body.indicatorIds',
          );
      }
      const row = {
        id: newId(),
        customer_id: body.customerId ?? null,
        held_on: body.heldOn,
        title: body.title,
        participants: JSON.stringify(body.participants),
        findings: body.findings,
        indicator_ids: JSON.stringify(body.indicatorIds),
        created_at: nowIso(deps),
        created_by: principal.id,
      };
      await deps.transaction(async (trx) => {
        await trx.insertInto('sat_interview').values(row).execute();
        await auditRecord(deps, trx, 'interview', row.id, 'create', principal, {
          customerId: row.customer_id,
        });
      });
      return c.json(toInterview(row), 201);
    },
  );
  router.get(
    '/interviews',
    {
      summary: 'Group interviews, newest first (of customers the caller may see, and market-wide ones)',
      access: 'satisfaction.read',
      query: z.object({ customerId: Id.optional() }),
      responses: { 200: z.object({ items: z.array(InterviewSchema) }) },
      tags,
    },
    async (c, { query, principal }) => {
      let q = deps.db
        .selectFrom('sat_interview')
        .selectAll()
        .orderBy('held_on', 'desc')
        .orderBy('id', 'desc')
        .limit(200);
      if (query.customerId) q = q.where('customer_id', '=', query.customerId);
      const visible = deps.customers.rowsVisibleTo(principal, 'sat_interview.customer_id');
      if (visible) q = q.where((eb: any) => eb.or([eb('customer_id', 'is', null), visible(eb)]));
      return c.json({ items: (await q.execute()).map(toInterview) });
    },
  );
}
