import type { Activity } from './activity-service.js';
import type { EscalationRule } from './activity-types.js';

/** The activity and notification events, declared on the hook bus the way a plugin declares its own. */
export interface ActivityEvents {
  'activity.created': { activity: Activity };
  'activity.completed': { activity: Activity };
  'activity.cancelled': { activity: Activity };
  'activity.reassigned': { activity: Activity; fromAssigneeId: string; by: string | null };
  /** Raised once per activity, by the hourly job, when its deadline passed while it was open. */
  'activity.overdue': { activity: Activity };
  /** Its type's escalation rule applied: the role's holders were notified, or one of them got it. */
  'activity.escalated': { activity: Activity; rule: EscalationRule; notified: string[] };
  /** A notification entered a user's inbox (mailed by the kernel when mail is configured). */
  'notification.created': { notificationId: string; userId: string };
}

declare module '../hooks/types.js' {
  // biome-ignore lint/suspicious/noEmptyInterface: merges the events above into the bus's map
  interface KehuEvents extends ActivityEvents {}
}
