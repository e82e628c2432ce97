import { z } from 'zod';
import type { Executor } from '../db/database.js';
import { ProblemError } from '../errors.js';
import { recordIn } from '../http/customer-scope.js';
import { CursorParam, limitParam, pageOf } from '../http/list.js';
import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from '../registry/archive-kernel.js';
import {
  ACTIVITIES_TEAM,
  ACTIVITY_BUCKETS,
  ACTIVITY_PRIORITIES,
  ACTIVITY_STATUSES,
  type ActivityService,
} from './activity-service.js';

const Id = z.string().min(1).max(64);
const Timestamp = z.iso.datetime();
const LocalDate = z.iso.date();
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM');
const Labels = z.object({ en: z.string(), 'zh-CN': z.string() });
const csv = (item: z.ZodString) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
    .pipe(z.array(item).max(20))
    .optional();

export const ActivitySchema = z.object({
  id: z.string(),
  type: z.string(),
  subject: z.string(),
  description: z.string().nullable(),
  customerId: z.string().nullable(),
  link: z
    .object({ type: z.string(), id: z.string() })
    .nullable()
    .describe('The plugin entity it is about, e.g. { type: "extension_request", id }'),
  assigneeId: z.string(),
  dueAt: Timestamp.nullable().describe(
    'The deadline (UTC); a date-only one ends with its day in the company zone',
  ),
  dueDate: LocalDate.nullable().describe("The deadline's date in the company time zone"),
  dueTime: LocalTime.nullable(),
  priority: z.enum(ACTIVITY_PRIORITIES),
  status: z.enum(ACTIVITY_STATUSES),
  bucket: z.enum(ACTIVITY_BUCKETS).nullable().describe('Open ones: overdue, today, upcoming or someday'),
  outcome: z.string().nullable(),
  completionNote: z.string().nullable(),
  closedBySource: z.boolean().describe('Closed by the rule that made it (answering, deciding), not by hand'),
  forPermission: z
    .string()
    .nullable()
    .describe('Made for the holders of this permission: its assignee sees it while holding it'),
  createdBy: z.string().nullable(),
  sourcePlugin: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  closedBy: z.string().nullable(),
  overdueAt: Timestamp.nullable(),
  escalatedAt: Timestamp.nullable(),
  version: z.number().int(),
});
z.globalRegistry.add(ActivitySchema, { id: 'Activity' });
const PageSchema = pageOf(ActivitySchema);
const CountsSchema = z.object({
  open: z.number().int(),
  overdue: z.number().int(),
  dueToday: z.number().int(),
  upcoming: z.number().int(),
  someday: z.number().int(),
});

const listQuery = {
  type: csv(z.string().max(50)),
  customer: Id.optional(),
  plugin: z.string().max(50).optional(),
  bucket: z.enum(ACTIVITY_BUCKETS).optional(),
  limit: limitParam({ maxLimit: 200 }),
  cursor: CursorParam.optional(),
};

/** What both lists' query says of the activities (`listQuery`'s type, customer and plugin). */
type CommonQuery = {
  type?: string[] | undefined;
  customer?: string | undefined;
  plugin?: string | undefined;
};
const commonFilter = (q: CommonQuery) => ({ type: q.type, customerId: q.customer, plugin: q.plugin });
const pageRequest = (q: { limit: number; cursor?: string | undefined }) => ({
  limit: q.limit,
  cursor: q.cursor,
});

/** `/api/v1/activities`: the caller's activities, the team view, badge counts, and the writes. */
export function activityRoutes(router: KehuRouter, kernel: ArchiveKernel, activities: ActivityService): void {
  router.get(
    '/',
    {
      summary: 'My activities: open ones soonest first (overdue, due today, upcoming), or closed ones',
      access: 'authenticated',
      query: z.strictObject({ ...listQuery, status: z.enum(ACTIVITY_STATUSES).default('open') }),
      responses: { 200: PageSchema },
    },
    async (c, { query, principal }) =>
      c.json(
        await activities.mine(
          principal,
          { ...commonFilter(query), status: query.status, bucket: query.bucket },
          pageRequest(query),
        ),
      ),
  );

  router.get(
    '/team',
    {
      summary: "The team's open activities (every user's), overdue ones by default",
      description:
        'For managers (`activities.team`: sales and general managers). Their team is every user; ' +
        'activities of customers the caller may not see are left out.',
      access: ACTIVITIES_TEAM,
      query: z.strictObject({
        ...listQuery,
        bucket: z.enum([...ACTIVITY_BUCKETS, 'all']).default('overdue'),
        assignee: Id.optional(),
      }),
      responses: { 200: PageSchema },
    },
    async (c, { query, principal }) =>
      c.json(
        await activities.team(
          principal,
          {
            ...commonFilter(query),
            bucket: query.bucket === 'all' ? undefined : query.bucket,
            assigneeId: query.assignee,
          },
          pageRequest(query),
        ),
      ),
  );

  router.get(
    '/counts',
    {
      summary: 'How many open activities I have, by bucket (for a badge)',
      access: 'authenticated',
      responses: { 200: CountsSchema },
    },
    async (c, { principal }) => c.json(await activities.counts(principal)),
  );

  router.get(
    '/types',
    {
      summary: 'Activity types with their labels (en, zh-CN)',
      access: 'authenticated',
      responses: {
        200: z.object({ items: z.array(z.object({ name: z.string(), plugin: z.string(), labels: Labels })) }),
      },
    },
    (c) =>
      c.json({
        items: activities.types.list().map((t) => ({ name: t.name, plugin: t.plugin, labels: t.labels })),
      }),
  );

  router.post(
    '/',
    {
      summary: 'Create an activity (for myself by default)',
      access: 'authenticated',
      customer: { body: 'customerId', access: 'see' },
      body: z
        .strictObject({
          type: z.string().min(1).max(50),
          subject: z.string().trim().min(1).max(300),
          description: z.string().max(10_000).nullish(),
          customerId: Id.nullish(),
          link: z.strictObject({ type: z.string().min(1).max(100), id: Id }).nullish(),
          assigneeId: Id.optional(),
          dueDate: LocalDate.nullish().describe('In the company time zone'),
          dueTime: LocalTime.nullish(),
          dueAt: Timestamp.nullish(),
          priority: z.enum(ACTIVITY_PRIORITIES).optional(),
        })
        .refine((b) => !(b.dueAt && b.dueDate), {
          message: 'Give dueAt or dueDate, not both',
          path: ['dueAt'],
        })
        .refine((b) => !b.dueTime || b.dueDate, { message: 'dueTime needs a dueDate', path: ['dueTime'] }),
      responses: { 201: ActivitySchema },
    },
    async (c, { body, principal }) => {
      if (!activities.types.has(body.type))
        throw new ProblemError({
          status: 400,
          code: 'validation_failed',
          detail: `Unknown activity type "${body.type}"`,
          errors: [{ path: 'body.type', message: `Unknown activity type "${body.type}"` }],
        });
      const activity = await kernel.transaction(async (trx) => {
        if (body.customerId) await kernel.customers.requireVisible(principal, body.customerId, trx);
        const assigneeId = body.assigneeId ?? principal.id;
        if (body.customerId && assigneeId !== principal.id)
          await assertAssigneeSees(assigneeId, body.customerId, trx);
        return activities.create(
          trx,
          {
            type: body.type,
            subject: body.subject,
            description: body.description,
            customerId: body.customerId,
            link: body.link,
            assigneeId,
            dueDate: body.dueDate,
            dueTime: body.dueTime,
            dueAt: body.dueAt,
            priority: body.priority,
            createdBy: principal.id,
          },
          null,
        );
      });
      return c.json(activity, 201);
    },
  );

  /** A user handed an activity must be able to see its customer, or they would never see it. */
  async function assertAssigneeSees(assigneeId: string, customerId: string, trx: Executor) {
    const assignee = await activities.principalOf(assigneeId, trx);
    const customer = await kernel.customers.get(customerId, trx);
    if (assignee && customer && !(await kernel.customers.canSee(assignee, customer, trx)))
      throw new ProblemError({
        status: 422,
        code: 'assignee_cannot_see_customer',
        detail: 'The assignee may not see this customer',
        data: { assigneeId },
      });
  }

  router.get(
    '/:id',
    {
      summary: 'One activity',
      access: 'authenticated',
      params: z.object({ id: Id }),
      responses: { 200: ActivitySchema },
    },
    async (c, { params, principal }) => c.json(await activities.requireVisible(principal, params.id)),
  );

  const bySource = (what: string) =>
    new ProblemError({
      status: 409,
      code: 'closed_by_source',
      detail: `This activity closes when its ${what} is dealt with where it came from`,
    });

  router.post(
    '/:id/complete',
    {
      summary: 'Mark an activity done, with its outcome',
      access: 'authenticated',
      customer: {
        param: 'id',
        access: 'handler',
        record: recordIn(kernel.database.db, 'kehu_activity', 'Activity'),
      },
      params: z.object({ id: Id }),
      body: z
        .strictObject({
          outcome: z.string().trim().max(100).nullish(),
          note: z.string().max(10_000).nullish(),
        })
        .optional(),
      responses: { 200: ActivitySchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await kernel.transaction(async (trx) => {
          const a = await activities.requireActionable(principal, params.id, trx);
          if (a.closedBySource) throw bySource(a.link?.type ?? 'source');
          return activities.complete(trx, a.id, {
            by: principal.id,
            outcome: body?.outcome,
            note: body?.note,
          });
        }),
      ),
  );

  router.post(
    '/:id/cancel',
    {
      summary: 'Cancel an activity',
      access: 'authenticated',
      customer: {
        param: 'id',
        access: 'handler',
        record: recordIn(kernel.database.db, 'kehu_activity', 'Activity'),
      },
      params: z.object({ id: Id }),
      body: z.strictObject({ note: z.string().max(10_000).nullish() }).optional(),
      responses: { 200: ActivitySchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await kernel.transaction(async (trx) => {
          const a = await activities.requireActionable(principal, params.id, trx, true);
          if (a.closedBySource) throw bySource(a.link?.type ?? 'source');
          return activities.cancel(trx, a.id, { by: principal.id, note: body?.note });
        }),
      ),
  );

  router.post(
    '/:id/reassign',
    {
      summary: 'Hand an activity to someone else',
      access: 'authenticated',
      customer: {
        param: 'id',
        access: 'handler',
        record: recordIn(kernel.database.db, 'kehu_activity', 'Activity'),
      },
      params: z.object({ id: Id }),
      body: z.strictObject({ assigneeId: Id }),
      responses: { 200: ActivitySchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await kernel.transaction(async (trx) => {
          const a = await activities.requireActionable(principal, params.id, trx);
          if (a.customerId) await assertAssigneeSees(body.assigneeId, a.customerId, trx);
          return activities.reassign(trx, a.id, body.assigneeId, principal.id);
        }),
      ),
  );
}
