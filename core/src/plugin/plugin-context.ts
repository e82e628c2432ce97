import type { AwilixContainer } from 'awilix';
import type { PluginActivities, PluginNotifications } from '../activities/activity-runtime.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AnyDb, Dialect, Trx } from '../db/database.js';
import type { PluginHooks } from '../hooks/hook-bus.js';
import type { KehuRouter } from '../http/router.js';
import type { Logger } from '../logger.js';
import type { PluginMail } from '../notifications/plugin-mail.js';
import type { CustomerService } from '../registry/customer-service.js';
import type { PluginRegistry } from '../registry/registry.js';
import type { Labels } from '../registry/types.js';
import type { PluginScheduler } from '../scheduler/scheduler.js';
import type { CompanyClock } from '../time/company-clock.js';
import type { PluginUi } from '../ui/types.js';

/**
 * Services by name, extended by declaration merging so `ctx.service('receivables')` is typed:
 *
 *   declare module '@kehu/core' { interface KehuServices { receivables: ReceivablesService } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface KehuServices {}

export interface PluginContext<C> {
  readonly name: string;
  readonly config: C;
  /** Raw query access; type it with your tables: `const db: Kysely<MyTables> = ctx.db`. */
  readonly db: AnyDb;
  readonly dialect: Dialect;
  /** "Now", and the company's dates (`clock.today()`) in its time zone. */
  readonly clock: CompanyClock;
  readonly logger: Logger;
  readonly hooks: PluginHooks;
  readonly registry: PluginRegistry;
  readonly customers: CustomerService;
  readonly audit: AuditLog;
  /** Activities (待办): create, complete, cancel, reassign inside your write transaction. */
  readonly activities: PluginActivities;
  /** The users' inbox and the events they may subscribe to. */
  readonly notifications: PluginNotifications;
  /** Mail to an address outside the users (a customer's contact) in its language, through the host's SMTP. */
  readonly mail: PluginMail;
  readonly scheduler: PluginScheduler;
  /** Mounted at `/api/v1/<name>`. */
  readonly router: KehuRouter;
  /** Pages, navigation, customer-page panels and dashboard widgets for the web console. */
  readonly ui: PluginUi;
  readonly container: AwilixContainer;
  /** Runs `fn` in one transaction; events it emits are dispatched after commit. */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /**
   * Runs `work` once `trx` (from {@link transaction}) has rolled back, before the error reaches the
   * caller; nothing runs when it commits. For what a refused write must still leave behind, such as
   * a refusal notice: `work` opens its own transaction. A failure of `work` is logged, and the
   * original error is answered.
   */
  onRollback(trx: Trx, work: () => Promise<unknown>): void;
  /**
   * Registers this plugin's public service as `<name>` in the container, one for the process: other
   * plugins get it from `ctx.service('<name>')`.
   */
  provide(service: unknown): void;
  /**
   * Registers `<name>` with a per-request lifetime: `factory` builds it once per request from the
   * request scope's cradle (`principal`, `requestId`, the kernel's parts such as `customers`, `db`,
   * `clock`, and other plugins' services); route handlers resolve it with `scope.resolve('<name>')`.
   */
  provideScoped(factory: (cradle: any) => unknown): void;
  /** Another plugin's service, or undefined when that plugin is not enabled. */
  service<K extends keyof KehuServices & string>(name: K): KehuServices[K] | undefined;
  /** Declares a permission and the roles that get it by default. */
  permission(name: string, options: { description: string; roles: readonly string[] }): void;
  /** Declares a role this plugin needs (e.g. `finance_manager`). */
  role(name: string, labels: Labels): void;
  /** Grants an existing permission (the kernel's or another's) to a role. */
  grant(role: string, permission: string): void;
}
