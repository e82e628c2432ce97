import type { Clock } from '../clock.js';
import type { AnyDb, Executor, Trx } from '../db/database.js';
import type { HookBus } from '../hooks/hook-bus.js';
import { keysetPage } from '../http/list.js';
import { newId } from '../ids.js';

export interface Notification {
  id: string;
  userId: string;
  /** `activity.assigned`, `activity.escalated`, or the name of a subscribed event. */
  kind: string;
  title: string;
  body: string | null;
  activityId: string | null;
  customerId: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string | null;
  activityId?: string | null;
  customerId?: string | null;
  data?: Record<string, unknown> | null;
  /** Unique per user: a redelivered event or a repeated rule adds nothing. */
  dedupeKey: string;
}

export const toNotification = (r: Record<string, any>): Notification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  title: r.title,
  body: r.body ?? null,
  activityId: r.activity_id ?? null,
  customerId: r.customer_id ?? null,
  data: r.data ? JSON.parse(r.data) : null,
  createdAt: r.created_at,
  readAt: r.read_at ?? null,
});

/** Each user's in-app inbox. Writes run in the caller's transaction, so a rolled-back rule notifies nobody. */
export class NotificationStore {
  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    private readonly hooks: HookBus,
  ) {}

  /** Adds the notification unless the user already has one with its dedupe key; true when added. */
  async notify(trx: Trx, userId: string, input: NotificationInput): Promise<boolean> {
    const id = newId();
    const res = await trx
      .insertInto('kehu_notification')
      .values({
        id,
        user_id: userId,
        kind: input.kind,
        title: input.title.slice(0, 300),
        body: input.body ?? null,
        activity_id: input.activityId ?? null,
        customer_id: input.customerId ?? null,
        data: input.data ? JSON.stringify(input.data) : null,
        dedupe_key: input.dedupeKey.slice(0, 200),
        created_at: this.clock.now().toISOString(),
        read_at: null,
        mailed_at: null,
      })
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    // Written to the outbox only when a mailer listens (immediate delivery).
    await this.hooks.emit(trx, 'notification.created', { notificationId: id, userId });
    return true;
  }

  async get(id: string, trx: Executor = this.db): Promise<Notification | undefined> {
    const r = await trx.selectFrom('kehu_notification').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toNotification(r) : undefined;
  }

  /** Newest first; `unread` keeps the unread ones. */
  async list(
    userId: string,
    page: { unread?: boolean | undefined; limit: number; cursor?: string | undefined },
  ): Promise<{ items: Notification[]; nextCursor: string | null }> {
    let q = this.db.selectFrom('kehu_notification').selectAll().where('user_id', '=', userId);
    if (page.unread) q = q.where('read_at', 'is', null);
    return keysetPage(q, page, { order: ['-created_at', '-id'], map: toNotification });
  }

  async unreadCount(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('kehu_notification')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The user's notification marked read; undefined when they have none with that id. */
  async markRead(userId: string, id: string): Promise<Notification | undefined> {
    await this.db
      .updateTable('kehu_notification')
      .set({ read_at: this.clock.now().toISOString() })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .execute();
    const n = await this.get(id);
    return n && n.userId === userId ? n : undefined;
  }

  async markAllRead(userId: string): Promise<number> {
    const res = await this.db
      .updateTable('kehu_notification')
      .set({ read_at: this.clock.now().toISOString() })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
}
