import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log.js';
import type { Trx } from '../db/database.js';
import { notFound } from '../errors.js';
import type { OutboxDispatcher } from '../hooks/outbox-dispatcher.js';
import { CursorParam, limitParam, pageOf } from '../http/list.js';
import type { KehuRouter } from '../http/router.js';
import type { WebhookService } from './webhook-service.js';

const Id = z.string().min(1).max(64);
const Timestamp = z.iso.datetime();
const EventPattern = z
  .string()
  .max(200)
  .regex(/^(\*|[a-z][a-zA-Z0-9-]*(\.[a-zA-Z0-9-]+)*(\.\*)?)$/, 'An event name, `plugin.*` or `*`');
const Url = z
  .url({ protocol: /^https?$/, error: 'An http:// or https:// URL' })
  .max(2000)
  .describe('Where deliveries are POSTed');

const EndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()).describe('Event names, `plugin.*` patterns or `*`'),
  active: z.boolean(),
  failingSince: Timestamp.nullable().describe('Since when every delivery has failed; null when healthy'),
  disabledAt: Timestamp.nullable(),
  disabledReason: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
z.globalRegistry.add(EndpointSchema, { id: 'WebhookEndpoint' });
const SecretSchema = z
  .string()
  .describe('`whsec_…`: shown only in this response; verify deliveries with it (Standard Webhooks)');
const AttemptSchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  deliveryId: z
    .string()
    .nullable()
    .describe('The outbox delivery (replay it at /api/v1/admin/deliveries/{id}/replay); null for a ping'),
  deliveryStatus: z.enum(['pending', 'delivered', 'dead']).nullable(),
  messageId: z.string().describe('The `webhook-id` header sent'),
  event: z.string(),
  attempt: z.number().int(),
  ok: z.boolean(),
  statusCode: z.number().int().nullable().describe('null when no response arrived'),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  responseBody: z.string().nullable().describe('The first 1000 characters of the response'),
  at: Timestamp,
});
z.globalRegistry.add(AttemptSchema, { id: 'WebhookAttempt' });

/** Answers carrying a secret are neither cached nor kept for an idempotent replay. */
const SHOWN_ONCE = { 'cache-control': 'no-store' };

/** Admin routes for outbound webhook endpoints, their delivery log, ping and replay. */
/** The parts of the kernel the webhook routes use. */
export interface WebhookRouteParts {
  readonly webhooks: WebhookService;
  readonly audit: AuditLog;
  readonly dispatcher: OutboxDispatcher;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
}

export function webhookRoutes(router: KehuRouter, kernel: WebhookRouteParts): void {
  const { webhooks } = kernel;
  const base = '/v1/admin/webhooks';
  const tags = ['webhooks'];
  const audit = (
    principal: Parameters<AuditLog['record']>[1]['actor'],
    id: string,
    action: string,
    changes?: Record<string, { from: unknown; to: unknown }>,
  ) =>
    kernel.transaction((trx) =>
      kernel.audit.record(trx, {
        entityType: 'webhook_endpoint',
        entityId: id,
        action,
        actor: principal,
        ...(changes ? { changes } : {}),
      }),
    );
  const found = async (id: string) => {
    const endpoint = await webhooks.get(id);
    if (!endpoint) throw notFound('Webhook endpoint', id);
    return endpoint;
  };

  router.get(
    base,
    {
      summary: 'Webhook endpoints (never their secrets)',
      access: 'admin.webhooks',
      tags,
      responses: { 200: z.object({ items: z.array(EndpointSchema) }) },
    },
    async (c) => c.json({ items: await webhooks.list() }),
  );

  router.post(
    base,
    {
      summary: 'Register a webhook endpoint; its signing secret is shown once',
      access: 'admin.webhooks',
      customer: false,
      tags,
      body: z.strictObject({
        url: Url,
        events: z.array(EventPattern).min(1).max(100),
        description: z.string().trim().max(500).nullish(),
        active: z.boolean().optional(),
      }),
      secretResponse: true,
      responses: { 201: z.object({ endpoint: EndpointSchema, secret: SecretSchema }) },
    },
    async (c, { body, principal }) => {
      const created = await webhooks.create(body);
      await audit(principal, created.endpoint.id, 'create', {
        url: { from: null, to: created.endpoint.url },
        events: { from: null, to: created.endpoint.events },
      });
      return c.json(created, 201, SHOWN_ONCE);
    },
  );

  router.get(
    `${base}/:id`,
    {
      summary: 'One webhook endpoint',
      access: 'admin.webhooks',
      tags,
      params: z.object({ id: Id }),
      responses: { 200: EndpointSchema },
    },
    async (c, { params }) => c.json(await found(params.id)),
  );

  router.patch(
    `${base}/:id`,
    {
      summary: 'Change an endpoint; `active: true` re-enables a disabled one',
      access: 'admin.webhooks',
      customer: false,
      tags,
      params: z.object({ id: Id }),
      body: z.strictObject({
        url: Url.optional(),
        events: z.array(EventPattern).min(1).max(100).optional(),
        description: z.string().trim().max(500).nullish(),
        active: z.boolean().optional(),
      }),
      responses: { 200: EndpointSchema },
    },
    async (c, { params, body, principal }) => {
      const before = await found(params.id);
      const after = (await webhooks.update(params.id, body))!;
      const changes = Object.fromEntries(
        (['url', 'events', 'description', 'active'] as const)
          .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
          .map((k) => [k, { from: before[k], to: after[k] }]),
      );
      await audit(principal, params.id, 'update', changes);
      return c.json(after);
    },
  );

  router.delete(
    `${base}/:id`,
    {
      summary: 'Delete an endpoint with its delivery log and undelivered events',
      access: 'admin.webhooks',
      customer: false,
      tags,
      params: z.object({ id: Id }),
      responses: { 204: { description: 'Deleted' } },
    },
    async (c, { params, principal }) => {
      if (!(await webhooks.remove(params.id))) throw notFound('Webhook endpoint', params.id);
      await audit(principal, params.id, 'delete');
      return c.body(null, 204);
    },
  );

  router.post(
    `${base}/:id/rotate-secret`,
    {
      summary: 'Replace the signing secret (shown once); the old one also signs for the grace period',
      access: 'admin.webhooks',
      customer: false,
      tags,
      params: z.object({ id: Id }),
      secretResponse: true,
      responses: { 200: z.object({ secret: SecretSchema }) },
    },
    async (c, { params, principal }) => {
      const secret = await webhooks.rotateSecret(params.id);
      if (!secret) throw notFound('Webhook endpoint', params.id);
      await audit(principal, params.id, 'rotateSecret');
      return c.json({ secret }, 200, SHOWN_ONCE);
    },
  );

  router.post(
    `${base}/:id/ping`,
    {
      summary: 'Send a signed `webhook.ping` now and answer how the endpoint responded',
      access: 'admin.webhooks',
      customer: false,
      tags,
      params: z.object({ id: Id }),
      responses: { 200: AttemptSchema },
    },
    async (c, { params }) => {
      const attempt = await webhooks.ping(params.id);
      if (!attempt) throw notFound('Webhook endpoint', params.id);
      return c.json(attempt);
    },
  );

  router.get(
    `${base}/:id/deliveries`,
    {
      summary: "The endpoint's delivery log, newest first: every attempt with status code and latency",
      access: 'admin.webhooks',
      tags,
      params: z.object({ id: Id }),
      query: z.object({
        before: z.string().max(64).optional().describe('Attempts older than this attempt id'),
        cursor: CursorParam.optional(),
        limit: limitParam({ defaultLimit: 100 }),
      }),
      responses: { 200: pageOf(AttemptSchema) },
    },
    async (c, { params, query }) => {
      await found(params.id);
      return c.json(await webhooks.attempts(params.id, query));
    },
  );

  router.post(
    `${base}/:id/replay`,
    {
      summary: "Put every dead delivery of this endpoint back in the queue (others' are untouched)",
      access: 'admin.webhooks',
      customer: false,
      tags,
      params: z.object({ id: Id }),
      responses: {
        202: z.object({ replayed: z.array(z.string()).describe('Ids of the deliveries queued again') }),
      },
    },
    async (c, { params }) => {
      await found(params.id);
      const replayed: string[] = [];
      for (const id of await webhooks.deadDeliveries(params.id))
        if (await kernel.dispatcher.replay(id)) replayed.push(id);
      return c.json({ replayed }, 202);
    },
  );
}
