import { timelineKeyset } from '../http/timeline-keyset.js';
import type { TimelineSource } from '../registry/types.js';
import type { ActivityService } from './activity-service.js';

/** The customer's activities on its timeline, at the time each was created. */
export function activityTimelineSource(activities: ActivityService): TimelineSource {
  return {
    async load(customerId, page, trx) {
      const q = trx.selectFrom('kehu_activity').selectAll().where('customer_id', '=', customerId);
      const rows = await timelineKeyset(q, page, { at: 'created_at' }).execute();
      return rows.map((r) => {
        const a = activities.toActivity(r);
        return {
          id: a.id,
          at: a.createdAt,
          type: `activity.${a.type}`,
          title: a.subject,
          data: {
            activityId: a.id,
            type: a.type,
            status: a.status,
            assigneeId: a.assigneeId,
            dueAt: a.dueAt,
            outcome: a.outcome,
            sourcePlugin: a.sourcePlugin,
          },
        };
      });
    },
  };
}
