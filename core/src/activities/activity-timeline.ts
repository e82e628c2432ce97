import type { TimelineSource } from '../registry/types.js';
import type { ActivityService } from './activity-service.js';

/** The customer's activities on its timeline, at the time each was created. */
export function activityTimelineSource(activities: ActivityService): TimelineSource {
  return {
    async load(customerId, page, trx) {
      let q = trx.selectFrom('kehu_activity').selectAll().where('customer_id', '=', customerId);
      if (page.before) {
        const { at, id } = page.before;
        q = q.where((eb) =>
          eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
        );
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
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
