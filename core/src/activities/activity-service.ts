import type { PermissionRegistry } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import type { UserStore } from '../auth/user-store.js';
import type { AnyDb, Executor, Trx } from '../db/database.js';
import { DomainError, notFound, ProblemError } from '../errors.js';
import type { HookBus } from '../hooks/hook-bus.js';
import { keysetPage } from '../http/list.js';
import { newId } from '../ids.js';
import type { NotificationStore } from '../notifications/notification-store.js';
import type { CustomerService } from '../registry/customer-service.js';
import { addDays, isBusinessDate } from '../time/business-dates.js';
import type { CompanyClock } from '../time/company-clock.js';
import { instantInZone, timeInZone } from '../time/time-zone.js';
import type { ActivityTypes } from './activity-types.js';

export const ACTIVITY_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ActivityPriority = (typeof ACTIVITY_PRIORITIES)[number];
/** Where an open activity stands against "now" in the company's day. */
export const ACTIVITY_BUCKETS = ['overdue', 'today', 'upcoming', 'someday'] as const;
export type ActivityBucket = (typeof ACTIVITY_BUCKETS)[number];

/** Who may see every user's activities (their team is every user: the kernel keeps no org chart). */
export const ACTIVITIES_TEAM = 'activities.team';

/** The thing in a plugin an activity is about: `{ type: 'extension_request', id }`. */
export interface ActivityLink {
  type: string;
  id: string;
}

export interface Activity {
  id: string;
  type: string;
  subject: string;
  description: string | null;
  customerId: string | null;
  link: ActivityLink | null;
  assigneeId: string;
  /** The deadline as an instant; a date-only deadline is the end of that day in the company's zone. */
  dueAt: string | null;
  /** The deadline's date and time of day in the company's zone. */
  dueDate: string | null;
  dueTime: string | null;
  priority: ActivityPriority;
  status: ActivityStatus;
  /** Open only: overdue, due today, upcoming, or without a deadline. */
  bucket: ActivityBucket | null;
  outcome: string | null;
  completionNote: string | null;
  /** Closed by the rule that made it (answering the warning, deciding the approval), not by hand. */
  closedBySource: boolean;
  /**
   * Made for the holders of this permission (`createForPermission`, `openApproval`): the assignee
   * sees it while they hold the permission, even when they may not see its customer.
   */
  forPermission: string | null;
  /** The user who created it; null when a plugin's rule did. */
  createdBy: string | null;
  /** The plugin whose rule created it; null for one a user created. */
  sourcePlugin: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  overdueAt: string | null;
  escalatedAt: string | null;
  version: number;
}

export interface ActivityInput {
  type: string;
  subject: string;
  description?: string | null | undefined;
  customerId?: string | null | undefined;
  link?: ActivityLink | null | undefined;
  assigneeId: string;
  /** A local date (`YYYY-MM-DD`) in the company's zone, with an optional `HH:MM`… */
  dueDate?: string | null | undefined;
  dueTime?: string | null | undefined;
  /** …or an instant. */
  dueAt?: string | Date | null | undefined;
  priority?: ActivityPriority | undefined;
  data?: Record<string, unknown> | null | undefined;
  /** Makes creation idempotent for this source: the same key returns the activity made first. */
  key?: string | undefined;
  closedBySource?: boolean | undefined;
  /** See {@link Activity.forPermission}. */
  forPermission?: string | null | undefined;
  /** The user on whose behalf a plugin creates it (else null). */
  createdBy?: string | null | undefined;
}

export interface CloseInput {
  /** The user who closes it; null for a rule. */
  by?: string | null | undefined;
  outcome?: string | null | undefined;
  note?: string | null | undefined;
}

export interface ActivityFilter {
  type?: string[] | undefined;
  customerId?: string | undefined;
  plugin?: string | undefined;
  bucket?: ActivityBucket | undefined;
  assigneeId?: string | undefined;
}

export interface ActivityCounts {
  open: number;
  overdue: number;
  dueToday: number;
  upcoming: number;
  someday: number;
}

/** Sort value of an activity without a deadline: after every real one. */
const NO_DEADLINE = '9999-12-31T23:59:59.999Z';

export interface ActivityServiceDeps {
  db: AnyDb;
  clock: CompanyClock;
  hooks: HookBus;
  customers: CustomerService;
  users: UserStore;
  permissions: PermissionRegistry;
  types: ActivityTypes;
  notifications: NotificationStore;
}

type Row = Record<string, any>;

/**
 * Activities (待办/跟进): what a person must do, from a rule or a colleague. Writes run inside the
 * caller's transaction, notify the assignee and emit `activity.*` events with it.
 */
export class ActivityService {
  constructor(private readonly deps: ActivityServiceDeps) {}

  get types(): ActivityTypes {
    return this.deps.types;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /** Today's boundaries in the company's zone, as instants. */
  private day(at = this.now()) {
    const { clock } = this.deps;
    const today = clock.dateOf(at);
    return { now: at.toISOString(), today, tomorrow: clock.startOf(addDays(today, 1)).toISOString() };
  }

  toActivity(r: Row, at = this.now()): Activity {
    const open = r.status === 'open';
    const nowIso = at.toISOString();
    const { tomorrow } = open ? this.day(at) : { tomorrow: '' };
    const bucket: ActivityBucket | null = !open
      ? null
      : !r.due_at
        ? 'someday'
        : r.due_at < nowIso
          ? 'overdue'
          : r.due_at < tomorrow
            ? 'today'
            : 'upcoming';
    return {
      id: r.id,
      type: r.type,
      subject: r.subject,
      description: r.description ?? null,
      customerId: r.customer_id ?? null,
      link: r.link_type ? { type: r.link_type, id: r.link_id } : null,
      assigneeId: r.assignee_id,
      dueAt: r.due_at ?? null,
      dueDate: r.due_date ?? null,
      dueTime: r.due_time ?? null,
      priority: r.priority,
      status: r.status,
      bucket,
      outcome: r.outcome ?? null,
      completionNote: r.completion_note ?? null,
      closedBySource: Number(r.closed_by_source) === 1,
      forPermission: r.for_permission ?? null,
      createdBy: r.created_by ?? null,
      sourcePlugin: r.source_plugin ?? null,
      data: r.data ? JSON.parse(r.data) : null,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      closedAt: r.closed_at ?? null,
      closedBy: r.closed_by ?? null,
      overdueAt: r.overdue_at ?? null,
      escalatedAt: r.escalated_at ?? null,
      version: Number(r.version),
    };
  }

  private deadline(input: Pick<ActivityInput, 'dueDate' | 'dueTime' | 'dueAt'>) {
    // Deadlines are the company's: a due date ends with that day in its time zone.
    const { clock } = this.deps;
    if (input.dueAt) {
      const at = new Date(input.dueAt);
      if (Number.isNaN(at.getTime())) throw new DomainError('invalid_due', 'dueAt is not an instant');
      return {
        due_at: at.toISOString(),
        due_date: clock.dateOf(at),
        due_time: timeInZone(at, clock.timeZone),
      };
    }
    if (input.dueDate) {
      if (!isBusinessDate(input.dueDate)) throw new DomainError('invalid_due', 'dueDate is not a date');
      if (
        input.dueTime !== undefined &&
        input.dueTime !== null &&
        !/^([01]\d|2[0-3]):[0-5]\d$/.test(input.dueTime)
      )
        throw new DomainError('invalid_due', 'dueTime is not HH:MM');
      const at = input.dueTime
        ? instantInZone(input.dueDate, input.dueTime, clock.timeZone)
        : new Date(clock.startOf(addDays(input.dueDate, 1)).getTime() - 1);
      return { due_at: at.toISOString(), due_date: input.dueDate, due_time: input.dueTime ?? null };
    }
    return { due_at: null, due_date: null, due_time: null };
  }

  private async requireAssignee(id: string, trx: Executor) {
    const user = await this.deps.users.get(id, trx);
    if (!user || !user.active)
      throw new DomainError('unknown_assignee', `No active user ${id} to assign the activity to`, {
        assigneeId: id,
      });
    return user;
  }

  /** The user as a principal, for asking what they may see. */
  async principalOf(userId: string, trx: Executor = this.deps.db): Promise<Principal | undefined> {
    const user = await this.deps.users.get(userId, trx);
    return user
      ? this.deps.permissions.principal({ id: user.id, name: user.name, roles: user.roles })
      : undefined;
  }

  /** Active users holding `permission` (through their roles), oldest account first. */
  async usersWith(permission: string, trx: Executor = this.deps.db): Promise<string[]> {
    const rows = await trx
      .selectFrom('kehu_user')
      .select(['id', 'name', 'roles'])
      .where('active', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows
      .filter((r) =>
        this.deps.permissions
          .principal({ id: r.id, name: r.name, roles: JSON.parse(r.roles) })
          .can(permission),
      )
      .map((r) => r.id as string);
  }

  /** Active users holding `role`, oldest account first. */
  async usersInRole(role: string, trx: Executor = this.deps.db): Promise<string[]> {
    const rows = await trx
      .selectFrom('kehu_user')
      .select(['id', 'roles'])
      .where('active', '=', 1)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.filter((r) => (JSON.parse(r.roles) as string[]).includes(role)).map((r) => r.id as string);
  }

  /**
   * Creates an activity in `trx` for `source` (a plugin name; null for a user's own). With a `key`
   * the same source gets the activity it created first, so an at-least-once subscriber makes one.
   */
  async create(trx: Trx, input: ActivityInput, source: string | null): Promise<Activity> {
    if (!this.deps.types.has(input.type))
      throw new DomainError('unknown_activity_type', `Unknown activity type "${input.type}"`, {
        known: this.deps.types.list().map((t) => t.name),
      });
    if (input.key) {
      const had = await this.byKey(trx, source, input.key);
      if (had) return this.toActivity(had);
    }
    await this.requireAssignee(input.assigneeId, trx);
    const now = this.now().toISOString();
    const due = this.deadline(input);
    const row = {
      id: newId(),
      type: input.type,
      subject: input.subject.slice(0, 300),
      description: input.description ?? null,
      customer_id: input.customerId ?? null,
      link_type: input.link?.type ?? null,
      link_id: input.link?.id ?? null,
      assignee_id: input.assigneeId,
      ...due,
      sort_due: due.due_at ?? NO_DEADLINE,
      priority: input.priority ?? 'normal',
      status: 'open',
      outcome: null,
      completion_note: null,
      closed_by_source: input.closedBySource ? 1 : 0,
      for_permission: input.forPermission ?? null,
      created_by: input.createdBy ?? null,
      source_plugin: source,
      idempotency_key: input.key ?? null,
      data: input.data ? JSON.stringify(input.data) : null,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
      overdue_at: null,
      escalated_at: null,
      version: 1,
    };
    const res = await trx
      .insertInto('kehu_activity')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['source_plugin', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing(),
      )
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) {
      const had = await this.byKey(trx, source, input.key!);
      return this.toActivity(had!);
    }
    const activity = this.toActivity(row);
    if (activity.assigneeId !== activity.createdBy) await this.notifyAssigned(trx, activity);
    await this.deps.hooks.emit(trx, 'activity.created', { activity });
    return activity;
  }

  private byKey(trx: Executor, source: string | null, key: string): Promise<Row | undefined> {
    let q = trx.selectFrom('kehu_activity').selectAll().where('idempotency_key', '=', key);
    q = source === null ? q.where('source_plugin', 'is', null) : q.where('source_plugin', '=', source);
    return q.executeTakeFirst();
  }

  private notifyAssigned(trx: Trx, a: Activity, reason: 'assigned' | 'reassigned' = 'assigned') {
    return this.deps.notifications.notify(trx, a.assigneeId, {
      kind: 'activity.assigned',
      title: a.subject,
      activityId: a.id,
      customerId: a.customerId,
      data: { type: a.type, dueAt: a.dueAt, priority: a.priority, reason },
      dedupeKey: `activity:${a.id}:${reason}:${a.version}`,
    });
  }

  async get(id: string, trx: Executor = this.deps.db): Promise<Activity | undefined> {
    const r = await trx.selectFrom('kehu_activity').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.toActivity(r) : undefined;
  }

  /** The activity with its key for this source, if any. */
  async getByKey(source: string | null, key: string, trx: Executor = this.deps.db) {
    const r = await this.byKey(trx, source, key);
    return r ? this.toActivity(r) : undefined;
  }

  private async requireOpen(trx: Trx, id: string): Promise<Activity> {
    const a = await this.get(id, trx);
    if (!a) throw notFound('Activity', id);
    if (a.status !== 'open')
      throw new DomainError(
        'activity_closed',
        `This activity is already ${a.status}`,
        { status: a.status },
        409,
      );
    return a;
  }

  private async close(trx: Trx, a: Activity, status: 'done' | 'cancelled', input: CloseInput) {
    const now = this.now().toISOString();
    const patch = {
      status,
      outcome: input.outcome ?? null,
      completion_note: input.note ?? null,
      closed_at: now,
      closed_by: input.by ?? null,
      updated_at: now,
      version: a.version + 1,
    };
    const res = await trx
      .updateTable('kehu_activity')
      .set(patch)
      .where('id', '=', a.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0)
      throw new DomainError('activity_closed', 'This activity was closed meanwhile', {}, 409);
    const closed = (await this.get(a.id, trx))!;
    await this.deps.hooks.emit(trx, status === 'done' ? 'activity.completed' : 'activity.cancelled', {
      activity: closed,
    });
    return closed;
  }

  complete(trx: Trx, id: string, input: CloseInput = {}): Promise<Activity> {
    return this.requireOpen(trx, id).then((a) => this.close(trx, a, 'done', input));
  }

  cancel(trx: Trx, id: string, input: CloseInput = {}): Promise<Activity> {
    return this.requireOpen(trx, id).then((a) => this.close(trx, a, 'cancelled', input));
  }

  async reassign(trx: Trx, id: string, to: string, by: string | null = null): Promise<Activity> {
    const a = await this.requireOpen(trx, id);
    if (a.assigneeId === to) return a;
    await this.requireAssignee(to, trx);
    const now = this.now().toISOString();
    await trx
      .updateTable('kehu_activity')
      .set({ assignee_id: to, updated_at: now, version: a.version + 1 })
      .where('id', '=', id)
      .execute();
    const moved = (await this.get(id, trx))!;
    if (to !== by) await this.notifyAssigned(trx, moved, 'reassigned');
    await this.deps.hooks.emit(trx, 'activity.reassigned', {
      activity: moved,
      fromAssigneeId: a.assigneeId,
      by,
    });
    return moved;
  }

  /**
   * Closes every open activity about `link` (the request was decided, the warning answered): `done`
   * by default, with the outcome. Returns how many it closed.
   */
  async closeFor(
    trx: Trx,
    link: ActivityLink,
    input: CloseInput & { status?: 'done' | 'cancelled' } = {},
  ): Promise<number> {
    const rows = await trx
      .selectFrom('kehu_activity')
      .selectAll()
      .where('link_type', '=', link.type)
      .where('link_id', '=', link.id)
      .where('status', '=', 'open')
      .execute();
    for (const r of rows) await this.close(trx, this.toActivity(r), input.status ?? 'done', input);
    return rows.length;
  }

  // --- reads under the access rule -------------------------------------------------------------

  /**
   * Whether `principal` may see the activity: theirs, made by them, or a manager's; and its customer
   * visible, unless it was made for a permission the assignee holds.
   */
  async canSee(principal: Principal, a: Activity, trx: Executor = this.deps.db): Promise<boolean> {
    const involved =
      a.assigneeId === principal.id || a.createdBy === principal.id || principal.can(ACTIVITIES_TEAM);
    if (!involved) return false;
    if (!a.customerId) return true;
    if (a.forPermission && a.assigneeId === principal.id && principal.can(a.forPermission)) return true;
    const customer = await this.deps.customers.get(a.customerId, trx);
    return !!customer && (await this.deps.customers.canSee(principal, customer, trx));
  }

  /** The activity, or a 404 when it does not exist or the caller may not see it. */
  async requireVisible(principal: Principal, id: string, trx: Executor = this.deps.db): Promise<Activity> {
    const a = await this.get(id, trx);
    if (!a || !(await this.canSee(principal, a, trx))) throw notFound('Activity', id);
    return a;
  }

  /** As {@link requireVisible}, and a 403 unless the caller is the assignee or a manager. */
  async requireActionable(principal: Principal, id: string, trx: Executor, creatorToo = false) {
    const a = await this.requireVisible(principal, id, trx);
    const may =
      a.assigneeId === principal.id ||
      principal.can(ACTIVITIES_TEAM) ||
      (creatorToo && a.createdBy === principal.id);
    if (!may)
      throw new ProblemError({
        status: 403,
        code: 'not_assignee',
        detail: 'Only the assignee or a manager may do this',
        data: { assigneeId: a.assigneeId },
      });
    return a;
  }

  private visibleCustomers(principal: Principal) {
    const rule = this.deps.customers.rowsVisibleTo(principal, 'kehu_activity.customer_id');
    if (!rule) return undefined;
    // Assigned to them for a permission they hold: visible whatever its customer (see canSee).
    const held = this.deps.permissions
      .listPermissions()
      .map((p) => p.name)
      .filter((name) => principal.can(name));
    return (eb: any) =>
      eb.or([
        eb('kehu_activity.customer_id', 'is', null),
        rule(eb),
        ...(held.length
          ? [
              eb.and([
                eb('kehu_activity.assignee_id', '=', principal.id),
                eb('kehu_activity.for_permission', 'in', held),
              ]),
            ]
          : []),
      ]);
  }

  private filtered(principal: Principal, filter: ActivityFilter) {
    let q = this.deps.db.selectFrom('kehu_activity').selectAll();
    if (filter.type?.length) q = q.where('type', 'in', filter.type);
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
    if (filter.plugin) q = q.where('source_plugin', '=', filter.plugin);
    if (filter.bucket) {
      const { now, tomorrow } = this.day();
      q =
        filter.bucket === 'overdue'
          ? q.where('sort_due', '<', now)
          : filter.bucket === 'today'
            ? q.where('sort_due', '>=', now).where('sort_due', '<', tomorrow)
            : filter.bucket === 'upcoming'
              ? q.where('sort_due', '>=', tomorrow).where('sort_due', '<', NO_DEADLINE)
              : q.where('sort_due', '=', NO_DEADLINE);
    }
    const visible = this.visibleCustomers(principal);
    return visible ? q.where(visible) : q;
  }

  /**
   * A page of open activities, soonest deadline first (overdue, then today, upcoming, none), or of
   * closed ones, last closed first.
   */
  private async page(
    q: any,
    status: ActivityStatus,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: Activity[]; nextCursor: string | null }> {
    const open = status === 'open';
    const at = this.now();
    const order = open ? ['sort_due', 'id'] : ['-closed_at', '-id'];
    return keysetPage<Row, Activity>(q.where('status', '=', status), page, {
      order,
      map: (r: Row) => this.toActivity(r, at),
    });
  }

  /** The caller's own activities. */
  mine(
    principal: Principal,
    filter: ActivityFilter & { status?: ActivityStatus | undefined },
    page: { limit: number; cursor?: string | undefined },
  ) {
    const q = this.filtered(principal, filter).where('assignee_id', '=', principal.id);
    return this.page(q, filter.status ?? 'open', page);
  }

  /** A manager's view of everyone's open activities (by default the overdue ones). */
  team(principal: Principal, filter: ActivityFilter, page: { limit: number; cursor?: string | undefined }) {
    let q = this.filtered(principal, filter);
    if (filter.assigneeId) q = q.where('assignee_id', '=', filter.assigneeId);
    return this.page(q, 'open', page);
  }

  /** The caller's open activities by bucket, for a badge. */
  async counts(principal: Principal): Promise<ActivityCounts> {
    const { now, tomorrow } = this.day();
    const base = () =>
      this.filtered(principal, {})
        .clearSelect()
        .select((eb: any) => eb.fn.countAll().as('n'))
        .where('assignee_id', '=', principal.id)
        .where('status', '=', 'open');
    const count = async (q: any) => Number((await q.executeTakeFirstOrThrow()).n);
    const [overdue, dueToday, upcoming, someday] = await Promise.all([
      count(base().where('sort_due', '<', now)),
      count(base().where('sort_due', '>=', now).where('sort_due', '<', tomorrow)),
      count(base().where('sort_due', '>=', tomorrow).where('sort_due', '<', NO_DEADLINE)),
      count(base().where('sort_due', '=', NO_DEADLINE)),
    ]);
    return { open: overdue + dueToday + upcoming + someday, overdue, dueToday, upcoming, someday };
  }
}
