import type { AnyDb } from '../db/database.js';
import type { HookBus } from '../hooks/hook-bus.js';
import type { Logger } from '../logger.js';
import type { NotificationStore } from '../notifications/notification-store.js';
import type { ActivityService } from './activity-service.js';
import type { EscalationRule } from './activity-types.js';

const BATCH = 200;

export interface OverdueJobDeps {
  db: AnyDb;
  hooks: HookBus;
  activities: ActivityService;
  notifications: NotificationStore;
  logger: Logger;
  transaction<T>(fn: (trx: any) => Promise<T>): Promise<T>;
  /** The escalation rule of each type: the host's configuration over the type's own default. */
  escalation(type: string): EscalationRule | undefined;
}

/**
 * Marks open activities past their deadline as overdue, once each (`overdue_at`), raising
 * `activity.overdue`; then applies each type's escalation rule to those overdue for long enough.
 */
export async function runOverdue(
  deps: OverdueJobDeps,
  at: Date,
): Promise<{ overdue: number; escalated: number }> {
  const nowIso = at.toISOString();
  let overdue = 0;
  for (;;) {
    const rows = await deps.db
      .selectFrom('kehu_activity')
      .selectAll()
      .where('status', '=', 'open')
      .where('overdue_at', 'is', null)
      .where('due_at', '<', nowIso)
      .orderBy('due_at')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    await deps.transaction(async (trx) => {
      for (const r of rows) {
        // Guarded by overdue_at so two processes never raise the event twice.
        const res = await trx
          .updateTable('kehu_activity')
          .set({ overdue_at: nowIso })
          .where('id', '=', r.id)
          .where('overdue_at', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) continue;
        overdue++;
        await deps.hooks.emit(trx, 'activity.overdue', {
          activity: deps.activities.toActivity({ ...r, overdue_at: nowIso }, at),
        });
      }
    });
    if (rows.length < BATCH) break;
  }

  let escalated = 0;
  const types = deps.activities.types.list().filter((t) => deps.escalation(t.name));
  for (const type of types) {
    const rule = deps.escalation(type.name)!;
    const before = new Date(at.getTime() - rule.afterHours * 3_600_000).toISOString();
    const rows = await deps.db
      .selectFrom('kehu_activity')
      .selectAll()
      .where('status', '=', 'open')
      .where('type', '=', type.name)
      .where('escalated_at', 'is', null)
      .where('overdue_at', 'is not', null)
      .where('due_at', '<', before)
      .orderBy('due_at')
      .limit(1000)
      .execute();
    for (const r of rows) {
      const done = await deps.transaction(async (trx) => {
        const res = await trx
          .updateTable('kehu_activity')
          .set({ escalated_at: nowIso })
          .where('id', '=', r.id)
          .where('escalated_at', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) return false;
        const managers = (await deps.activities.usersInRole(rule.role, trx)).filter(
          (id) => id !== r.assignee_id,
        );
        if (managers.length === 0) {
          deps.logger.warn('activity escalation found nobody', { activityId: r.id, role: rule.role });
          return true;
        }
        let activity = deps.activities.toActivity({ ...r, escalated_at: nowIso }, at);
        if (rule.action === 'reassign') {
          activity = await deps.activities.reassign(trx, r.id, managers[0]!, null);
        } else {
          for (const userId of managers)
            await deps.notifications.notify(trx, userId, {
              kind: 'activity.escalated',
              title: r.subject,
              activityId: r.id,
              customerId: r.customer_id ?? null,
              data: { type: r.type, assigneeId: r.assignee_id, dueAt: r.due_at },
              dedupeKey: `activity:${r.id}:escalated`,
            });
        }
        await deps.hooks.emit(trx, 'activity.escalated', {
          activity,
          rule,
          notified: rule.action === 'notify' ? managers : [managers[0]!],
        });
        return true;
      });
      if (done) escalated++;
    }
  }
  return { overdue, escalated };
}
