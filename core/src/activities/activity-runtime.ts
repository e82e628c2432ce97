import type { PermissionRegistry } from '../auth/permissions.js';
import type { UserStore } from '../auth/user-store.js';
import type { AnyDb, Executor, Trx } from '../db/database.js';
import { BootError } from '../errors.js';
import type { HookBus } from '../hooks/hook-bus.js';
import type { EventName, KehuEvents } from '../hooks/types.js';
import type { KehuRouter } from '../http/router.js';
import type { Logger } from '../logger.js';
import type { MailLanguage } from '../notifications/mail-templates.js';
import { type MailOptions, NotificationMailer } from '../notifications/mailer.js';
import { notificationRoutes } from '../notifications/notification-routes.js';
import { type NotificationInput, NotificationStore } from '../notifications/notification-store.js';
import type { PluginMail } from '../notifications/plugin-mail.js';
import { NotificationSubscriptions, type SubscribableEvent } from '../notifications/subscriptions.js';
import type { CustomerService } from '../registry/customer-service.js';
import type { Registry } from '../registry/registry.js';
import type { Labels } from '../registry/types.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { CompanyClock } from '../time/company-clock.js';
import { hourInZone } from '../time/time-zone.js';
import { activityRoutes } from './activity-routes.js';
import {
  ACTIVITIES_TEAM,
  type Activity,
  type ActivityInput,
  type ActivityLink,
  ActivityService,
  type CloseInput,
} from './activity-service.js';
import { activityTimelineSource } from './activity-timeline.js';
import { ActivityTypes, type EscalationRule } from './activity-types.js';
import { runOverdue } from './overdue-job.js';

/** Host configuration of activities (`createKernel({ activities })`). */
export interface ActivitiesOptions {
  /** Per activity type: escalate after N hours overdue (notify or hand to a role's holder); null turns a default off. */
  escalations?: Record<string, EscalationRule | null>;
}

/** Activities as a plugin sees them (`ctx.activities`): its writes are attributed to it. */
export interface PluginActivities {
  /** Adds an activity type with its labels (and, optionally, a default escalation rule). */
  defineType(name: string, options: { labels: Labels; escalation?: EscalationRule }): void;
  /** Creates it in `trx`; with `key`, a repeated call (a redelivered event) returns the first one. */
  create(trx: Trx, input: ActivityInput): Promise<Activity>;
  /**
   * One activity for each active user holding `permission` (e.g. the approvers of a request),
   * except the users in `except` (the requester: four eyes). Keys are `key:userId`. Each assignee
   * sees theirs while they hold the permission, even when they may not see its customer.
   */
  createForPermission(
    trx: Trx,
    permission: string,
    input: Omit<ActivityInput, 'assigneeId'> & { except?: readonly (string | null)[] },
  ): Promise<Activity[]>;
  /**
   * A pending four-eyes request as a high-priority approval activity for every user holding
   * `permission` but the requester, closed only by its decision (`closeFor` on the same link).
   */
  openApproval(
    trx: Trx,
    request: {
      link: ActivityLink;
      customerId: string;
      permission: string;
      subject: string;
      requestedBy: string | null;
      data?: Record<string, unknown>;
    },
  ): Promise<Activity[]>;
  complete(trx: Trx, id: string, input?: CloseInput): Promise<Activity>;
  cancel(trx: Trx, id: string, input?: CloseInput): Promise<Activity>;
  reassign(trx: Trx, id: string, assigneeId: string, by?: string | null): Promise<Activity>;
  /** Closes the open activities about `link` (done by default): the request was decided, the warning answered. */
  closeFor(
    trx: Trx,
    link: ActivityLink,
    input?: CloseInput & { status?: 'done' | 'cancelled' },
  ): Promise<number>;
  get(id: string, trx?: Executor): Promise<Activity | undefined>;
  getByKey(key: string, trx?: Executor): Promise<Activity | undefined>;
  /** Active users holding the permission, oldest account first. */
  usersWith(permission: string, trx?: Executor): Promise<string[]>;
}

/** Notifications as a plugin sees them (`ctx.notifications`). */
export interface PluginNotifications {
  /** Lets users subscribe to the event ("my customers' credit holds"): it then lands in their inbox. */
  subscribable<K extends EventName>(event: K, def: SubscribableEvent<KehuEvents[K]>): void;
  /** Puts a notification in a user's inbox inside `trx`, once per `dedupeKey`. */
  notify(trx: Trx, userId: string, input: NotificationInput): Promise<boolean>;
}

export interface ActivityRuntimeDeps {
  db: AnyDb;
  clock: CompanyClock;
  logger: Logger;
  hooks: HookBus;
  customers: CustomerService;
  users: UserStore;
  permissions: PermissionRegistry;
  registry: Registry;
  scheduler: Scheduler;
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  activities?: ActivitiesOptions | undefined;
  mail?: MailOptions | undefined;
}

/** Activities, the inbox, subscriptions and mail, wired into the kernel. */
export class ActivityRuntime {
  readonly types = new ActivityTypes();
  readonly notifications: NotificationStore;
  readonly service: ActivityService;
  readonly subscriptions: NotificationSubscriptions;
  readonly mailer: NotificationMailer | undefined;

  constructor(private readonly deps: ActivityRuntimeDeps) {
    const { db, clock, hooks } = deps;
    this.notifications = new NotificationStore(db, clock, hooks);
    this.service = new ActivityService({
      db,
      clock,
      hooks,
      customers: deps.customers,
      users: deps.users,
      permissions: deps.permissions,
      types: this.types,
      notifications: this.notifications,
    });
    this.subscriptions = new NotificationSubscriptions(
      db,
      hooks,
      deps.customers,
      this.notifications,
      (id) => this.service.principalOf(id),
      clock,
      deps.transaction,
    );
    deps.permissions.definePermission({
      name: ACTIVITIES_TEAM,
      description: "See the team's activities (every user's) and act on them",
      roles: ['general_manager', 'sales_manager'],
      plugin: 'kernel',
    });
    deps.registry.addTimelineSource('kernel', 'activity', activityTimelineSource(this.service));
    if (deps.mail) {
      const mailer = new NotificationMailer(db, clock, deps.logger, deps.mail, () => this.eventLabels());
      this.mailer = mailer;
      if (deps.mail.digest) {
        const hour = deps.mail.digestHour ?? 7;
        deps.scheduler.define('kernel', {
          name: 'notifications.digest',
          period: 'day',
          due: (at) => hourInZone(at, clock.timeZone) >= hour,
          run: ({ at }) => mailer.sendDigests(at),
        });
      } else {
        hooks.addSubscriber('notification.created', 'kernel:mail-notification', 'kernel', (p) =>
          mailer.sendOne((p as KehuEvents['notification.created']).notificationId),
        );
      }
    }
  }

  private eventLabels(): Record<string, Record<MailLanguage, string>> {
    return Object.fromEntries([...this.subscriptions.events].map(([event, d]) => [event, d.labels]));
  }

  /** The host's rule for the type, else the type's own default. */
  escalation(type: string): EscalationRule | undefined {
    const configured = this.deps.activities?.escalations?.[type];
    if (configured === null) return undefined;
    return configured ?? this.types.get(type)?.escalation;
  }

  pluginActivities(plugin: string): PluginActivities {
    const s = this.service;
    const activities: PluginActivities = {
      defineType: (name, options) => this.types.define(plugin, name, options),
      create: (trx, input) => s.create(trx, input, plugin),
      async createForPermission(trx, permission, { except = [], ...input }) {
        const users = (await s.usersWith(permission, trx)).filter((id) => !except.includes(id));
        const out: Activity[] = [];
        for (const assigneeId of users)
          out.push(
            await s.create(
              trx,
              {
                ...input,
                assigneeId,
                forPermission: permission,
                ...(input.key ? { key: `${input.key}:${assigneeId}` } : {}),
              },
              plugin,
            ),
          );
        return out;
      },
      openApproval: (trx, request) =>
        activities.createForPermission(trx, request.permission, {
          type: 'approval',
          subject: request.subject,
          customerId: request.customerId,
          link: request.link,
          key: `${request.link.type}:${request.link.id}`,
          except: [request.requestedBy],
          closedBySource: true,
          createdBy: request.requestedBy,
          priority: 'high',
          data: request.data ?? null,
        }),
      complete: (trx, id, input) => s.complete(trx, id, input),
      cancel: (trx, id, input) => s.cancel(trx, id, input),
      reassign: (trx, id, to, by) => s.reassign(trx, id, to, by ?? null),
      closeFor: (trx, link, input) => s.closeFor(trx, link, input),
      get: (id, trx) => s.get(id, trx),
      getByKey: (key, trx) => s.getByKey(plugin, key, trx),
      usersWith: (permission, trx) => s.usersWith(permission, trx),
    };
    return activities;
  }

  pluginNotifications(plugin: string): PluginNotifications {
    return {
      subscribable: (event, def) => this.subscriptions.define(plugin, event, def),
      notify: (trx, userId, input) => this.notifications.notify(trx, userId, input),
    };
  }

  pluginMail(plugin: string): PluginMail {
    const mailer = this.mailer;
    return {
      enabled: mailer !== undefined,
      send: (mail) => {
        if (!mailer)
          return Promise.reject(new Error('Mail is not configured: set `mail` in the host config'));
        return mailer.sendTo(plugin, mail);
      },
    };
  }

  /** After every plugin's setup: escalation rules must name known types and roles. */
  check(): void {
    for (const [type, rule] of Object.entries(this.deps.activities?.escalations ?? {})) {
      if (!this.types.has(type))
        throw new BootError(`activities.escalations names unknown activity type "${type}"`);
      if (rule && !this.deps.permissions.isRole(rule.role))
        throw new BootError(`activities.escalations.${type} names unknown role "${rule.role}"`);
      if (rule && !(rule.afterHours >= 0))
        throw new BootError(`activities.escalations.${type}.afterHours must be 0 or more`);
    }
    this.deps.registry.addEnum(
      'activity.type',
      Object.fromEntries(this.types.list().map((t) => [t.name, t.labels])),
    );
  }

  /** Routes and the overdue job, after the archive's own (so its jobs keep their place in the list). */
  mount(
    activities: KehuRouter,
    notifications: KehuRouter,
    kernel: Parameters<typeof activityRoutes>[1],
  ): void {
    const { deps } = this;
    const { db, hooks } = deps;
    deps.scheduler.define('kernel', {
      name: 'activities.overdue',
      period: 'hour',
      run: ({ at }) =>
        runOverdue(
          {
            db,
            hooks,
            activities: this.service,
            notifications: this.notifications,
            logger: deps.logger,
            transaction: deps.transaction,
            escalation: (type) => this.escalation(type),
          },
          at,
        ),
    });
    activityRoutes(activities, kernel, this.service);
    notificationRoutes(notifications, this.notifications, this.subscriptions);
  }

  close(): void {
    this.mailer?.close();
  }
}
