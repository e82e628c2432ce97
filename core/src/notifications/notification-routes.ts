import { z } from 'zod';
import { notFound, ProblemError } from '../errors.js';
import { CursorParam, limitParam, pageOf } from '../http/list.js';
import type { KehuRouter } from '../http/router.js';
import type { NotificationStore } from './notification-store.js';
import { type NotificationSubscriptions, SUBSCRIPTION_SCOPES } from './subscriptions.js';

const Id = z.string().min(1).max(64);
const Timestamp = z.iso.datetime();
const Labels = z.object({ en: z.string(), 'zh-CN': z.string() });

export const NotificationSchema = z.object({
  id: z.string(),
  userId: z.string(),
  kind: z.string().describe('`activity.assigned`, `activity.escalated` or a subscribed event name'),
  title: z.string(),
  body: z.string().nullable(),
  activityId: z.string().nullable(),
  customerId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
z.globalRegistry.add(NotificationSchema, { id: 'Notification' });
const SubscriptionSchema = z.object({
  event: z.string(),
  scope: z.enum(SUBSCRIPTION_SCOPES).describe('mine: customers I own; all: any customer I may see'),
  createdAt: Timestamp,
});
z.globalRegistry.add(SubscriptionSchema, { id: 'NotificationSubscription' });

/** `/api/v1/notifications`: the caller's inbox and event subscriptions. */
export function notificationRoutes(
  router: KehuRouter,
  notifications: NotificationStore,
  subscriptions: NotificationSubscriptions,
): void {
  router.get(
    '/',
    {
      summary: 'My inbox, newest first',
      access: 'authenticated',
      query: z.strictObject({
        unread: z.enum(['true', 'false']).optional(),
        limit: limitParam({ maxLimit: 200 }),
        cursor: CursorParam.optional(),
      }),
      responses: { 200: pageOf(NotificationSchema) },
    },
    async (c, { query, principal }) =>
      c.json(
        await notifications.list(principal.id, {
          unread: query.unread === 'true',
          limit: query.limit,
          cursor: query.cursor,
        }),
      ),
  );

  router.get(
    '/counts',
    {
      summary: 'How many unread notifications I have',
      access: 'authenticated',
      responses: { 200: z.object({ unread: z.number().int() }) },
    },
    async (c, { principal }) => c.json({ unread: await notifications.unreadCount(principal.id) }),
  );

  router.post(
    '/read-all',
    {
      summary: 'Mark all my notifications read',
      access: 'authenticated',
      customer: false,
      responses: { 200: z.object({ marked: z.number().int() }) },
    },
    async (c, { principal }) => c.json({ marked: await notifications.markAllRead(principal.id) }),
  );

  router.post(
    '/:id/read',
    {
      summary: 'Mark one notification read',
      access: 'authenticated',
      customer: false,
      params: z.object({ id: Id }),
      responses: { 200: NotificationSchema },
    },
    async (c, { params, principal }) => {
      const n = await notifications.markRead(principal.id, params.id);
      if (!n) throw notFound('Notification', params.id);
      return c.json(n);
    },
  );

  router.get(
    '/events',
    {
      summary: 'Events I may subscribe to, with their labels',
      access: 'authenticated',
      responses: {
        200: z.object({
          items: z.array(z.object({ event: z.string(), plugin: z.string(), labels: Labels })),
        }),
      },
    },
    (c) =>
      c.json({
        items: [...subscriptions.events].map(([event, d]) => ({ event, plugin: d.plugin, labels: d.labels })),
      }),
  );

  router.get(
    '/subscriptions',
    {
      summary: 'My event subscriptions',
      access: 'authenticated',
      responses: { 200: z.object({ items: z.array(SubscriptionSchema) }) },
    },
    async (c, { principal }) => c.json({ items: await subscriptions.list(principal.id) }),
  );

  router.put(
    '/subscriptions/:event',
    {
      summary: 'Subscribe to an event (mine: my customers; all: every customer I may see)',
      access: 'authenticated',
      customer: false,
      params: z.object({ event: z.string().min(1).max(200) }),
      body: z.strictObject({ scope: z.enum(SUBSCRIPTION_SCOPES).default('mine') }),
      responses: { 200: SubscriptionSchema },
    },
    async (c, { params, body, principal }) => {
      if (!subscriptions.events.has(params.event))
        throw new ProblemError({
          status: 404,
          code: 'unknown_event',
          detail: `No subscribable event "${params.event}"`,
          data: { events: [...subscriptions.events.keys()] },
        });
      return c.json(await subscriptions.subscribe(principal.id, params.event, body.scope));
    },
  );

  router.delete(
    '/subscriptions/:event',
    {
      summary: 'Unsubscribe from an event',
      access: 'authenticated',
      customer: false,
      params: z.object({ event: z.string().min(1).max(200) }),
      responses: { 204: { description: 'Unsubscribed' } },
    },
    async (c, { params, principal }) => {
      if (!(await subscriptions.unsubscribe(principal.id, params.event)))
        throw notFound('Subscription', params.event);
      return c.body(null, 204);
    },
  );
}
