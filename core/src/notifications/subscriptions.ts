import type { Principal } from '../auth/principal.js';
import type { AnyDb, Trx } from '../db/database.js';
import { BootError } from '../errors.js';
import type { HookBus } from '../hooks/hook-bus.js';
import type { EventName, KehuEvents } from '../hooks/types.js';
import type { CustomerService } from '../registry/customer-service.js';
import type { Labels } from '../registry/types.js';
import type { NotificationStore } from './notification-store.js';

export const SUBSCRIPTION_SCOPES = ['mine', 'all'] as const;
/** `mine`: events about customers the user owns; `all`: about any customer they may see. */
export type SubscriptionScope = (typeof SUBSCRIPTION_SCOPES)[number];

/** An event users may subscribe to, and how to read its customer and a title from the payload. */
export interface SubscribableEvent<P = unknown> {
  labels: Labels;
  customerId(payload: P): string | null | undefined;
  title(payload: P): string;
}

export interface Subscription {
  event: string;
  scope: SubscriptionScope;
  createdAt: string;
}

/**
 * Events users subscribe to ("my customers' credit holds"): each subscribable event gets one kernel
 * subscriber (`kernel:notify:<event>`) that puts a notification in every subscriber's inbox, once
 * per event even when the outbox delivers twice.
 */
export class NotificationSubscriptions {
  readonly events = new Map<string, SubscribableEvent<any> & { plugin: string }>();

  constructor(
    private readonly db: AnyDb,
    private readonly hooks: HookBus,
    private readonly customers: CustomerService,
    private readonly notifications: NotificationStore,
    private readonly principalOf: (userId: string) => Promise<Principal | undefined>,
    private readonly clock: { now(): Date },
    private readonly transaction: <T>(fn: (trx: Trx) => Promise<T>) => Promise<T>,
  ) {}

  define<K extends EventName>(plugin: string, event: K, def: SubscribableEvent<KehuEvents[K]>): void {
    if (this.events.has(event))
      throw new BootError(`Event "${event}" is made subscribable twice (by ${plugin})`);
    this.events.set(event, { ...def, plugin } as SubscribableEvent<any> & { plugin: string });
    this.hooks.addSubscriber(event, `kernel:notify:${event}`, 'kernel', async (payload, meta) => {
      const subs = await this.db
        .selectFrom('kehu_notification_subscription')
        .selectAll()
        .where('event', '=', event)
        .execute();
      if (subs.length === 0) return;
      const customerId = def.customerId(payload as KehuEvents[K]) ?? null;
      const customer = customerId ? await this.customers.get(customerId) : undefined;
      if (customerId && !customer) return;
      const recipients: string[] = [];
      for (const s of subs) {
        if (s.scope === 'mine') {
          if (customer?.ownerId === s.user_id) recipients.push(s.user_id);
          continue;
        }
        const principal = await this.principalOf(s.user_id);
        if (principal && (!customer || (await this.customers.canSee(principal, customer))))
          recipients.push(s.user_id);
      }
      if (recipients.length === 0) return;
      const title = def.title(payload as KehuEvents[K]);
      await this.transaction(async (trx) => {
        for (const userId of recipients)
          await this.notifications.notify(trx, userId, {
            kind: event,
            title,
            customerId,
            data: { eventId: meta.eventId },
            dedupeKey: `event:${meta.eventId}`,
          });
      });
    });
  }

  async list(userId: string): Promise<Subscription[]> {
    const rows = await this.db
      .selectFrom('kehu_notification_subscription')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('event')
      .execute();
    return rows.map((r) => ({ event: r.event, scope: r.scope, createdAt: r.created_at }));
  }

  async subscribe(userId: string, event: string, scope: SubscriptionScope): Promise<Subscription> {
    const createdAt = this.clock.now().toISOString();
    await this.db
      .insertInto('kehu_notification_subscription')
      .values({ user_id: userId, event, scope, created_at: createdAt })
      .onConflict((oc) => oc.columns(['user_id', 'event']).doUpdateSet({ scope }))
      .execute();
    return (await this.list(userId)).find((s) => s.event === event)!;
  }

  async unsubscribe(userId: string, event: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('kehu_notification_subscription')
      .where('user_id', '=', userId)
      .where('event', '=', event)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
