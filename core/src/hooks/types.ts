import type { Activity } from '../activities/activity-service.js';
import type { EscalationRule } from '../activities/activity-types.js';
import type { Principal } from '../auth/principal.js';
import type { Trx } from '../db/database.js';
import type { Communication } from '../registry/communications.js';
import type { OpenItem } from '../registry/customer-events.js';
import type { Customer, CustomerInput } from '../registry/customer-service.js';

/**
 * Filter payloads by name. Plugins add theirs by declaration merging:
 *
 *   declare module '@kehu/core' { interface KehuFilters { 'loyalty.beforeRedeem': RedeemInput } }
 */
export interface KehuFilters {
  /** May adjust the input or reject the new customer. */
  'customer.beforeCreate': CustomerInput;
  'customer.beforeUpdate': { customer: Customer; patch: Partial<CustomerInput>; reason: string | null };
  /** Plugins append what they still have open; any item refuses the termination with 409. */
  'customer.beforeTerminate': { customer: Customer; reason: string; openItems: OpenItem[] };
  /** Plugins append what they still have open; the purge job leaves such customers deleted but kept. */
  'customer.beforePurge': { customerId: string; openItems: OpenItem[] };
  'customer.beforeDelete': { customer: Customer; reason: string; openItems: OpenItem[] };
  /**
   * Each plugin moves (or combines) its own rows of `source` onto `target`, inside the merge
   * transaction; the kernel moves only its own. Throw a DomainError to refuse the merge: nothing changes.
   */
  'customer.merge': { source: Customer; target: Customer };
  /**
   * Each plugin erases every row and personal datum it holds for the customer, inside the purge
   * transaction, before the kernel removes the customer itself.
   */
  'customer.purge': { customerId: string };
}

/** Event payloads by name, extended the same way as {@link KehuFilters}. The kernel's own come first. */
export interface KehuEvents {
  'customer.created': { customer: Customer; actorId: string | null };
  'customer.updated': {
    customer: Customer;
    changes: Record<string, { from: unknown; to: unknown }>;
    reason: string | null;
    actorId: string | null;
  };
  'customer.ownerChanged': {
    customerId: string;
    fromOwnerId: string | null;
    toOwnerId: string | null;
    reason: string;
    at: string;
    actorId: string | null;
  };
  'customer.terminated': { customerId: string; reason: string; actorId: string | null };
  'customer.merged': { sourceId: string; targetId: string; actorId: string | null };
  'customer.deleted': { customerId: string; reason: string; actorId: string | null };
  'customer.restored': { customerId: string; actorId: string | null };
  'customer.purged': { customerId: string };
  /** A communication was filed on the customer's archive (call, visit, email, meeting, message). */
  'customer.communicationLogged': { communication: Communication; actorId: string | null };
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

export type FilterName = keyof KehuFilters & string;
export type EventName = keyof KehuEvents & string;

export interface FilterContext {
  /** The writing transaction: a filter's own reads and writes commit or roll back with the write. */
  trx: Trx;
  /** Who is writing; null for jobs and subscribers. */
  principal: Principal | null;
}

/** Return a changed payload, nothing to keep it, or throw a DomainError to reject the whole write. */
export type FilterHandler<P> = (payload: P, ctx: FilterContext) => P | void | Promise<P | void>;

export interface EventMeta {
  eventId: string;
  name: string;
  occurredAt: string;
  attempt: number;
}

/** Runs after commit, at least once: make it idempotent. Throwing schedules a retry. */
export type EventHandler<P> = (payload: P, meta: EventMeta) => void | Promise<void>;

export interface FilterOptions {
  /** Lower runs first. Default 100. */
  priority?: number;
}

export interface HookDescription {
  filters: { name: string; handlers: { plugin: string; priority: number; order: number }[] }[];
  events: { name: string; subscribers: { id: string; plugin: string }[] }[];
}
