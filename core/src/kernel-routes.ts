import { z } from 'zod';
import { USER_LANGUAGES } from './auth/user-store.js';
import { lockTransaction } from './db/advisory-lock.js';
import { notFound, ProblemError } from './errors.js';
import type { OutboxDispatcher } from './hooks/outbox-dispatcher.js';
import type { HookDescription } from './hooks/types.js';
import { CursorParam, limitParam, pageOf } from './http/list.js';
import type { KehuRouter } from './http/router.js';
import type { EnabledPlugin } from './plugin/define-plugin.js';
import type { ArchiveKernel } from './registry/archive-kernel.js';
import { jobRunInstantProblem } from './scheduler/scheduler.js';

const Id = z.string().min(1).max(64);
const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.string()),
  active: z.boolean(),
  language: z.enum(USER_LANGUAGES).nullable().describe('For mail and the console; null: the default'),
  createdAt: z.string(),
});
z.globalRegistry.add(UserSchema, { id: 'User' });
const Language = z.enum(USER_LANGUAGES);
const TokenInfoSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
z.globalRegistry.add(TokenInfoSchema, { id: 'TokenInfo' });
const Roles = z.array(z.string().min(1).max(100)).min(1).max(20);
const Labels = z.object({ en: z.string(), 'zh-CN': z.string() });
const Dialect = z.enum(['sqlite', 'postgres']);
/** An ISO-8601 UTC instant (`toISOString()`). */
const Timestamp = z.iso.datetime();

// What the routes below answer (for the OpenAPI document and the typed client); kernel-routes.test.ts
// parses real responses with them.
const OpenApiDocumentSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  paths: z
    .record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())))
    .describe('Operations by path, then method'),
  components: z.record(z.string(), z.unknown()),
  security: z.array(z.record(z.string(), z.array(z.string()))),
});
const MetaSchema = z.object({
  kernel: z.object({ version: z.string(), database: Dialect }),
  plugins: z.array(z.object({ name: z.string(), version: z.string(), description: z.string().nullable() })),
  entityTypes: z.record(z.string(), z.object({ plugin: z.string(), labels: Labels })),
  facets: z.array(z.string()).describe('Names accepted by `include` on customer reads'),
  roles: z.array(z.object({ name: z.string(), plugin: z.string(), labels: Labels })),
  permissions: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      plugin: z.string(),
      roles: z.array(z.string()).describe('Roles holding it, admin first'),
    }),
  ),
  enums: z
    .record(z.string(), z.record(z.string(), Labels))
    .describe('Labels of enum values by enum name, then value'),
});
const MeSchema = z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()) });
const AuditRecordSchema = z.object({
  id: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  customerId: z.string().nullable(),
  action: z.string(),
  actorId: z.string().nullable(),
  at: Timestamp,
  changes: z
    .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
    .nullable()
    .describe('Changed fields, from → to'),
  reason: z.string().nullable(),
});
z.globalRegistry.add(AuditRecordSchema, { id: 'AuditRecord' });
const HookDescriptionSchema = z.object({
  filters: z.array(
    z.object({
      name: z.string(),
      handlers: z
        .array(z.object({ plugin: z.string(), priority: z.number(), order: z.number().int() }))
        .describe('In execution order'),
    }),
  ),
  events: z.array(
    z.object({ name: z.string(), subscribers: z.array(z.object({ id: z.string(), plugin: z.string() })) }),
  ),
});
const DeliveryStatus = z.enum(['pending', 'delivered', 'dead']);
const DeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  event: z.string(),
  subscriber: z.string(),
  status: DeliveryStatus,
  orphaned: z
    .boolean()
    .describe('No subscriber of this name exists any more (plugin disabled, subscriber renamed): drop it'),
  attempts: z.number().int(),
  nextAttemptAt: Timestamp,
  lastError: z.string().nullable(),
  deliveredAt: Timestamp.nullable(),
  payload: z.unknown(),
  occurredAt: Timestamp,
});
z.globalRegistry.add(DeliverySchema, { id: 'Delivery' });
const JobSchema = z.object({
  name: z.string(),
  plugin: z.string(),
  period: z.enum(['hour', 'day', 'month']),
});
z.globalRegistry.add(JobSchema, { id: 'Job' });
const JobRunResultSchema = z.object({
  job: z.string(),
  period: z.string().describe('The period key the run counts for, e.g. 2026-03 or 2026-03-15'),
  status: z.enum(['ran', 'skipped', 'not_due', 'failed']),
  result: z.unknown().optional().describe('What the job returned, when it ran'),
  error: z.string().optional(),
});

/** What the kernel's own routes use of it; the kernel passes itself. */
export interface KernelRouteParts extends ArchiveKernel {
  readonly dispatcher: OutboxDispatcher;
  readonly plugins: readonly EnabledPlugin[];
  describeHooks(): HookDescription;
  openApi(): Record<string, unknown>;
}

/** Health, OpenAPI, meta, users and tokens, audit and the admin views of hooks, deliveries and jobs. */
export function kernelRoutes(router: KehuRouter, kernel: KernelRouteParts): void {
  const { users, permissions } = kernel;
  const assertRoles = (roles: string[]) => {
    const unknown = roles.filter((r) => !permissions.isRole(r));
    if (unknown.length > 0) {
      throw new ProblemError({
        status: 400,
        code: 'validation_failed',
        detail: `Unknown role: ${unknown.join(', ')}`,
        errors: unknown.map((r) => ({ path: 'body.roles', message: `Unknown role "${r}"` })),
      });
    }
  };

  router.get(
    '/health',
    {
      summary: 'Liveness and database reachability',
      access: 'public',
      responses: { 200: z.object({ status: z.literal('ok'), database: z.string() }) },
    },
    async (c) => {
      try {
        await kernel.database.ping();
        return c.json({ status: 'ok' as const, database: kernel.database.dialect });
      } catch {
        throw new ProblemError({
          status: 503,
          code: 'database_unreachable',
          detail: 'The database cannot be reached',
        });
      }
    },
  );

  router.get(
    '/openapi.json',
    { summary: 'This OpenAPI 3.1 document', access: 'public', responses: { 200: OpenApiDocumentSchema } },
    // Built from every route at first request: its shape is the OpenAPI standard's, not one of ours.
    (c) => c.json(kernel.openApi() as z.input<typeof OpenApiDocumentSchema>),
  );

  router.get(
    '/v1/meta',
    {
      summary: 'Enabled plugins, entity types, roles and enum labels (en, zh-CN)',
      access: 'authenticated',
      responses: { 200: MetaSchema },
    },
    (c) =>
      c.json({
        kernel: { version: '0.1.0', database: kernel.database.dialect },
        plugins: kernel.plugins.map((p) => ({
          name: p.name,
          version: p.version,
          description: p.description ?? null,
        })),
        entityTypes: Object.fromEntries(
          [...kernel.registry.entityTypes].map(([k, v]) => [k, { plugin: v.plugin, labels: v.labels }]),
        ),
        facets: [...kernel.registry.facets.keys()],
        roles: permissions.listRoles(),
        permissions: permissions.listPermissions(),
        enums: Object.fromEntries(kernel.registry.enums),
      }),
  );

  router.get(
    '/v1/me',
    { summary: 'The caller', access: 'authenticated', responses: { 200: MeSchema } },
    (c, { principal }) => c.json({ id: principal.id, name: principal.name, roles: principal.roles }),
  );

  router.patch(
    '/v1/me',
    {
      summary: 'Change my own preferences (language of mail and the console)',
      access: 'authenticated',
      customer: false,
      body: z.strictObject({ language: Language.nullable() }),
      responses: { 200: UserSchema },
    },
    async (c, { body, principal }) => {
      const user = await users.update(principal.id, { language: body.language });
      if (!user) throw notFound('User', principal.id);
      return c.json(user);
    },
  );

  router.get(
    '/v1/users',
    {
      summary: 'List users',
      access: 'users.read',
      responses: { 200: z.object({ items: z.array(UserSchema) }) },
    },
    async (c) => c.json({ items: await users.list() }),
  );

  router.post(
    '/v1/users',
    {
      summary: 'Create a user',
      access: 'users.manage',
      customer: false,
      body: z.strictObject({
        name: z.string().trim().min(1).max(200),
        email: z.email().max(320).nullish(),
        roles: Roles,
        language: Language.nullish(),
      }),
      responses: { 201: UserSchema },
    },
    async (c, { body }) => {
      assertRoles(body.roles);
      if (body.email) {
        const taken = (await users.list()).some((u) => u.email?.toLowerCase() === body.email!.toLowerCase());
        if (taken)
          throw new ProblemError({
            status: 409,
            code: 'email_taken',
            detail: `A user with email ${body.email} exists`,
          });
      }
      const user = await kernel.transaction(async (trx) => {
        const u = await users.create(body, trx);
        await kernel.audit.record(trx, {
          entityType: 'user',
          entityId: u.id,
          action: 'create',
          actor: c.get('principal'),
          changes: { roles: { from: null, to: u.roles } },
        });
        return u;
      });
      return c.json(user, 201);
    },
  );

  router.patch(
    '/v1/users/:id',
    {
      summary: 'Change a user (name, roles, active)',
      access: 'users.manage',
      customer: false,
      params: z.object({ id: Id }),
      body: z.strictObject({
        name: z.string().trim().min(1).max(200).optional(),
        email: z.email().nullish(),
        roles: Roles.optional(),
        active: z.boolean().optional(),
        language: Language.nullish(),
      }),
      responses: { 200: UserSchema },
    },
    async (c, { params, body }) => {
      if (body.roles) assertRoles(body.roles);
      const updated = await kernel.transaction(async (trx) => {
        // Two admins demoting each other at once must not both pass the last-admin check.
        await lockTransaction(trx, kernel.database.dialect, 'kehu_admins');
        const before = await users.get(params.id, trx);
        if (!before) throw notFound('User', params.id);
        const after = (await users.update(params.id, body, trx))!;
        const wasAdmin = before.active && before.roles.includes('admin');
        if (
          wasAdmin &&
          !(after.active && after.roles.includes('admin')) &&
          (await users.activeAdmins(trx)) === 0
        )
          throw new ProblemError({
            status: 409,
            code: 'last_admin',
            detail: 'This is the last active administrator: make another user an administrator first',
          });
        await kernel.audit.record(trx, {
          entityType: 'user',
          entityId: params.id,
          action: 'update',
          actor: c.get('principal'),
          changes: Object.fromEntries(
            (['name', 'email', 'roles', 'active', 'language'] as const)
              .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
              .map((k) => [k, { from: before[k], to: after[k] }]),
          ),
        });
        return after;
      });
      return c.json(updated);
    },
  );

  router.post(
    '/v1/users/:id/tokens',
    {
      summary: 'Issue an API token (shown once)',
      access: 'users.manage',
      customer: false,
      secretResponse: true,
      params: z.object({ id: Id }),
      body: z.strictObject({
        name: z.string().trim().min(1).max(200),
        expiresAt: z.iso.datetime().nullish(),
      }),
      responses: { 201: z.object({ token: z.string(), info: TokenInfoSchema }) },
    },
    async (c, { params, body }) => {
      const issued = await kernel.transaction(async (trx) => {
        if (!(await users.get(params.id, trx))) throw notFound('User', params.id);
        const t = await users.createToken(params.id, body.name, { expiresAt: body.expiresAt ?? null }, trx);
        await kernel.audit.record(trx, {
          entityType: 'token',
          entityId: t.info.id,
          action: 'issue',
          actor: c.get('principal'),
          changes: {
            userId: { from: null, to: params.id },
            name: { from: null, to: body.name },
            expiresAt: { from: null, to: t.info.expiresAt },
          },
        });
        return t;
      });
      return c.json(issued, 201);
    },
  );

  router.get(
    '/v1/users/:id/tokens',
    {
      summary: "A user's tokens (never the secrets)",
      access: 'users.manage',
      params: z.object({ id: Id }),
      responses: { 200: z.object({ items: z.array(TokenInfoSchema) }) },
    },
    async (c, { params }) => c.json({ items: await users.listTokens(params.id) }),
  );

  router.delete(
    '/v1/tokens/:id',
    {
      summary: 'Revoke a token',
      access: 'users.manage',
      customer: false,
      params: z.object({ id: Id }),
      responses: { 204: { description: 'Revoked' } },
    },
    async (c, { params }) => {
      await kernel.transaction(async (trx) => {
        const revoked = await users.revokeToken(params.id, trx);
        if (!revoked) throw notFound('Active token', params.id);
        await kernel.audit.record(trx, {
          entityType: 'token',
          entityId: params.id,
          action: 'revoke',
          actor: c.get('principal'),
          changes: { revokedAt: { from: null, to: kernel.clock.now().toISOString() } },
        });
      });
      return c.body(null, 204);
    },
  );

  router.get(
    '/v1/audit',
    {
      summary: 'The audit trail, newest first',
      access: 'audit.read',
      query: z.object({
        entityType: z.string().max(100).optional(),
        entityId: z.string().max(64).optional(),
        customerId: z.string().max(64).optional(),
        before: z.string().max(64).optional().describe('Entries older than this entry id'),
        cursor: CursorParam.optional(),
        limit: limitParam({ defaultLimit: 100 }),
      }),
      responses: { 200: pageOf(AuditRecordSchema) },
    },
    async (c, { query: { cursor, limit, ...filter } }) =>
      c.json(await kernel.audit.page(filter, { cursor, limit })),
  );

  router.get(
    '/v1/admin/hooks',
    {
      summary: 'Every filter and subscriber in execution order',
      access: 'admin.hooks',
      responses: { 200: HookDescriptionSchema },
    },
    (c) => c.json(kernel.describeHooks()),
  );

  router.get(
    '/v1/admin/deliveries',
    {
      summary:
        'Event deliveries; `status=dead` lists dead letters, `orphaned=true` those nobody will deliver',
      access: 'admin.hooks',
      query: z.object({
        status: DeliveryStatus.optional(),
        subscriber: z.string().max(200).optional(),
        orphaned: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      responses: { 200: z.object({ items: z.array(DeliverySchema) }) },
    },
    async (c, { query }) => c.json({ items: await kernel.dispatcher.list(query) }),
  );

  router.post(
    '/v1/admin/deliveries/:id/replay',
    {
      summary: 'Put a dead letter back in the queue',
      access: 'admin.hooks',
      customer: false,
      params: z.object({ id: Id }),
      responses: { 202: z.object({ id: z.string(), status: z.literal('pending') }) },
    },
    async (c, { params }) => {
      if (!(await kernel.dispatcher.replay(params.id))) throw notFound('Dead delivery', params.id);
      return c.json({ id: params.id, status: 'pending' as const }, 202);
    },
  );

  router.post(
    '/v1/admin/deliveries/:id/dead-letter',
    {
      summary: 'Give up on a pending delivery: it is not attempted again and shows as a dead letter',
      access: 'admin.hooks',
      customer: false,
      params: z.object({ id: Id }),
      body: z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).optional(),
      responses: { 200: z.object({ id: z.string(), status: z.literal('dead') }) },
    },
    async (c, { params, body }) => {
      const principal = c.get('principal');
      const reason = `Dead-lettered by ${principal?.name ?? 'an administrator'}${body?.reason ? `: ${body.reason}` : ''}`;
      if (!(await kernel.dispatcher.deadLetter(params.id, reason)))
        throw notFound('Pending delivery', params.id);
      kernel.logger.info('delivery dead-lettered by an administrator', {
        delivery: params.id,
        actorId: principal?.id,
      });
      return c.json({ id: params.id, status: 'dead' as const });
    },
  );

  router.delete(
    '/v1/admin/deliveries/:id',
    {
      summary: 'Drop a pending or dead delivery: it is deleted and never delivered',
      access: 'admin.hooks',
      customer: false,
      params: z.object({ id: Id }),
      responses: { 204: { description: 'Dropped' } },
    },
    async (c, { params }) => {
      if (!(await kernel.dispatcher.drop(params.id))) throw notFound('Undelivered delivery', params.id);
      kernel.logger.info('delivery dropped by an administrator', {
        delivery: params.id,
        actorId: c.get('principal')?.id,
      });
      return c.body(null, 204);
    },
  );

  router.post(
    '/v1/admin/deliveries/drop-orphaned',
    {
      summary: 'Drop every undelivered delivery waiting for a subscriber that no longer exists',
      access: 'admin.hooks',
      customer: false,
      body: z.strictObject({ subscriber: z.string().min(1).max(200) }),
      responses: { 200: z.object({ subscriber: z.string(), dropped: z.number().int() }) },
    },
    async (c, { body }) => {
      const dropped = await kernel.dispatcher.dropOrphaned(body.subscriber);
      if (dropped === undefined)
        throw new ProblemError({
          status: 409,
          code: 'subscriber_exists',
          detail: `Subscriber ${body.subscriber} is registered; its deliveries will be delivered. Dead-letter or drop them one by one`,
        });
      kernel.logger.info('orphaned deliveries dropped by an administrator', {
        subscriber: body.subscriber,
        dropped,
        actorId: c.get('principal')?.id,
      });
      return c.json({ subscriber: body.subscriber, dropped });
    },
  );

  router.get(
    '/v1/admin/jobs',
    {
      summary: 'Scheduled jobs',
      access: 'admin.jobs',
      responses: { 200: z.object({ items: z.array(JobSchema) }) },
    },
    (c) => c.json({ items: kernel.scheduler.list() }),
  );

  router.post(
    '/v1/admin/jobs/run',
    {
      summary: 'Run due jobs now (or at a given instant), idempotent per period',
      access: 'admin.jobs',
      customer: false,
      body: z
        .strictObject({ at: z.iso.datetime().optional(), job: z.string().max(200).optional() })
        .optional(),
      responses: { 200: z.object({ results: z.array(JobRunResultSchema) }) },
    },
    async (c, { body }) => {
      const now = kernel.clock.now();
      const at = body?.at ? new Date(body.at) : now;
      const problem = jobRunInstantProblem(at, now);
      if (problem)
        throw new ProblemError({
          status: 422,
          code: problem.code,
          detail: problem.detail,
          errors: [{ path: 'body.at', code: problem.code, message: problem.detail }],
        });
      return c.json({ results: await kernel.scheduler.runDue(at, body?.job) });
    },
  );
}
